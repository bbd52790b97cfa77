"""Review tasks: links waiting for a reviewer, weak departures, corrections, contests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from docket.store.clock import now_iso
from docket.store.counters_repo import take
from docket.store.schema import review_tasks

_KEYS = bindparam("keys", expanding=True)
# Built once: every person-file load (so every case-file read) runs it.
_PENDING_LINKS = select(review_tasks.c.record_a, review_tasks.c.record_b).where(
    review_tasks.c.status == "open",
    review_tasks.c.kind == "link",
    review_tasks.c.record_a.in_(_KEYS) | review_tasks.c.record_b.in_(_KEYS),
)


def add_task(conn: Connection, **values: Any) -> str:
    task_id = f"T{take(conn, 'task'):07d}"
    values.setdefault("assigned_to", "")
    values.setdefault("role_needed", "data_steward")
    conn.execute(insert(review_tasks).values(id=task_id, status="open", created_at=now_iso(), **values))
    return task_id


_LINK_COLUMNS = ("kind", "impact", "person_id", "record_a", "record_b", "probability", "reason", "role_needed")
# Built once, run as one executemany: a match of a common name can queue dozens of link tasks, and
# building an INSERT per task cost ~0.5 ms each (a third of such a match's time at 1M records).
_ADD_LINKS = insert(review_tasks).values(
    id=bindparam("task_id"), status=bindparam("status"), created_at=bindparam("created"),
    assigned_to=bindparam("assigned"), **{c: bindparam(f"v_{c}") for c in _LINK_COLUMNS},
)


def add_link_tasks(conn: Connection, tasks: list[dict[str, Any]]) -> list[str]:
    """Open one task per mapping of ``_LINK_COLUMNS`` values, ids in order, in one statement."""
    if not tasks:
        return []
    first, created = take(conn, "task", len(tasks)), now_iso()
    ids = [f"T{first + n:07d}" for n in range(len(tasks))]
    rows = [{"task_id": task_id, "status": "open", "created": created, "assigned": "",
             **{f"v_{c}": task[c] for c in _LINK_COLUMNS}} for task_id, task in zip(ids, tasks, strict=True)]
    conn.execute(_ADD_LINKS, rows)
    return ids


def open_pairs(conn: Connection) -> set[tuple[int, int]]:
    query = select(review_tasks.c.record_a, review_tasks.c.record_b).where(
        review_tasks.c.status == "open", review_tasks.c.kind == "link"
    )
    return {(int(a), int(b)) for a, b in conn.execute(query) if a is not None and b is not None}


def list_open(conn: Connection, limit: int, offset: int, kind: str | None = None) -> tuple[list[Any], int]:
    where = [review_tasks.c.status == "open"]
    if kind:
        where.append(review_tasks.c.kind == kind)
    total = int(conn.execute(select(func.count()).select_from(review_tasks).where(*where)).scalar_one())
    query = (
        select(review_tasks)
        .where(*where)
        .order_by(review_tasks.c.impact.desc(), review_tasks.c.created_at, review_tasks.c.id)
        .limit(limit)
        .offset(offset)
    )
    return list(conn.execute(query)), total


def get_task(conn: Connection, task_id: str) -> Any | None:
    return conn.execute(select(review_tasks).where(review_tasks.c.id == task_id)).first()


def decide_task(conn: Connection, task_id: str, decision: str, reason: str, actor: str) -> None:
    conn.execute(
        update(review_tasks)
        .where(review_tasks.c.id == task_id)
        .values(status="decided", decision=decision, decision_reason=reason, decided_by=actor, decided_at=now_iso())
    )


def open_tasks_for(conn: Connection, person_id: str, kind: str) -> list[Any]:
    query = select(review_tasks).where(
        review_tasks.c.person_id == person_id, review_tasks.c.kind == kind, review_tasks.c.status == "open"
    )
    return list(conn.execute(query))


def pending_link_partners(conn: Connection, record_keys: list[int]) -> list[int]:
    """Records on the other side of open link tasks that involve any of ``record_keys``."""
    if not record_keys:
        return []
    mine = set(record_keys)
    found = conn.execute(_PENDING_LINKS, {"keys": list(record_keys)})
    return sorted({int(k) for a, b in found for k in (a, b) if k is not None and int(k) not in mine})
