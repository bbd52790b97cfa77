"""The oversight dashboard: log size, last checkpoint, last verification, counts by action and role,
denials by policy; and a button that verifies the whole log now."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.services.auditing import verify
from docket.services.oversight import dashboard
from docket.web.auth import AdminCtx, Rt
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()


@router.get("/oversight", response_class=HTMLResponse)
def oversight(request: Request, rt: Rt, ctx: AdminCtx) -> HTMLResponse:
    return render(request, "oversight.html", {"board": dashboard(rt, ctx)})


@router.post("/oversight/verify")
def verify_now(rt: Rt, ctx: AdminCtx) -> RedirectResponse:
    """Recompute the log; the dashboard then shows the outcome (it is itself an audit leaf)."""
    verify(rt, ctx)
    return RedirectResponse("/oversight", status_code=303)
