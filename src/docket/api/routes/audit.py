"""The audit log: checkpoints, inclusion proofs, verification (DESIGN.md §8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from docket.api.auth import AdminCtx, Rt
from docket.api.errors import error_responses
from docket.api.models import CheckpointOut, ProofOut, VerifyOut, VerifyReportOut
from docket.services import auditing

router = APIRouter(prefix="/audit", tags=["audit"])
MAX_INDEX = 2**62


@router.get("/checkpoint", response_model=CheckpointOut, summary="The latest signed checkpoint (signed now if due)")
def checkpoint(rt: Rt, ctx: AdminCtx) -> CheckpointOut:
    return CheckpointOut(checkpoint=auditing.checkpoint_now(rt, ctx))


@router.get(
    "/proofs/{index}",
    response_model=ProofOut,
    summary="Inclusion proof of one leaf against a signed checkpoint",
    responses=error_responses(404),
)
def proof(rt: Rt, ctx: AdminCtx, index: Annotated[int, Path(ge=0, le=MAX_INDEX)]) -> ProofOut:
    return ProofOut.model_validate(auditing.inclusion(rt, ctx, index).to_dict())


@router.get("/verify", response_model=VerifyOut, summary="Recompute the Merkle tree and check every checkpoint")
def verify(rt: Rt, ctx: AdminCtx) -> VerifyOut:
    reports = [VerifyReportOut.of(r) for r in auditing.verify(rt, ctx)]
    return VerifyOut(ok=all(r.ok for r in reports), reports=reports)
