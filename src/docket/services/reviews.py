"""The review queue: list, show side by side, decide. A link decision is a constraint for every
later run (must-link / cannot-link, appended, superseding the previous one on the pair) and is
applied at once: a must-link merges the two persons, a cannot-link splits the record out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from docket.domain.vocabulary import IDENTITY_FIELDS, Purpose
from docket.errors import Conflict, Invalid, NotFound
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import Gate, open_gate
from docket.services.protection import reconcile_protection
from docket.services.runtime import Runtime
from docket.store import linkage_repo, persons_repo, records_repo, reviews_repo
from docket.store.database import LINKAGE_LOCK, hold_lock

LINK_DECISIONS = {"link": "must_link", "no_link": "cannot_link"}


@dataclass(frozen=True)
class TaskView:
    id: str
    kind: str
    reason: str
    impact: int
    probability: str | None
    person_id: str | None
    created_at: str
    due_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _view(row: Any) -> TaskView:
    return TaskView(
        row.id, row.kind, row.reason, row.impact, row.probability, row.person_id, row.created_at, row.due_at
    )


def _task_resource(row: Any) -> Resource:
    return Resource(
        "ReviewTask", row.id, {"kind": row.kind, "role_needed": row.role_needed, "assigned_to": row.assigned_to}
    )


def _review_context(ctx: Context, task_id: str = "") -> Context:
    return Context(ctx.actor, ctx.purpose or Purpose.IDENTITY_VERIFICATION, "review", task_id)


def list_reviews(
    rt: Runtime, ctx: Context, limit: int = 50, offset: int = 0, kind: str | None = None
) -> tuple[list[TaskView], int]:
    """Open tasks, highest impact first."""
    if not 1 <= limit <= 500 or offset < 0:
        raise Invalid("limit must be 1-500 and offset at least 0")
    with open_gate(rt, _review_context(ctx), "list_review") as gate:
        gate.authorize(
            Resource("ReviewTask", "queue", {"kind": kind or "any", "role_needed": ctx.actor.role, "assigned_to": ""})
        )
        rows, total = reviews_repo.list_open(gate.conn, limit, offset, kind)
        return [_view(r) for r in rows], total


def _load_task(gate: Gate, task_id: str) -> Any:
    row = reviews_repo.get_task(gate.conn, task_id)
    if row is None:
        gate.authorize(Resource("ReviewTask", task_id, {"kind": "link", "role_needed": "", "assigned_to": ""}))
        raise NotFound(f"no review task {task_id!r}")
    return row


def show_review(rt: Runtime, ctx: Context, task_id: str) -> dict[str, Any]:
    """The two records side by side, with the fields that differ marked (read through the review task)."""
    with open_gate(rt, _review_context(ctx, task_id), "read_person") as gate:
        row = _load_task(gate, task_id)
        gate.authorize(
            Resource("Person", row.person_id or "unknown", {}),
            {"role_needed": row.role_needed, "assigned_to": row.assigned_to},
        )
        gate.touch(task_id)
        left, right = _record_fields(gate.conn, row.record_a), _record_fields(gate.conn, row.record_b)
        differing = sorted(f for f in IDENTITY_FIELDS if left.get(f) != right.get(f))
        return {"task": _view(row).to_dict(), "left": left, "right": right, "differing": differing}


def _record_fields(conn: Connection, key: int | None) -> dict[str, Any]:
    if key is None:
        return {}
    found = records_repo.record_by_key(conn, int(key))
    return {} if found is None else found


def decide_review(rt: Runtime, ctx: Context, task_id: str, decision: str, reason: str) -> dict[str, Any]:
    """Decide a task. For link tasks: ``link`` (must-link) or ``no_link`` (cannot-link)."""
    if not reason.strip():
        raise Invalid("a written reason is required for a review decision")
    with open_gate(rt, _review_context(ctx, task_id), "decide_review") as gate:
        row = _load_task(gate, task_id)
        gate.authorize(_task_resource(row))
        if row.status != "open":
            raise Conflict(f"review task {task_id} was already decided ({row.decision} by {row.decided_by})")
        applied = _DECIDERS.get(row.kind, _decide_plain)(rt, gate, row, decision, reason)
        reviews_repo.decide_task(gate.conn, task_id, decision, reason, ctx.actor.id)
        gate.detail["decision"] = decision
        return {"task": task_id, "decision": decision, **applied}


def _decide_plain(rt: Runtime, gate: Gate, row: Any, decision: str, reason: str) -> dict[str, Any]:
    if decision not in ("accept", "refuse"):
        raise Invalid(f"decision for a {row.kind} task is accept or refuse, not {decision!r}")
    return {}


def _decide_link(rt: Runtime, gate: Gate, row: Any, decision: str, reason: str) -> dict[str, Any]:
    if decision not in LINK_DECISIONS:
        raise Invalid(f"decision for a link task is one of {', '.join(LINK_DECISIONS)}, not {decision!r}")
    return apply_link_decision(rt, gate, int(row.record_a), int(row.record_b), LINK_DECISIONS[decision], reason)


def apply_link_decision(rt: Runtime, gate: Gate, a: int, b: int, kind: str, reason: str) -> dict[str, Any]:
    """Record the decision and apply it now: merge the persons, or split ``b`` out to a new person."""
    hold_lock(gate.conn, LINKAGE_LOCK)
    linkage_repo.add_decision(gate.conn, a, b, kind, reason, gate.ctx.actor.id)
    members = linkage_repo.membership_map(gate.conn)
    pa, pb = members[a], members[b]
    if kind == "must_link" and pa != pb:
        keys = [k for k, p in members.items() if p == pb]
        persons_repo.move_records(gate.conn, keys, pa, True, "1.0", "reviewer")
        linkage_repo.add_person_events(gate.conn, [("merge", (pa, pb), (pa,), f"reviewer must-link: {reason}")], None)
        reconcile_protection(rt, gate.conn, [pa])
        return {"person_id": pa, "merged": pb}
    if kind == "cannot_link" and pa == pb:
        new_person = persons_repo.new_person_ids(gate.conn, 1)[0]
        persons_repo.move_records(gate.conn, [b], new_person, True, None, "reviewer")
        linkage_repo.add_person_events(
            gate.conn, [("split", (pa,), (pa, new_person), f"reviewer cannot-link: {reason}")], None
        )
        return {"person_id": pa, "split_to": new_person}
    return {"person_id": pa}


_DECIDERS = {"link": _decide_link}


def decide_pair(rt: Runtime, ctx: Context, ref_a: str, ref_b: str, decision: str, reason: str) -> dict[str, Any]:
    """A reviewer's must-link (``link``) or cannot-link (``no_link``) on two records ``SOURCE:RECORD_ID``,
    without a task (e.g. after reading an explanation). Applied now and honoured by every later run."""
    if decision not in LINK_DECISIONS:
        raise Invalid(f"decision is one of {', '.join(LINK_DECISIONS)}, not {decision!r}")
    if not reason.strip():
        raise Invalid("a written reason is required for a link decision")
    with open_gate(rt, _review_context(ctx), "decide_review") as gate:
        gate.authorize(
            Resource("ReviewTask", "pair", {"kind": "link", "role_needed": ctx.actor.role, "assigned_to": ""})
        )
        keys = []
        for ref in (ref_a, ref_b):
            source, _, record_id = ref.partition(":")
            found = persons_repo.person_of_record(gate.conn, source, record_id)
            if found is None:
                raise NotFound(f"no record {ref!r} (write SOURCE:RECORD_ID)")
            keys.append(found[0])
        gate.touch(f"record:{keys[0]}", f"record:{keys[1]}")
        return apply_link_decision(rt, gate, keys[0], keys[1], LINK_DECISIONS[decision], reason)
