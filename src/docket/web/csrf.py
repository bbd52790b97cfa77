"""A per-session CSRF token in every form, checked on every POST of the pages."""

from __future__ import annotations

import secrets

from fastapi import Request

from docket.errors import Denied

FIELD = "csrf_token"
POLICY = "csrf-token"


def csrf_token(request: Request) -> str:
    """This session's token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def renew_csrf(request: Request) -> None:
    request.session["csrf"] = secrets.token_urlsafe(32)


async def require_csrf(request: Request) -> None:
    """Router dependency: a POST must carry the session's token in the form field ``csrf_token``."""
    if request.method != "POST":
        return
    expected = request.session.get("csrf")
    sent = (await request.form()).get(FIELD)
    if not isinstance(expected, str) or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise Denied(
            "the form's security token is missing or does not match this session; reload the page and try again",
            ["csrf: missing or mismatched token"],
            [POLICY],
        )
