"""Protection over time: suspend open cases when protection appears; a legal reviewer's clearance."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from docket.domain.vocabulary import Purpose
from docket.errors import Invalid, NotFound, Protected
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.person_file import load_person_file
from docket.services.runtime import Runtime
from docket.store import cases_repo, persons_repo


def reconcile_protection(rt: Runtime, conn: Connection, person_ids: Sequence[str]) -> int:
    """Suspend every open case of a person who is now protected; returns how many were suspended."""
    suspended = 0
    for person_id in person_ids:
        open_cases = [c for c in cases_repo.open_cases_of_person(conn, person_id) if c.status != "suspended"]
        if not open_cases or not persons_repo.person_exists(conn, person_id):
            continue
        if not load_person_file(conn, person_id, Purpose.ENFORCEMENT, rt.today()).protection.protected:
            continue
        for case in open_cases:
            cases_repo.set_case(conn, case.id, status="suspended")
            cases_repo.add_event(
                conn,
                case.id,
                "suspended",
                case.status,
                "suspended",
                "system",
                "the person is protected by an authoritative record",
                {},
            )
            suspended += 1
    return suspended


def clear_protection(rt: Runtime, ctx: Context, person_id: str, reason: str) -> list[str]:
    """A legal reviewer clears the protection the current records give, with a written reason.
    Citizenship by birth, and a citizenship finding, can never be cleared. Returns the records cleared."""
    if len(reason.strip()) < 20:
        raise Invalid("a written reason of at least 20 characters is required to clear a protection")
    ctx = Context(ctx.actor, Purpose.STATUS_VERIFICATION, "review", ctx.via_id)
    with open_gate(rt, ctx, "clear_protection") as gate:
        if not persons_repo.person_exists(gate.conn, person_id):
            gate.authorize(Resource("Person", person_id, {}), {"citizen_by_birth": False})
            raise NotFound(f"no person {person_id!r}")
        state = load_person_file(gate.conn, person_id, Purpose.STATUS_VERIFICATION, rt.today()).protection
        gate.authorize(Resource("Person", person_id, {}), {"citizen_by_birth": state.by_birth})
        if state.by_birth or state.citizenship_found:
            raise Protected(
                f"person {person_id} is a citizen by birth or found a citizen; this protection can never be cleared",
                policy_ids=["citizen-by-birth-never-cleared"],
            )
        if not state.protected:
            raise Invalid(f"person {person_id} has no protection in force to clear")
        cases_repo.add_protection_decision(gate.conn, person_id, "cleared", reason, ctx.actor.id, list(state.refs))
        gate.detail["records"] = len(state.refs)
        return list(state.refs)
