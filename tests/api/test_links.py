"""Links over HTTP: explanations of a pair and of a person, and a reviewer's pair decision."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import assert_error
from tests.api.world import World

Tokens = dict[str, dict[str, str]]
EXPLAIN = "/api/v1/links/explain"


def test_a_pair_explanation_lists_every_field_with_its_weight(client: TestClient, world: World, tokens: Tokens) -> None:
    response = client.get(EXPLAIN, params={"left": "court:K1", "right": "ids:I1"}, headers=tokens["dora"])
    assert response.status_code == 200, response.text
    explained = response.json()
    fields = {c["comparison"]: c for c in explained["comparisons"]}
    assert {"given_name", "date_of_birth", "a_number"} <= set(fields)
    assert fields["a_number"]["total"] > 0 and explained["left"] == "court:K1"
    assert "Ana" not in response.text and "1980" not in response.text  # levels and weights, never values


def test_explanation_refusals(client: TestClient, world: World, tokens: Tokens) -> None:
    missing = client.get(EXPLAIN, params={"left": "court:K1", "right": "ids:NOPE"}, headers=tokens["dora"])
    assert_error(missing, 404, "not_found")
    assert_error(client.get(EXPLAIN, params={"left": "court:K1"}, headers=tokens["dora"]), 422, "invalid")
    analyst = client.get(EXPLAIN, params={"left": "court:K1", "right": "ids:I1"}, headers=tokens["ana"])
    assert assert_error(analyst, 403, "denied")["policy_ids"] == ["default-deny"]


def test_a_person_explanations_are_paginated(client: TestClient, world: World, tokens: Tokens) -> None:
    url = f"/api/v1/persons/{world.convicted}/explanations"
    page = client.get(url, headers=tokens["dora"]).json()
    assert page["total"] == 2 and [(e["left"], e["right"]) for e in page["items"]] == [
        ("court:K1", "ids:I1"),
        ("court:K1", "ids:I2"),
    ]
    second = client.get(url, params={"limit": 1, "offset": 1}, headers=tokens["dora"]).json()
    assert [e["right"] for e in second["items"]] == ["ids:I2"] and second["total"] == 2
    assert_error(client.get("/api/v1/persons/P99999999/explanations", headers=tokens["dora"]), 404, "not_found")
    supervisor = client.get(url, headers=tokens["sam"])
    assert assert_error(supervisor, 403, "denied")["policy_ids"] == ["default-deny"]


def test_a_pair_decision_is_applied(client: TestClient, rt: Runtime, world: World, tokens: Tokens) -> None:
    body = {"left": "court:K1", "right": "ids:I2", "decision": "no_link", "reason": "different birth dates"}
    decided = client.post("/api/v1/links/decisions", json=body, headers=tokens["dora"])
    assert decided.status_code == 200 and decided.json()["person_id"] == world.convicted
    assert decided.json()["split_to"] not in (None, world.convicted)
    unknown = client.post("/api/v1/links/decisions", json={**body, "right": "ids:NOPE"}, headers=tokens["dora"])
    assert_error(unknown, 404, "not_found")
    bad = client.post("/api/v1/links/decisions", json={**body, "decision": "perhaps"}, headers=tokens["dora"])
    assert_error(bad, 422, "invalid")
    analyst = client.post("/api/v1/links/decisions", json=body, headers=tokens["ana"])
    assert assert_error(analyst, 403, "denied")["policy_ids"] == ["default-deny"]
