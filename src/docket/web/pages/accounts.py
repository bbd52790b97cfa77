"""Accounts (administrators): list, add, disable and enable."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.services import users
from docket.services.authz import ROLES
from docket.web.auth import AdminCtx, Rt
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()


@router.get("/accounts", response_class=HTMLResponse)
def accounts(request: Request, rt: Rt, ctx: AdminCtx) -> HTMLResponse:
    return render(request, "accounts.html", {"accounts": users.list_users(rt, ctx), "roles": ROLES})


@router.post("/accounts")
def add_account(
    rt: Rt,
    ctx: AdminCtx,
    user_id: Annotated[str, Form(max_length=60)],
    role: Annotated[str, Form(max_length=40)],
    unit: Annotated[str, Form(max_length=120)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> RedirectResponse:
    users.add_user(rt, ctx, user_id, role, unit, password or None)
    return RedirectResponse("/accounts", status_code=303)


@router.post("/accounts/{user_id}/disable")
def disable_account(rt: Rt, ctx: AdminCtx, user_id: str) -> RedirectResponse:
    users.set_active(rt, ctx, user_id, False)
    return RedirectResponse("/accounts", status_code=303)


@router.post("/accounts/{user_id}/enable")
def enable_account(rt: Rt, ctx: AdminCtx, user_id: str) -> RedirectResponse:
    users.set_active(rt, ctx, user_id, True)
    return RedirectResponse("/accounts", status_code=303)
