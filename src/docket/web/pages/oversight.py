"""The oversight dashboard: is the audit log intact, and how big is it."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from docket.services.auditing import verify
from docket.web.auth import AdminCtx, Rt
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()


@router.get("/oversight", response_class=HTMLResponse)
def dashboard(request: Request, rt: Rt, ctx: AdminCtx) -> HTMLResponse:
    reports = verify(rt, ctx)
    return render(request, "oversight.html", {"report": reports[0]})
