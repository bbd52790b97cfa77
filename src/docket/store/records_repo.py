"""Batches and records, with their provenance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from docket.domain.vocabulary import CANONICAL_FIELDS
from docket.store.bulk import insert_tuples
from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import batches, records, sources

RECORD_COLUMNS = ("source_id", "batch_id", "line", "kind", *CANONICAL_FIELDS, "original")


def find_batch(conn: Connection, source_id: int, sha256: str) -> Any | None:
    query = select(batches).where(batches.c.source_id == source_id, batches.c.file_sha256 == sha256)
    return conn.execute(query).first()


def add_batch(conn: Connection, source_id: int, file_name: str, sha256: str, file_format: str, actor: str) -> int:
    result = conn.execute(
        insert(batches).values(
            source_id=source_id,
            file_name=file_name,
            file_sha256=sha256,
            file_format=file_format,
            row_count=0,
            skipped_count=0,
            ingested_at=now_iso(),
            ingested_by=actor,
        )
    )
    return int(result.inserted_primary_key[0])


def finish_batch(conn: Connection, batch_id: int, rows: int, skipped: int) -> None:
    conn.execute(batches.update().where(batches.c.id == batch_id).values(row_count=rows, skipped_count=skipped))


def existing_record_ids(conn: Connection, source_id: int, record_ids: Sequence[str]) -> set[str]:
    """Which of ``record_ids`` the source already holds."""
    found: set[str] = set()
    for start in range(0, len(record_ids), 900):
        chunk = record_ids[start : start + 900]
        query = select(records.c.record_id).where(records.c.source_id == source_id, records.c.record_id.in_(chunk))
        found.update(conn.execute(query).scalars())
    return found


def source_has_records(conn: Connection, source_id: int) -> bool:
    return conn.execute(select(records.c.id).where(records.c.source_id == source_id).limit(1)).first() is not None


def insert_records(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> list[int]:
    """Insert rows (aligned to RECORD_COLUMNS) and return their keys in order.

    Keys are reserved from the ``record`` counter under its row lock, so concurrent ingests on
    PostgreSQL never collide and no RETURNING round trip is needed."""
    if not rows:
        return []
    first = next_record_keys(conn, len(rows))
    keys = list(range(first, first + len(rows)))
    insert_tuples(conn, records, ("id", *RECORD_COLUMNS), [(k, *row) for k, row in zip(keys, rows, strict=True)])
    return keys


def next_record_keys(conn: Connection, count: int) -> int:
    """First of ``count`` fresh record keys, above any key already stored."""
    first = take(conn, "record", count)
    floor = int(conn.execute(select(func.coalesce(func.max(records.c.id), 0))).scalar_one())
    if first <= floor:  # records stored before the counter existed: move the counter past them
        take(conn, "record", floor - first + 1)
        first = take(conn, "record", count)
    return first


def count_records(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(records)).scalar_one())


def batch_history(conn: Connection, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    query = (
        select(batches, sources.c.name.label("source"))
        .join(sources, sources.c.id == batches.c.source_id)
        .order_by(batches.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def record_by_key(conn: Connection, key: int) -> dict[str, Any] | None:
    """One record's canonical fields and provenance, by its store key."""
    query = (
        select(records, sources.c.name.label("source"))
        .join(sources, sources.c.id == records.c.source_id)
        .where(records.c.id == key)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    data = {name: getattr(row, name) for name in CANONICAL_FIELDS if getattr(row, name) is not None}
    return {**data, "source": row.source, "kind": row.kind, "key": key, "batch_id": row.batch_id, "line": row.line}
