"""``authenticated_json``: one worker-thread call per read, on a few threads of its own."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import pytest

from docket.api.case_models import PackOut
from docket.api.threads import SERVICE_THREADS, authenticated_json
from docket.errors import Unauthenticated
from docket.services.context import Context
from tests.api.factories import add_account, fresh_app, token_for


def test_reads_run_on_at_most_service_threads_at_once(tmp_path: Path) -> None:
    rt = fresh_app(tmp_path).state.rt
    token = token_for(rt, add_account(rt, "ana", "analyst", "east"))
    running, peak, lock = [0], [0], threading.Lock()

    def service(ctx: Context) -> dict[str, str]:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.01)
        with lock:
            running[0] -= 1
        return {"name": ctx.actor.id, "sha256": "x", "ignored": "dropped by the model"}

    async def many() -> list[bytes]:
        calls = [authenticated_json(rt, token, PackOut, service) for _ in range(4 * SERVICE_THREADS)]
        return [bytes(r.body) for r in await asyncio.gather(*calls)]

    bodies = asyncio.run(many())
    assert peak[0] == SERVICE_THREADS
    assert {json.loads(b)["name"] for b in bodies} == {"ana"}
    assert json.loads(bodies[0]) == {"name": "ana", "sha256": "x"}


def test_an_invalid_token_is_refused_before_the_service_runs(tmp_path: Path) -> None:
    rt = fresh_app(tmp_path).state.rt
    with pytest.raises(Unauthenticated):
        asyncio.run(authenticated_json(rt, "dkt_nope_x", PackOut, lambda _ctx: pytest.fail("must not run")))
