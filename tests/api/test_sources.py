"""Declaring sources and ingesting uploads over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import as_role, assert_error, bearer, fresh_app, token_for
from tests.factories import IDENTITY_TOML, snapshot

TOML = {"content-type": "application/toml"}
DECLARATION = IDENTITY_TOML.format(
    name="ids", kind="identity", purposes='["enforcement", "identity_verification"]', authoritative="false"
)
CSV = b"record_id,given_name,family_name,date_of_birth\nR0,Maria,Garcia,1980-02-11\nR1,John,Smith,1990-12-01\n"


def declare(client: TestClient, headers: dict[str, str], text: str = DECLARATION) -> dict[str, object]:
    response = client.post("/api/v1/sources", content=text, headers={**headers, **TOML})
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def upload(client: TestClient, headers: dict[str, str], name: str = "ids.csv", data: bytes = CSV, source: str = "ids"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/sources/{source}/batches", files={"file": (name, data, "text/csv")}, headers=headers)


def uploads(rt: Runtime) -> list[Path]:
    folder = rt.settings.data_dir / "uploads"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_declare_then_list_with_pagination(client: TestClient, steward: dict[str, str]) -> None:
    assert declare(client, steward)["created"] is True
    assert declare(client, steward)["created"] is False
    declare(client, steward, DECLARATION.replace('"ids"', '"more"'))
    page = client.get("/api/v1/sources", params={"limit": 1, "offset": 1}, headers=steward).json()
    assert page["total"] == 2 and page["limit"] == 1 and page["offset"] == 1
    assert [s["name"] for s in page["items"]] == ["more"] and page["items"][0]["declared_at"]


def test_changed_declaration_is_409(client: TestClient, steward: dict[str, str]) -> None:
    declare(client, steward)
    changed = DECLARATION.replace("3650", "10")
    response = client.post("/api/v1/sources", content=changed, headers={**steward, **TOML})
    assert_error(response, 409, "conflict")


def test_invalid_declaration_names_every_problem_without_server_paths(
    client: TestClient, rt: Runtime, steward: dict[str, str]
) -> None:
    response = client.post("/api/v1/sources", content='name = "x"\nkind = "gossip"\n', headers={**steward, **TOML})
    body = assert_error(response, 422, "source_error")
    assert any("kind" in problem for problem in body["errors"])
    assert str(rt.settings.data_dir) not in response.text and uploads(rt) == []


def test_declaration_body_over_64k_is_413(client: TestClient, steward: dict[str, str]) -> None:
    response = client.post("/api/v1/sources", content="#" * 70_000, headers={**steward, **TOML})
    assert_error(response, 413, "too_large")


def test_ingest_an_upload(client: TestClient, rt: Runtime, steward: dict[str, str]) -> None:
    declare(client, steward)
    first = upload(client, steward)
    assert first.status_code == 201, first.text
    assert first.json() == {
        "source": "ids",
        "batch_id": 1,
        "stored": 2,
        "skipped": 0,
        "already_ingested": False,
        "quarantined": False,
    }
    again = upload(client, steward)
    assert again.json()["already_ingested"] is True


def test_path_traversal_filename_is_ignored(client: TestClient, rt: Runtime, steward: dict[str, str]) -> None:
    declare(client, steward)
    response = upload(client, steward, name="../../../../escaped.csv")
    assert response.status_code == 201, response.text
    stored = uploads(rt)
    assert len(stored) == 1 and stored[0].parent == rt.settings.data_dir / "uploads"
    assert stored[0].name.startswith("upload-") and "escaped" not in stored[0].name
    assert not list(rt.settings.data_dir.parent.rglob("escaped*"))


@pytest.mark.parametrize("rows", [200, 5000], ids=["streamed", "declared-length"])
def test_upload_over_the_limit_is_413_and_stores_nothing(tmp_path: Path, rows: int) -> None:
    app: FastAPI = fresh_app(tmp_path, max_upload_bytes=1000)
    rt: Runtime = app.state.rt
    headers = bearer(token_for(rt, "operator"))
    with TestClient(app, raise_server_exceptions=False) as client:
        declare(client, headers)
        before = snapshot(rt)
        big = CSV + b"".join(b"R%d,Ann,Lee,1990-01-01\n" % i for i in range(2, rows))
        assert_error(upload(client, headers, data=big), 413, "too_large")
        assert uploads(rt) == []
        after = snapshot(rt)
    assert before.keys() == after.keys()
    assert {k: v for k, v in after.items() if k != "audit_leaves"} == {
        k: v for k, v in before.items() if k != "audit_leaves"
    }


def test_refused_upload_is_removed_and_named_by_client_name(
    client: TestClient, rt: Runtime, steward: dict[str, str]
) -> None:
    declare(client, steward)
    bad = b"record_id,given_name,loyalty_card\nR0,Ann,1234\n"
    body = assert_error(upload(client, steward, name="cards.csv", data=bad), 422, "source_error")
    assert "cards.csv" in body["error"] and any("loyalty_card" in problem for problem in body["errors"])
    assert str(rt.settings.data_dir) not in str(body) and uploads(rt) == []


def test_invalid_rows_are_listed_and_nothing_is_stored(
    client: TestClient, rt: Runtime, steward: dict[str, str]
) -> None:
    declare(client, steward)
    bad = b"record_id,given_name,date_of_birth\nR0,Ann,not-a-date\n"
    body = assert_error(upload(client, steward, name="rows.csv", data=bad), 422, "invalid")
    assert body["errors"] and body["errors"][0].startswith("rows.csv:2: date_of_birth")
    assert uploads(rt) == []


def test_unknown_source_is_404(client: TestClient, rt: Runtime, steward: dict[str, str]) -> None:
    assert_error(upload(client, steward, source="nope"), 404, "not_found")
    assert uploads(rt) == []


@pytest.mark.parametrize("name", ["ids.exe", "ids", ""])
def test_unsupported_file_type_is_422(client: TestClient, steward: dict[str, str], name: str) -> None:
    declare(client, steward)
    assert_error(upload(client, steward, name=name), 422, "invalid")


def test_not_multipart_is_422(client: TestClient, steward: dict[str, str]) -> None:
    response = client.post("/api/v1/sources/ids/batches", content=CSV, headers={**steward, "content-type": "text/csv"})
    assert_error(response, 422, "invalid")


def test_no_file_part_is_422(client: TestClient, steward: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/sources/ids/batches", data={"other": "x"}, files={"x": ("a.csv", b"a")}, headers=steward
    )
    assert_error(response, 422, "invalid")


def test_ingest_needs_the_data_steward_role(client: TestClient, rt: Runtime, steward: dict[str, str]) -> None:
    declare(client, steward)
    body = assert_error(upload(client, as_role(rt, "oversight")), 403, "denied")
    assert body["policy_ids"] == ["default-deny"] and uploads(rt) == []
