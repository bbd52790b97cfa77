"""Writers in parallel threads, each with its own connection and transaction, on either back end:
the audit log's indexes and the counters stay gapless and unique (tests/postgres adds processes)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine

from docket.auditlog.merkle import leaf_hash
from docket.store import audit_repo, persons_repo

THREADS = 4
ROUNDS = 60


def in_threads(engine: Engine, work: Callable[[Connection, int, int], Any]) -> dict[int, list[Any]]:
    start = threading.Barrier(THREADS)
    results: dict[int, list[Any]] = {}
    errors: list[str] = []

    def run(worker: int) -> None:
        got: list[Any] = []
        try:
            start.wait(timeout=30)
            for n in range(ROUNDS):
                with engine.begin() as conn:
                    got.append(work(conn, worker, n))
        except Exception as exc:  # handed to the test thread
            errors.append(f"worker {worker}: {exc!r}")
        results[worker] = got

    threads = [threading.Thread(target=run, args=(w,)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def append(conn: Connection, worker: int, n: int) -> int:
    data = f"worker={worker} n={n}".encode()
    return audit_repo.append_leaf(conn, data, leaf_hash(data))


def test_parallel_appends_get_every_index_once(engine: Engine) -> None:
    by_worker = in_threads(engine, append)
    assert sorted(i for got in by_worker.values() for i in got) == list(range(THREADS * ROUNDS))
    with engine.connect() as conn:
        stored = {i: data for i, data, _ in audit_repo.iter_leaves(conn)}
    for worker, got in by_worker.items():
        assert [stored[i] for i in got] == [f"worker={worker} n={n}".encode() for n in range(ROUNDS)]


def test_parallel_person_ids_never_repeat(engine: Engine) -> None:
    by_worker = in_threads(engine, lambda conn, _w, _n: persons_repo.new_person_ids(conn, 2))
    taken = [pid for got in by_worker.values() for ids in got for pid in ids]
    assert sorted(taken) == [f"P{n:08d}" for n in range(1, THREADS * ROUNDS * 2 + 1)]
