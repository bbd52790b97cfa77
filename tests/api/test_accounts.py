"""Accounts and tokens (administrators only; never their own account)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import assert_error, bearer


def test_list_accounts_paginated(client: TestClient, admin: dict[str, str]) -> None:
    page = client.get("/api/v1/users", params={"limit": 2}, headers=admin).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert {"id": "admin", "role": "admin", "unit": "", "active": True} in page["items"]


def test_add_account_then_conflict(client: TestClient, admin: dict[str, str]) -> None:
    new = {"id": "ana", "role": "analyst", "unit": "north", "password": "long enough password"}
    response = client.post("/api/v1/users", json=new, headers=admin)
    assert response.status_code == 201 and response.json() == {
        "id": "ana",
        "role": "analyst",
        "unit": "north",
        "active": True,
    }
    assert_error(client.post("/api/v1/users", json=new, headers=admin), 409, "conflict")


def test_add_account_refuses_bad_input(client: TestClient, admin: dict[str, str]) -> None:
    assert_error(client.post("/api/v1/users", json={"id": "x", "role": "king"}, headers=admin), 422, "invalid")
    short = {"id": "x", "role": "analyst", "password": "short"}
    assert_error(client.post("/api/v1/users", json=short, headers=admin), 422, "invalid")
    assert_error(client.post("/api/v1/users", json={"role": "analyst"}, headers=admin), 422, "invalid")


def test_disable_and_enable(client: TestClient, admin: dict[str, str]) -> None:
    assert client.post("/api/v1/users/operator/disable", headers=admin).json() == {"id": "operator", "active": False}
    assert client.post("/api/v1/users/operator/enable", headers=admin).json() == {"id": "operator", "active": True}
    assert_error(client.post("/api/v1/users/ghost/disable", headers=admin), 404, "not_found")


def test_no_self_administration(client: TestClient, admin: dict[str, str]) -> None:
    body = assert_error(client.post("/api/v1/users/admin2/disable", headers=admin), 403, "denied")
    assert body["policy_ids"] == ["no-self-administration"]


def test_only_admins_manage_accounts(client: TestClient, steward: dict[str, str]) -> None:
    body = assert_error(client.get("/api/v1/users", headers=steward), 403, "denied")
    assert body["policy_ids"] == ["default-deny"]


def test_create_use_and_revoke_a_token(client: TestClient, admin: dict[str, str]) -> None:
    issued = client.post("/api/v1/users/operator/tokens", json={"days": 2}, headers=admin)
    assert issued.status_code == 201
    token = issued.json()
    assert token["user_id"] == "operator" and token["token"].startswith("dkt_")
    assert client.get("/api/v1/sources", headers=bearer(token["token"])).status_code == 200
    revoked = client.post(f"/api/v1/tokens/{token['token_id']}/revoke", headers=admin)
    assert revoked.json() == {"token_id": token["token_id"], "revoked": True}
    assert_error(client.get("/api/v1/sources", headers=bearer(token["token"])), 401, "unauthenticated")


def test_token_requests_are_validated(client: TestClient, admin: dict[str, str]) -> None:
    assert client.post("/api/v1/users/operator/tokens", headers=admin).status_code == 201
    assert_error(client.post("/api/v1/users/operator/tokens", json={"days": 0}, headers=admin), 422, "invalid")
    assert_error(client.post("/api/v1/users/ghost/tokens", headers=admin), 404, "not_found")
    assert_error(client.post("/api/v1/tokens/nope/revoke", headers=admin), 404, "not_found")


def test_accounts_need_authentication(client: TestClient, rt: Runtime) -> None:
    assert_error(client.post("/api/v1/users", json={"id": "x", "role": "analyst"}), 401, "unauthenticated")
