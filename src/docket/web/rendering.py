"""Rendering pages: the Jinja2 environment (built by ``install``, never at import) and one ``render``."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from docket.web.charts import FILTERS
from docket.web.csrf import FIELD, csrf_token
from docket.web.flash import take_flash
from docket.web.nav import nav_for


def package_dir(name: str) -> Path:
    return Path(str(files("docket.web").joinpath(name)))


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=package_dir("templates"))
    templates.env.filters.update(FILTERS)
    return templates


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """Render ``name`` with who is signed in, the navigation for their role and the form token."""
    session = request.scope.get("session") or {}
    role = session.get("role")
    page: dict[str, Any] = {
        "user": session.get("user"),
        "role": role,
        "nav": nav_for(role),
        "current": request.url.path,
        "csrf_field": FIELD,
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "flash": take_flash(request),
    }
    page.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, page, status_code=status)
