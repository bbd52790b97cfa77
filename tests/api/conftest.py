"""An app per test on a fresh, initialised data dir; tokens for the roles the tests need."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import add_account, bearer, fresh_app, token_for
from tests.api.world import World, build_world


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


@pytest.fixture
def world(rt: Runtime, tmp_path: Path) -> World:
    folder = tmp_path / "world"
    folder.mkdir()
    return build_world(rt, folder)


@pytest.fixture
def tokens(rt: Runtime) -> dict[str, dict[str, str]]:
    """Bearer headers of one account per role: sam and sid supervise east, ana and otto analyse east,
    lee reviews legal matters, dora is a data steward, olga is oversight."""
    accounts = {
        "sam": ("supervisor", "east"),
        "sid": ("supervisor", "west"),
        "ana": ("analyst", "east"),
        "otto": ("analyst", "east"),
        "lee": ("legal_reviewer", ""),
        "dora": ("data_steward", ""),
        "olga": ("oversight", ""),
    }
    return {name: bearer(token_for(rt, add_account(rt, name, role, unit))) for name, (role, unit) in accounts.items()}
