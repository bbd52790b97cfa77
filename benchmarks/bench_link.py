"""Linkage quality and cost on synthetic data: Docket's engine beside a plain Splink pipeline.

    .venv/bin/python benchmarks/bench_link.py --persons 20000 [--persons 200000] [--train 150000]

Prints pair precision/recall/F1, B-cubed precision/recall, blocking recall, the number of predicted
clusters that mix a protected and an unprotected true person, wall time and peak RSS. Each pipeline
runs in its own freshly started process that reads the population from one Parquet file (Docket as
an Arrow table, which ``link`` takes; plain Splink as pandas, which its column edits need): wall time
and peak RSS (the process's own high-water mark, VmHWM) cover reading, training, scoring and
clustering, not the scoring against the truth, which the parent does afterwards.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_link_data import blocking_recall, synth_frame, true_pairs  # noqa: E402

from docket.linkage import link, train  # noqa: E402
from docket.linkage.prepare import frame_records, prepare_frame  # noqa: E402


def pair_set(cluster_of: dict[int, Any]) -> set[tuple[int, int]]:
    return true_pairs({k: str(v) for k, v in cluster_of.items()})


def bcubed(pred: dict[int, Any], truth: dict[int, str]) -> tuple[float, float]:
    pred_size = Counter(pred.values())
    true_size = Counter(truth.values())
    both = Counter((pred[k], truth[k]) for k in truth)
    precision = sum(both[(pred[k], truth[k])] / pred_size[pred[k]] for k in truth) / len(truth)
    recall = sum(both[(pred[k], truth[k])] / true_size[truth[k]] for k in truth) / len(truth)
    return precision, recall


def mixed_protection(pred: dict[int, Any], truth: dict[int, str], protected: dict[str, bool]) -> int:
    members: dict[Any, set[str]] = {}
    for key, label in pred.items():
        members.setdefault(label, set()).add(truth[key])
    return sum(1 for persons in members.values()
               if len({protected[p] for p in persons}) > 1)


def scores(pred: dict[int, Any], truth: dict[int, str], protected: dict[str, bool],
           review: list[tuple[int, int]] | None = None) -> dict[str, float]:
    tp_set, pp_set = true_pairs(truth), pair_set(pred)
    hit = len(tp_set & pp_set)
    precision, recall = hit / max(1, len(pp_set)), hit / max(1, len(tp_set))
    b_p, b_r = bcubed(pred, truth)
    out = {"pair_precision": precision, "pair_recall": recall,
           "f1": 2 * precision * recall / max(1e-12, precision + recall),
           "bcubed_precision": b_p, "bcubed_recall": b_r,
           "mixed_protection_clusters": mixed_protection(pred, truth, protected)}
    if review is not None:
        out["pair_recall_linked_or_queued"] = recall_with_review(pred, tp_set - pp_set, review, hit, len(tp_set))
    return out


def recall_with_review(pred: dict[int, Any], missed: set[tuple[int, int]], review: list[tuple[int, int]],
                       hit: int, total: int) -> float:
    """Share of true pairs either linked or put before a reviewer: a missed pair counts when a
    review item joins its two records' predicted persons (what accepting that item would do)."""
    queued = {frozenset((pred[a], pred[b])) for a, b in review}
    return (hit + sum(frozenset((pred[a], pred[b])) in queued for a, b in missed)) / max(1, total)


