"""Named counters (person id sequence and the like), portable and safe inside one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from docket.store.schema import counters


def take(conn: Connection, name: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive values; returns the first. Locks the row until commit."""
    current = conn.execute(
        select(counters.c.value).where(counters.c.name == name).with_for_update()
    ).scalar_one_or_none()
    if current is None:
        conn.execute(insert(counters).values(name=name, value=count))
        return 1
    conn.execute(update(counters).where(counters.c.name == name).values(value=current + count))
    return int(current) + 1
