"""Accounts and API tokens."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from docket.store.clock import now_iso
from docket.store.schema import users

_USER = select(users).where(users.c.id == bindparam("user_id"))  # built once: every API call authenticates


def add_user(conn: Connection, user_id: str, role: str, unit: str, password_hash: str | None) -> None:
    conn.execute(
        insert(users).values(
            id=user_id, role=role, unit=unit, password_hash=password_hash, active=True, created_at=now_iso()
        )
    )


def find_user(conn: Connection, user_id: str) -> Any | None:
    return conn.execute(_USER, {"user_id": user_id}).first()


def list_users(conn: Connection) -> list[Any]:
    return list(conn.execute(select(users).order_by(users.c.id)))


def set_active(conn: Connection, user_id: str, active: bool) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(active=active))


def set_password_hash(conn: Connection, user_id: str, password_hash: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))
