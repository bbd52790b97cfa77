"""The case queue: authenticated first, then decided by policy."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import as_role, assert_error


def test_an_analyst_sees_an_empty_queue(client: TestClient, rt: Runtime) -> None:
    page = client.get("/api/v1/cases", params={"limit": 10}, headers=as_role(rt, "analyst", "north")).json()
    assert page == {"items": [], "limit": 10, "offset": 0, "total": 0}


def test_a_data_steward_never_reads_cases(client: TestClient, steward: dict[str, str]) -> None:
    body = assert_error(client.get("/api/v1/cases", headers=steward), 403, "denied")
    assert body["policy_ids"] == ["data-steward-no-case-file"]


def test_the_purpose_is_from_the_closed_list(client: TestClient, rt: Runtime) -> None:
    response = client.get("/api/v1/cases", params={"purpose": "marketing"}, headers=as_role(rt, "analyst", "north"))
    assert_error(response, 422, "invalid")
