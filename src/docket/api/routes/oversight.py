"""The oversight dashboard: counts from the audit log (the oversight role)."""

from __future__ import annotations

from fastapi import APIRouter

from docket.api.auth import AdminCtx, Rt
from docket.api.models import DashboardOut
from docket.services.oversight import dashboard

router = APIRouter(prefix="/oversight", tags=["oversight"])


@router.get("/dashboard", response_model=DashboardOut, summary="Log size, last checkpoint, counts and denials")
def oversight_dashboard(rt: Rt, ctx: AdminCtx) -> DashboardOut:
    return DashboardOut.model_validate(dashboard(rt, ctx).to_dict())
