"""One worker-thread call for a hot read: authenticate, run the service, serialize the response.

A plain ``def`` route costs up to three hand-offs between the event loop and FastAPI's thread pool:
the token check (``token_actor``), the route itself, and then FastAPI validates the returned model
again in the pool before serializing it. Each hand-off wakes a worker thread and the loop again and
passes the GIL back and forth; for a read of a few milliseconds they were a large share of its CPU.
A route that calls ``authenticated_json`` from ``async def`` makes one hand-off for all three, and
returns the body already serialized exactly as FastAPI would have (the route's ``response_model``
still documents it).

Those calls run on a few threads of their own (``SERVICE_THREADS``), not FastAPI's pool of 40. One
process runs Python under one GIL, so more threads add no throughput; with 32 concurrent reads they
only fought for the GIL and for SQLite's write lock (the audit leaf), where a loser sleeps 1, 2, 5,
10, ... ms before it tries again: a few reads waited seconds. Queued on the loop instead, reads are
served in arrival order (over HTTP: p99 ~700 -> ~300 ms, max ~2 s -> ~0.4 s, CPU per read -15%).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar
from fastapi import Response
from pydantic import BaseModel

from docket.services.context import Context
from docket.services.runtime import Runtime
from docket.services.users import authenticate_token


async def authenticated_json(
    rt: Runtime, token: str, model: type[BaseModel], service: Callable[[Context], Any]
) -> Response:
    """``service(Context(actor))`` validated as ``model``, as JSON; ``token`` checked first, in the
    same worker-thread call (an invalid one raises ``Unauthenticated`` as ``token_actor`` would)."""
    return await to_thread.run_sync(_call, rt, token, model, service, limiter=_limiter())


SERVICE_THREADS = 4  # enough to overlap a PostgreSQL round trip with another read's Python
_LIMITER: RunVar[CapacityLimiter] = RunVar("docket_service_threads")  # one per event loop, as anyio's own


def _limiter() -> CapacityLimiter:
    try:
        return _LIMITER.get()
    except LookupError:
        limiter = CapacityLimiter(SERVICE_THREADS)
        _LIMITER.set(limiter)
        return limiter


def _call(rt: Runtime, token: str, model: type[BaseModel], service: Callable[[Context], Any]) -> Response:
    ctx = Context(authenticate_token(rt, token))
    body = model.model_validate(service(ctx)).model_dump_json(by_alias=True)
    return Response(body, media_type="application/json")
