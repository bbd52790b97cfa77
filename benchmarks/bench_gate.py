"""The gate's costs: durable audited appends per second on SQLite, checkpoint cost, one Cedar decision.

    .venv/bin/python benchmarks/bench_gate.py --appends 20000 --rounds 3 --checkpoint-at 100000 1000000

Appends: each is its own committed transaction (the unit of work of a read that is audited), with
SQLite in WAL mode, for synchronous=NORMAL (Docket's default: durable across an application crash)
and synchronous=FULL (durable across power loss: each commit waits for the WAL's fsync). Beside them,
in the same rounds and on the same disk, the floor: plain ``sqlite3`` committing one minimal insert
per transaction with the same settings and no Python layers. On a shared machine the disk's fsync
time swings widely, so the rounds interleave Docket and the floor, and the figures are medians with
their range; CPU per append (user + system, from ``process_time``) is steadier than wall time.

Checkpoints: the time to sign a checkpoint over N leaves when the last one was 1,000 leaves earlier
(the count-based cadence), for each N in ``--checkpoint-at``. Cedar: ``Authorizer.decide`` on a
realistic request, median and p99 over many calls.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import event

from docket.auditlog.leaf import AuditEvent
from docket.auditlog.merkle import leaf_hash
from docket.services.accounts import initialise
from docket.services.audit import append_event, write_checkpoint
from docket.services.authz import Authorizer, Principal, Resource
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.settings import Settings

CTX = Context(Actor("ana", "analyst", "east"))
LEAF = b'{"action":"read_case","actor":"ana","at":"2025-01-01T00:00:00.000000Z","detail":{},' + b"x" * 120 + b"}"


def docket_runtime(folder: Path, synchronous: str) -> Runtime:
    """An initialised data dir whose connections use ``synchronous`` (set once per connection)."""
    rt = Runtime(Settings.from_env(folder / synchronous, environ={}))
    initialise(rt)
    if synchronous != "NORMAL":  # Docket's default is NORMAL
        event.listen(rt.engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA synchronous={synchronous}"))
        rt.engine.dispose()
    return rt


def docket_appends(rt: Runtime, count: int) -> tuple[float, float]:
    """(appends/s, CPU µs per append) for ``count`` audited appends, each its own transaction."""

    def one(i: int) -> None:
        with rt.engine.begin() as conn:
            append_event(rt, conn, CTX, "read_case", [f"C{i:07d}", "P00000001"], "ok", {})

    return timed(one, count)


def sqlite_floor(folder: Path, synchronous: str) -> Callable[[int], tuple[float, float]]:
    """Plain sqlite3, WAL, one minimal insert per committed transaction: the disk's floor."""
    conn = sqlite3.connect(folder / f"floor-{synchronous}.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("CREATE TABLE leaves (idx BIGINT NOT NULL PRIMARY KEY, leaf BLOB NOT NULL, leaf_hash BLOB NOT NULL)")
    next_index = [0]

    def one(_: int) -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO leaves VALUES (?, ?, ?)", (next_index[0], LEAF, LEAF[:32]))
        conn.execute("COMMIT")
        next_index[0] += 1

    return lambda count: timed(one, count)


def timed(step: Callable[[int], None], count: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        step(i)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return count / wall, cpu / count * 1e6


def append_rounds(count: int, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """Interleaved rounds of Docket NORMAL, Docket FULL and the floor FULL; FULL runs count // 4."""
    results: dict[str, list[tuple[float, float]]] = {"normal": [], "full": [], "floor_full": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        normal, full = docket_runtime(folder, "NORMAL"), docket_runtime(folder, "FULL")
        floor = sqlite_floor(folder, "FULL")
        for _ in range(rounds):
            results["normal"].append(docket_appends(normal, count))
            results["full"].append(docket_appends(full, count // 4))
            results["floor_full"].append(floor(count // 4))
        normal.close()
        full.close()
    return results


def checkpoint_ms(leaves: int, since: int = 1000) -> float:
    """Milliseconds to sign a checkpoint over ``leaves`` leaves, the last one ``since`` leaves earlier."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(Path(tmp) / "data", environ={})
        rt = Runtime(dataclasses.replace(settings, checkpoint_every=10**12, checkpoint_seconds=0))
        initialise(rt)
        with rt.engine.begin() as conn:
            driver = conn.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            fill(driver, leaves)
            write_checkpoint(rt, conn, leaves - since)
        started = time.perf_counter()
        with rt.engine.begin() as conn:
            write_checkpoint(rt, conn, leaves)
        elapsed = time.perf_counter() - started
        rt.close()
    return elapsed * 1000


def fill(driver: sqlite3.Connection, leaves: int) -> None:
    """Add plausible leaves after the ones ``initialise`` wrote, quickly (not through the gate)."""
    start = driver.execute("SELECT count(*) FROM audit_leaves").fetchone()[0]

    def rows() -> Iterator[tuple[int, bytes, bytes]]:
        for i in range(start, leaves):
            data = AuditEvent("ana", "analyst", "read_case", (f"case:{i}",), "enforcement", "ok",
                              "2025-01-01T00:00:00.000000Z").to_bytes()
            yield i, data, leaf_hash(data)

    driver.executemany("INSERT INTO audit_leaves (idx, leaf, leaf_hash) VALUES (?, ?, ?)", rows())
    driver.execute("UPDATE counters SET value = ? WHERE name = 'audit'", (leaves,))


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


def summary(runs: list[tuple[float, float]]) -> dict[str, float]:
    rates, cpu = sorted(r for r, _ in runs), [c for _, c in runs]
    return {"median_per_s": statistics.median(rates), "min_per_s": rates[0], "max_per_s": rates[-1],
            "cpu_us_per_append": statistics.median(cpu)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=20_000, help="per NORMAL round; FULL rounds do a quarter")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--checkpoint-at", type=int, nargs="*", default=[100_000])
    parser.add_argument("--decisions", type=int, default=5_000)
    args = parser.parse_args()
    appends = {name: summary(runs) for name, runs in append_rounds(args.appends, args.rounds).items()}
    checkpoints = {n: checkpoint_ms(n) for n in args.checkpoint_at}
    p50, p99 = cedar_decision(args.decisions)
    labels = {"normal": "Docket, synchronous=NORMAL", "full": "Docket, synchronous=FULL",
              "floor_full": "floor: plain sqlite3, FULL"}
    for name, s in appends.items():
        print(f"audited appends/s, SQLite WAL, {labels[name]:28s} median {s['median_per_s']:7,.0f} "
              f"(range {s['min_per_s']:,.0f}-{s['max_per_s']:,.0f}), CPU {s['cpu_us_per_append']:.0f} us/append")
    for n, ms in checkpoints.items():
        print(f"checkpoint over {n:,} leaves, 1,000 since the last: {ms:,.1f} ms")
    print(f"Cedar decision: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    print(json.dumps({"bench": "gate", "appends_normal_per_s": appends["normal"]["median_per_s"],
                      "appends_full_per_s": appends["full"]["median_per_s"], "appends": appends,
                      "checkpoint_ms": checkpoints, "cedar_p50_ms": p50, "cedar_p99_ms": p99}))


if __name__ == "__main__":
    main()
