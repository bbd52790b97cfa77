"""The review queue over HTTP: list with a kind filter, the task side by side, decisions."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import assert_error
from tests.api.world import World, link_task

Tokens = dict[str, dict[str, str]]


def test_a_steward_lists_shows_and_decides_a_link_task(
    client: TestClient, rt: Runtime, world: World, tokens: Tokens
) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    queue = client.get("/api/v1/reviews", params={"kind": "link"}, headers=tokens["dora"]).json()
    assert [t["id"] for t in queue["items"]] == [task_id] and queue["total"] == 1 and queue["limit"] == 50
    none = client.get("/api/v1/reviews", params={"kind": "departure"}, headers=tokens["dora"]).json()
    assert none["items"] == [] and none["total"] == 0
    shown = client.get(f"/api/v1/reviews/{task_id}", headers=tokens["dora"]).json()
    assert {shown["left"]["record_id"], shown["right"]["record_id"]} == {"K2", "I3"}
    assert {"given_name", "family_name", "date_of_birth"} <= set(shown["differing"])
    decided = client.post(
        f"/api/v1/reviews/{task_id}/decision",
        json={"decision": "no_link", "reason": "different people"},
        headers=tokens["dora"],
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "no_link"
    again = client.post(
        f"/api/v1/reviews/{task_id}/decision",
        json={"decision": "link", "reason": "changed my mind"},
        headers=tokens["dora"],
    )
    assert "already decided" in assert_error(again, 409, "conflict")["error"]
    assert client.get("/api/v1/reviews", headers=tokens["dora"]).json()["total"] == 0


def test_a_link_decision_merges_the_persons(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    decided = client.post(
        f"/api/v1/reviews/{task_id}/decision",
        json={"decision": "link", "reason": "same A-number at court"},
        headers=tokens["dora"],
    ).json()
    assert decided["person_id"] in (world.other, world.stranger) and decided["merged"] in (world.other, world.stranger)


def test_review_refusals(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    decide = f"/api/v1/reviews/{task_id}/decision"
    assert_error(client.post(decide, json={"decision": "maybe", "reason": "r"}, headers=tokens["dora"]), 422, "invalid")
    assert_error(client.post(decide, json={"decision": "link"}, headers=tokens["dora"]), 422, "invalid")
    legal = client.post(decide, json={"decision": "link", "reason": "r"}, headers=tokens["lee"])
    assert assert_error(legal, 403, "denied")["policy_ids"] == ["default-deny"]
    analyst = assert_error(client.get("/api/v1/reviews", headers=tokens["ana"]), 403, "denied")
    assert analyst["policy_ids"] == ["default-deny"]
    oversight = assert_error(client.get(f"/api/v1/reviews/{task_id}", headers=tokens["olga"]), 403, "denied")
    assert "oversight-no-person-data" in oversight["policy_ids"]


def test_an_unknown_task_is_refused_without_saying_whether_it_exists(client: TestClient, tokens: Tokens) -> None:
    assert_error(client.get("/api/v1/reviews/T9999999", headers=tokens["dora"]), 403, "denied")
    decide = {"decision": "link", "reason": "r"}
    assert_error(client.post("/api/v1/reviews/T9999999/decision", json=decide, headers=tokens["dora"]), 403, "denied")
