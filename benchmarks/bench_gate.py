"""The gate's costs: durable audited appends per second on SQLite, checkpoint cost, one Cedar decision.

    .venv/bin/python benchmarks/bench_gate.py --appends 20000 --rounds 3 --checkpoint-at 100000 1000000

Appends: each is its own unit of work (``rt.transaction()``, the unit of a read that is audited),
committed before it returns, with SQLite in WAL mode, for synchronous=FULL (Docket's default: durable
across power loss, each commit waits for the WAL's fsync) and NORMAL (durable across an application
crash only). From one caller, every append pays its own commit; from several concurrent callers
(``--threads``, as the server's service threads are), the group commit shares one fsync among the
units that queued meanwhile, and the figure printed beside it is appends per commit. Beside them, in
the same rounds and on the same disk, the floor: plain ``sqlite3`` committing one minimal insert per
transaction with synchronous=FULL and no Python layers, from one caller. On a shared machine the
disk's fsync time swings widely, so the rounds interleave Docket and the floor, and the figures are
medians with their range; CPU per append (user + system, all threads) is steadier than wall time.

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
import threading
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
    """An initialised data dir whose SQLite connections use ``synchronous``."""
    settings = Settings.from_env(folder / synchronous, environ={})
    rt = Runtime(dataclasses.replace(settings, sqlite_synchronous=synchronous))
    initialise(rt)
    return rt


def docket_appends(rt: Runtime, count: int, threads: int = 1) -> tuple[float, float, float]:
    """(appends/s, CPU µs per append, appends per commit) for ``count`` audited appends, each its
    own unit of work (``rt.transaction()``, as the gate runs one), from ``threads`` callers at once:
    with more than one, SQLite's group commit shares commits among the units that queue up."""
    commits = [0]

    def counted(_conn: object) -> None:
        commits[0] += 1

    event.listen(rt.engine, "commit", counted)

    def caller(first: int) -> None:
        for i in range(first, count, threads):
            with rt.transaction() as conn:
                append_event(rt, conn, CTX, "read_case", [f"C{i:07d}", "P00000001"], "ok", {})

    wall, cpu = time.perf_counter(), time.process_time()
    workers = [threading.Thread(target=caller, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    event.remove(rt.engine, "commit", counted)
    return count / wall, cpu / count * 1e6, count / max(commits[0], 1)


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


def append_rounds(count: int, rounds: int, threads: list[int]) -> dict[str, list[tuple[float, ...]]]:
    """Interleaved rounds: Docket NORMAL and FULL from one caller, FULL from each count of concurrent
    callers, and the floor FULL. FULL runs from one caller (Docket and floor) do count // 4."""
    results: dict[str, list[tuple[float, ...]]] = {"normal": [], "full": [], "floor_full": []}
    results.update({f"full_x{t}": [] for t in threads})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        normal, full = docket_runtime(folder, "NORMAL"), docket_runtime(folder, "FULL")
        floor = sqlite_floor(folder, "FULL")
        for _ in range(rounds):
            results["normal"].append(docket_appends(normal, count))
            results["full"].append(docket_appends(full, count // 4))
            for t in threads:
                results[f"full_x{t}"].append(docket_appends(full, count, t))
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


def summary(runs: list[tuple[float, ...]]) -> dict[str, float]:
    rates, cpu = sorted(r[0] for r in runs), [r[1] for r in runs]
    batch = [r[2] for r in runs if len(r) > 2]
    return {"median_per_s": statistics.median(rates), "min_per_s": rates[0], "max_per_s": rates[-1],
            "cpu_us_per_append": statistics.median(cpu), "appends_per_commit": statistics.median(batch or [1.0])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=20_000, help="per NORMAL round; FULL rounds do a quarter")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--checkpoint-at", type=int, nargs="*", default=[100_000])
    parser.add_argument("--decisions", type=int, default=5_000)
    parser.add_argument("--threads", type=int, nargs="*", default=[4, 16], help="concurrent callers, FULL")
    args = parser.parse_args()
    rounds = append_rounds(args.appends, args.rounds, args.threads)
    appends = {name: summary(runs) for name, runs in rounds.items()}
    checkpoints = {n: checkpoint_ms(n) for n in args.checkpoint_at}
    p50, p99 = cedar_decision(args.decisions)
    labels = {"normal": "Docket, NORMAL, 1 caller", "full": "Docket, FULL, 1 caller",
              "floor_full": "floor: plain sqlite3, FULL, 1 caller"}
    labels.update({f"full_x{t}": f"Docket, FULL, {t} callers" for t in args.threads})
    for name, s in appends.items():
        print(f"audited appends/s, SQLite WAL, {labels[name]:36s} median {s['median_per_s']:7,.0f} "
              f"(range {s['min_per_s']:,.0f}-{s['max_per_s']:,.0f}), CPU {s['cpu_us_per_append']:.0f} us/append, "
              f"{s['appends_per_commit']:.1f} appends/commit")
    for n, ms in checkpoints.items():
        print(f"checkpoint over {n:,} leaves, 1,000 since the last: {ms:,.1f} ms")
    print(f"Cedar decision: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    durable = max(appends[f"full_x{t}"]["median_per_s"] for t in args.threads) if args.threads else 0.0
    print(json.dumps({"bench": "gate", "appends_normal_per_s": appends["normal"]["median_per_s"],
                      "appends_full_per_s": appends["full"]["median_per_s"],
                      "appends_full_concurrent_per_s": durable, "appends": appends,
                      "checkpoint_ms": checkpoints, "cedar_p50_ms": p50, "cedar_p99_ms": p99}))


if __name__ == "__main__":
    main()
