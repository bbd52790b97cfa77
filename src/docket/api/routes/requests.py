"""Subject requests (legal reviewers): file, list with deadlines, acknowledge, answer, correct."""

from __future__ import annotations

from fastapi import APIRouter

from docket.api.auth import CallerCtx, Rt
from docket.api.errors import error_responses
from docket.api.pagination import Page, Paging
from docket.api.request_models import AccessAnswered, CorrectionDecided, CorrectionDecision, NewRequest, RequestOut
from docket.services import requests

router = APIRouter(prefix="/requests", tags=["subject requests"])


@router.get("", response_model=Page[RequestOut], summary="Subject requests with their deadlines (overdue marked)")
def list_requests(rt: Rt, ctx: CallerCtx, paging: Paging) -> Page[RequestOut]:
    found, total = requests.list_requests(rt, ctx, paging.limit, paging.offset)
    items = [RequestOut.model_validate(r) for r in found]
    return Page[RequestOut](items=items, limit=paging.limit, offset=paging.offset, total=total)


@router.post(
    "",
    status_code=201,
    response_model=RequestOut,
    summary="Register a request received from a person",
    responses=error_responses(404),
)
def file_request(rt: Rt, ctx: CallerCtx, body: NewRequest) -> RequestOut:
    return RequestOut.model_validate(requests.file_request(rt, ctx, body.kind, body.person_id, body.detail))


@router.post(
    "/{request_id}/acknowledge",
    response_model=RequestOut,
    summary="Acknowledge a request (within 10 working days)",
    responses=error_responses(404, 409),
)
def acknowledge(rt: Rt, ctx: CallerCtx, request_id: str) -> RequestOut:
    return RequestOut.model_validate(requests.acknowledge(rt, ctx, request_id))


@router.post(
    "/{request_id}/answer",
    response_model=AccessAnswered,
    summary="Answer an access request: everything held, as JSON and HTML; recorded as a disclosure",
    responses=error_responses(404, 409),
)
def answer(rt: Rt, ctx: CallerCtx, request_id: str) -> AccessAnswered:
    return AccessAnswered.of(requests.answer_access(rt, ctx, request_id))


@router.post(
    "/{request_id}/correction",
    response_model=CorrectionDecided,
    summary="Accept or refuse a correction, with a reason; accepted ones re-evaluate open cases",
    responses=error_responses(404, 409),
)
def correction(rt: Rt, ctx: CallerCtx, request_id: str, body: CorrectionDecision) -> CorrectionDecided:
    return CorrectionDecided.of(requests.decide_correction(rt, ctx, request_id, body.accept, body.reason))
