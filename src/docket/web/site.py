"""Mount the pages on the app ``docket.api.app.create_app`` builds: sessions, headers, static files."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from docket.settings import Settings
from docket.web.errors import error_page
from docket.web.headers import PageHeaders
from docket.web.pages import PAGES
from docket.web.rendering import build_templates, package_dir
from docket.web.sessions import SchemeAwareSessions, session_secret

__all__ = ["error_page", "install"]


def install(app: FastAPI, settings: Settings) -> None:
    """Refuses (``ConfigError``) to start with an empty or placeholder session secret outside a demo."""
    secret = session_secret(settings)
    app.state.templates = build_templates()
    app.add_middleware(SchemeAwareSessions, secret=secret)
    app.add_middleware(PageHeaders)
    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")
    for router in PAGES:
        app.include_router(router)
