"""The review queue and a review task: two records side by side, decided with a reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.domain.vocabulary import CANONICAL_FIELDS
from docket.services import reviews
from docket.web.auth import CallerCtx, Rt
from docket.web.flash import flash
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()
PAGE_SIZE = 25
TASK_KINDS = ("link", "departure", "notify_recipient")


@router.get("/reviews", response_class=HTMLResponse)
def queue(
    request: Request,
    rt: Rt,
    ctx: CallerCtx,
    kind: Annotated[str, Query(max_length=40)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> HTMLResponse:
    found, total = reviews.list_reviews(rt, ctx, PAGE_SIZE, offset, kind or None)
    page = {"items": found, "total": total, "limit": PAGE_SIZE, "offset": offset}
    return render(request, "reviews.html", {"page": page, "kind": kind, "kinds": TASK_KINDS})


@router.get("/reviews/{task_id}", response_class=HTMLResponse)
def task(request: Request, rt: Rt, ctx: CallerCtx, task_id: str) -> HTMLResponse:
    context = {"review": reviews.show_review(rt, ctx, task_id), "fields": CANONICAL_FIELDS}
    return render(request, "review_task.html", context)


@router.post("/reviews/{task_id}/decision")
def decide(
    request: Request,
    rt: Rt,
    ctx: CallerCtx,
    task_id: str,
    decision: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=4000)],
) -> RedirectResponse:
    result = reviews.decide_review(rt, ctx, task_id, decision, reason)
    flash(request, f"Task {task_id} decided: {result['decision'].replace('_', ' ')}.")
    return RedirectResponse("/reviews", status_code=303)
