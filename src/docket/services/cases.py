"""Enforcement cases: open, list, show, step through the transition table, close.

Every call is one gate call and one audit leaf. Protection is checked twice on purpose: Cedar's
`protected-person-no-enforcement` forbid, and the service itself before any enforcement step (so a
mis-edited policy file cannot open the door alone).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from docket.domain.vocabulary import Purpose
from docket.errors import Conflict, Invalid, NotFound, Protected
from docket.policy import LEGAL_GROUNDS, evaluate, load_named
from docket.services.authz import Resource
from docket.services.case_workflow import CLOSE_REASONS, ENFORCEMENT_STEPS, allowed_steps
from docket.services.context import Context
from docket.services.explanations import link_explanations, readable_model
from docket.services.gate import Gate, open_gate
from docket.services.person_file import PersonFile, load_person_file
from docket.services.runtime import Runtime
from docket.store import cases_repo, persons_repo, users_repo
from docket.store.clock import now_iso

__all__ = ["LEGAL_GROUNDS", "CaseSummary", "close_case", "list_cases", "open_case", "show_case"]


@dataclass(frozen=True)
class CaseSummary:
    id: str
    person_id: str
    ground: str
    status: str
    tier: str
    reason: str  # one line: why this tier
    assigned_to: str
    unit: str
    opened_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def summary(row: Any, evaluation: dict[str, Any] | None = None) -> CaseSummary:
    """``evaluation``: ``row.evaluation`` already parsed, by a caller that shows it too (read-only here)."""
    evaluation = json.loads(row.evaluation) if evaluation is None else evaluation
    return CaseSummary(
        row.id,
        row.person_id,
        row.ground,
        row.status,
        row.tier,
        one_line_reason(evaluation),
        row.assigned_to,
        row.unit,
        row.opened_at,
    )


def one_line_reason(evaluation: dict[str, Any]) -> str:
    fired = [o["id"] for o in evaluation.get("outcomes", []) if o.get("fired") and o.get("counted", True)]
    return f"{evaluation.get('tier', '?')}: " + (", ".join(fired) if fired else "no rule fired")


def case_resource(row: Any, protected: bool) -> Resource:
    attrs = {
        "assigned_to": row.assigned_to,
        "unit": row.unit,
        "purpose": row.purpose,
        "status": _cedar_status(row),
        "person_protected": protected,
    }
    return Resource("Case", row.id, attrs)


def _cedar_status(row: Any) -> str:
    return "closed" if row.status in ("closed", "referred") else row.status


def open_case(
    rt: Runtime, ctx: Context, person_id: str, ground: str, purpose: Purpose = Purpose.ENFORCEMENT
) -> CaseSummary:
    """Open a case on a legal ground the facts support; refused for a protected person."""
    if ground not in LEGAL_GROUNDS:
        raise Invalid(f"ground {ground!r} is not a legal ground (one of {', '.join(LEGAL_GROUNDS)})")
    ctx = Context(ctx.actor, purpose, "case", ctx.via_id)
    with open_gate(rt, ctx, "open_case") as gate:
        if not persons_repo.person_exists(gate.conn, person_id):
            gate.authorize(Resource("Case", "new", _new_case_attrs(ctx, purpose, False)), {"person_protected": False})
            raise NotFound(f"no person {person_id!r}")
        person = load_person_file(gate.conn, person_id, purpose, rt.today())
        protected = person.protection.protected
        gate.touch(person_id)
        gate.authorize(
            Resource("Case", "new", _new_case_attrs(ctx, purpose, protected)), {"person_protected": protected}
        )
        refuse_if_protected(person)
        if cases_repo.open_cases_of_person(gate.conn, person_id):
            raise Conflict(f"person {person_id} already has an open case")
        return _create_case(rt, gate, person, ground)


def _new_case_attrs(ctx: Context, purpose: Purpose, protected: bool) -> dict[str, Any]:
    assigned = ctx.actor.id if ctx.actor.role == "analyst" else ""
    return {
        "assigned_to": assigned,
        "unit": ctx.actor.unit,
        "purpose": purpose.value,
        "status": "open",
        "person_protected": protected,
    }


def refuse_if_protected(person: PersonFile) -> None:
    state = person.protection
    if state.protected:
        what = "citizenship by birth" if state.by_birth else (state.status or "citizenship")
        raise Protected(
            f"person {person.person_id} is protected ({what}, records: {', '.join(state.refs) or 'case finding'}); "
            "no enforcement action is allowed unless a legal reviewer clears the protection",
            policy_ids=["service-protection-check"],
        )


def _create_case(rt: Runtime, gate: Gate, person: PersonFile, ground: str) -> CaseSummary:
    pack = load_named(rt.settings.policy_pack)
    result = evaluate(pack, person.facts, ground)
    if not result.supported:
        raise Invalid(
            f"the facts of person {person.person_id} do not support the ground {ground}; no case was opened",
            [f"{o.id}: not fired" for o in result.outcomes if o.kind == "rule" and not o.fired][:10],
        )
    case_id = cases_repo.new_case_id(gate.conn)
    actor = gate.ctx.actor
    assigned = actor.id if actor.role == "analyst" else ""
    values = {
        "id": case_id,
        "person_id": person.person_id,
        "ground": ground,
        "purpose": person.purpose.value,
        "status": "assigned" if assigned else "open",
        "unit": actor.unit,
        "assigned_to": assigned,
        "opened_by": actor.id,
        "opened_at": now_iso(),
        "pack_name": pack.name,
        "pack_sha256": result.pack_sha256,
        "tier": result.tier,
        "evaluation": json.dumps(result.to_dict(), default=str),
    }
    cases_repo.add_case(gate.conn, values)
    cases_repo.add_event(
        gate.conn,
        case_id,
        "opened",
        None,
        values["status"],
        actor.id,
        f"ground {ground}",
        {"tier": result.tier, "pack_sha256": result.pack_sha256},
    )
    gate.touch(case_id)
    gate.detail.update({"ground": ground, "tier": result.tier})
    return summary(cases_repo.get_case(gate.conn, case_id))


def load_case(gate: Gate, case_id: str) -> Any:
    row = cases_repo.get_case(gate.conn, case_id)
    if row is None:
        gate.authorize(
            Resource(
                "Case",
                case_id,
                {
                    "assigned_to": "",
                    "unit": "",
                    "purpose": "enforcement",
                    "status": "closed",
                    "person_protected": False,
                },
            )
        )
        raise NotFound(f"no case {case_id!r}")
    return row


def list_cases(rt: Runtime, ctx: Context, limit: int = 50, offset: int = 0) -> tuple[list[CaseSummary], int]:
    """My queue: an analyst's assigned cases, a supervisor's unit's cases."""
    if not 1 <= limit <= 500 or offset < 0:
        raise Invalid("limit must be 1-500 and offset at least 0")
    ctx = Context(ctx.actor, ctx.purpose or Purpose.ENFORCEMENT, "case", ctx.via_id)
    with open_gate(rt, ctx, "read_case") as gate:
        actor = ctx.actor
        queue = {
            "assigned_to": actor.id,
            "unit": actor.unit,
            "purpose": ctx.purpose.value if ctx.purpose else "",
            "status": "open",
            "person_protected": False,
        }
        gate.authorize(Resource("Case", f"queue:{actor.id}", queue))
        mine = {"assigned_to": actor.id} if actor.role == "analyst" else {"unit": actor.unit}
        rows, total = cases_repo.list_cases(gate.conn, limit=limit, offset=offset, **mine)
        gate.detail["listed"] = len(rows)
        return [summary(r) for r in rows], total


