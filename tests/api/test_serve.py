"""``docket serve`` builds the app from the CLI session's settings and hands it to uvicorn."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from docket.cli import serve as serve_module
from docket.cli.session import build_session
from docket.errors import ConfigError
from tests.api.factories import SECRET, app_settings


def _cli(data_dir: Path) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = build_session(data_dir, "operator")

    app.command("serve")(serve_module.serve)
    return app


def test_serve_runs_uvicorn_on_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setenv("DOCKET_SESSION_SECRET", SECRET)
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(_cli(tmp_path / "data"), ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert (calls[0]["loop"], calls[0]["http"]) == ("uvloop", "httptools")  # never a silent fallback to h11
    assert calls[0]["app"].state.rt.settings.data_dir == (tmp_path / "data").resolve()


def test_serve_refuses_a_placeholder_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKET_SESSION_SECRET", "change-me")
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda *_a, **_k: pytest.fail("must not start"))
    result = CliRunner().invoke(_cli(tmp_path / "data"), ["serve"])
    assert isinstance(result.exception, ConfigError)


def test_run_server_serves_a_demo_without_a_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: calls.append(app))
    settings = dataclasses.replace(app_settings(tmp_path), session_secret="", demo=True)
    serve_module.run_server(settings, "127.0.0.1", 8124)
    assert calls and calls[0].state.rt.settings.demo is True


def test_serve_with_workers_hands_uvicorn_an_env_factory_over_the_same_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docket.api.app import app_from_env

    calls: list[dict[str, Any]] = []
    monkeypatch.setenv("DOCKET_SESSION_SECRET", SECRET)
    # run_server sets these for its workers; through monkeypatch they are undone after the test.
    data = (tmp_path / "data").resolve()
    monkeypatch.setenv("DOCKET_DATA_DIR", "elsewhere")
    monkeypatch.setenv("DOCKET_DATABASE_URL", f"sqlite:///{data / 'docket.sqlite'}")
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(_cli(tmp_path / "data"), ["serve", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert calls[0]["app"] == "docket.api.app:app_from_env" and calls[0]["factory"] is True
    assert calls[0]["workers"] == 2 and (calls[0]["loop"], calls[0]["http"]) == ("uvloop", "httptools")
    assert app_from_env().state.rt.settings.data_dir == (tmp_path / "data").resolve()  # what a worker builds


def test_serve_refuses_zero_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKET_SESSION_SECRET", SECRET)
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda *_a, **_k: pytest.fail("must not start"))
    result = CliRunner().invoke(_cli(tmp_path / "data"), ["serve", "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
