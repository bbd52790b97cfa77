"""Sign in and out: the form, the cookie, lockout, CSRF, and the session secret."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docket.api.app import create_app
from docket.errors import ConfigError
from docket.services.runtime import Runtime
from tests.api.factories import PASSWORD, add_account, app_settings, fresh_app
from tests.web.conftest import csrf_of, login


def test_sign_in_form_is_accessible(client: TestClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<label for="user">' in html and '<label for="password">' in html and "<main" in html
    assert "<h1>Sign in</h1>" in html and 'lang="en"' in html
    assert (
        response.headers["x-frame-options"] == "DENY"
        and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    )


def test_sign_in_sets_a_strict_http_only_cookie_and_lands_home(client: TestClient, rt: Runtime) -> None:
    add_account(rt, "ana", "analyst", "north", PASSWORD)
    response = login(client, "ana")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    home = client.get("/")
    assert home.status_code == 200 and "Signed in as <strong>ana</strong>" in home.text


def test_cookie_is_secure_over_https(tmp_path: Path) -> None:
    app = fresh_app(tmp_path)
    add_account(app.state.rt, "ana", "analyst", "north", PASSWORD)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = login(client, "ana")
    assert response.status_code == 303 and "; secure" in response.headers["set-cookie"].lower()


def test_wrong_password_is_refused_with_the_form_again(client: TestClient, rt: Runtime) -> None:
    add_account(rt, "ana", "analyst", "north", PASSWORD)
    response = login(client, "ana", "not the password")
    assert response.status_code == 401 and 'role="alert"' in response.text
    assert "wrong user name or password" in response.text and 'value="ana"' in response.text
    assert client.get("/").status_code == 303


def test_lockout_after_five_failures(client: TestClient, rt: Runtime) -> None:
    add_account(rt, "ana", "analyst", "north", PASSWORD)
    for _ in range(5):
        assert login(client, "ana", "wrong password!").status_code == 401
    refused = login(client, "ana")
    assert refused.status_code == 401 and "locked" in refused.text


def test_post_without_csrf_token_is_403(client: TestClient, rt: Runtime) -> None:
    add_account(rt, "ana", "analyst", "north", PASSWORD)
    client.get("/login")
    response = client.post("/login", data={"user": "ana", "password": PASSWORD})
    assert response.status_code == 403 and "csrf-token" in response.text
    forged = client.post("/login", data={"user": "ana", "password": PASSWORD, "csrf_token": "forged"})
    assert forged.status_code == 403


def test_csrf_token_is_per_session(client: TestClient, app: object, rt: Runtime) -> None:
    add_account(rt, "ana", "analyst", "north", PASSWORD)
    token = csrf_of(client.get("/login"))
    with TestClient(client.app, follow_redirects=False) as other:
        other.get("/login")
        response = other.post("/login", data={"user": "ana", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 403


def test_sign_out(client: TestClient, rt: Runtime) -> None:
    add_account(rt, "ana", "analyst", "north", PASSWORD)
    login(client, "ana")
    home = client.get("/")
    assert client.post("/logout", data={}).status_code == 403
    out = client.post("/logout", data={"csrf_token": csrf_of(home)})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert client.get("/").headers["location"] == "/login"


@pytest.mark.parametrize("secret", ["", "change-me", "secret", "x" * 40, "please-change-this-secret-value-0123456789"])
def test_placeholder_session_secret_refuses_to_start(tmp_path: Path, secret: str) -> None:
    with pytest.raises(ConfigError, match="DOCKET_SESSION_SECRET"):
        create_app(app_settings(tmp_path, session_secret=secret))


def test_demo_gets_a_random_secret_per_process(tmp_path: Path) -> None:
    settings = dataclasses.replace(app_settings(tmp_path), session_secret="", demo=True)
    runtime = Runtime(settings)
    runtime.close()
    with TestClient(create_app(settings)) as client:
        assert client.get("/login").status_code == 200
