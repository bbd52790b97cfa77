"""Accounts and API tokens (administrators; never their own account)."""

from __future__ import annotations

from fastapi import APIRouter

from docket.api.auth import AdminCtx, Rt
from docket.api.errors import error_responses
from docket.api.models import AccountOut, AccountState, IssuedTokenOut, NewAccount, TokenRequest, TokenRevoked
from docket.api.pagination import Page, Paging, page_of
from docket.services import users

router = APIRouter(tags=["accounts"])


@router.get("/users", response_model=Page[AccountOut], summary="List accounts")
def list_users(rt: Rt, ctx: AdminCtx, paging: Paging) -> Page[AccountOut]:
    return page_of([AccountOut.of(a) for a in users.list_users(rt, ctx)], paging)


@router.post(
    "/users", status_code=201, response_model=AccountOut, summary="Create an account", responses=error_responses(409)
)
def add_user(rt: Rt, ctx: AdminCtx, body: NewAccount) -> AccountOut:
    return AccountOut.of(users.add_user(rt, ctx, body.id, body.role, body.unit, body.password))


@router.post(
    "/users/{user_id}/disable",
    response_model=AccountState,
    summary="Disable an account (kept: its actions stay attributable)",
    responses=error_responses(404),
)
def disable_user(rt: Rt, ctx: AdminCtx, user_id: str) -> AccountState:
    users.set_active(rt, ctx, user_id, False)
    return AccountState(id=user_id, active=False)


@router.post(
    "/users/{user_id}/enable", response_model=AccountState, summary="Enable an account", responses=error_responses(404)
)
def enable_user(rt: Rt, ctx: AdminCtx, user_id: str) -> AccountState:
    users.set_active(rt, ctx, user_id, True)
    return AccountState(id=user_id, active=True)


@router.post(
    "/users/{user_id}/tokens",
    status_code=201,
    response_model=IssuedTokenOut,
    summary="Create an API token for an account (shown once)",
    responses=error_responses(404),
)
def create_token(rt: Rt, ctx: AdminCtx, user_id: str, body: TokenRequest | None = None) -> IssuedTokenOut:
    issued = users.create_token(rt, ctx, user_id, (body or TokenRequest()).days)
    return IssuedTokenOut(**issued.__dict__)


@router.post(
    "/tokens/{token_id}/revoke",
    response_model=TokenRevoked,
    summary="Revoke an API token",
    responses=error_responses(404),
)
def revoke_token(rt: Rt, ctx: AdminCtx, token_id: str) -> TokenRevoked:
    users.revoke_token(rt, ctx, token_id)
    return TokenRevoked(token_id=token_id)
