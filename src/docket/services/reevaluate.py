"""After an accepted correction: overlay it, re-derive facts, re-evaluate open cases, notify recipients."""

from __future__ import annotations

import json
from typing import Any

from docket.domain.vocabulary import Purpose
from docket.errors import Invalid, NotFound
from docket.ingest.normalize import NORMALIZERS, FieldRejected
from docket.policy import evaluate, load_named
from docket.services.gate import Gate
from docket.services.person_file import load_person_file
from docket.services.protection import reconcile_protection
from docket.services.runtime import Runtime
from docket.store import cases_repo, persons_repo, records_repo, requests_repo, reviews_repo


def apply_correction(rt: Runtime, gate: Gate, request: Any, detail: dict[str, Any]) -> dict[str, Any]:
    source, _, record_id = str(detail["record"]).partition(":")
    found = persons_repo.person_of_record(gate.conn, source, record_id)
    if found is None or found[1] != request.person_id:
        raise NotFound(f"record {detail['record']!r} is not a record of person {request.person_id}")
    field, raw = str(detail["field"]), detail["value"]
    try:
        value = None if raw in (None, "") else NORMALIZERS[field](str(raw))
    except FieldRejected as exc:
        raise Invalid(f"correction of {field}: {exc}") from exc
    current = records_repo.record_by_key(gate.conn, found[0]) or {}
    requests_repo.add_correction(gate.conn, found[0], field, current.get(field), value, request.id, gate.ctx.actor.id)
    reevaluated = reevaluate_open_cases(rt, gate, request.person_id, f"correction {request.id}")
    suspended = reconcile_protection(rt, gate.conn, [request.person_id])
    notified = notify_recipients(gate, request.person_id, request.id)
    return {"reevaluated_cases": reevaluated, "suspended_cases": suspended, "notification_tasks": notified}


def reevaluate_open_cases(rt: Runtime, gate: Gate, person_id: str, why: str) -> list[str]:
    pack = load_named(rt.settings.policy_pack)
    done = []
    for case in cases_repo.open_cases_of_person(gate.conn, person_id):
        person = load_person_file(gate.conn, person_id, Purpose(case.purpose), rt.today())
        result = evaluate(pack, person.facts, case.ground)
        cases_repo.set_case(
            gate.conn,
            case.id,
            tier=result.tier,
            evaluation=json.dumps(result.to_dict(), default=str),
            pack_sha256=result.pack_sha256,
        )
        cases_repo.add_event(
            gate.conn,
            case.id,
            "reevaluated",
            case.status,
            case.status,
            gate.ctx.actor.id,
            why,
            {"tier": result.tier, "supported": result.supported},
        )
        done.append(case.id)
    return done


def notify_recipients(gate: Gate, person_id: str, request_id: str) -> int:
    """One task per earlier recipient of this person's data: they must be told of the correction."""
    recipients = {d.recipient for d in requests_repo.disclosures_of_person(gate.conn, person_id)}
    for recipient in sorted(recipients):
        reviews_repo.add_task(
            gate.conn,
            kind="notify_recipient",
            impact=50,
            person_id=person_id,
            reason=f"tell {recipient} of correction {request_id}",
            role_needed="legal_reviewer",
            ref=request_id,
        )
    return len(recipients)