def run_docket(path: str, train_rows: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from docket.linkage.model import sample_rows

    start = time.perf_counter()
    records = pq.read_table(path)
    n = min(train_rows, len(records)) if train_rows else len(records)
    sample = records.take(sample_rows(len(records), n, 0)).to_pandas() if train_rows else records
    model = train(sample, seed=0)
    del sample
    trained = time.perf_counter()
    result = link(model, records)
    review = [(item.key_l, item.key_r) for item in result.clustering.review]
    return {"cluster_of": result.clustering.cluster_of, "candidate_pairs_p_ge_0_01": len(result.pairs),
            "review_items": len(review), "review_pairs": review, "train_s": trained - start,
            "link_s": time.perf_counter() - trained}


def run_plain_splink(path: str, train_rows: int) -> dict[str, Any]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    frame = pd.read_parquet(path).rename(columns={"key": "unique_id"})
    frame["doc"] = frame["a_number"].fillna(frame["passport_number"])
    for col in ("given_name", "family_name", "city"):
        frame[col] = frame[col].str.upper()
    frame = frame[["unique_id", "given_name", "family_name", "date_of_birth", "postal_code", "city",
                   "doc"]]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("given_name"), cl.NameComparison("family_name"),
                     cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
                     cl.ExactMatch("postal_code"), cl.ExactMatch("city"),
                     cl.LevenshteinAtThresholds("doc", 1)],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "date_of_birth"), block_on("family_name", "date_of_birth"),
            block_on("doc"), block_on("family_name", "postal_code")],
    )
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("doc", "date_of_birth")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=0)
    for rule in (block_on("date_of_birth"), block_on("given_name", "family_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.95)
    table = clusters.as_pandas_dataframe()
    pred = dict(zip(table["unique_id"].astype(int), table["cluster_id"], strict=True))
    return {"cluster_of": pred, "link_s": time.perf_counter() - start}


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). Not ``ru_maxrss``: Linux carries that across exec, so a
    freshly started child would report its parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(name: str | Callable[..., dict[str, Any]], args: tuple, queue: mp.Queue) -> None:
    """Run one pipeline (by name, or a function) and send back its clusters, wall time and peak RSS
    (taken before the clusters are pickled for the parent)."""
    try:
        start = time.perf_counter()
        runner = name if callable(name) else {"docket": run_docket, "plain_splink": run_plain_splink}[name]
        result = runner(*args)
        result["wall_s"] = time.perf_counter() - start
        result["peak_rss_mb"] = peak_rss_mb()
    except Exception as exc:  # the parent waits on the queue: always answer
        result = {"error": f"{type(exc).__name__}: {exc}"}
    queue.put(result)


def _run(runner: str | Callable[..., dict[str, Any]], args: tuple) -> dict[str, Any]:
    queue: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=_child, args=(runner, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def compare(df, truth: dict[int, str], protected: dict[str, bool], train_rows: int,
            docket: Callable[[str, int], dict[str, Any]] = run_docket, peer: bool = True) -> dict[str, dict[str, Any]]:
    """Docket's pipeline and plain Splink's, one after the other, each in a fresh process reading
    ``df`` from a Parquet file; their figures scored against the truth here."""
    results: dict[str, dict[str, Any]] = {"plain_splink": {}}
    runners = (("docket", docket), ("plain_splink", run_plain_splink))
    with tempfile.TemporaryDirectory(prefix="bench-link-") as tmp:
        path = str(Path(tmp) / "population.parquet")
        df.to_parquet(path)
        for name, runner in runners if peer else runners[:1]:
            result = _run(runner, (path, train_rows))
            pred = result.pop("cluster_of", None)
            review = result.pop("review_pairs", None)
            results[name] = {**scores(pred, truth, protected, review), **result} if pred is not None else result
    return results


def measure(persons: int, train_rows: int, peer: bool = True) -> None:
    df, truth, protected = synth_frame(persons, seed=0)
    print(f"\n== {persons} persons, {len(df)} records, {len(true_pairs(truth))} true pairs ==")
    results = compare(df, truth, protected, train_rows, peer=peer)
    recall, _ = blocking_recall(frame_records(prepare_frame(df)), truth)
    results["docket"]["blocking_recall"] = recall
    keys = list(dict.fromkeys(k for r in results.values() for k in r))
    print(f"{'':28}{'docket':>14}{'plain splink':>14}")
    for key in keys:
        row = [results[n].get(key) for n in ("docket", "plain_splink")]
        print(f"{key:28}" + "".join(f"{v:>14.4f}" if isinstance(v, float) else f"{v!s:>14}"
                                      for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, action="append", help="population size (repeat)")
    parser.add_argument("--train", type=int, default=150_000, help="records sampled for training")
    parser.add_argument("--no-peer", action="store_true", help="Docket only (for trying changes; figures "
                        "are published beside the peer's from the same run)")
    args = parser.parse_args()
    for persons in args.persons or [20_000]:
        measure(persons, args.train, peer=not args.no_peer)


if __name__ == "__main__":
    main()
