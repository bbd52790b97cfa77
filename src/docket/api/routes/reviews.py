"""The review queue (data stewards, legal reviewers): list, show side by side, decide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from docket.api.auth import CallerCtx, Rt
from docket.api.errors import error_responses
from docket.api.pagination import Page, Paging
from docket.api.review_models import ReviewDecided, ReviewDecision, ReviewOut, TaskOut
from docket.services import reviews

router = APIRouter(prefix="/reviews", tags=["reviews"])


@router.get("", response_model=Page[TaskOut], summary="Open review tasks, highest impact first")
def list_reviews(
    rt: Rt,
    ctx: CallerCtx,
    paging: Paging,
    kind: Annotated[str | None, Query(max_length=40, description="Only tasks of this kind, e.g. `link`.")] = None,
) -> Page[TaskOut]:
    found, total = reviews.list_reviews(rt, ctx, paging.limit, paging.offset, kind)
    items = [TaskOut.model_validate(t.to_dict()) for t in found]
    return Page[TaskOut](items=items, limit=paging.limit, offset=paging.offset, total=total)


@router.get(
    "/{task_id}",
    response_model=ReviewOut,
    summary="A task's two records side by side, with the differing fields",
    responses=error_responses(404),
)
def show_review(rt: Rt, ctx: CallerCtx, task_id: str) -> ReviewOut:
    return ReviewOut.model_validate(reviews.show_review(rt, ctx, task_id))


@router.post(
    "/{task_id}/decision",
    response_model=ReviewDecided,
    summary="Decide a task; a link decision is a constraint every later run honours",
    responses=error_responses(404, 409),
)
def decide_review(rt: Rt, ctx: CallerCtx, task_id: str, body: ReviewDecision) -> ReviewDecided:
    return ReviewDecided.model_validate(reviews.decide_review(rt, ctx, task_id, body.decision, body.reason))
