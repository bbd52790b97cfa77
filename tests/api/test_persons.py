"""The pseudonymous export as a CSV download."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import as_role, assert_error
from tests.api.test_sources import declare, upload


def test_export_is_a_csv_of_ids(client: TestClient, rt: Runtime, steward: dict[str, str]) -> None:
    declare(client, steward)
    upload(client, steward)
    response = client.get("/api/v1/persons/export", params={"purpose": "identity_verification"}, headers=steward)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="persons.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["record_id"] for r in rows] == ["R0", "R1"] and set(rows[0]) == {"source", "record_id", "person_id"}
    assert not list((rt.settings.data_dir / "uploads" / "exports").glob("*"))


def test_export_needs_a_closed_purpose(client: TestClient, steward: dict[str, str]) -> None:
    assert_error(client.get("/api/v1/persons/export", headers=steward), 422, "invalid")
    response = client.get("/api/v1/persons/export", params={"purpose": "curiosity"}, headers=steward)
    assert_error(response, 422, "invalid")


def test_oversight_never_exports_person_data(client: TestClient, rt: Runtime) -> None:
    response = client.get("/api/v1/persons/export", params={"purpose": "statistics"}, headers=as_role(rt, "oversight"))
    assert "oversight-no-person-data" in assert_error(response, 403, "denied")["policy_ids"]
