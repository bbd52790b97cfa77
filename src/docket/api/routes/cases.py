"""Cases: the caller's queue (analysts: assigned to them; supervisors: their unit)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from docket.api.auth import Rt, token_actor
from docket.api.models import CaseOut
from docket.api.pagination import Page, Paging
from docket.domain.vocabulary import Purpose
from docket.services import cases
from docket.services.context import Actor, Context

router = APIRouter(prefix="/cases", tags=["cases"])


def case_context(
    actor: Annotated[Actor, Depends(token_actor)],
    purpose: Annotated[Purpose, Query(description="The purpose the cases were opened for.")] = Purpose.ENFORCEMENT,
) -> Context:
    return Context(actor, purpose, "case")


@router.get("", response_model=Page[CaseOut], summary="My case queue")
def list_cases(rt: Rt, ctx: Annotated[Context, Depends(case_context)], paging: Paging) -> Page[CaseOut]:
    found, total = cases.list_cases(rt, ctx, paging.limit, paging.offset)
    return Page[CaseOut](items=[CaseOut.of(c) for c in found], limit=paging.limit, offset=paging.offset, total=total)
