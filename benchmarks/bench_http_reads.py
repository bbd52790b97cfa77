"""Audited case-file reads over HTTP: the real app under uvicorn on loopback, 32 concurrent clients.

    .venv/bin/python benchmarks/bench_http_reads.py --seconds 20 [--clients 32] [--workers 1]

Builds a demo Docket in a temporary data dir (``docket demo --no-serve``: a synthetic population
declared, ingested and linked through the services), opens ``--cases`` public-safety cases and
assigns them to the analyst ``ana``, issues one API token per client, then serves the app with
uvicorn in a child process on 127.0.0.1. Each client reads case files (``GET /api/v1/cases/{id}``:
authenticate the token, load the case and the person's file, Cedar decision, link explanations,
one audit leaf committed with the read) back to back over one keep-alive connection for
``--seconds``, after a ``--warmup`` that is left out of the figures.

Prints reads/s, p50/p99 latency, errors, and CPU seconds spent by the server and by the load
generator: both run on the same machine and share its cores, so the server never gets all of it.
Afterwards the audit log must have grown by exactly one leaf per read answered (2xx or a 403
denial; a 401 or 5xx leaves none) and ``verify`` must pass; the script exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import tempfile
import time
from pathlib import Path

from http_loopback import Connection, Samples, Server, percentile

from docket.errors import DocketError
from docket.services import auditing, case_steps, cases, users
from docket.services.context import Actor, Context
from docket.services.demo import run_demo
from docket.services.demo_people import convicted_persons
from docket.services.runtime import Runtime
from docket.settings import Settings
from docket.store import audit_repo

SUPERVISOR = Context(Actor("sam", "supervisor", "east"))
ADMIN = Context(Actor("admin", "admin"))
OPERATOR = Context(Actor("operator", "data_steward"))
ANALYST = "ana"


def build(rt: Runtime, persons: int, wanted: int) -> list[str]:
    """A demo Docket with ``wanted`` cases (or as many as its population supports) assigned to ``ana``."""
    report = run_demo(rt, persons, say=lambda _line: None)
    opened = list(report.cases)
    for person_id in convicted_persons(rt, limit=400):
        if len(opened) >= wanted:
            break
        try:
            opened.append(cases.open_case(rt, SUPERVISOR, person_id, "public_safety").id)
        except DocketError:
            continue  # protected, unsupported or already open: refused, as it should be
    if not opened:
        raise SystemExit(f"no case could be opened on {persons} synthetic persons; try more --persons")
    for case_id in opened:
        case_steps.step_case(rt, SUPERVISOR, case_id, "assign", "benchmark reads", ANALYST)
    return opened


def leaves(rt: Runtime) -> int:
    with rt.engine.connect() as conn:
        return audit_repo.tree_size(conn)


async def client(port: int, token: str, paths: itertools.cycle[str], stop: float, samples: Samples) -> None:
    """Back-to-back reads over one connection; a broken connection is counted and reopened."""
    conn = await Connection.open(port)
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            status, _body = await conn.request("GET", next(paths), token)
        except (OSError, asyncio.IncompleteReadError):
            samples.broken += 1
            await conn.close()
            conn = await Connection.open(port)
            continue
        samples.add(started, status)
    await conn.close()


async def run_load(port: int, tokens: list[str], case_ids: list[str], seconds: float) -> Samples:
    samples = Samples()
    stop = time.perf_counter() + seconds
    await asyncio.gather(*(
        client(port, token, itertools.cycle([f"/api/v1/cases/{c}" for c in case_ids[i % len(case_ids):]
                                             + case_ids[:i % len(case_ids)]]), stop, samples)
        for i, token in enumerate(tokens)
    ))
    return samples


def measure(data_dir: Path, tokens: list[str], case_ids: list[str], args: argparse.Namespace) -> dict[str, float]:
    """Serve, load, and return the figures of the measured window (after the warm-up)."""
    with Server(data_dir, args.workers) as server:
        started = time.perf_counter()
        warm_end = started + args.warmup
        cpu_server, cpu_client = server.cpu_seconds(), time.process_time()
        samples = asyncio.run(run_load(server.port, tokens, case_ids, args.warmup + args.seconds))
        stop = time.perf_counter()
        cpu_server, cpu_client = server.cpu_seconds() - cpu_server, time.process_time() - cpu_client
    latency, status = samples.window(warm_end, stop)
    latency.sort()
    window = stop - warm_end
    return {
        "reads_per_s": sum(1 for s in status if s == 200) / window,
        "p50_ms": percentile(latency, 0.50) * 1000,
        "p99_ms": percentile(latency, 0.99) * 1000,
        "max_ms": (latency[-1] if latency else float("nan")) * 1000,
        "errors": sum(1 for s in status if s != 200) + samples.broken,
        "server_5xx": sum(1 for s in samples.status if s >= 500),
        "ok_total": samples.count(ok=True),
        "denied_total": sum(1 for s in samples.status if s == 403),
        "unauthenticated_total": sum(1 for s in samples.status if s == 401),
        "server_cpu_s": cpu_server,
        "client_cpu_s": cpu_client,
        "seconds": stop - started,
        "server_cpu_ms_per_read": cpu_server * 1000 / max(1, len(samples.status)),
    }


def check_audit(rt: Runtime, before: int) -> tuple[int, bool]:
    """Leaves added by the load (must be one per 2xx or 403 answer), and whether ``verify`` passes."""
    added = leaves(rt) - before
    reports = auditing.verify(rt, OPERATOR)
    return added, all(r.ok for r in reports)


def prepared(data_dir: Path, args: argparse.Namespace) -> tuple[Runtime, list[str]]:
    """A built data dir: ``data_dir`` as a previous run left it (``--data``), or a new demo Docket."""
    rt = Runtime(Settings.from_env(data_dir, environ={}))
    marker = data_dir / "bench-cases.json"
    if marker.exists():
        return rt, json.loads(marker.read_text())
    built = time.perf_counter()
    case_ids = build(rt, args.persons, args.cases)
    marker.write_text(json.dumps(case_ids))
    print(f"setup: {len(case_ids)} cases assigned to {ANALYST} ({time.perf_counter() - built:.0f} s)", flush=True)
    return rt, case_ids


def run(data_dir: Path, args: argparse.Namespace) -> None:
    rt, case_ids = prepared(data_dir, args)
    tokens = [users.create_token(rt, ADMIN, ANALYST).token for _ in range(args.clients)]
    before = leaves(rt)
    figures = measure(data_dir, tokens, case_ids, args)
    added, verified = check_audit(rt, before)
    rt.close()
    expected = int(figures["ok_total"] + figures["denied_total"])
    report(args, figures, added, expected, verified)
    if added != expected or not verified or figures["server_5xx"]:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=2.0, help="load before measuring, left out of figures")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--persons", type=int, default=2000, help="synthetic persons in the demo population")
    parser.add_argument("--cases", type=int, default=8, help="cases to open and assign (the readers' targets)")
    parser.add_argument("--data", type=Path, help="build the data dir here and keep it; reused when built")
    args = parser.parse_args()
    if args.data:
        run(args.data.resolve(), args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / "data", args)


def report(args: argparse.Namespace, f: dict[str, float], added: int, expected: int, verified: bool) -> None:
    cores = os.cpu_count() or 1
    print(f"case-file reads over HTTP, {args.clients} clients, {args.workers} uvicorn worker(s), "
          f"{args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up")
    print(f"reads/s: {f['reads_per_s']:,.0f}")
    print(f"latency: p50 {f['p50_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms, max {f['max_ms']:.1f} ms")
    print(f"errors: {f['errors']:.0f} (5xx: {f['server_5xx']:.0f})")
    print(f"CPU over the run: server {f['server_cpu_s']:.1f} s, load generator {f['client_cpu_s']:.1f} s, "
          f"of {cores} cores x {f['seconds']:.0f} s; the load generator competes with the server for them")
    print(f"server CPU per answered read: {f['server_cpu_ms_per_read']:.2f} ms (steadier than reads/s on a busy host)")
    print(f"audit leaves added: {added} (expected {expected}: one per read answered); verify: "
          f"{'ok' if verified else 'FAILED'}")
    server_cores = f["server_cpu_s"] / max(f["seconds"], 1e-9)
    print(json.dumps({"bench": "http_reads", "clients": args.clients, "workers": args.workers,
                      **{k: round(v, 3) for k, v in f.items()}, "server_cores_busy": round(server_cores, 2),
                      "leaves_added": added, "leaves_expected": expected, "verify_ok": verified}))


if __name__ == "__main__":
    main()
