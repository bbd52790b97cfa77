"""Links between records: a reviewer's decision on a pair, and why two records score as they do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from docket.api.auth import CallerCtx, Rt
from docket.api.errors import error_responses
from docket.api.link_models import ExplanationOut
from docket.api.review_models import PairDecided, PairDecision
from docket.services import explanations, reviews

router = APIRouter(prefix="/links", tags=["links"])
RecordRef = Annotated[str, Query(min_length=3, max_length=200, description="A record as `SOURCE:RECORD_ID`.")]


@router.post(
    "/decisions",
    response_model=PairDecided,
    summary="Must-link or cannot-link two records; applied now and honoured by every later run",
    responses=error_responses(404),
)
def decide_pair(rt: Rt, ctx: CallerCtx, body: PairDecision) -> PairDecided:
    return PairDecided.model_validate(reviews.decide_pair(rt, ctx, body.left, body.right, body.decision, body.reason))


@router.get(
    "/explain",
    response_model=ExplanationOut,
    summary="Field-by-field comparison levels and match weights of two records",
    responses=error_responses(404),
)
def explain_pair(rt: Rt, ctx: CallerCtx, left: RecordRef, right: RecordRef) -> ExplanationOut:
    return ExplanationOut.model_validate(explanations.explain_pair(rt, ctx, left, right))
