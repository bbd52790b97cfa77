"""Memberships (record -> person) and person events."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from docket.store.bulk import insert_tuples
from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import batches, memberships, person_events, records, sources


def new_person_ids(conn: Connection, count: int) -> list[str]:
    """Opaque, never-reused person ids."""
    first = take(conn, "person", count)
    return [f"P{n:08d}" for n in range(first, first + count)]


def add_singletons(conn: Connection, record_keys: Sequence[int]) -> list[str]:
    """Each record its own person (until linkage says otherwise); records a `created` event per batch.

    A lone record needs no link to be its own person, so its membership is verified.
    """
    if not record_keys:
        return []
    ids = new_person_ids(conn, len(record_keys))
    at = now_iso()
    insert_tuples(
        conn,
        memberships,
        ("record_key", "person_id", "verified", "assigned_at"),
        [(key, pid, True, at) for key, pid in zip(record_keys, ids, strict=True)],
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


def records_of_person(conn: Connection, person_id: str) -> list[Any]:
    """Every record of a person, with its source's declaration and provenance, oldest first."""
    return list(conn.execute(_records_where("person"), {"person_id": person_id}))


def records_by_keys(conn: Connection, keys: Sequence[int]) -> list[Any]:
    """The same rows as ``records_of_person``, for the given record keys."""
    if not keys:
        return []
    return list(conn.execute(_records_where("keys"), {"keys": list(keys)}))


@cache
def _records_where(by: str) -> Any:
    """``_record_rows`` of one person or of given keys, oldest first; built once (case-file reads run
    it every time, and building this four-table select costs more than running it)."""
    if by == "person":
        condition = memberships.c.person_id == bindparam("person_id")
    else:
        condition = records.c.id.in_(bindparam("keys", expanding=True))
    return _record_rows().where(condition).order_by(records.c.id)


def _record_rows() -> Any:
    return (
        select(
            records,
            sources.c.name.label("source"),
            sources.c.purposes.label("source_purposes"),
            sources.c.authoritative_for_status,
            batches.c.ingested_at,
            batches.c.file_name,
            batches.c.file_sha256,
            memberships.c.person_id,
            memberships.c.verified,
            memberships.c.match_probability,
        )
        .join(memberships, memberships.c.record_key == records.c.id)
        .join(sources, sources.c.id == records.c.source_id)
        .join(batches, batches.c.id == records.c.batch_id)
    )


def person_exists(conn: Connection, person_id: str) -> bool:
    query = select(memberships.c.record_key).where(memberships.c.person_id == person_id).limit(1)
    return conn.execute(query).first() is not None


def person_of_record(conn: Connection, source: str, record_id: str) -> tuple[int, str] | None:
    """(record key, person id) of ``source:record_id``."""
    query = (
        select(records.c.id, memberships.c.person_id)
        .join(sources, sources.c.id == records.c.source_id)
        .join(memberships, memberships.c.record_key == records.c.id)
        .where(sources.c.name == source, records.c.record_id == record_id)
    )
    row = conn.execute(query).first()
    return None if row is None else (int(row[0]), str(row[1]))


def move_records(
    conn: Connection,
    record_keys: Sequence[int],
    person_id: str,
    verified: bool,
    probability: str | None,
    model_version: str | None,
) -> None:
    """Assign records to a person (a link); the caller records the person event."""
    from sqlalchemy import update

    conn.execute(
        update(memberships)
        .where(memberships.c.record_key.in_(list(record_keys)))
        .values(
            person_id=person_id,
            verified=verified,
            match_probability=probability,
            model_version=model_version,
            assigned_at=now_iso(),
        )
    )