def show_case(rt: Runtime, ctx: Context, case_id: str) -> dict[str, Any]:
    """The case file: facts with provenance, linked records, the policy explanation, the timeline,
    and the steps this actor may take. Only records from sources declared for the case's purpose."""
    with open_gate(rt, Context(ctx.actor, Purpose.ENFORCEMENT, "case", case_id), "read_case") as gate:
        row = load_case(gate, case_id)
        gate.ctx = Context(ctx.actor, Purpose(row.purpose), "case", case_id)
        person = load_person_file(gate.conn, row.person_id, Purpose(row.purpose), rt.today())
        gate.authorize(
            case_resource(row, person.protection.protected), {"person_protected": person.protection.protected}
        )
        gate.touch(row.person_id)
        notice = cases_repo.latest_notice(gate.conn, case_id)
        shown = [(rec.key, f"{rec.source}:{rec.record_id}") for rec in person.records]  # the purpose's sources only
        evaluation = json.loads(row.evaluation)
        return {
            "case": summary(row, evaluation).to_dict(),
            "purpose": row.purpose,
            "pack": {"name": row.pack_name, "sha256": row.pack_sha256},
            "evaluation": evaluation,
            "facts": person.facts.to_dict(),
            "protection": person.protection.to_dict(),
            "records": [_record_view(person, rec) for rec in person.records],
            "timeline": [_event_view(e) for e in cases_repo.events(gate.conn, case_id)],
            "notice": dict(notice._mapping) if notice else None,
            "steps": allowed_steps(row.status),
            "explanations": link_explanations(gate.conn, rt, shown, readable_model(gate.conn)),
        }


