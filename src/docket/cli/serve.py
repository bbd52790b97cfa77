"""``docket serve``: the API and the pages over HTTP (uvicorn)."""

from __future__ import annotations

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
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the pages (/)."""
    run_server(session_of(ctx).settings, host, port)


def run_server(settings: Settings, host: str, port: int) -> None:
    """Build the app from ``settings`` (refused with a placeholder session secret unless a demo) and run it."""
    app = create_app(settings)
    say(f"Docket on http://{host}:{port}/ (API docs: http://{host}:{port}/api/v1/docs); Ctrl-C stops it.")
    # uvloop and httptools are named rather than left to uvicorn's "auto", which falls back to asyncio
    # and the pure-Python h11 without a word when either is missing: each request would then cost
    # the server about 1.6x the CPU.
    uvicorn.run(
        app, host=host, port=port, log_level="info", proxy_headers=True, server_header=False,
        loop="uvloop", http="httptools",
    )
