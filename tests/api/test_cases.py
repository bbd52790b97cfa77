"""Cases over HTTP: the queue, the case file, opening, stepping and closing; each refusal in the one
error shape, naming the deciding policy."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import as_role, assert_error
from tests.api.world import World, open_case

Tokens = dict[str, dict[str, str]]


def test_an_analyst_sees_an_empty_queue(client: TestClient, rt: Runtime) -> None:
    page = client.get("/api/v1/cases", params={"limit": 10}, headers=as_role(rt, "analyst", "north")).json()
    assert page == {"items": [], "limit": 10, "offset": 0, "total": 0}


def test_a_data_steward_never_reads_cases(client: TestClient, steward: dict[str, str]) -> None:
    body = assert_error(client.get("/api/v1/cases", headers=steward), 403, "denied")
    assert body["policy_ids"] == ["data-steward-no-case-file"]


def test_the_purpose_is_from_the_closed_list(client: TestClient, rt: Runtime) -> None:
    response = client.get("/api/v1/cases", params={"purpose": "marketing"}, headers=as_role(rt, "analyst", "north"))
    assert_error(response, 422, "invalid")


def test_a_supervisor_opens_a_case_and_reads_the_case_file(client: TestClient, world: World, tokens: Tokens) -> None:
    body = {"person_id": world.convicted, "ground": "public_safety"}
    opened = client.post("/api/v1/cases", json=body, headers=tokens["sam"])
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["status"] == "open" and case["tier"] and case["reason"].startswith(case["tier"])
    queue = client.get("/api/v1/cases", headers=tokens["sam"]).json()
    assert [c["id"] for c in queue["items"]] == [case["id"]] and queue["total"] == 1
    file = client.get(f"/api/v1/cases/{case['id']}", headers=tokens["sam"]).json()
    assert file["case"] == case and file["steps"] == ["assign", "close"]
    refs = {r["ref"]: r["provenance"] for r in file["records"]}
    assert set(refs) == {"court:K1", "ids:I1", "ids:I2"}
    assert refs["court:K1"]["file_name"] and refs["court:K1"]["line"] == 2 and refs["court:K1"]["ingested_at"]
    fired = [o for o in file["evaluation"]["outcomes"] if o["fired"]]
    assert any(o["records"] == ["court:K1"] for o in fired)
    assert [e["kind"] for e in file["timeline"]] == ["opened"] and file["timeline"][0]["from"] is None


def test_a_case_walks_through_its_steps(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    case_id = open_case(rt, world.convicted)
    steps = f"/api/v1/cases/{case_id}/steps"
    assign = {"step": "assign", "reason": "east unit", "to_user": "ana"}
    assigned = client.post(steps, json=assign, headers=tokens["sam"])
    assert assigned.json()["assigned_to"] == "ana" and assigned.json()["status"] == "assigned"
    assert client.get(f"/api/v1/cases/{case_id}", headers=tokens["ana"]).status_code == 200
    submitted = client.post(steps, json={"step": "submit", "reason": "facts checked"}, headers=tokens["ana"])
    assert submitted.json()["status"] == "in_review"
    self_signoff = client.post(steps, json={"step": "signoff", "reason": "mine"}, headers=tokens["ana"])
    assert "no-self-signoff" in assert_error(self_signoff, 403, "denied")["policy_ids"]
    signed = client.post(steps, json={"step": "signoff", "reason": "ground supported"}, headers=tokens["sam"])
    assert signed.json()["status"] == "signed_off"
    noticed = client.post(steps, json={"step": "notice", "reason": "notify"}, headers=tokens["ana"])
    assert noticed.json()["status"] == "noticed"
    file = client.get(f"/api/v1/cases/{case_id}", headers=tokens["ana"]).json()
    assert file["notice"]["contest_until"] > file["notice"]["issued_at"] and "html_path" not in file["notice"]
    assert [e["kind"] for e in file["timeline"]] == ["opened", "assign", "submit", "signoff", "notice"]
    assert set(file["steps"]) == {"contest", "refer", "close"}


def test_step_errors(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    case_id = open_case(rt, world.convicted)
    steps = f"/api/v1/cases/{case_id}/steps"
    assert_error(client.post(steps, json={"step": "refer", "reason": "now"}, headers=tokens["sam"]), 409, "conflict")
    assert_error(client.post(steps, json={"step": "teleport", "reason": "x"}, headers=tokens["sam"]), 422, "invalid")
    assert_error(client.post(steps, json={"step": "assign", "reason": "  "}, headers=tokens["sam"]), 422, "invalid")
    assert_error(client.post(steps, json={"step": "assign"}, headers=tokens["sam"]), 422, "invalid")
    assigned = client.post(steps, json={"step": "assign", "reason": "r", "to_user": "lee"}, headers=tokens["sam"])
    assert "not an active analyst" in assert_error(assigned, 422, "invalid")["error"]


def test_opening_refusals(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    def open_(person: str, ground: str = "public_safety", who: str = "sam") -> httpx.Response:
        return client.post("/api/v1/cases", json={"person_id": person, "ground": ground}, headers=tokens[who])

    body = assert_error(open_(world.citizen), 403, "protected")
    assert "protected-person-no-enforcement" in body["policy_ids"]
    assert_error(open_("P99999999"), 404, "not_found")
    assert_error(open_(world.convicted, "removable"), 422, "invalid")
    assert_error(open_(world.stranger), 422, "invalid")
    assert open_(world.convicted).status_code == 201
    assert_error(open_(world.convicted), 409, "conflict")
    assert assert_error(open_(world.other, who="lee"), 403, "denied")["policy_ids"] == ["default-deny"]


def test_an_analyst_is_refused_a_case_outside_their_queue(
    client: TestClient, rt: Runtime, world: World, tokens: Tokens
) -> None:
    case_id = open_case(rt, world.convicted)
    body = assert_error(client.get(f"/api/v1/cases/{case_id}", headers=tokens["otto"]), 403, "denied")
    assert body["policy_ids"] == ["default-deny"]
    other_unit = assert_error(client.get(f"/api/v1/cases/{case_id}", headers=tokens["sid"]), 403, "denied")
    assert other_unit["policy_ids"] == ["default-deny"]
    oversight = assert_error(client.get(f"/api/v1/cases/{case_id}", headers=tokens["olga"]), 403, "denied")
    assert "oversight-no-person-data" in oversight["policy_ids"]


def test_an_unknown_case_is_refused_without_saying_whether_it_exists(client: TestClient, tokens: Tokens) -> None:
    assert_error(client.get("/api/v1/cases/C9999999", headers=tokens["sam"]), 403, "denied")


def test_unknown_case_is_404_where_policy_allows_the_lookup(client: TestClient, rt: Runtime) -> None:
    headers = as_role(rt, "supervisor")  # no unit: the lookup of a case with no unit is allowed
    assert_error(client.get("/api/v1/cases/C9999999", headers=headers), 404, "not_found")
    close = {"reason_code": "resolved", "reason": "r"}
    assert_error(client.post("/api/v1/cases/C9999999/close", json=close, headers=headers), 404, "not_found")


def test_closing_a_case(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    close = f"/api/v1/cases/{open_case(rt, world.convicted)}/close"
    bad = client.post(close, json={"reason_code": "bored", "reason": "r"}, headers=tokens["sam"])
    assert_error(bad, 422, "invalid")
    closed = client.post(close, json={"reason_code": "not_a_priority", "reason": "old offense"}, headers=tokens["sam"])
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(close, json={"reason_code": "resolved", "reason": "again"}, headers=tokens["sam"])
    assert_error(again, 409, "conflict")