def _record_view(person: PersonFile, rec: Any) -> dict[str, Any]:
    return {"ref": rec.ref, "kind": rec.kind.value, "fields": rec.fields, "provenance": person.provenance[rec.key]}


def _event_view(event: Any) -> dict[str, Any]:
    return {
        "at": event.at,
        "kind": event.kind,
        "from": event.from_status,
        "to": event.to_status,
        "actor": event.actor,
        "reason": event.reason,
        "detail": json.loads(event.detail),
    }


def close_case(
    rt: Runtime, ctx: Context, case_id: str, reason_code: str, reason: str, citizenship_evidence: bool = False
) -> CaseSummary:
    """Close a case. Closing on evidence of citizenship records that finding on the person, where it
    protects them from then on (it can never be cleared)."""
    if reason_code not in CLOSE_REASONS:
        raise Invalid(f"close reason {reason_code!r} is not one of {', '.join(CLOSE_REASONS)}")
    if not reason.strip():
        raise Invalid("a written reason is required to close a case")
    with open_gate(rt, Context(ctx.actor, Purpose.ENFORCEMENT, "case", case_id), "close_case") as gate:
        row = load_case(gate, case_id)
        person = load_person_file(gate.conn, row.person_id, Purpose(row.purpose), rt.today())
        gate.authorize(
            case_resource(row, person.protection.protected), {"person_protected": person.protection.protected}
        )
        if row.status in ("closed", "referred"):
            raise Conflict(f"case {case_id} is {row.status}; it cannot be closed again")
        if citizenship_evidence:
            cases_repo.add_protection_decision(gate.conn, row.person_id, "citizenship_found", reason, ctx.actor.id, [])
        if not cases_repo.move_case(gate.conn, case_id, row.status, status="closed", close_reason=reason_code):
            raise Conflict(f"case {case_id} changed while it was being closed (it is no longer {row.status}); "
                           "nothing was done")
        cases_repo.add_event(
            gate.conn, case_id, "closed", row.status, "closed", ctx.actor.id, reason, {"reason_code": reason_code}
        )
        gate.detail["reason_code"] = reason_code
        return summary(cases_repo.get_case(gate.conn, case_id))


def assignee_exists(gate: Gate, user_id: str) -> None:
    user = users_repo.find_user(gate.conn, user_id)
    if user is None or not user.active or user.role not in ("analyst", "supervisor"):
        raise Invalid(f"{user_id!r} is not an active analyst or supervisor")


def enforcement_step(name: str) -> bool:
    return name in ENFORCEMENT_STEPS
