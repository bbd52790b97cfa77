"""Every page router is made here: kept out of the OpenAPI document, with the CSRF check on every POST."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from docket.web.csrf import require_csrf


def page_router() -> APIRouter:
    return APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
