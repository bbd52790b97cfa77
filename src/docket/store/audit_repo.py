"""Audit leaves and signed checkpoints.

A leaf's index is the next integer after the current tree size, taken under the ``audit`` counter's
row lock, so concurrent writers (PostgreSQL) can never produce two leaves with one index or a gap:
the append happens inside the caller's transaction and commits or rolls back with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, func, insert, select

from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import audit_checkpoints, audit_leaves

_INSERT_LEAF = insert(audit_leaves)
# The same two statements as ``take`` + ``_INSERT_LEAF``, for SQLite's driver directly (see append_leaf).
_SQLITE_BUMP = "UPDATE counters SET value = value + 1 WHERE name = 'audit' RETURNING value"
_SQLITE_INSERT = "INSERT INTO audit_leaves (idx, leaf, leaf_hash) VALUES (?, ?, ?)"


def append_leaf(conn: Connection, leaf: bytes, leaf_hash: bytes) -> int:
    """Append one leaf in the caller's transaction; its index comes from the ``audit`` counter.

    Every audited action runs this, and on SQLite SQLAlchemy's per-statement work costs more than the
    statements do (about 110 µs vs 50 µs per append), so there the two statements go to the
    driver connection under ``conn``: the same connection and transaction, which ``conn`` commits or
    rolls back as before. Other back ends, and a counter not created yet, take the portable path."""
    if conn.dialect.name == "sqlite":
        driver = conn.connection.driver_connection
        row = driver.execute(_SQLITE_BUMP).fetchone()
        if row is not None:
            index = int(row[0]) - 1
            driver.execute(_SQLITE_INSERT, (index, leaf, leaf_hash))
            return index
    index = take(conn, "audit") - 1
    conn.execute(_INSERT_LEAF, {"idx": index, "leaf": leaf, "leaf_hash": leaf_hash})
    return index


def tree_size(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(audit_leaves)).scalar_one())


def iter_leaves(conn: Connection, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, bytes, bytes]]:
    query = select(audit_leaves.c.idx, audit_leaves.c.leaf, audit_leaves.c.leaf_hash).where(audit_leaves.c.idx >= start)
    if stop is not None:
        query = query.where(audit_leaves.c.idx < stop)
    for row in conn.execute(query.order_by(audit_leaves.c.idx)).yield_per(50_000):
        yield int(row[0]), bytes(row[1]), bytes(row[2])


def leaf_hashes(conn: Connection, stop: int | None = None) -> list[bytes]:
    query = select(audit_leaves.c.leaf_hash).order_by(audit_leaves.c.idx)
    if stop is not None:
        query = query.where(audit_leaves.c.idx < stop)
    return [bytes(h) for h in conn.execute(query).scalars()]


def add_checkpoint(conn: Connection, size: int, note: str, frontier: bytes | None = None) -> int:
    values = {"tree_size": size, "note": note, "created_at": now_iso(), "frontier": frontier}
    result = conn.execute(insert(audit_checkpoints).values(values))
    return int(result.inserted_primary_key[0])


def last_checkpoint(conn: Connection) -> tuple[int, str, bytes | None, str] | None:
    """The newest checkpoint: ``(id, note, frontier or None, created_at)``."""
    table = audit_checkpoints
    query = select(table.c.id, table.c.note, table.c.frontier, table.c.created_at).order_by(table.c.id.desc())
    row = conn.execute(query.limit(1)).first()
    if row is None:
        return None
    return int(row[0]), str(row[1]), None if row[2] is None else bytes(row[2]), str(row[3])


def checkpoints(conn: Connection) -> list[tuple[int, int, str]]:
    query = select(audit_checkpoints.c.id, audit_checkpoints.c.tree_size, audit_checkpoints.c.note)
    return [(int(r[0]), int(r[1]), r[2]) for r in conn.execute(query.order_by(audit_checkpoints.c.id))]


def last_checkpoint_size(conn: Connection) -> int:
    value = conn.execute(select(func.max(audit_checkpoints.c.tree_size))).scalar_one_or_none()
    return int(value or 0)
