"""Incremental matching latency: one new record against N existing records.

    .venv/bin/python benchmarks/bench_link_incremental.py --persons 360000 --queries 2000

Trains on a sample, indexes every record but the held-out queries (each existing record assigned
to its true person, as after a batch run), then matches each held-out record and prints p50/p99
latency, candidates per query and the share that joined their true person.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_link_data import synth_frame  # noqa: E402

from docket.linkage import IncrementalMatcher, train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=360_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--train", type=int, default=100_000)
    args = parser.parse_args()

    df, truth, _ = synth_frame(args.persons, seed=0)
    held = set(random.Random(0).sample(list(df["key"]), args.queries))
    existing = df[~df["key"].isin(held)]
    queries = df[df["key"].isin(held)].to_dict("records")
    model = train(existing.sample(n=min(args.train, len(existing)), random_state=0), seed=0)
    start = time.perf_counter()
    matcher = IncrementalMatcher(model, existing, {int(k): truth[int(k)] for k in existing["key"]})
    print(f"{len(existing)} records indexed in {time.perf_counter() - start:.1f}s")

    numbers = count(1)
    latencies, sizes, right = [], [], 0
    for rec in queries:
        t0 = time.perf_counter()
        result = matcher.match(rec, lambda: f"NEW{next(numbers)}")
        latencies.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(result.candidates))
        right += result.person_id == truth[rec["key"]] or result.is_new_person
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(f"queries {len(queries)}: p50 {statistics.median(latencies):.2f} ms, p99 {p99:.2f} ms, "
          f"max {latencies[-1]:.2f} ms; candidates median {statistics.median(sizes)}, max {max(sizes)}")
    print(f"joined the true person or a new one: {right / len(queries):.4f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
