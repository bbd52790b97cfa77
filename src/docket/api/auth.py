"""Who calls the API: ``Authorization: Bearer <token>``, checked by the accounts service.

Dependencies give routes the runtime and a ``Context``: ``admin_context`` for actions on the system
itself (purpose "none"), ``purpose_context`` where the service needs a stated purpose, and
``caller_context`` where the service states the purpose and justification itself.

The dependencies that only reshape what they are given are ``async``: FastAPI runs a plain ``def``
dependency in its thread pool, and under load those hand-offs between the event loop and worker
threads cost more than the case-file read itself. ``token_actor`` reads the database, so it stays
a thread-pool call; a hot route can instead take ``BearerToken`` (the token as sent, not yet
checked) and authenticate in the same worker-thread call as its service (``docket.api.threads``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from docket.domain.vocabulary import Purpose
from docket.errors import Unauthenticated
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.services.users import authenticate_token

bearer = HTTPBearer(auto_error=False, description="A Docket API token (`docket tokens create USER`).")


async def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.rt
    return rt


async def bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The bearer token as sent; refused here when there is none, checked by ``token_actor``."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("sign in: send `Authorization: Bearer <token>`")
    return credentials.credentials


def token_actor(rt: Annotated[Runtime, Depends(runtime)], token: Annotated[str, Depends(bearer_token)]) -> Actor:
    return authenticate_token(rt, token)


async def admin_context(actor: Annotated[Actor, Depends(token_actor)]) -> Context:
    """An action on the system itself (sources, ingest, accounts, the audit log)."""
    return Context(actor)


async def caller_context(actor: Annotated[Actor, Depends(token_actor)]) -> Context:
    """Who calls; the service states the purpose and what justifies it (a case, a task, a request)."""
    return Context(actor)


async def purpose_context(
    actor: Annotated[Actor, Depends(token_actor)],
    purpose: Annotated[Purpose, Query(description="Why: one of the closed purposes.")],
) -> Context:
    return Context(actor, purpose)


Rt = Annotated[Runtime, Depends(runtime)]
BearerToken = Annotated[str, Depends(bearer_token)]
AdminCtx = Annotated[Context, Depends(admin_context)]
PurposeCtx = Annotated[Context, Depends(purpose_context)]
CallerCtx = Annotated[Context, Depends(caller_context)]
