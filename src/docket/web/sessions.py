"""Signed session cookies for the pages.

The cookie is signed with ``settings.session_secret`` (itsdangerous, through Starlette's
``SessionMiddleware``), HttpOnly, SameSite=Strict, and Secure whenever the request came over https.
An empty or placeholder secret refuses to start, except in a demo, which gets a random secret per
process (sessions then end when the process does).
"""

from __future__ import annotations

import secrets

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from docket.errors import ConfigError
from docket.settings import Settings

COOKIE = "docket_session"
MAX_AGE = 8 * 60 * 60
MIN_SECRET_LENGTH = 32
PLACEHOLDER_WORDS = ("change", "placeholder", "secret", "example", "default", "insecure", "xxxx", "todo")


def is_placeholder(secret: str) -> bool:
    lowered = secret.strip().lower()
    if len(lowered) < MIN_SECRET_LENGTH or len(set(lowered)) < 10:
        return True
    return any(word in lowered for word in PLACEHOLDER_WORDS)


def session_secret(settings: Settings) -> str:
    """The configured secret; a random one per process in a demo; otherwise refuse to start."""
    if not is_placeholder(settings.session_secret):
        return settings.session_secret
    if settings.demo:
        return secrets.token_urlsafe(48)
    raise ConfigError(
        "DOCKET_SESSION_SECRET is empty or a placeholder; set it to a random value of at least "
        f"{MIN_SECRET_LENGTH} characters (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    )


class SchemeAwareSessions:
    """Starlette's session middleware, with the Secure flag on the cookie for https requests."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        common = {"secret_key": secret, "session_cookie": COOKIE, "max_age": MAX_AGE, "same_site": "strict"}
        self.plain = SessionMiddleware(app, https_only=False, **common)  # type: ignore[arg-type]
        self.secure = SessionMiddleware(app, https_only=True, **common)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        chosen = self.secure if scope.get("scheme") in ("https", "wss") else self.plain
        await chosen(scope, receive, send)
