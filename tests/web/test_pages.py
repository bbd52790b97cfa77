"""The pages: refused outside a role (naming the policy), the oversight status, accounts, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from docket.services.sources import add_source
from tests.factories import operator, write_declaration
from tests.web.conftest import csrf_of, signed_in


@pytest.mark.parametrize("path", ["/", "/sources", "/oversight", "/accounts"])
def test_pages_need_sign_in(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_home_shows_the_navigation_of_my_role(client: TestClient, rt: Runtime) -> None:
    html = signed_in(client, rt, "stew", "data_steward").get("/").text
    assert '<nav aria-label="Main">' in html and 'href="/sources"' in html and 'href="/accounts"' not in html
    assert "<h1>My work</h1>" in html


def test_data_steward_sees_the_sources(client: TestClient, rt: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_source(rt, operator(), write_declaration(tmp_path))
    html = signed_in(client, rt, "stew", "data_steward").get("/sources").text
    assert '<th scope="row">ids</th>' in html and "8 U.S.C. 1103" in html and "Ingest history" in html


def test_a_page_outside_my_role_is_refused_naming_the_policy(client: TestClient, rt: Runtime) -> None:
    response = signed_in(client, rt, "ana", "analyst", "north").get("/sources")
    assert response.status_code == 403 and response.headers["content-type"].startswith("text/html")
    assert "Not allowed" in response.text and "default-deny" in response.text


def test_oversight_verifies_and_sees_the_status(client: TestClient, rt: Runtime) -> None:
    page = signed_in(client, rt, "ovi", "oversight").get("/oversight")
    assert page.status_code == 200 and "Not verified yet" in page.text and "Log size" in page.text
    verified = client.post("/oversight/verify", data={"csrf_token": csrf_of(page)})
    assert verified.status_code == 303 and verified.headers["location"] == "/oversight"
    html = client.get("/oversight").text
    assert "<strong>Verified:</strong> ok at" in html and '<th scope="row">verify_audit</th>' in html
    assert '<th scope="row">oversight</th>' in html


def test_oversight_dashboard_shows_denials(client: TestClient, rt: Runtime) -> None:
    signed_in(client, rt, "ana", "analyst", "north").get("/sources")  # refused, audited
    client.cookies.clear()
    html = signed_in(client, rt, "ovi", "oversight").get("/oversight").text
    assert '<th scope="row">default-deny</th>' in html


def test_the_dashboard_is_for_oversight(client: TestClient, rt: Runtime) -> None:
    response = signed_in(client, rt, "ana", "analyst", "north").get("/oversight")
    assert response.status_code == 403 and "default-deny" in response.text


def test_admin_adds_and_disables_an_account(client: TestClient, rt: Runtime) -> None:
    page = signed_in(client, rt, "boss", "admin").get("/accounts")
    assert page.status_code == 200 and '<th scope="row">operator</th>' in page.text
    token = csrf_of(page)
    added = client.post("/accounts", data={"user_id": "newbie", "role": "analyst", "unit": "n", "csrf_token": token})
    assert added.status_code == 303 and added.headers["location"] == "/accounts"
    assert '<th scope="row">newbie</th>' in client.get("/accounts").text
    assert client.post("/accounts/newbie/disable", data={"csrf_token": token}).status_code == 303
    assert "disabled" in client.get("/accounts").text
    assert client.post("/accounts/newbie/enable", data={"csrf_token": token}).status_code == 303


def test_account_forms_need_the_csrf_token(client: TestClient, rt: Runtime) -> None:
    signed_in(client, rt, "boss", "admin")
    response = client.post("/accounts", data={"user_id": "sneaky", "role": "admin"})
    assert response.status_code == 403 and "csrf-token" in response.text


def test_invalid_form_input_is_an_html_error_page(client: TestClient, rt: Runtime) -> None:
    token = csrf_of(signed_in(client, rt, "boss", "admin").get("/accounts"))
    response = client.post("/accounts", data={"user_id": "x", "role": "king", "csrf_token": token})
    assert response.status_code == 422 and "Invalid input" in response.text and "king" in response.text


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text


def test_unexpected_error_page_discloses_nothing(
    client: TestClient, rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in(client, rt, "ovi", "oversight")

    def explode(*_args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("docket.web.pages.oversight.dashboard", explode)
    response = client.get("/oversight")
    assert response.status_code == 500 and "secret internals" not in response.text
    assert "Traceback" not in response.text and "Something went wrong" in response.text


def test_static_stylesheet(client: TestClient) -> None:
    response = client.get("/static/docket.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


def test_data_steward_sees_the_ingest_history(client: TestClient, rt: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.api.world import build_world
    from tests.web.conftest import as_user

    (tmp_path / "world").mkdir()
    build_world(rt, tmp_path / "world")
    html = as_user(client, rt, "stew", "data_steward").get("/sources").text
    history = html.split('id="history-heading"', 1)[1]
    assert history.count('<th scope="row">') == 4 and "grants-0.csv" in history and "court-0.csv" in history
    assert '<td class="num">2</td>' in history and "operator" in history and 'rel="next"' not in history
    beyond = client.get("/sources", params={"offset": 4}).text
    assert "Nothing has been ingested beyond this point" in beyond and 'href="/sources">Back to the newest' in beyond
