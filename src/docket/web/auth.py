"""Who is signed in to the pages: the account named in the signed session cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from docket.errors import Unauthenticated
from docket.services.accounts import resolve_actor
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.rt
    return rt


def signed_in(request: Request, rt: Annotated[Runtime, Depends(runtime)]) -> Actor:
    """The signed-in actor (disabled accounts stay actors: Cedar's inactive-user policy refuses them)."""
    user_id = request.session.get("user")
    if not isinstance(user_id, str) or not user_id:
        raise Unauthenticated("sign in to continue")
    return resolve_actor(rt, user_id)


def sign_in(request: Request, actor: Actor) -> None:
    request.session.clear()
    request.session.update({"user": actor.id, "role": actor.role})


def sign_out(request: Request) -> None:
    request.session.clear()


def admin_context(actor: Annotated[Actor, Depends(signed_in)]) -> Context:
    return Context(actor)


def caller_context(actor: Annotated[Actor, Depends(signed_in)]) -> Context:
    """Who asks; the service states the purpose and what justifies it (a case, a task, a request)."""
    return Context(actor)


Rt = Annotated[Runtime, Depends(runtime)]
SignedIn = Annotated[Actor, Depends(signed_in)]
AdminCtx = Annotated[Context, Depends(admin_context)]
CallerCtx = Annotated[Context, Depends(caller_context)]
