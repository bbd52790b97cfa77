"""Named counters (person id sequence and the like), portable and safe inside one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, insert, update
from sqlalchemy.dialects import postgresql, sqlite

from docket.store.schema import counters

_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _create(conn: Connection, name: str) -> None:
    """Create the counter at 0. Two transactions may both find it missing: ON CONFLICT DO NOTHING makes
    the second wait for the first's row instead of failing on the primary key (a savepoint would not do:
    pysqlite's RELEASE commits a transaction it began itself)."""
    upsert = _UPSERTS.get(conn.dialect.name)
    if upsert is None:
        conn.execute(insert(counters).values(name=name, value=0))
    else:
        conn.execute(upsert(counters).values(name=name, value=0).on_conflict_do_nothing(index_elements=["name"]))


def take(conn: Connection, name: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive values; returns the first. Locks the row until commit.

    Read and increment are one UPDATE ... RETURNING: a SELECT ... FOR UPDATE would lock on PostgreSQL
    but not on SQLite, where FOR UPDATE is dropped and two writers could read the same value."""
    bump = (
        update(counters)
        .where(counters.c.name == name)
        .values(value=counters.c.value + count)
        .returning(counters.c.value)
    )
    value = conn.execute(bump).scalar_one_or_none()
    if value is None:
        _create(conn, name)
        value = conn.execute(bump).scalar_one()
    return int(value) - count + 1
