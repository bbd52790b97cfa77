"""``docket serve``: the API and the pages over HTTP (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from docket.api.app import create_app
from docket.cli.render import say
from docket.cli.session import session_of
from docket.settings import Settings


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64,
                                         help="Server processes (one Python process uses one core).")] = 1,
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the pages (/)."""
    run_server(session_of(ctx).settings, host, port, workers)


# uvloop and httptools are named rather than left to uvicorn's "auto", which falls back to asyncio and
# the pure-Python h11 without a word when either is missing: each request would then cost the server
# about 1.6x the CPU.
_UVICORN = {"log_level": "info", "proxy_headers": True, "server_header": False, "loop": "uvloop",
            "http": "httptools"}


def run_server(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Build the app from ``settings`` (refused with a placeholder session secret unless a demo) and run it.

    Several workers are separate processes, each building the app from the environment (uvicorn
    imports ``app_from_env``); the data dir and database URL are passed on through it."""
    app = create_app(settings)  # also checks the settings before any worker starts
    say(f"Docket on http://{host}:{port}/ (API docs: http://{host}:{port}/api/v1/docs); Ctrl-C stops it.")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, **_UVICORN)
        return
    os.environ["DOCKET_DATA_DIR"] = str(settings.data_dir)
    os.environ["DOCKET_DATABASE_URL"] = settings.database_url
    uvicorn.run("docket.api.app:app_from_env", factory=True, host=host, port=port, workers=workers, **_UVICORN)
