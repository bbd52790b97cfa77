"""The subject-request page: deadlines (overdue marked), and the legal reviewer's forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.world import World, file_request
from tests.web.conftest import as_user, csrf_of


def test_requests_with_their_deadlines_and_overdue_marked(client: TestClient, rt: Runtime, world: World) -> None:
    request_id = file_request(rt, "access", world.convicted)
    html = as_user(client, rt, "lee", "legal_reviewer").get("/requests").text
    assert f'<th scope="row">{request_id}</th>' in html and "everything held" in html and "Overdue</strong>" not in html
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=40)
    late = client.get("/requests").text
    assert late.count('<strong class="overdue">⚠ Overdue</strong>') == 2 and 'class="is-overdue"' in late


def test_filing_acknowledging_and_answering_an_access_request(client: TestClient, rt: Runtime, world: World) -> None:
    token = csrf_of(as_user(client, rt, "lee", "legal_reviewer").get("/requests"))
    filed = client.post("/requests", data={"kind": "access", "person_id": world.convicted, "csrf_token": token})
    assert filed.status_code == 303 and filed.headers["location"] == "/requests"
    html = client.get("/requests").text
    assert "Registered access request S0000001" in html and "/requests/S0000001/acknowledge" in html
    assert client.post("/requests/S0000001/acknowledge", data={"csrf_token": token}).status_code == 303
    assert "/requests/S0000001/acknowledge" not in client.get("/requests").text
    assert client.post("/requests/S0000001/answer", data={"csrf_token": token}).status_code == 303
    answered = client.get("/requests").text
    assert "recorded as a disclosure" in answered and "decided: answered" in answered
    again = client.post("/requests/S0000001/answer", data={"csrf_token": token})
    assert again.status_code == 409 and "already decided" in again.text


def test_a_correction_through_the_forms(client: TestClient, rt: Runtime, world: World) -> None:
    token = csrf_of(as_user(client, rt, "lee", "legal_reviewer").get("/requests"))
    data = {"kind": "correction", "person_id": world.convicted, "record": "ids:I2", "field": "given_name"}
    filed = client.post("/requests", data={**data, "value": "Ana", "csrf_token": token})
    assert filed.status_code == 303
    html = client.get("/requests").text
    assert "field: given_name; record: ids:I2; value: Ana" in html and "Decide the correction" in html
    decided = client.post("/requests/S0000001/correction", data={"accept": "true", "reason": "ok", "csrf_token": token})
    assert decided.status_code == 303 and "Correction S0000001 accepted" in client.get("/requests").text
    bad = client.post("/requests", data={**data, "field": "religion", "value": "x", "csrf_token": token})
    assert bad.status_code == 422 and "not a correctable canonical field" in bad.text


def test_clearing_a_protection(client: TestClient, rt: Runtime, world: World) -> None:
    token = csrf_of(as_user(client, rt, "lee", "legal_reviewer").get("/requests"))
    reason = "residence revoked by the immigration court"
    cleared = client.post(
        "/protection/clear", data={"person_id": world.resident, "reason": reason, "csrf_token": token}
    )
    assert cleared.status_code == 303 and "(records grants:G2)" in client.get("/requests").text
    never = client.post("/protection/clear", data={"person_id": world.citizen, "reason": reason, "csrf_token": token})
    assert never.status_code == 403 and "citizen-by-birth-never-cleared" in never.text


def test_the_request_page_is_for_legal_reviewers(client: TestClient, rt: Runtime, world: World) -> None:
    response = as_user(client, rt, "ana", "analyst", "east").get("/requests")
    assert response.status_code == 403 and "default-deny" in response.text
