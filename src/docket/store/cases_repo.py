"""Cases, their append-only events, notices and protection decisions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import case_events, cases, notices, protection_decisions

OPEN_STATUSES = ("open", "assigned", "in_review", "signed_off", "noticed", "contested", "suspended")

# Built once: every case-file read runs these, and building a select costs more than running it.
_CASE = select(cases).where(cases.c.id == bindparam("case_id"))
_EVENTS = select(case_events).where(case_events.c.case_id == bindparam("case_id")).order_by(case_events.c.id)
_LATEST_NOTICE = (
    select(notices).where(notices.c.case_id == bindparam("case_id")).order_by(notices.c.issued_at.desc()).limit(1)
)
# Protection reconciliation asks this after every link that changes a person (each incremental match).
_OPEN_CASES_OF_PERSON = (
    select(cases)
    .where(cases.c.person_id == bindparam("person_id"), cases.c.status.in_(OPEN_STATUSES))
    .order_by(cases.c.id)
)
_PROTECTION_HISTORY = (
    select(protection_decisions)
    .where(protection_decisions.c.person_id == bindparam("person_id"))
    .order_by(protection_decisions.c.id)
)


def new_case_id(conn: Connection) -> str:
    return f"C{take(conn, 'case'):07d}"


def add_case(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(cases).values(**values))


def get_case(conn: Connection, case_id: str) -> Any | None:
    return conn.execute(_CASE, {"case_id": case_id}).first()


def open_cases_of_person(conn: Connection, person_id: str) -> list[Any]:
    return list(conn.execute(_OPEN_CASES_OF_PERSON, {"person_id": person_id}))


def open_cases_of_persons(conn: Connection, person_ids: Sequence[str]) -> dict[str, list[Any]]:
    """The open cases of each of ``person_ids`` that has any. A few persons (a match, a review) are
    looked up one by one; many (a full link touches most persons) in one read of every open case,
    which costs less than a million lookups that almost all find nothing."""
    if len(person_ids) <= _LOOKUPS_PER_READ:
        found = {p: open_cases_of_person(conn, p) for p in person_ids}
        return {p: cases_ for p, cases_ in found.items() if cases_}
    by_person: dict[str, list[Any]] = {}
    for row in conn.execute(_ALL_OPEN_CASES):
        by_person.setdefault(row.person_id, []).append(row)
    return {p: by_person[p] for p in person_ids if p in by_person}


_LOOKUPS_PER_READ = 200
_ALL_OPEN_CASES = select(cases).where(cases.c.status.in_(OPEN_STATUSES)).order_by(cases.c.id)


def list_cases(
    conn: Connection, *, assigned_to: str | None = None, unit: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[Any], int]:
    """Cases visible in a queue: an analyst's own, or a supervisor's unit; newest first."""
    where = []
    if assigned_to is not None:
        where.append(cases.c.assigned_to == assigned_to)
    if unit is not None:
        where.append(cases.c.unit == unit)
    total = int(conn.execute(select(func.count()).select_from(cases).where(*where)).scalar_one())
    query = select(cases).where(*where).order_by(cases.c.id.desc()).limit(limit).offset(offset)
    return list(conn.execute(query)), total


def set_case(conn: Connection, case_id: str, **values: Any) -> None:
    conn.execute(update(cases).where(cases.c.id == case_id).values(**values))


def move_case(conn: Connection, case_id: str, from_status: str, **values: Any) -> bool:
    """Update a case only if it is still ``from_status`` (compare and set); False if it moved on.

    A step reads the case, checks the transition table, then writes: another step may commit in
    between. The condition is checked by the UPDATE itself, under the write lock (SQLite) or the row
    lock (PostgreSQL), so a step never lands on a status it was not decided for."""
    query = update(cases).where(cases.c.id == case_id, cases.c.status == from_status).values(**values)
    return bool(conn.execute(query).rowcount == 1)


def add_event(
    conn: Connection,
    case_id: str,
    kind: str,
    from_status: str | None,
    to_status: str,
    actor: str,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        insert(case_events).values(
            case_id=case_id,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            reason=reason,
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
            at=now_iso(),
        )
    )


def events(conn: Connection, case_id: str) -> list[Any]:
    return list(conn.execute(_EVENTS, {"case_id": case_id}))


def add_notice(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(notices).values(**values))


def latest_notice(conn: Connection, case_id: str) -> Any | None:
    return conn.execute(_LATEST_NOTICE, {"case_id": case_id}).first()


def protection_history(conn: Connection, person_id: str) -> list[Any]:
    return list(conn.execute(_PROTECTION_HISTORY, {"person_id": person_id}))


def add_protection_decision(
    conn: Connection, person_id: str, kind: str, reason: str, actor: str, refs: list[str]
) -> int:
    previous = [r for r in protection_history(conn, person_id) if r.superseded_by is None]
    result = conn.execute(
        insert(protection_decisions).values(
            person_id=person_id, kind=kind, reason=reason, actor=actor, at=now_iso(), refs=json.dumps(refs)
        )
    )
    new_id = int(result.inserted_primary_key[0])
    for row in previous:
        query = update(protection_decisions).where(protection_decisions.c.id == row.id)
        conn.execute(query.values(superseded_by=new_id))
    return new_id
