"""The home page: who I am and where my work is."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from docket.web.auth import SignedIn
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, actor: SignedIn) -> HTMLResponse:
    return render(request, "home.html", {"actor": actor})
