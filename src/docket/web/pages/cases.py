"""The case queue and opening a case (analysts and supervisors)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.services import cases
from docket.web.auth import CallerCtx, Rt, SignedIn
from docket.web.flash import flash
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()
PAGE_SIZE = 25
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


@router.get("/cases", response_class=HTMLResponse)
def queue(request: Request, rt: Rt, ctx: CallerCtx, offset: Offset = 0) -> HTMLResponse:
    found, total = cases.list_cases(rt, ctx, PAGE_SIZE, offset)
    page = {"items": found, "total": total, "limit": PAGE_SIZE, "offset": offset}
    return render(request, "cases.html", {"page": page})


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(
    request: Request, _actor: SignedIn, person_id: Annotated[str, Query(max_length=40)] = ""
) -> HTMLResponse:
    """The form (any signed-in account); whether the case may be opened is decided on submit."""
    return render(request, "case_new.html", {"grounds": cases.LEGAL_GROUNDS, "person_id": person_id})


@router.post("/cases")
def open_case(
    request: Request,
    rt: Rt,
    ctx: CallerCtx,
    person_id: Annotated[str, Form(max_length=40)],
    ground: Annotated[str, Form(max_length=40)],
) -> RedirectResponse:
    case = cases.open_case(rt, ctx, person_id.strip(), ground)
    flash(request, f"Opened case {case.id} for {case.person_id} on {case.ground.replace('_', ' ')}: {case.reason}")
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
