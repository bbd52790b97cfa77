"""One worker-thread call for a hot read: authenticate, run the service, serialize the response.

A plain ``def`` route costs up to three hand-offs between the event loop and FastAPI's thread pool:
the token check (``token_actor``), the route itself, and then FastAPI validates the returned model
again in the pool before serializing it. Each hand-off wakes a worker thread and the loop again and
passes the GIL back and forth; for a read of a few milliseconds they were a large share of its CPU.
A route that calls ``authenticated_json`` from ``async def`` makes one hand-off for all three, and
returns the body already serialized exactly as FastAPI would have (the route's ``response_model``
still documents it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from docket.services.context import Context
from docket.services.runtime import Runtime
from docket.services.users import authenticate_token


async def authenticated_json(
    rt: Runtime, token: str, model: type[BaseModel], service: Callable[[Context], Any]
) -> Response:
    """``service(Context(actor))`` validated as ``model``, as JSON; ``token`` checked first, in the
    same worker-thread call (an invalid one raises ``Unauthenticated`` as ``token_actor`` would)."""
    return await run_in_threadpool(_call, rt, token, model, service)


def _call(rt: Runtime, token: str, model: type[BaseModel], service: Callable[[Context], Any]) -> Response:
    ctx = Context(authenticate_token(rt, token))
    body = model.model_validate(service(ctx)).model_dump_json(by_alias=True)
    return Response(body, media_type="application/json")
