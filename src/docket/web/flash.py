"""One-line confirmations carried across the redirect after a form (post, redirect, get)."""

from __future__ import annotations

from fastapi import Request

KEY = "flash"


def flash(request: Request, message: str) -> None:
    request.session[KEY] = message


def take_flash(request: Request) -> str | None:
    """The pending confirmation, once."""
    if "session" not in request.scope:
        return None
    message = request.session.pop(KEY, None)
    return message if isinstance(message, str) else None
