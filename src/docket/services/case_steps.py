"""Stepping a case through the transition table, including notice and referral (the adverse action).

Referral requires all of: the person is not protected (re-derived now); every record behind the
ground is linked with verified confidence or by a reviewer; a supervisor signed off; a notice was
issued and the contest window has passed, or the contest was resolved. Each missing precondition
is named in the refusal.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from docket.domain.vocabulary import Purpose
from docket.errors import Conflict, Denied, Invalid
from docket.policy import evaluate, load_named
from docket.reports.notice import NoticeContent, NoticeFact, render_html, render_pdf
from docket.services.case_workflow import step_for
from docket.services.cases import (
    CaseSummary,
    assignee_exists,
    case_resource,
    enforcement_step,
    load_case,
    refuse_if_protected,
    summary,
)
from docket.services.context import Context
from docket.services.gate import Gate, open_gate
from docket.services.person_file import PersonFile, load_person_file
from docket.services.runtime import Runtime
from docket.store import cases_repo

STEP_NAMES = ("assign", "submit", "signoff", "return", "notice", "contest", "resolve_contest", "refer", "resume")


def step_case(
    rt: Runtime, ctx: Context, case_id: str, name: str, reason: str, to_user: str | None = None
) -> CaseSummary:
    """Take step ``name`` on a case (see ``case_workflow.TRANSITIONS``)."""
    if name not in STEP_NAMES:
        raise Invalid(f"unknown step {name!r} (one of {', '.join(STEP_NAMES)}, or close)")
    if not reason.strip():
        raise Invalid("a written reason is required for every case step")
    with open_gate(rt, Context(ctx.actor, Purpose.ENFORCEMENT, "case", case_id), "transition_case") as gate:
        row = load_case(gate, case_id)
        step = step_for(row.status, name)
        gate.action = step.action if step else "transition_case"
        person = load_person_file(gate.conn, row.person_id, Purpose(row.purpose), rt.today())
        protected = person.protection.protected
        context: dict[str, Any] = {"person_protected": protected}
        if gate.action == "transition_case":
            context["to_status"] = step.to_status if step else "unknown"
        gate.authorize(case_resource(row, protected), context)
        if step is None:
            raise Conflict(f"case {case_id} is {row.status}; step {name!r} is not possible from there")
        if enforcement_step(name):
            refuse_if_protected(person)
        extra = _STEP_ACTIONS.get(name, _no_extra)(rt, gate, row, person, to_user)
        updates: dict[str, Any] = {"status": step.to_status, **extra.pop("_case", {})}
        if not cases_repo.move_case(gate.conn, case_id, row.status, **updates):
            raise Conflict(f"case {case_id} changed while step {name!r} was taken (it is no longer {row.status}); "
                           "nothing was done")
        cases_repo.add_event(gate.conn, case_id, name, row.status, step.to_status, ctx.actor.id, reason, extra)
        gate.detail["step"] = name
        return summary(cases_repo.get_case(gate.conn, case_id))


def _no_extra(rt: Runtime, gate: Gate, row: Any, person: PersonFile, to_user: str | None) -> dict[str, Any]:
    return {}


def _assign(rt: Runtime, gate: Gate, row: Any, person: PersonFile, to_user: str | None) -> dict[str, Any]:
    if not to_user:
        raise Invalid("assign needs the account to assign the case to")
    assignee_exists(gate, to_user)
    return {"to": to_user, "_case": {"assigned_to": to_user}}


def _signoff(rt: Runtime, gate: Gate, row: Any, person: PersonFile, to_user: str | None) -> dict[str, Any]:
    if gate.ctx.actor.role != "supervisor":
        raise Denied("only a supervisor signs off a case", policy_ids=["service-supervisor-signoff"])
    return {"supervisor": gate.ctx.actor.id}


def _resolve_contest(rt: Runtime, gate: Gate, row: Any, person: PersonFile, to_user: str | None) -> dict[str, Any]:
    return {"contest_resolved": True}


def _notice(rt: Runtime, gate: Gate, row: Any, person: PersonFile, to_user: str | None) -> dict[str, Any]:
    """Issue the notice: HTML and PDF in the data dir, listing the facts relied on and how to contest."""
    evaluation = json.loads(row.evaluation)
    issued = rt.now()
    until = issued + timedelta(days=rt.settings.contest_window_days)
    notice_id = f"N{row.id[1:]}-{len(cases_repo.events(gate.conn, row.id))}"
    facts = tuple(
        NoticeFact(f"{o['description']}", tuple(o.get("records", ())))
        for o in evaluation.get("outcomes", [])
        if o.get("fired") and o.get("counted", True)
    )
    content = NoticeContent(
        notice_id,
        row.id,
        row.person_id,
        row.ground,
        row.pack_name,
        str(evaluation.get("pack_version", "")),
        row.pack_sha256,
        issued.date().isoformat(),
        until.date().isoformat(),
        facts,
    )
    folder = rt.settings.documents_dir / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    html, pdf = render_html(content), render_pdf(content)
    (folder / f"{notice_id}.html").write_text(html, encoding="utf-8")
    (folder / f"{notice_id}.pdf").write_bytes(pdf)
    cases_repo.add_notice(
        gate.conn,
        {
            "id": notice_id,
            "case_id": row.id,
            "issued_at": issued.isoformat(),
            "contest_until": until.isoformat(),
            "html_path": str(folder / f"{notice_id}.html"),
            "pdf_path": str(folder / f"{notice_id}.pdf"),
            "sha256": hashlib.sha256(html.encode()).hexdigest(),
        },
    )
    gate.touch(notice_id)
    return {"notice": notice_id, "contest_until": until.isoformat()}


def _refer(rt: Runtime, gate: Gate, row: Any, person: PersonFile, to_user: str | None) -> dict[str, Any]:
    missing = referral_blockers(rt, gate, row, person)
    if missing:
        raise Denied(
            f"case {row.id} cannot be referred: {len(missing)} precondition(s) unmet",
            missing,
            policy_ids=["service-referral-preconditions"],
        )
    return {"preconditions": "met"}


def referral_blockers(rt: Runtime, gate: Gate, row: Any, person: PersonFile) -> list[str]:
    """Every unmet precondition of referral, in words."""
    blockers = []
    if person.protection.protected:
        blockers.append("the person is protected")
    result = evaluate(load_named(rt.settings.policy_pack), person.facts, row.ground)
    if not result.supported:
        blockers.append(f"the facts, on verified links only, no longer support the ground {row.ground}")
    unverified = sorted(
        {
            ref
            for o in result.outcomes
            if o.kind == "rule" and row.ground in o.grounds and o.fired and not o.verified
            for ref in o.records
        }
    )
    if unverified:
        blockers.append("records behind the ground are not linked with verified confidence: " + ", ".join(unverified))
    events = cases_repo.events(gate.conn, row.id)
    if not any(e.kind == "signoff" for e in events):
        blockers.append("no supervisor has signed off")
    blockers += _notice_blockers(rt, gate, row, events)
    return blockers


def _notice_blockers(rt: Runtime, gate: Gate, row: Any, events: list[Any]) -> list[str]:
    notice = cases_repo.latest_notice(gate.conn, row.id)
    if notice is None:
        return ["no notice has been issued"]
    resolved = any(e.kind == "resolve_contest" for e in events)
    contested = any(e.kind == "contest" for e in events)
    if contested and not resolved:
        return ["a contest is undecided"]
    if not resolved and rt.now() < datetime.fromisoformat(notice.contest_until):
        return [f"the contest window is open until {notice.contest_until}"]
    return []


_STEP_ACTIONS = {
    "assign": _assign,
    "signoff": _signoff,
    "notice": _notice,
    "refer": _refer,
    "resolve_contest": _resolve_contest,
}
