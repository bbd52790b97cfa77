"""An app per test for the pages; sign-in helpers that go through the real form."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from docket.services.runtime import Runtime
from docket.web.sessions import COOKIE
from tests.api.factories import PASSWORD, SECRET, add_account, fresh_app
from tests.api.world import World, build_world
from tests.web.browser import CHROMIUM, chromium_page, serving

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return fresh_app(tmp_path)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def rt(app: FastAPI) -> Runtime:
    runtime: Runtime = app.state.rt
    return runtime


def csrf_of(response: httpx.Response) -> str:
    found = CSRF.search(response.text)
    assert found, "the page has no CSRF field"
    return found.group(1)


def login(client: TestClient, user: str, password: str = PASSWORD) -> httpx.Response:
    token = csrf_of(client.get("/login"))
    return client.post("/login", data={"user": user, "password": password, "csrf_token": token})


def signed_in(client: TestClient, rt: Runtime, user: str, role: str, unit: str = "") -> TestClient:
    add_account(rt, user, role, unit, PASSWORD)
    assert login(client, user).status_code == 303
    return client


def as_user(client: TestClient, rt: Runtime, user: str, role: str, unit: str = "") -> TestClient:
    """Signed in without the form (no password hashing): a new account and its signed session cookie.
    The form itself is tested in ``test_signin``."""
    add_account(rt, user, role, unit)
    payload = base64.b64encode(json.dumps({"user": user, "role": role}).encode())
    client.cookies.clear()
    client.cookies.set(COOKIE, TimestampSigner(SECRET).sign(payload).decode())
    return client


@pytest.fixture
def world(rt: Runtime, tmp_path: Path) -> World:
    folder = tmp_path / "world"
    folder.mkdir()
    return build_world(rt, folder)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Runtime]]:
    """A real server on 127.0.0.1 over a fresh app (browser tests)."""
    app = fresh_app(tmp_path)
    with serving(app) as base_url:
        yield base_url, app.state.rt


@pytest.fixture
def page(server: tuple[str, Runtime]) -> Iterator[Any]:
    """A Chromium page on ``server`` (Debian's chromium; skipped without it)."""
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no {CHROMIUM}: run `make browser-deps`")
    with chromium_page(server[0]) as opened:
        yield opened
