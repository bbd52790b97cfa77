"""Cases: the caller's queue (analysts: assigned to them; supervisors: their unit), the case file,
opening a case, stepping it through the transition table, closing it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from docket.api.auth import BearerToken, CallerCtx, Rt, token_actor
from docket.api.case_models import CaseClose, CaseFileOut, CaseStep, NewCase
from docket.api.errors import error_responses
from docket.api.models import CaseOut
from docket.api.pagination import Page, Paging
from docket.api.threads import authenticated_json
from docket.domain.vocabulary import Purpose
from docket.services import case_steps, cases
from docket.services.context import Actor, Context

router = APIRouter(prefix="/cases", tags=["cases"])


async def case_context(
    actor: Annotated[Actor, Depends(token_actor)],
    purpose: Annotated[Purpose, Query(description="The purpose the cases were opened for.")] = Purpose.ENFORCEMENT,
) -> Context:
    return Context(actor, purpose, "case")


@router.get("", response_model=Page[CaseOut], summary="My case queue")
def list_cases(rt: Rt, ctx: Annotated[Context, Depends(case_context)], paging: Paging) -> Page[CaseOut]:
    found, total = cases.list_cases(rt, ctx, paging.limit, paging.offset)
    return Page[CaseOut](items=[CaseOut.of(c) for c in found], limit=paging.limit, offset=paging.offset, total=total)


@router.post(
    "",
    status_code=201,
    response_model=CaseOut,
    summary="Open a case on a legal ground (refused for a protected person, or when the facts do not support it)",
    responses=error_responses(404, 409),
)
def open_case(rt: Rt, ctx: CallerCtx, body: NewCase) -> CaseOut:
    return CaseOut.of(cases.open_case(rt, ctx, body.person_id, body.ground))


@router.get(
    "/{case_id}",
    response_model=CaseFileOut,
    summary="The case file: facts with provenance, records, policy explanation, timeline, possible steps",
    responses=error_responses(404),
)
async def show_case(rt: Rt, token: BearerToken, case_id: str) -> Response:
    # The hottest read: token check, service and serialization in one worker-thread call.
    return await authenticated_json(rt, token, CaseFileOut, lambda ctx: cases.show_case(rt, ctx, case_id))


@router.post(
    "/{case_id}/steps",
    response_model=CaseOut,
    summary="Take a step of the transition table (assign, submit, signoff, notice, refer, ...)",
    responses=error_responses(404, 409),
)
def step_case(rt: Rt, ctx: CallerCtx, case_id: str, body: CaseStep) -> CaseOut:
    return CaseOut.of(case_steps.step_case(rt, ctx, case_id, body.step, body.reason, body.to_user))


@router.post(
    "/{case_id}/close",
    response_model=CaseOut,
    summary="Close a case with a reason",
    responses=error_responses(404, 409),
)
def close_case(rt: Rt, ctx: CallerCtx, case_id: str, body: CaseClose) -> CaseOut:
    return CaseOut.of(cases.close_case(rt, ctx, case_id, body.reason_code, body.reason, body.citizenship_evidence))
