"""Memberships (record -> person) and person events."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, insert, select

from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import memberships, person_events, records, sources


def new_person_ids(conn: Connection, count: int) -> list[str]:
    """Opaque, never-reused person ids."""
    first = take(conn, "person", count)
    return [f"P{n:08d}" for n in range(first, first + count)]


def add_singletons(conn: Connection, record_keys: Sequence[int]) -> list[str]:
    """Each record its own person (until linkage says otherwise); records a `created` event per batch."""
    if not record_keys:
        return []
    ids = new_person_ids(conn, len(record_keys))
    at = now_iso()
    conn.execute(
        insert(memberships),
        [
            {"record_key": key, "person_id": pid, "verified": False, "assigned_at": at}
            for key, pid in zip(record_keys, ids, strict=True)
        ],
    )
    conn.execute(
        insert(person_events).values(
            kind="created",
            before="[]",
            after=json.dumps([ids[0], ids[-1]]),
            reason=f"{len(ids)} new records, each its own person until linked (range {ids[0]}..{ids[-1]})",
            at=at,
        )
    )
    return ids


def export_rows(conn: Connection) -> Iterator[tuple[str, str, str]]:
    """(source, record_id, person_id) for every record, ordered by source and record id."""
    query = (
        select(sources.c.name, records.c.record_id, memberships.c.person_id)
        .join(sources, sources.c.id == records.c.source_id)
        .join(memberships, memberships.c.record_key == records.c.id)
        .order_by(sources.c.name, records.c.record_id)
    )
    for row in conn.execute(query).yield_per(10_000):
        yield row[0], row[1], row[2]
