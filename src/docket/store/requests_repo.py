"""Subject requests, accepted corrections and the accounting of disclosures."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import disclosures, record_corrections, subject_requests

# Built once: every person-file load (so every case-file read) runs it.
_CORRECTIONS = (
    select(record_corrections)
    .where(record_corrections.c.record_key.in_(bindparam("keys", expanding=True)))
    .order_by(record_corrections.c.id)
)


def add_request(conn: Connection, **values: Any) -> str:
    request_id = f"S{take(conn, 'request'):07d}"
    conn.execute(insert(subject_requests).values(id=request_id, status="received", **values))
    return request_id


def get_request(conn: Connection, request_id: str) -> Any | None:
    return conn.execute(select(subject_requests).where(subject_requests.c.id == request_id)).first()


def list_requests(conn: Connection, limit: int, offset: int) -> tuple[list[Any], int]:
    total = int(conn.execute(select(func.count()).select_from(subject_requests)).scalar_one())
    query = select(subject_requests).order_by(subject_requests.c.decide_by, subject_requests.c.id)
    return list(conn.execute(query.limit(limit).offset(offset))), total


def set_request(conn: Connection, request_id: str, **values: Any) -> None:
    conn.execute(update(subject_requests).where(subject_requests.c.id == request_id).values(**values))


def requests_of_person(conn: Connection, person_id: str) -> list[Any]:
    return list(conn.execute(select(subject_requests).where(subject_requests.c.person_id == person_id)))


def add_correction(
    conn: Connection, record_key: int, field: str, old: str | None, new: str | None, request_id: str, actor: str
) -> None:
    conn.execute(
        insert(record_corrections).values(
            record_key=record_key,
            field=field,
            old_value=old,
            new_value=new,
            request_id=request_id,
            decided_by=actor,
            at=now_iso(),
        )
    )


def corrections_for(conn: Connection, record_keys: list[int]) -> list[Any]:
    if not record_keys:
        return []
    return list(conn.execute(_CORRECTIONS, {"keys": list(record_keys)}))


def add_disclosure(
    conn: Connection,
    nature: str,
    purpose: str,
    recipient: str,
    person_ids: list[str],
    detail: dict[str, Any],
    actor: str,
    keep_until: str,
) -> int:
    result = conn.execute(
        insert(disclosures).values(
            at=now_iso(),
            nature=nature,
            purpose=purpose,
            recipient=recipient,
            person_ids=json.dumps(person_ids),
            detail=json.dumps(detail, sort_keys=True),
            actor=actor,
            keep_until=keep_until,
        )
    )
    return int(result.inserted_primary_key[0])


def disclosures_of_person(conn: Connection, person_id: str) -> list[Any]:
    """Disclosures naming this person (a JSON list column, so matched as text then checked exactly)."""
    query = select(disclosures).where(disclosures.c.person_ids.contains(f'"{person_id}"'))
    return [row for row in conn.execute(query) if person_id in json.loads(row.person_ids)]
