"""Accounts and tokens, cases with their append-only events, protection decisions, review tasks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from docket.store import cases_repo, reviews_repo, tokens_repo, users_repo


def test_users_round_trip(engine: Engine) -> None:
    with engine.begin() as conn:
        users_repo.add_user(conn, "sam", "supervisor", "east", None)
        users_repo.add_user(conn, "ana", "analyst", "east", "$argon2id$v=19$...")
        users_repo.set_active(conn, "sam", False)
        users_repo.set_password_hash(conn, "sam", "$argon2id$new")
    with engine.connect() as conn:
        sam = users_repo.find_user(conn, "sam")
        assert users_repo.find_user(conn, "nobody") is None
        assert [u.id for u in users_repo.list_users(conn)] == ["ana", "sam"]
    assert sam is not None
    assert (sam.role, sam.unit, sam.active, sam.password_hash) == ("supervisor", "east", False, "$argon2id$new")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        users_repo.add_user(conn, "sam", "analyst", "", None)


def test_tokens_revoke_once_and_belong_to_a_user(engine: Engine) -> None:
    with engine.begin() as conn:
        users_repo.add_user(conn, "ana", "analyst", "east", None)
        tokens_repo.add_token(
            conn, "tok1", "ana", "ab" * 32, "2024-01-01T00:00:00.000000Z", "2024-02-01T00:00:00.000000Z"
        )
    with engine.begin() as conn:
        assert tokens_repo.revoke_token(conn, "tok1", "2024-01-05T00:00:00.000000Z") == 1
        assert tokens_repo.revoke_token(conn, "tok1", "2024-01-06T00:00:00.000000Z") == 0
        assert tokens_repo.revoke_token(conn, "nope", "2024-01-06T00:00:00.000000Z") == 0
    with engine.connect() as conn:
        token = tokens_repo.find_token(conn, "tok1")
        assert tokens_repo.find_token(conn, "nope") is None
    assert token is not None and (token.user_id, token.revoked_at) == ("ana", "2024-01-05T00:00:00.000000Z")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        tokens_repo.add_token(conn, "tok2", "ghost", "cd" * 32, "2024-01-01", "2024-02-01")


def test_a_token_comes_with_its_holder_in_one_read(engine: Engine) -> None:
    with engine.begin() as conn:
        users_repo.add_user(conn, "ana", "analyst", "east", None)
        tokens_repo.add_token(conn, "tok1", "ana", "ab" * 32, "2024-01-01T00:00:00.000000Z", "2024-02-01T00:00:00Z")
        users_repo.set_active(conn, "ana", False)
    with engine.connect() as conn:
        holder = tokens_repo.find_token_holder(conn, "tok1")
        assert tokens_repo.find_token_holder(conn, "nope") is None
    assert holder is not None
    assert (holder.secret_hash, holder.expires_at, holder.revoked_at) == ("ab" * 32, "2024-02-01T00:00:00Z", None)
    assert (holder.user_id, holder.role, holder.unit, holder.active) == ("ana", "analyst", "east", False)


def test_sign_in_failures_count_since_a_time_and_clear(engine: Engine) -> None:
    with engine.begin() as conn:
        for at in ("2024-01-01T10:00:00.000000Z", "2024-01-01T10:05:00.000000Z", "2024-01-01T10:09:59.999999Z"):
            tokens_repo.record_failure(conn, "ana", at)
        tokens_repo.record_failure(conn, "sam", "2024-01-01T10:06:00.000000Z")
    with engine.begin() as conn:
        assert tokens_repo.failures_since(conn, "ana", "2024-01-01T10:05:00.000000Z") == 2
        tokens_repo.clear_failures(conn, "ana")
        assert tokens_repo.failures_since(conn, "ana", "2000-01-01") == 0
        assert tokens_repo.failures_since(conn, "sam", "2000-01-01") == 1


def case_values(case_id: str, person_id: str = "P00000001", **changes: Any) -> dict[str, Any]:
    values = {
        "id": case_id,
        "person_id": person_id,
        "ground": "public_safety",
        "purpose": "enforcement",
        "status": "open",
        "unit": "east",
        "assigned_to": "",
        "opened_by": "sam",
        "opened_at": "2024-01-01T00:00:00.000000Z",
        "pack_name": "dhs-2021",
        "pack_sha256": "ab" * 32,
        "tier": "priority_1",
        "evaluation": json.dumps({"fired": ["violent-felony"]}),
    }
    return {**values, **changes}


def test_cases_round_trip_with_their_events(engine: Engine) -> None:
    with engine.begin() as conn:
        case_id = cases_repo.new_case_id(conn)
        cases_repo.add_case(conn, case_values(case_id))
        cases_repo.add_event(conn, case_id, "opened", None, "open", "sam", "ground supported", {"tier": "priority_1"})
        cases_repo.set_case(conn, case_id, status="assigned", assigned_to="ana")
        cases_repo.add_event(conn, case_id, "assign", "open", "assigned", "sam", "à Ana — 审查")
    with engine.connect() as conn:
        case = cases_repo.get_case(conn, case_id)
        timeline = cases_repo.events(conn, case_id)
        assert cases_repo.get_case(conn, "C9999999") is None
    assert case_id == "C0000001"
    assert case is not None and (case.status, case.assigned_to, case.close_reason) == ("assigned", "ana", None)
    assert [(e.kind, e.from_status, e.to_status) for e in timeline] == [
        ("opened", None, "open"),
        ("assign", "open", "assigned"),
    ]
    assert json.loads(timeline[0].detail) == {"tier": "priority_1"} and timeline[1].reason == "à Ana — 审查"
    with pytest.raises(IntegrityError), engine.begin() as conn:
        cases_repo.add_event(conn, "C0000404", "assign", "open", "assigned", "sam", "no such case")


def test_case_queues_filter_page_and_count(engine: Engine) -> None:
    with engine.begin() as conn:
        for n, (who, unit, status) in enumerate(
            [("ana", "east", "open"), ("ana", "east", "closed"), ("otto", "west", "open"), ("", "east", "noticed")]
        ):
            case_id = cases_repo.new_case_id(conn)
            cases_repo.add_case(conn, case_values(case_id, f"P{n % 2:08d}", assigned_to=who, unit=unit, status=status))
    with engine.connect() as conn:
        mine, total = cases_repo.list_cases(conn, assigned_to="ana")
        east, east_total = cases_repo.list_cases(conn, unit="east", limit=2, offset=1)
        everyone = cases_repo.list_cases(conn)[1]
        still_open = cases_repo.open_cases_of_person(conn, "P00000000")
    assert ([c.id for c in mine], total) == (["C0000002", "C0000001"], 2)
    assert ([c.id for c in east], east_total, everyone) == (["C0000002", "C0000001"], 3, 4)
    assert sorted(c.id for c in still_open) == ["C0000001", "C0000003"]


def test_open_cases_of_many_persons_agree_with_one_by_one(engine: Engine) -> None:
    """Past a few hundred persons (a full link) every open case is read once and filtered."""
    with engine.begin() as conn:
        for n, status in enumerate(["open", "closed", "suspended", "open"]):
            case_id = cases_repo.new_case_id(conn)
            cases_repo.add_case(conn, case_values(case_id, f"P{n % 3:08d}", status=status))
    wanted = ["P00000001", "P00000000", "P00000002"]
    many = [*wanted, *(f"Q{n:08d}" for n in range(300))]
    with engine.connect() as conn:
        few = cases_repo.open_cases_of_persons(conn, wanted)
        lots = cases_repo.open_cases_of_persons(conn, many)
    assert {p: [c.id for c in cs] for p, cs in few.items()} == {
        "P00000000": ["C0000001", "C0000004"], "P00000002": ["C0000003"]}
    assert list(few) == ["P00000000", "P00000002"]
    assert {p: [c.id for c in cs] for p, cs in lots.items()} == {p: [c.id for c in cs] for p, cs in few.items()}


def test_the_latest_notice_is_the_one_issued_last(engine: Engine) -> None:
    with engine.begin() as conn:
        cases_repo.add_case(conn, case_values("C0000001"))
        for notice_id, issued in (("N2", "2024-03-01T00:00:00.000000Z"), ("N1", "2024-02-01T00:00:00.000000Z")):
            cases_repo.add_notice(
                conn,
                {
                    "id": notice_id,
                    "case_id": "C0000001",
                    "issued_at": issued,
                    "contest_until": "2024-04-01",
                    "html_path": f"/docs/{notice_id}.html",
                    "pdf_path": f"/docs/{notice_id}.pdf",
                    "sha256": "ef" * 32,
                },
            )
    with engine.connect() as conn:
        latest = cases_repo.latest_notice(conn, "C0000001")
        assert cases_repo.latest_notice(conn, "C0000002") is None
    assert latest is not None and latest.id == "N2"


def test_protection_decisions_are_appended_and_superseded(engine: Engine) -> None:
    with engine.begin() as conn:
        first = cases_repo.add_protection_decision(conn, "P1", "cleared", "record was wrong", "lee", ["grants:G1"])
        cases_repo.add_protection_decision(conn, "P2", "cleared", "other person", "lee", [])
    with engine.begin() as conn:
        second = cases_repo.add_protection_decision(conn, "P1", "reinstated", "new evidence", "lee", [])
    with engine.connect() as conn:
        history = cases_repo.protection_history(conn, "P1")
        other = cases_repo.protection_history(conn, "P2")
    assert [(h.id, h.kind, h.superseded_by) for h in history] == [
        (first, "cleared", second),
        (second, "reinstated", None),
    ]
    assert json.loads(history[0].refs) == ["grants:G1"] and other[0].superseded_by is None


def test_review_tasks_queue_by_impact_then_age(engine: Engine) -> None:
    with engine.begin() as conn:
        low = reviews_repo.add_task(
            conn, kind="link", impact=1, record_a=1, record_b=2, reason="maybe", probability="0.7"
        )
        high = reviews_repo.add_task(conn, kind="link", impact=9, record_a=3, record_b=4, reason="likely")
        other = reviews_repo.add_task(conn, kind="contest", impact=9, reason="contest", role_needed="supervisor")
        reviews_repo.decide_task(conn, low, "must_link", "same A-number", "rita")
    with engine.connect() as conn:
        queue, total = reviews_repo.list_open(conn, 10, 0)
        links, link_total = reviews_repo.list_open(conn, 10, 0, kind="link")
        pairs = reviews_repo.open_pairs(conn)
        decided = reviews_repo.get_task(conn, low)
        assert reviews_repo.get_task(conn, "T9999999") is None
    assert (low, high, other) == ("T0000001", "T0000002", "T0000003")
    assert ([t.id for t in queue], total) == ([high, other], 2)
    assert ([t.id for t in links], link_total, pairs) == ([high], 1, {(3, 4)})
    assert decided is not None
    assert (decided.status, decided.decision, decided.decided_by, decided.probability) == (
        "decided",
        "must_link",
        "rita",
        "0.7",
    )
    assert queue[1].role_needed == "supervisor" and queue[0].role_needed == "data_steward"


def test_link_tasks_open_together_with_consecutive_ids(engine: Engine) -> None:
    def task(a: int, b: int, impact: int) -> dict[str, Any]:
        return {"kind": "link", "impact": impact, "person_id": f"P{a}", "record_a": a, "record_b": b,
                "probability": "0.700000", "reason": "uncertain", "role_needed": "data_steward"}

    with engine.begin() as conn:
        before = reviews_repo.add_task(conn, kind="contest", impact=1, reason="contest")
        assert reviews_repo.add_link_tasks(conn, []) == []
        ids = reviews_repo.add_link_tasks(conn, [task(1, 2, 3), task(1, 5, 7)])
        after = reviews_repo.add_task(conn, kind="contest", impact=1, reason="contest")
        queue, total = reviews_repo.list_open(conn, 10, 0, kind="link")
        assert reviews_repo.open_pairs(conn) == {(1, 2), (1, 5)}
    number = int(before[1:])
    assert ids == [f"T{number + 1:07d}", f"T{number + 2:07d}"] and after == f"T{number + 3:07d}"
    assert total == 2 and [(t.id, t.record_b, t.impact, t.person_id, t.status) for t in queue] == [
        (ids[1], 5, 7, "P1", "open"), (ids[0], 2, 3, "P1", "open")]
