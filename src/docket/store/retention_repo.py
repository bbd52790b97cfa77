"""Retention: which batches have outlived their source's retention period, and purging them.

Deleting a record cascades to its membership, corrections and link decisions (foreign keys with
ON DELETE CASCADE); review tasks that name it are removed here. The accounting of disclosures is
never touched: it must outlive the records it describes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, delete, or_, select

from docket.store.schema import (
    batches,
    blocking_keys,
    case_events,
    cases,
    link_decisions,
    memberships,
    notices,
    record_corrections,
    records,
    review_tasks,
    sources,
)


def expired_batches(conn: Connection, today: date) -> list[Any]:
    """Batches whose ingest date plus their source's retention days is before ``today``."""
    rows = conn.execute(
        select(batches.c.id, batches.c.ingested_at, sources.c.name, sources.c.retention_days)
        .join(sources, sources.c.id == batches.c.source_id)
        .order_by(batches.c.id)
    )
    return [r for r in rows if date.fromisoformat(r.ingested_at[:10]) + timedelta(days=r.retention_days) < today]


def batch_record_refs(conn: Connection, batch_id: int) -> list[tuple[int, str, str | None]]:
    """(key, source:record_id, person id) of every record of a batch."""
    query = (
        select(records.c.id, sources.c.name, records.c.record_id, memberships.c.person_id)
        .join(sources, sources.c.id == records.c.source_id)
        .outerjoin(memberships, memberships.c.record_key == records.c.id)
        .where(records.c.batch_id == batch_id)
    )
    return [(int(k), f"{s}:{r}", p) for k, s, r, p in conn.execute(query)]


def purge_records(conn: Connection, keys: list[int]) -> None:
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        conn.execute(
            delete(review_tasks).where(or_(review_tasks.c.record_a.in_(chunk), review_tasks.c.record_b.in_(chunk)))
        )
        conn.execute(
            delete(link_decisions).where(
                or_(link_decisions.c.record_a.in_(chunk), link_decisions.c.record_b.in_(chunk))
            )
        )
        conn.execute(delete(record_corrections).where(record_corrections.c.record_key.in_(chunk)))
        conn.execute(delete(memberships).where(memberships.c.record_key.in_(chunk)))
        conn.execute(delete(blocking_keys).where(blocking_keys.c.record_key.in_(chunk)))
        conn.execute(delete(records).where(records.c.id.in_(chunk)))


def expired_closed_cases(conn: Connection, before: str) -> list[str]:
    """Closed cases whose closing event is older than ``before``."""
    query = (
        select(cases.c.id)
        .join(case_events, case_events.c.case_id == cases.c.id)
        .where(cases.c.status == "closed", case_events.c.kind == "closed", case_events.c.at < before)
    )
    return [str(c) for c in conn.execute(query).scalars()]


def purge_cases(conn: Connection, case_ids: list[str]) -> None:
    if case_ids:
        conn.execute(delete(notices).where(notices.c.case_id.in_(case_ids)))
        conn.execute(delete(case_events).where(case_events.c.case_id.in_(case_ids)))
        conn.execute(delete(cases).where(cases.c.id.in_(case_ids)))
