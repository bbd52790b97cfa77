"""The case file and the forms that move a case: a step of the transition table, or closing it.

The page offers the steps the transition table allows from the case's status (``show_case`` lists
them); whether this actor may take one is still decided by the service when the form is sent.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.domain.vocabulary import CANONICAL_FIELDS
from docket.services import case_steps
from docket.services.case_workflow import CLOSE_REASONS
from docket.services.cases import close_case, show_case
from docket.web.auth import CallerCtx, Rt
from docket.web.flash import flash
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()
Reason = Annotated[str, Form(max_length=4000)]


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_file(request: Request, rt: Rt, ctx: CallerCtx, case_id: str) -> HTMLResponse:
    context = {"file": show_case(rt, ctx, case_id), "close_reasons": CLOSE_REASONS, "fields": CANONICAL_FIELDS}
    return render(request, "case_file.html", context)


@router.post("/cases/{case_id}/steps")
def step(
    request: Request,
    rt: Rt,
    ctx: CallerCtx,
    case_id: str,
    step: Annotated[str, Form(max_length=40)],
    reason: Reason,
    to_user: Annotated[str, Form(max_length=60)] = "",
) -> RedirectResponse:
    case = case_steps.step_case(rt, ctx, case_id, step, reason, to_user.strip() or None)
    flash(request, f"Case {case.id}: {step.replace('_', ' ')} done; the case is now {case.status.replace('_', ' ')}.")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/close")
def close(
    request: Request,
    rt: Rt,
    ctx: CallerCtx,
    case_id: str,
    reason_code: Annotated[str, Form(max_length=40)],
    reason: Reason,
    citizenship_evidence: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    case = close_case(rt, ctx, case_id, reason_code, reason, citizenship_evidence)
    flash(request, f"Case {case.id} is closed ({reason_code.replace('_', ' ')}).")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
