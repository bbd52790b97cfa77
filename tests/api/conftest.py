"""An app per test on a fresh, initialised data dir; tokens for the roles the tests need."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import add_account, bearer, fresh_app, token_for


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return fresh_app(tmp_path)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def rt(app: FastAPI) -> Runtime:
    runtime: Runtime = app.state.rt
    return runtime


@pytest.fixture
def steward(rt: Runtime) -> dict[str, str]:
    """The bootstrap operator (a data steward)."""
    return bearer(token_for(rt, "operator"))


@pytest.fixture
def admin(rt: Runtime) -> dict[str, str]:
    """A second administrator (no one administers their own account)."""
    return bearer(token_for(rt, add_account(rt, "admin2", "admin")))
