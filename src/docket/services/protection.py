"""What follows from a person's records changing: protection suspends open cases, a strong departure
closes them as departed, a weak one waits for a reviewer; and a legal reviewer's clearance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from docket.domain.vocabulary import Purpose
from docket.errors import Invalid, NotFound, Protected
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.person_file import load_person_file
from docket.services.runtime import Runtime
from docket.store import cases_repo, persons_repo, reviews_repo


def reconcile_protection(rt: Runtime, conn: Connection, person_ids: Sequence[str]) -> int:
    """For each person with open cases: suspend them if the person is now protected, close them as
    departed on a strong departure, or raise a review task on a weak one. Returns cases changed."""
    changed = 0
    for person_id, cases_ in cases_repo.open_cases_of_persons(conn, person_ids).items():
        open_cases = [c for c in cases_ if c.status != "suspended"]
        if not open_cases or not persons_repo.person_exists(conn, person_id):
            continue
        person = load_person_file(conn, person_id, Purpose.ENFORCEMENT, rt.today())
        departure = person.facts.departure
        if person.protection.protected:
            reason = "the person is protected by an authoritative record"
            changed += _move_all(conn, open_cases, "suspended", "suspended", reason)
        elif departure is not None and departure.departed and departure.strength == "strong":
            reason = f"verified departure ({', '.join(departure.support.refs)})"
            changed += _move_all(conn, open_cases, "departed", "closed", reason, close_reason="departed")
        elif departure is not None and departure.departed:
            _weak_departure_task(conn, person_id, departure.support.refs)
    return changed


def _move_all(
    conn: Connection, open_cases: list[Any], kind: str, status: str, reason: str, close_reason: str | None = None
) -> int:
    for case in open_cases:
        values = {"status": status, **({"close_reason": close_reason} if close_reason else {})}
        cases_repo.set_case(conn, case.id, **values)
        cases_repo.add_event(conn, case.id, kind, case.status, status, "system", reason, {})
    return len(open_cases)


def _weak_departure_task(conn: Connection, person_id: str, refs: tuple[str, ...]) -> None:
    if not reviews_repo.open_tasks_for(conn, person_id, "departure"):
        reason = f"weak departure evidence (name and birth date only): {', '.join(refs)}"
        reviews_repo.add_task(
            conn, kind="departure", impact=40, person_id=person_id, reason=reason, role_needed="data_steward"
        )


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
