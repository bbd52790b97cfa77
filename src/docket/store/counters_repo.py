"""Named counters (person id sequence and the like), portable and safe inside one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, insert, update
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


# Built once: constructing the statement per call costs more than executing it (audit appends are hot).
_BUMP = (
    update(counters)
    .where(counters.c.name == bindparam("counter"))
    .values(value=counters.c.value + bindparam("step"))
    .returning(counters.c.value)
)


def take(conn: Connection, name: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive values; returns the first. Locks the row until commit.

    Read and increment are one UPDATE ... RETURNING: a SELECT ... FOR UPDATE would lock on PostgreSQL
    but not on SQLite, where FOR UPDATE is dropped and two writers could read the same value."""
    params = {"counter": name, "step": count}
    value = conn.execute(_BUMP, params).scalar_one_or_none()
    if value is None:
        _create(conn, name)
        value = conn.execute(_BUMP, params).scalar_one()
    return int(value) - count + 1
