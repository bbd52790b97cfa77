"""The gate's costs: durable audited appends per second on SQLite, and one Cedar decision.

    .venv/bin/python benchmarks/bench_gate.py --appends 20000

Appends: each is its own committed transaction (the unit of work of a read that is audited), with
SQLite in WAL mode; figures for synchronous=NORMAL (Docket's default: durable across an application
crash) and synchronous=FULL (durable across power loss). Cedar: `Authorizer.decide` on a realistic
request, median and p99 over many calls.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from docket.services.accounts import initialise
from docket.services.audit import append_event
from docket.services.authz import Authorizer, Principal, Resource
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.settings import Settings


def appends_per_second(count: int, synchronous: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        rt = Runtime(Settings.from_env(Path(tmp) / "data", environ={}))
        initialise(rt)
        if synchronous != "NORMAL":  # Docket's default is NORMAL; set the other once per connection
            event.listen(rt.engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA synchronous={synchronous}"))
            rt.engine.dispose()
        ctx = Context(Actor("ana", "analyst", "east"))
        started = time.perf_counter()
        for i in range(count):
            with rt.engine.begin() as conn:
                append_event(rt, conn, ctx, "read_case", [f"C{i:07d}", "P00000001"], "ok", {})
        seconds = time.perf_counter() - started
        rt.close()
        return count / seconds


def cedar_decision(samples: int) -> tuple[float, float]:
    authz = Authorizer()
    principal = Principal("ana", "analyst", "east")
    case = Resource("Case", "C0000001", {"assigned_to": "ana", "unit": "east", "purpose": "enforcement",
                                         "status": "assigned", "person_protected": False})
    context = {"purpose": "enforcement", "via": "case", "person_protected": False}
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        authz.decide(principal, "read_case", case, context)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=20_000)
    parser.add_argument("--decisions", type=int, default=5_000)
    args = parser.parse_args()
    normal = appends_per_second(args.appends, "NORMAL")
    full = appends_per_second(args.appends // 4, "FULL")
    p50, p99 = cedar_decision(args.decisions)
    print(f"audited appends/s, SQLite WAL synchronous=NORMAL: {normal:,.0f}")
    print(f"audited appends/s, SQLite WAL synchronous=FULL:   {full:,.0f}")
    print(f"Cedar decision: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    print(json.dumps({"bench": "gate", "appends_normal_per_s": normal, "appends_full_per_s": full,
                      "cedar_p50_ms": p50, "cedar_p99_ms": p99}))


if __name__ == "__main__":
    main()
