"""The ingest history and the transparency report over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.factories import assert_error
from tests.api.world import World

Tokens = dict[str, dict[str, str]]
PERIOD = {"from": "2000-01-01", "to": "2999-12-31"}


def test_ingest_history_is_a_page_newest_first(client: TestClient, world: World, steward: dict[str, str]) -> None:
    page = client.get("/api/v1/sources/batches", params={"limit": 2}, headers=steward).json()
    assert page["limit"] == 2 and page["offset"] == 0 and len(page["items"]) == 2
    newest = page["items"][0]
    assert newest["source"] == "grants" and newest["row_count"] == 2 and len(newest["file_sha256"]) == 64
    assert newest["ingested_by"] == "operator" and newest["file_name"].endswith(".csv")
    rest = client.get("/api/v1/sources/batches", params={"offset": 2}, headers=steward).json()
    assert [b["source"] for b in rest["items"]] == ["ids", "court"]


def test_ingest_history_is_for_data_stewards(client: TestClient, tokens: Tokens) -> None:
    body = assert_error(client.get("/api/v1/sources/batches", headers=tokens["ana"]), 403, "denied")
    assert body["policy_ids"] == ["default-deny"]


def test_oversight_gets_the_transparency_report_as_html_or_pdf(client: TestClient, tokens: Tokens) -> None:
    html = client.post("/api/v1/reports/transparency", json=PERIOD, headers=tokens["olga"])
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text.lower() and "Cases opened" in html.text
    pdf = client.post("/api/v1/reports/transparency", params={"format": "pdf"}, json=PERIOD, headers=tokens["olga"])
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_transparency_report_refusals(client: TestClient, tokens: Tokens) -> None:
    backwards = {"from": "2026-12-31", "to": "2026-01-01"}
    assert_error(client.post("/api/v1/reports/transparency", json=backwards, headers=tokens["olga"]), 422, "invalid")
    assert_error(
        client.post("/api/v1/reports/transparency", json={"from": "2026"}, headers=tokens["olga"]), 422, "invalid"
    )
    traversal = {"from": "000000000/", "to": "2026-01-01"}  # a date, not a path: nothing written outside
    assert_error(client.post("/api/v1/reports/transparency", json=traversal, headers=tokens["olga"]), 422, "invalid")
    analyst = client.post("/api/v1/reports/transparency", json=PERIOD, headers=tokens["ana"])
    assert assert_error(analyst, 403, "denied")["policy_ids"] == ["default-deny"]
