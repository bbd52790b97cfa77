"""Several processes appending audit leaves at once: indexes stay exactly 0..N-1 (and person id ranges
taken at once never overlap).

Each worker is a separate process with its own engine; every append is its own transaction
(``engine.begin()`` + ``append_leaf``), as a service call's is. All start together from a barrier on
a fresh schema, so the counter's first use is contended too.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from docket.auditlog.merkle import leaf_hash
from docket.store import audit_repo, persons_repo
from docket.store.database import make_engine

pytestmark = pytest.mark.postgres

WORKERS = 4
APPENDS = 200


Outcome = tuple[int, list[Any], str | None]  # (worker, what it got, error)


def append_leaf(conn: Connection, worker: int, n: int) -> list[int]:
    data = f"worker={worker} n={n}".encode()
    return [audit_repo.append_leaf(conn, data, leaf_hash(data))]


def take_person_ids(conn: Connection, _worker: int, _n: int) -> list[str]:
    return persons_repo.new_person_ids(conn, 3)


JOBS: dict[str, Callable[[Connection, int, int], list[Any]]] = {"leaf": append_leaf, "persons": take_person_ids}


def work(url: str, job: str, worker: int, count: int, start: Barrier, results: Queue[Outcome]) -> None:
    """One process: ``count`` transactions, each doing ``job`` once; reports what it got."""
    engine = make_engine(url)
    got: list[Any] = []
    try:
        start.wait(timeout=60)
        for n in range(count):
            with engine.begin() as conn:
                got.extend(JOBS[job](conn, worker, n))
        results.put((worker, got, None))
    except Exception as exc:  # reported to the test, which fails with it
        results.put((worker, got, repr(exc)))
    finally:
        engine.dispose()


def run_workers(url: str, job: str, count: int) -> dict[int, list[Any]]:
    context = multiprocessing.get_context("spawn")  # no engine or socket crosses a fork
    start = context.Barrier(WORKERS)
    results: Queue[Outcome] = context.Queue()
    processes = [context.Process(target=work, args=(url, job, w, count, start, results)) for w in range(WORKERS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    errors = [f"worker {w}: {error}" for w, _, error in outcomes if error]
    assert not errors, errors
    return {w: values for w, values, _ in outcomes}


def test_concurrent_appends_leave_no_gap_and_no_duplicate(pg_url: str, pg_engine: Engine) -> None:
    by_worker = run_workers(pg_url, "leaf", APPENDS)
    total = WORKERS * APPENDS
    every = [i for indexes in by_worker.values() for i in indexes]
    assert sorted(every) == list(range(total))
    assert all(indexes == sorted(indexes) for indexes in by_worker.values())  # one worker's appends in order
    with pg_engine.connect() as conn:
        stored = list(audit_repo.iter_leaves(conn))
        assert audit_repo.tree_size(conn) == total
    assert [i for i, _, _ in stored] == list(range(total))
    assert all(h == leaf_hash(data) for _, data, h in stored)
    payloads = Counter(data for _, data, _ in stored)
    assert len(payloads) == total and set(payloads.values()) == {1}
    for worker, indexes in by_worker.items():
        assert [stored[i][1] for i in indexes] == [f"worker={worker} n={n}".encode() for n in range(APPENDS)]


def test_concurrent_person_id_ranges_never_overlap(pg_url: str, pg_engine: Engine) -> None:
    by_worker = run_workers(pg_url, "persons", 100)
    every = [pid for ids in by_worker.values() for pid in ids]
    assert sorted(every) == [f"P{n:08d}" for n in range(1, WORKERS * 300 + 1)]
