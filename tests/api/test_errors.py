"""One error shape for every error: authentication, policy, framework and unexpected errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from docket.services import users
from docket.services.runtime import Runtime
from tests.api.factories import ADMIN, ERROR_KEYS, add_account, as_role, assert_error, bearer, token_for


def test_unauthenticated_cases_answers_401(client: TestClient) -> None:
    response = client.get("/api/v1/cases")
    assert_error(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer dkt_0123456789abcdef_wrong", "Basic YTpi", "Bearer "])
def test_bad_tokens_answer_401(client: TestClient, header: str) -> None:
    assert_error(client.get("/api/v1/sources", headers={"Authorization": header}), 401, "unauthenticated")


def test_expired_token_answers_401(client: TestClient, rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = bearer(token_for(rt, "operator", days=1))
    assert client.get("/api/v1/sources", headers=headers).status_code == 200
    monkeypatch.setattr(users, "now_iso", lambda: "2999-01-01T00:00:00Z")
    assert_error(client.get("/api/v1/sources", headers=headers), 401, "unauthenticated")


def test_revoked_token_answers_401(client: TestClient, rt: Runtime, admin: dict[str, str]) -> None:
    issued = users.create_token(rt, ADMIN, "operator")
    assert client.post(f"/api/v1/tokens/{issued.token_id}/revoke", headers=admin).status_code == 200
    assert_error(client.get("/api/v1/sources", headers=bearer(issued.token)), 401, "unauthenticated")


def test_disabled_account_token_answers_401(client: TestClient, rt: Runtime, admin: dict[str, str]) -> None:
    headers = bearer(token_for(rt, add_account(rt, "ana", "analyst", "north")))
    assert client.post("/api/v1/users/ana/disable", headers=admin).json() == {"id": "ana", "active": False}
    assert_error(client.get("/api/v1/cases", headers=headers), 401, "unauthenticated")


def test_refusal_names_the_policy(client: TestClient, rt: Runtime) -> None:
    body = assert_error(client.get("/api/v1/sources", headers=as_role(rt, "analyst", "north")), 403, "denied")
    assert body["policy_ids"] == ["default-deny"] and "manage_sources" in body["error"]


def test_hard_rule_refusal_names_the_forbid(client: TestClient, steward: dict[str, str]) -> None:
    response = client.get("/api/v1/persons/export", params={"purpose": "enforcement"}, headers=steward)
    assert assert_error(response, 403, "denied")["policy_ids"] == ["no-bulk-export-for-enforcement"]


def test_unknown_path_and_method(client: TestClient) -> None:
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    response = client.delete("/api/v1/sources")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["allow"]


def test_malformed_json_is_422(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/users", content=b'{"id": "x",', headers={**admin, "content-type": "application/json"}
    )
    body = assert_error(response, 422, "invalid")
    assert body["errors"] and "JSON" in " ".join(body["errors"])


@pytest.mark.parametrize("query", ["limit=501", "limit=0", "offset=-1", "limit=ten"])
def test_pagination_is_validated(client: TestClient, steward: dict[str, str], query: str) -> None:
    body = assert_error(client.get(f"/api/v1/sources?{query}", headers=steward), 422, "invalid")
    assert any(problem.startswith("query.") for problem in body["errors"])


def test_unexpected_error_is_500_without_traceback(
    client: TestClient, steward: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("docket.services.sources.list_sources", explode)
    response = client.get("/api/v1/sources", headers=steward)
    body = assert_error(response, 500, "internal")
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "reference" in body["error"]


def test_every_operation_documents_the_error_shape(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert set(spec["components"]["schemas"]["ErrorBody"]["properties"]) == ERROR_KEYS
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status in ("401", "403", "422", "500"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


def test_docs_page_is_served(client: TestClient) -> None:
    assert client.get("/api/v1/docs").status_code == 200


NEW_ENDPOINTS = [  # cases, review, links, subject requests, protection, ingest history, reports
    ("GET", "/api/v1/cases/C0000001"),
    ("POST", "/api/v1/cases"),
    ("POST", "/api/v1/cases/C0000001/steps"),
    ("POST", "/api/v1/cases/C0000001/close"),
    ("GET", "/api/v1/reviews"),
    ("GET", "/api/v1/reviews/T0000001"),
    ("POST", "/api/v1/reviews/T0000001/decision"),
    ("POST", "/api/v1/links/decisions"),
    ("GET", "/api/v1/links/explain?left=a:1&right=b:2"),
    ("GET", "/api/v1/persons/P00000001/explanations"),
    ("POST", "/api/v1/persons/P00000001/protection/clear"),
    ("GET", "/api/v1/requests"),
    ("POST", "/api/v1/requests"),
    ("POST", "/api/v1/requests/S0000001/acknowledge"),
    ("POST", "/api/v1/requests/S0000001/answer"),
    ("POST", "/api/v1/requests/S0000001/correction"),
    ("GET", "/api/v1/sources/batches"),
    ("POST", "/api/v1/reports/transparency"),
]


def test_every_endpoint_answers_401_without_a_token(client: TestClient) -> None:
    for method, path in NEW_ENDPOINTS:
        response = client.request(method, path, json={})
        assert_error(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer", path
