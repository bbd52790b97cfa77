"""Incremental matching through the services, persistence included, at N linked records.

    .venv/bin/python benchmarks/bench_incremental.py --records 100000 [--queries 1000] [--data DIR]

Generates a synthetic population of about N records (``docket.synth``, ~2.8 records per person),
holds ``--queries`` random records out, ingests the rest through the services and links them with
a full run (the shipped model unless ``--train``; the cost of writing the blocking index is timed
apart). Then ingests the held-out records as new batches and links each one with
``incremental_linking.match_one``: gate, candidate retrieval through the persisted blocking index,
scoring, membership, person event, review tasks, index rows, protection, audit leaf, commit.
Prints p50/p99/max latency of those single-record matches with N.

``--truth`` stands in for the full run where it does not fit (a Splink run over a million records
takes longer than an hour here): each record is assigned to its true person, marked linked, and
the blocking index is written by the same code a full run uses (timed the same way).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docket.linkage import default_model, prepare_frame
from docket.linkage.key_index import frame_index_entries
from docket.services import incremental_linking, linking
from docket.services.accounts import initialise
from docket.services.context import Actor, Context
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.settings import Settings
from docket.store import blocking_repo, linkage_repo
from docket.synth import Population, generate
from docket.synth.writer import write_source

OPERATOR = Context(Actor("operator", "data_steward"))


def split(pop: Population, queries: int, seed: int) -> tuple[Population, dict[str, list[dict[str, str]]]]:
    """The population without ``queries`` random records, and those records by source."""
    refs = [(s, i) for s, rows in pop.records.items() for i in range(len(rows))]
    held = set(random.Random(seed).sample(refs, queries))
    kept = {s: [r for i, r in enumerate(rows) if (s, i) not in held] for s, rows in pop.records.items()}
    out = {s: [r for i, r in enumerate(rows) if (s, i) in held] for s, rows in pop.records.items()}
    return Population(pop.sources, pop.columns, kept, pop.truth, pop.protected, pop.persons), out


def timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - start:.1f}s", flush=True)
    return result


def build(rt: Runtime, pop: Population, folder: Path, train: bool, truth: bool) -> None:
    written = pop.write(folder / "sources")
    for toml, _ in written:
        add_source(rt, OPERATOR, toml)
    timed(f"ingest {pop.record_count} records", lambda: [ingest_file(rt, OPERATOR, t.stem, d) for t, d in written])
    if not train:
        model = default_model()
        with rt.engine.begin() as conn:
            linkage_repo.save_model(conn, model.version, model.to_json(), 0)
    if truth:
        timed("link by ground truth (stands in for a full run)", lambda: link_by_truth(rt, pop))
    else:
        full_link(rt, train)


def link_by_truth(rt: Runtime, pop: Population) -> None:
    version = default_model().version
    with rt.engine.begin() as conn:
        frame = linkage_repo.linkage_table(conn, rt.today().isoformat()).to_pandas()
        refs = zip(frame["key"], frame["source"], frame["record_id"], strict=True)
        changes = [(int(k), "T" + pop.truth[(s, r)], True, None, version) for k, s, r in refs]
        linkage_repo.update_memberships(conn, changes)
        prepared = prepare_frame(frame)
        start = time.perf_counter()
        rows = blocking_repo.replace_all(conn, frame_index_entries(prepared))
        print(f"  {len(changes)} records -> {len({c[1] for c in changes})} persons; blocking index {rows} rows "
              f"written in {time.perf_counter() - start:.1f}s (hashing, bulk insert, hash index)", flush=True)


def full_link(rt: Runtime, train: bool) -> None:
    index_seconds = []
    replace_all = blocking_repo.replace_all

    def timed_replace(conn: Any, chunks: Any) -> int:  # hashing + insert + CREATE INDEX
        start = time.perf_counter()
        written = replace_all(conn, chunks)
        index_seconds.append(time.perf_counter() - start)
        return written

    blocking_repo.replace_all = timed_replace  # type: ignore[assignment]
    summary = timed("full link", lambda: linking.run_link(rt, OPERATOR, retrain=train, full=True))
    blocking_repo.replace_all = replace_all  # type: ignore[assignment]
    with rt.engine.connect() as conn:
        rows = blocking_repo.count(conn)
    print(f"  {summary.records} records -> {summary.persons} persons; blocking index {rows} rows "
          f"written in {index_seconds[0]:.1f}s (hashing, bulk insert, hash index)", flush=True)


def ingest_held(rt: Runtime, pop: Population, held: dict[str, list[dict[str, str]]], folder: Path,
                tag: str = "") -> list:
    refs = []
    folder.mkdir(parents=True, exist_ok=True)
    for source, rows in held.items():
        rows = [{**r, "record_id": r["record_id"] + tag} for r in rows]
        if rows:
            _, data = write_source(folder, pop.sources[source], pop.columns[source], rows)
            ingest_file(rt, OPERATOR, source, data)
            refs += [(source, r["record_id"]) for r in rows]
    return refs


def measure(rt: Runtime, refs: list[tuple[str, str]], seed: int) -> None:
    """Wall time per match, and the process's CPU time beside it (the machine may be shared)."""
    random.Random(seed).shuffle(refs)
    wall, cpu, outcomes, candidates = [], [], Counter(), []
    incremental_linking.match_one(rt, OPERATOR, *refs[0])  # warm: loads the model's weights once
    for source, record_id in refs[1:]:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = incremental_linking.match_one(rt, OPERATOR, source, record_id)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        outcomes["review" if result.needs_review else "new" if result.is_new_person else "joined"] += 1
        candidates.append(len(result.candidates))
    for label, values in (("wall", wall), ("cpu", cpu)):
        print(f"match_one x{len(values)} {label}: {percentiles(values)}", flush=True)
    print(f"candidates median {statistics.median(candidates)}, max {max(candidates)}; {dict(outcomes)}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    return f"p50 {statistics.median(ordered):.2f} ms, p99 {p99:.2f} ms, max {ordered[-1]:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000, help="records to link (about)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--data", type=Path, help="working directory (default: a temporary one)")
    parser.add_argument("--train", action="store_true", help="train a model instead of the shipped one")
    parser.add_argument("--truth", action="store_true", help="assign true persons instead of a full run")
    parser.add_argument("--reuse", action="store_true", help="measure again on --data's linked database")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    folder = args.data or Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    pop = timed("generate", lambda: generate(max(1, round(args.records / 2.8)), seed=args.seed))
    base, held = split(pop, args.queries + 1, args.seed)
    rt = Runtime(Settings.from_env(folder / "data", environ={}))
    tag = f"-R{time.time_ns()}" if args.reuse else ""
    if not args.reuse:
        initialise(rt)
        build(rt, base, folder, args.train, args.truth)
    refs = ingest_held(rt, pop, held, folder / f"held{tag}", tag)
    print(f"N = {base.record_count} linked records, {len(refs)} new records ingested", flush=True)
    # The harness holds the generated population (millions of objects) that a Docket process would
    # not: frozen, so that the collector's full passes over it do not land in the measured matches.
    gc.collect()
    gc.freeze()
    with rt.engine.connect() as conn:  # the bulk load's log copied back first: matches in a steady state
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    measure(rt, refs, args.seed)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; data in {folder}")
    rt.close()


if __name__ == "__main__":
    main()
