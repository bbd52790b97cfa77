"""Plain helpers for the HTTP tests: a fresh app on an initialised data dir, accounts, tokens."""

from __future__ import annotations

import atexit
import dataclasses
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from docket.api.app import create_app
from docket.services import users
from docket.services.accounts import initialise
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.settings import Settings
from tests.factories import make_settings

SECRET = "t3st-Kq9vXw2LpZr8NfYb4HsJd6MaCe1TgUo5"
ADMIN = Context(Actor("admin", "admin"))
ERROR_KEYS = {"ok", "code", "error", "errors", "policy_ids"}
PASSWORD = "correct horse battery"


def app_settings(tmp_path: Path, **changes: Any) -> Settings:
    return dataclasses.replace(make_settings(tmp_path), **{"session_secret": SECRET, **changes})


def fresh_app(tmp_path: Path, **options: Any) -> FastAPI:
    """``create_app`` over a freshly initialised data dir (a copy of one initialised once per run)."""
    settings = app_settings(tmp_path)
    shutil.copytree(_initialised_template(), settings.data_dir)
    return create_app(settings, **options)


@functools.cache
def _initialised_template() -> Path:
    """A data dir initialised once per test run; each app gets its own copy (database, keys)."""
    folder = Path(tempfile.mkdtemp(prefix="docket-template-"))
    atexit.register(shutil.rmtree, folder, True)
    runtime = Runtime(app_settings(folder))
    initialise(runtime)
    runtime.close()
    return runtime.settings.data_dir


def add_account(rt: Runtime, user_id: str, role: str, unit: str = "", password: str | None = None) -> str:
    users.add_user(rt, ADMIN, user_id, role, unit, password)
    return user_id


def token_for(rt: Runtime, user_id: str, days: int = 30) -> str:
    return users.create_token(rt, ADMIN, user_id, days).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def as_role(rt: Runtime, role: str, unit: str = "") -> dict[str, str]:
    """Headers of a new account with ``role``."""
    return bearer(token_for(rt, add_account(rt, f"{role}-{unit or 'x'}", role, unit)))


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error shape, with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == ERROR_KEYS and body["ok"] is False
    assert body["code"] == code and isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list) and isinstance(body["policy_ids"], list)
    return body
