"""Named counters (person id sequence and the like), portable and safe inside one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from docket.store.schema import counters

_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _locked_value(conn: Connection, name: str) -> int | None:
    query = select(counters.c.value).where(counters.c.name == name).with_for_update()
    value = conn.execute(query).scalar_one_or_none()
    return None if value is None else int(value)


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
    """Reserve ``count`` consecutive values; returns the first. Locks the row until commit."""
    current = _locked_value(conn, name)
    if current is None:
        _create(conn, name)
        current = _locked_value(conn, name)
        assert current is not None
    conn.execute(update(counters).where(counters.c.name == name).values(value=current + count))
    return current + 1
