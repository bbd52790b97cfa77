"""An app per test for the pages; sign-in helpers that go through the real form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import PASSWORD, add_account, fresh_app

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
