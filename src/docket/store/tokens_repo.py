"""API tokens (stored as SHA-256 of their secret) and sign-in failures for lockout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from docket.store.schema import api_tokens, login_failures, users

_TOKEN = select(api_tokens).where(api_tokens.c.id == bindparam("token_id"))
# Every API call authenticates: the token and its holder in one statement, built once.
_HOLDER = (
    select(
        api_tokens.c.secret_hash,
        api_tokens.c.expires_at,
        api_tokens.c.revoked_at,
        users.c.id.label("user_id"),
        users.c.role,
        users.c.unit,
        users.c.active,
    )
    .select_from(api_tokens.outerjoin(users, users.c.id == api_tokens.c.user_id))
    .where(api_tokens.c.id == bindparam("token_id"))
)


def add_token(conn: Connection, token_id: str, user_id: str, secret_hash: str, created: str, expires: str) -> None:
    conn.execute(
        insert(api_tokens).values(
            id=token_id, user_id=user_id, secret_hash=secret_hash, created_at=created, expires_at=expires
        )
    )


def find_token(conn: Connection, token_id: str) -> Any | None:
    return conn.execute(_TOKEN, {"token_id": token_id}).first()


def find_token_holder(conn: Connection, token_id: str) -> Any | None:
    """The token (``secret_hash``, ``expires_at``, ``revoked_at``) with its holder's account
    (``user_id``, ``role``, ``unit``, ``active``; None when the account is missing)."""
    return conn.execute(_HOLDER, {"token_id": token_id}).first()


def revoke_token(conn: Connection, token_id: str, at: str) -> int:
    query = update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
    return int(conn.execute(query.values(revoked_at=at)).rowcount)


def record_failure(conn: Connection, user_id: str, at: str) -> None:
    conn.execute(insert(login_failures).values(user_id=user_id, at=at))


def failures_since(conn: Connection, user_id: str, since: str) -> int:
    query = select(func.count()).where(login_failures.c.user_id == user_id, login_failures.c.at >= since)
    return int(conn.execute(query).scalar_one())


def clear_failures(conn: Connection, user_id: str) -> None:
    conn.execute(delete(login_failures).where(login_failures.c.user_id == user_id))
