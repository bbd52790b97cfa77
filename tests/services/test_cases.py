"""Cases: protection refuses enforcement, the transition table, notices and referral preconditions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from docket.auditlog.leaf import AuditEvent
from docket.errors import Conflict, Denied, Invalid, NotFound, Protected
from docket.services import case_steps, cases
from docket.services.context import Context
from docket.services.runtime import Runtime
from docket.store import audit_repo
from tests.factories import (
    CONVICTION_HEADER,
    GRANT_HEADER,
    add_account,
    ingest_rows,
    link_into,
    snapshot,
)

HOMICIDE = ["K1", "Ana", "Diaz", "1980-01-01", "A111111111", "2015-03-01", "homicide"]
CITIZEN = ["G1", "Ana", "Diaz", "1980-01-01", "", "1998-05-05", "naturalized_citizen"]


@pytest.fixture
def team(rt: Runtime) -> dict[str, Context]:
    return {
        "sup": add_account(rt, "sam", "supervisor"),
        "ana": add_account(rt, "ana", "analyst"),
        "lee": add_account(rt, "lee", "legal_reviewer"),
        "olga": add_account(rt, "olga", "oversight"),
        "other": add_account(rt, "otto", "analyst", unit="west"),
    }


@pytest.fixture
def convicted(rt: Runtime, tmp_path: Path) -> str:
    return ingest_rows(rt, tmp_path, "court", "conviction", CONVICTION_HEADER, [HOMICIDE])[0]


def last_leaf(rt: Runtime) -> AuditEvent:
    with rt.engine.connect() as conn:
        *_, (_, data, _) = audit_repo.iter_leaves(conn)
    return AuditEvent.from_bytes(data)


def walk_to_noticed(rt: Runtime, team: dict[str, Context], person: str) -> str:
    case = cases.open_case(rt, team["sup"], person, "public_safety")
    case_steps.step_case(rt, team["sup"], case.id, "assign", "to ana", "ana")
    case_steps.step_case(rt, team["ana"], case.id, "submit", "facts checked")
    case_steps.step_case(rt, team["sup"], case.id, "signoff", "agree with the ground")
    case_steps.step_case(rt, team["ana"], case.id, "notice", "notice the person")
    return case.id


def test_opening_a_case_on_a_protected_person_is_refused_and_audited(
    rt: Runtime, team: dict[str, Context], tmp_path: Path
) -> None:
    person = ingest_rows(rt, tmp_path, "grants", "status_grant", GRANT_HEADER, [CITIZEN], authoritative=True)[0]
    before = {k: v for k, v in snapshot(rt).items() if k not in ("audit_leaves", "counters")}
    with pytest.raises(Protected, match="protected") as caught:
        cases.open_case(rt, team["sup"], person, "public_safety")
    assert "protected-person-no-enforcement" in caught.value.policy_ids
    assert {k: v for k, v in snapshot(rt).items() if k not in ("audit_leaves", "counters")} == before
    leaf = last_leaf(rt)
    assert (leaf.action, leaf.outcome, leaf.actor) == ("open_case", "denied", "sam")


def test_ground_must_be_supported_by_the_facts(rt: Runtime, team: dict[str, Context], convicted: str) -> None:
    with pytest.raises(Invalid, match="do not support the ground national_security"):
        cases.open_case(rt, team["sup"], convicted, "national_security")
    with pytest.raises(Invalid, match="not a legal ground"):
        cases.open_case(rt, team["sup"], convicted, "removable")
    with pytest.raises(NotFound):
        cases.open_case(rt, team["sup"], "P99999999", "public_safety")


def test_full_path_to_referral_waits_for_the_contest_window(
    rt: Runtime, team: dict[str, Context], convicted: str
) -> None:
    case_id = walk_to_noticed(rt, team, convicted)
    notice = cases.show_case(rt, team["ana"], case_id)["notice"]
    assert Path(notice["html_path"]).read_text().count("homicide") or "violent" in Path(notice["html_path"]).read_text()
    assert Path(notice["pdf_path"]).read_bytes().startswith(b"%PDF")
    with pytest.raises(Denied) as caught:
        case_steps.step_case(rt, team["ana"], case_id, "refer", "refer now")
    assert any("contest window is open" in e for e in caught.value.errors)
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=31)
    referred = case_steps.step_case(rt, team["ana"], case_id, "refer", "window passed, no contest")
    assert referred.status == "referred"
    timeline = [e["kind"] for e in cases.show_case(rt, team["sup"], case_id)["timeline"]]
    assert timeline == ["opened", "assign", "submit", "signoff", "notice", "refer"]


def test_undecided_contest_blocks_referral_and_resolution_unblocks(
    rt: Runtime, team: dict[str, Context], convicted: str
) -> None:
    case_id = walk_to_noticed(rt, team, convicted)
    case_steps.step_case(rt, team["ana"], case_id, "contest", "subject contests the conviction record")
    with pytest.raises(Conflict):
        case_steps.step_case(rt, team["ana"], case_id, "refer", "try")
    case_steps.step_case(rt, team["sup"], case_id, "resolve_contest", "court record confirmed")
    assert case_steps.step_case(rt, team["ana"], case_id, "refer", "contest resolved").status == "referred"


def test_protection_appearing_after_notice_blocks_referral(
    rt: Runtime, team: dict[str, Context], convicted: str, tmp_path: Path
) -> None:
    case_id = walk_to_noticed(rt, team, convicted)
    ingest_rows(rt, tmp_path, "grants", "status_grant", GRANT_HEADER, [CITIZEN], authoritative=True)
    link_into(rt, "grants", "G1", convicted)
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=31)
    with pytest.raises(Protected):
        case_steps.step_case(rt, team["ana"], case_id, "refer", "refer")
    assert cases.show_case(rt, team["sup"], case_id)["case"]["status"] == "noticed"


def test_unverified_link_behind_the_ground_blocks_referral(
    rt: Runtime, team: dict[str, Context], tmp_path: Path
) -> None:
    person = ingest_rows(rt, tmp_path, "ids", "identity", GRANT_HEADER[:5], [["I1", "Ana", "Diaz", "1980-01-01", ""]])[
        0
    ]
    ingest_rows(rt, tmp_path, "court", "conviction", CONVICTION_HEADER, [HOMICIDE])
    link_into(rt, "court", "K1", person, verified=True)
    case_id = walk_to_noticed(rt, team, person)
    link_into(rt, "court", "K1", person, verified=False)  # a re-run lowered the link below the threshold
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=31)
    with pytest.raises(Denied) as caught:
        case_steps.step_case(rt, team["ana"], case_id, "refer", "refer")
    assert any("not linked with verified confidence: court:K1" in e for e in caught.value.errors)
    assert any("no longer support the ground public_safety" in e for e in caught.value.errors)


def test_who_may_read_a_case(rt: Runtime, team: dict[str, Context], convicted: str) -> None:
    case = cases.open_case(rt, team["sup"], convicted, "public_safety")
    assert cases.show_case(rt, team["sup"], case.id)["case"]["id"] == case.id
    for who in ("ana", "other", "olga", "lee"):
        with pytest.raises(Denied):
            cases.show_case(rt, team[who], case.id)
    case_steps.step_case(rt, team["sup"], case.id, "assign", "to ana", "ana")
    assert cases.show_case(rt, team["ana"], case.id)["records"][0]["ref"] == "court:K1"
    assert [c.id for c in cases.list_cases(rt, team["ana"])[0]] == [case.id]
    assert cases.list_cases(rt, team["other"])[0] == []


def test_steps_outside_the_table_are_refused(rt: Runtime, team: dict[str, Context], convicted: str) -> None:
    case = cases.open_case(rt, team["sup"], convicted, "public_safety")
    with pytest.raises(Conflict, match="step 'refer' is not possible"):
        case_steps.step_case(rt, team["sup"], case.id, "refer", "skip ahead")
    with pytest.raises(Invalid, match="written reason"):
        case_steps.step_case(rt, team["sup"], case.id, "assign", " ", "ana")


def test_closing_on_citizenship_protects_the_person_for_good(
    rt: Runtime, team: dict[str, Context], convicted: str
) -> None:
    case = cases.open_case(rt, team["sup"], convicted, "public_safety")
    cases.close_case(rt, team["sup"], case.id, "protected", "birth certificate shown", citizenship_evidence=True)
    with pytest.raises(Protected):
        cases.open_case(rt, team["sup"], convicted, "public_safety")


def test_each_missing_precondition_alone_refuses_referral(
    rt: Runtime, team: dict[str, Context], convicted: str
) -> None:
    case = cases.open_case(rt, team["sup"], convicted, "public_safety")
    case_steps.step_case(rt, team["sup"], case.id, "assign", "to ana", "ana")
    case_steps.step_case(rt, team["ana"], case.id, "submit", "ready")
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=60)
    with pytest.raises(Conflict):  # no sign-off yet: referral is not even a possible step
        case_steps.step_case(rt, team["ana"], case.id, "refer", "skip the supervisor")
    with pytest.raises(Denied):  # an analyst cannot sign off
        case_steps.step_case(rt, team["ana"], case.id, "signoff", "self approval")
    case_steps.step_case(rt, team["sup"], case.id, "signoff", "agree")
    with pytest.raises(Conflict):  # no notice issued
        case_steps.step_case(rt, team["ana"], case.id, "refer", "skip the notice")


DEPARTURE_HEADER = ["record_id", "given_name", "family_name", "date_of_birth", "a_number", "event_date"]


def test_strong_departure_closes_open_cases_weak_one_asks_a_reviewer(
    rt: Runtime, team: dict[str, Context], convicted: str, tmp_path: Path
) -> None:
    from docket.services import reviews
    from docket.services.protection import reconcile_protection

    case = cases.open_case(rt, team["sup"], convicted, "public_safety")
    ingest_rows(
        rt, tmp_path, "exits", "departure", DEPARTURE_HEADER, [["X1", "Ana", "Diaz", "1980-01-01", "", "2024-01-01"]]
    )
    link_into(rt, "exits", "X1", convicted)
    with rt.engine.begin() as conn:
        assert reconcile_protection(rt, conn, [convicted]) == 0
    tasks, _ = reviews.list_reviews(rt, add_account(rt, "dora", "data_steward"), kind="departure")
    assert len(tasks) == 1 and "weak departure" in tasks[0].reason
    ingest_rows(
        rt,
        tmp_path,
        "exits",
        "departure",
        DEPARTURE_HEADER,
        [["X2", "Ana", "Diaz", "1980-01-01", "A111111111", "2024-02-01"]],
    )
    link_into(rt, "exits", "X2", convicted)
    with rt.engine.begin() as conn:
        assert reconcile_protection(rt, conn, [convicted]) == 1
    shown = cases.show_case(rt, team["sup"], case.id)
    assert shown["case"]["status"] == "closed" and shown["timeline"][-1]["kind"] == "departed"


def test_a_grant_waiting_in_the_review_queue_already_protects(
    rt: Runtime, team: dict[str, Context], convicted: str, tmp_path: Path
) -> None:
    from docket.store import persons_repo, reviews_repo

    ingest_rows(rt, tmp_path, "grants", "status_grant", GRANT_HEADER, [CITIZEN], authoritative=True)
    with rt.engine.begin() as conn:
        grant = persons_repo.person_of_record(conn, "grants", "G1")
        court = persons_repo.person_of_record(conn, "court", "K1")
        assert grant and court
        reviews_repo.add_task(
            conn,
            kind="link",
            impact=50,
            person_id=convicted,
            record_a=court[0],
            record_b=grant[0],
            probability="0.97",
            reason="protected_link_unverified",
        )
    with pytest.raises(Protected):
        cases.open_case(rt, team["sup"], convicted, "public_safety")
