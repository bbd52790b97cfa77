"""One error shape for every failure (DESIGN.md §9, §10).

``{"ok": false, "code": ..., "error": ..., "errors": [...], "policy_ids": [...]}`` with the HTTP
status from ``docket.errors.status_for`` for a ``DocketError``; framework errors (404, 405, 413,
request validation) and unexpected exceptions are turned into the same shape here and nowhere
else. Pages get the same body rendered as HTML by the renderer the web package provides.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, Literal

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from docket.errors import Denied, DocketError, Unauthenticated, status_for

log = logging.getLogger("docket.api")

API_PREFIX = "/api/"
HTTP_CODES = {
    401: "unauthenticated",
    403: "denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}
DESCRIPTIONS = {
    401: "Not signed in: no bearer token, or an invalid, expired or revoked one.",
    403: "Refused by policy; `policy_ids` names the deciding policies.",
    404: "No such object.",
    405: "Method not allowed on this path.",
    409: "Conflicts with what is stored.",
    413: "The upload is larger than the limit; nothing was stored.",
    415: "Unsupported content type.",
    422: "Invalid input; `errors` lists every problem.",
    500: "Internal error; no traceback is disclosed.",
}
HtmlRenderer = Callable[[Request, int, dict[str, Any]], Response]


class ErrorBody(BaseModel):
    """Every error, from every endpoint."""

    ok: Literal[False] = False
    code: str = Field(description="Stable machine-readable code, e.g. `denied`, `not_found`, `invalid`.")
    error: str = Field(description="What went wrong, in words.")
    errors: list[str] = Field(default_factory=list, description="Each individual problem.")
    policy_ids: list[str] = Field(default_factory=list, description="Policies behind a refusal (403).")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the error shape for these statuses."""
    return {status: {"model": ErrorBody, "description": DESCRIPTIONS[status]} for status in statuses}


def body_of(exc: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    """HTTP status, error body and extra headers for any exception."""
    if isinstance(exc, DocketError):
        return _docket_error(exc)
    if isinstance(exc, RequestValidationError):
        problems = [_validation_problem(e) for e in exc.errors()]
        return 422, _body("invalid", "the request is invalid", problems), {}
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    reference = secrets.token_hex(6)
    log.error("unexpected error (reference %s)", reference, exc_info=exc)
    return 500, _body("internal", f"internal error (reference {reference}); the details are in the server log"), {}


def _docket_error(exc: DocketError) -> tuple[int, dict[str, Any], dict[str, str]]:
    status = status_for(exc)[0]
    body = exc.to_dict()
    body["policy_ids"] = list(exc.policy_ids) if isinstance(exc, Denied) else []
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthenticated) else {}
    return status, body, headers


def _http_error(exc: HTTPException) -> tuple[int, dict[str, Any], dict[str, str]]:
    if exc.status_code == 400:  # the framework could not parse the body: invalid input, like malformed JSON
        return 422, _body("invalid", "the request is invalid", [str(exc.detail)]), {}
    status = exc.status_code
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "error"
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else phrase
    code = HTTP_CODES.get(status, "http_error" if status < 500 else "internal")
    return status, _body(code, message), dict(exc.headers or {})


def _body(code: str, message: str, problems: list[str] | None = None) -> dict[str, Any]:
    return {"ok": False, "code": code, "error": message, "errors": problems or [], "policy_ids": []}


def _validation_problem(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


def install_error_handlers(app: FastAPI, html: HtmlRenderer) -> None:
    """JSON under ``/api/``, the renderer's HTML page everywhere else."""

    async def handle(request: Request, exc: Exception) -> Response:
        status, body, headers = body_of(exc)
        if not request.url.path.startswith(API_PREFIX):
            return html(request, status, body)
        return JSONResponse(body, status_code=status, headers=headers)

    for kind in (DocketError, RequestValidationError, HTTPException, Exception):
        app.add_exception_handler(kind, handle)
