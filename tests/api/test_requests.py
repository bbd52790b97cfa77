"""Subject requests over HTTP: deadlines, acknowledgement, access answers, corrections."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import assert_error
from tests.api.world import World, file_request

Tokens = dict[str, dict[str, str]]


def test_an_access_request_is_filed_acknowledged_and_answered(client: TestClient, world: World, tokens: Tokens) -> None:
    filed = client.post(
        "/api/v1/requests", json={"kind": "access", "person_id": world.convicted}, headers=tokens["lee"]
    )
    assert filed.status_code == 201, filed.text
    request = filed.json()
    assert request["status"] == "received" and request["acknowledge_by"] < request["decide_by"]
    assert request["acknowledge_overdue"] is False and request["decide_overdue"] is False
    listed = client.get("/api/v1/requests", headers=tokens["lee"]).json()
    assert [r["id"] for r in listed["items"]] == [request["id"]] and listed["total"] == 1
    acked = client.post(f"/api/v1/requests/{request['id']}/acknowledge", headers=tokens["lee"]).json()
    assert acked["status"] == "acknowledged" and acked["assigned_to"] == "lee"
    answered = client.post(f"/api/v1/requests/{request['id']}/answer", headers=tokens["lee"]).json()
    assert answered["request"] == request["id"] and {d.rsplit(".", 1)[1] for d in answered["documents"]} == {
        "json",
        "html",
    }
    assert "/" not in "".join(answered["documents"])  # file names, never server paths
    again = client.post(f"/api/v1/requests/{request['id']}/answer", headers=tokens["lee"])
    assert_error(again, 409, "conflict")


def test_a_correction_is_accepted_with_a_reason(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    detail = {"record": "ids:I2", "field": "given_name", "value": "Ana"}
    request_id = file_request(rt, "correction", world.convicted, detail)
    url = f"/api/v1/requests/{request_id}/correction"
    assert_error(client.post(url, json={"accept": True, "reason": " "}, headers=tokens["lee"]), 422, "invalid")
    decided = client.post(url, json={"accept": True, "reason": "passport copy shows Ana"}, headers=tokens["lee"])
    assert decided.status_code == 200, decided.text
    assert decided.json()["decision"] == "accepted" and isinstance(decided.json()["effects"], dict)
    again = client.post(url, json={"accept": False, "reason": "no"}, headers=tokens["lee"])
    assert_error(again, 409, "conflict")


def test_request_refusals(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    unknown_person = client.post("/api/v1/requests", json={"kind": "access", "person_id": "P99"}, headers=tokens["lee"])
    assert_error(unknown_person, 404, "not_found")
    bad_kind = client.post(
        "/api/v1/requests", json={"kind": "gossip", "person_id": world.convicted}, headers=tokens["lee"]
    )
    assert_error(bad_kind, 422, "invalid")
    assert_error(client.post("/api/v1/requests/S9999999/acknowledge", headers=tokens["lee"]), 404, "not_found")
    access = file_request(rt, "access", world.convicted)
    wrong_kind = client.post(
        f"/api/v1/requests/{access}/correction", json={"accept": True, "reason": "r"}, headers=tokens["lee"]
    )
    assert_error(wrong_kind, 422, "invalid")
    analyst = assert_error(client.get("/api/v1/requests", headers=tokens["ana"]), 403, "denied")
    assert analyst["policy_ids"] == ["default-deny"]


def test_a_legal_reviewer_clears_a_lawful_status_protection(client: TestClient, world: World, tokens: Tokens) -> None:
    url = f"/api/v1/persons/{world.resident}/protection/clear"
    reason = {"reason": "residence revoked by the immigration court on 2025-01-01"}
    cleared = client.post(url, json=reason, headers=tokens["lee"])
    assert cleared.status_code == 200 and cleared.json() == {"person_id": world.resident, "records": ["grants:G2"]}
    assert_error(client.post(url, json=reason, headers=tokens["lee"]), 422, "invalid")  # nothing left to clear


def test_protection_refusals(client: TestClient, world: World, tokens: Tokens) -> None:
    reason = {"reason": "a long enough reason for the test of refusals"}
    citizen = client.post(f"/api/v1/persons/{world.citizen}/protection/clear", json=reason, headers=tokens["lee"])
    assert "citizen-by-birth-never-cleared" in assert_error(citizen, 403, "denied")["policy_ids"]
    short = client.post(
        f"/api/v1/persons/{world.resident}/protection/clear", json={"reason": "no"}, headers=tokens["lee"]
    )
    assert_error(short, 422, "invalid")
    unknown = client.post("/api/v1/persons/P99999999/protection/clear", json=reason, headers=tokens["lee"])
    assert_error(unknown, 404, "not_found")
    analyst = client.post(f"/api/v1/persons/{world.resident}/protection/clear", json=reason, headers=tokens["ana"])
    assert assert_error(analyst, 403, "denied")["policy_ids"] == ["default-deny"]
