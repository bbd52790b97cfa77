"""API tokens (stored as SHA-256 of their secret) and sign-in failures for lockout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from docket.store.schema import api_tokens, login_failures

_TOKEN = select(api_tokens).where(api_tokens.c.id == bindparam("token_id"))  # built once: every API call


def add_token(conn: Connection, token_id: str, user_id: str, secret_hash: str, created: str, expires: str) -> None:
    conn.execute(
        insert(api_tokens).values(
            id=token_id, user_id=user_id, secret_hash=secret_hash, created_at=created, expires_at=expires
        )
    )


def find_token(conn: Connection, token_id: str) -> Any | None:
    return conn.execute(_TOKEN, {"token_id": token_id}).first()


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
