"""Why records were linked: match weights per field, as charts (data stewards)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from docket.services import explanations
from docket.web.auth import CallerCtx, Rt
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()
RecordRef = Annotated[str, Query(min_length=3, max_length=200)]


@router.get("/links/explain", response_class=HTMLResponse)
def explain_pair(request: Request, rt: Rt, ctx: CallerCtx, left: RecordRef, right: RecordRef) -> HTMLResponse:
    found = explanations.explain_pair(rt, ctx, left, right)
    return render(request, "explanations.html", {"explanations": [found], "title": f"{left} and {right}"})


@router.get("/persons/{person_id}/explanations", response_class=HTMLResponse)
def explain_person(request: Request, rt: Rt, ctx: CallerCtx, person_id: str) -> HTMLResponse:
    found = explanations.explain_person(rt, ctx, person_id)
    return render(request, "explanations.html", {"explanations": found, "title": f"person {person_id}"})
