"""Declared sources (data stewards)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from docket.services.sources import list_sources
from docket.web.auth import AdminCtx, Rt
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, rt: Rt, ctx: AdminCtx) -> HTMLResponse:
    return render(request, "sources.html", {"sources": list_sources(rt, ctx)})
