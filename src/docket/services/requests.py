"""Subject requests: access, correction, contest; with their deadlines (DESIGN.md §1, §7).

A legal reviewer registers what a person asked and answers it. Access responses are disclosures and
go into the accounting; accepted corrections overlay the record, re-derive facts, re-evaluate open
cases and notify earlier recipients; a contested link becomes a review task whose split applies at
once as a cannot-link.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose
from docket.errors import Conflict, Invalid, NotFound
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import Gate, open_gate
from docket.services.runtime import Runtime
from docket.services.subject_access import write_access_response
from docket.store import persons_repo, requests_repo, reviews_repo

KINDS = ("access", "correction", "contest")
ACKNOWLEDGE_WORKING_DAYS = 10
DECIDE_DAYS = 30


def add_working_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _resource(row: Any | None, request_id: str = "new") -> Resource:
    if row is None:
        return Resource("SubjectRequest", request_id, {"assigned_to": "", "status": "received"})
    return Resource("SubjectRequest", row.id, {"assigned_to": row.assigned_to, "status": row.status})


def _ctx(ctx: Context, request_id: str = "") -> Context:
    return Context(ctx.actor, Purpose.STATUS_VERIFICATION, "request", request_id)


def file_request(rt: Runtime, ctx: Context, kind: str, person_id: str, detail: dict[str, Any]) -> dict[str, Any]:
    """Register a request received from the person ``person_id``."""
    if kind not in KINDS:
        raise Invalid(f"request kind {kind!r} is not one of {', '.join(KINDS)}")
    _check_detail(kind, detail)
    with open_gate(rt, _ctx(ctx), "handle_request") as gate:
        gate.authorize(_resource(None))
        if not persons_repo.person_exists(gate.conn, person_id):
            raise NotFound(f"no person {person_id!r}")
        today = rt.today()
        request_id = requests_repo.add_request(
            gate.conn,
            kind=kind,
            person_id=person_id,
            detail=json.dumps(detail, sort_keys=True),
            received_at=rt.now().isoformat(),
            acknowledge_by=add_working_days(today, ACKNOWLEDGE_WORKING_DAYS).isoformat(),
            decide_by=(today + timedelta(days=DECIDE_DAYS)).isoformat(),
            assigned_to="",
        )
        gate.touch(request_id, person_id)
        if kind == "contest":
            _contest_task(gate, request_id, person_id, detail)
        return _view(requests_repo.get_request(gate.conn, request_id), today)


def _check_detail(kind: str, detail: dict[str, Any]) -> None:
    if kind == "correction":
        missing = [k for k in ("record", "field", "value") if k not in detail]
        if missing:
            raise Invalid(f"a correction request needs {', '.join(missing)}")
        if detail["field"] not in CANONICAL_FIELDS or detail["field"] == "record_id":
            raise Invalid(f"field {detail['field']!r} is not a correctable canonical field")
    if kind == "contest" and not isinstance(detail.get("records"), list | tuple | type(None)):
        raise Invalid("a contest of a link names the two records as a list")


def _contest_task(gate: Gate, request_id: str, person_id: str, detail: dict[str, Any]) -> None:
    refs = detail.get("records") or []
    if len(refs) != 2:
        return
    keys = [_record_key(gate, ref) for ref in refs]
    reviews_repo.add_task(
        gate.conn,
        kind="link",
        impact=100,
        person_id=person_id,
        record_a=min(keys),
        record_b=max(keys),
        probability=None,
        reason=f"contested by the person ({request_id})",
        role_needed="legal_reviewer",
        ref=request_id,
    )


def _record_key(gate: Gate, ref: str) -> int:
    source, _, record_id = ref.partition(":")
    found = persons_repo.person_of_record(gate.conn, source, record_id)
    if found is None:
        raise NotFound(f"no record {ref!r}")
    return found[0]


def _view(row: Any, today: date) -> dict[str, Any]:
    data = dict(row._mapping)
    data["detail"] = json.loads(row.detail)
    data["acknowledge_overdue"] = row.acknowledged_at is None and today.isoformat() > row.acknowledge_by
    data["decide_overdue"] = row.decided_at is None and today.isoformat() > row.decide_by
    return data


def list_requests(rt: Runtime, ctx: Context, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    if not 1 <= limit <= 500 or offset < 0:
        raise Invalid("limit must be 1-500 and offset at least 0")
    with open_gate(rt, _ctx(ctx), "handle_request") as gate:
        gate.authorize(_resource(None, "queue"))
        rows, total = requests_repo.list_requests(gate.conn, limit, offset)
        return [_view(r, rt.today()) for r in rows], total


def _load(gate: Gate, request_id: str) -> Any:
    row = requests_repo.get_request(gate.conn, request_id)
    gate.authorize(_resource(row, request_id))
    if row is None:
        raise NotFound(f"no subject request {request_id!r}")
    if row.status == "decided":
        raise Conflict(f"request {request_id} was already decided ({row.decision})")
    return row


def acknowledge(rt: Runtime, ctx: Context, request_id: str) -> dict[str, Any]:
    with open_gate(rt, _ctx(ctx, request_id), "handle_request") as gate:
        row = _load(gate, request_id)
        requests_repo.set_request(
            gate.conn,
            request_id,
            status="acknowledged",
            acknowledged_at=rt.now().isoformat(),
            assigned_to=row.assigned_to or ctx.actor.id,
        )
        return _view(requests_repo.get_request(gate.conn, request_id), rt.today())


def answer_access(rt: Runtime, ctx: Context, request_id: str) -> dict[str, Any]:
    """Everything held on the person, as JSON and a readable document; recorded as a disclosure."""
    with open_gate(rt, _ctx(ctx, request_id), "handle_request") as gate:
        row = _load(gate, request_id)
        if row.kind != "access":
            raise Invalid(f"request {request_id} is a {row.kind} request, not access")
        paths = write_access_response(rt, gate, row.person_id, request_id)
        requests_repo.set_request(
            gate.conn,
            request_id,
            status="decided",
            decided_at=rt.now().isoformat(),
            decided_by=ctx.actor.id,
            decision="answered",
            reason="access response sent",
        )
        return {"request": request_id, **{k: str(v) for k, v in paths.items()}}


def decide_correction(rt: Runtime, ctx: Context, request_id: str, accept: bool, reason: str) -> dict[str, Any]:
    if not reason.strip():
        raise Invalid("a written reason is required to accept or refuse a correction")
    from docket.services.reevaluate import apply_correction

    with open_gate(rt, _ctx(ctx, request_id), "handle_request") as gate:
        row = _load(gate, request_id)
        if row.kind != "correction":
            raise Invalid(f"request {request_id} is a {row.kind} request, not correction")
        effects: dict[str, Any] = {}
        if accept:
            effects = apply_correction(rt, gate, row, json.loads(row.detail))
        requests_repo.set_request(
            gate.conn,
            request_id,
            status="decided",
            decided_at=rt.now().isoformat(),
            decided_by=ctx.actor.id,
            decision="accepted" if accept else "refused",
            reason=reason,
        )
        return {"request": request_id, "decision": "accepted" if accept else "refused", **effects}
