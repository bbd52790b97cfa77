"""``docket link``: score, cluster under reviewer constraints, keep person ids stable, queue reviews.

One gate call: the whole re-link commits with its person events, review tasks and audit leaf, or
not at all. The trained model is stored (JSON, versioned by its hash) and reused until ``retrain``;
one stored for other comparison levels (an earlier format) is refused until then, not misread.

Once records are linked, a run links only the records ingested since, incrementally
(``incremental_linking``), unless asked for a full run (``full``, ``retrain``), the new records
outnumber a quarter of the linked ones (a full run is then cheaper), or the stored model blocks
with other rules than this version. A full run rebuilds the persisted blocking index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa
from sqlalchemy import Connection

from docket.collector import paused
from docket.domain.vocabulary import Purpose
from docket.errors import Invalid
from docket.linkage import (
    Clustering,
    TrainedModel,
    assign_ids,
    default_model,
    link,
    prepare_frame,
    prepare_table,
    train,
)
from docket.linkage.key_index import frame_index_entries
from docket.linkage.model import training_sample
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.incremental_linking import link_records, queue_reviews, thresholds
from docket.services.protection import reconcile_protection
from docket.services.runtime import Runtime
from docket.services.stored_models import Scoring, read_model, stored_scoring
from docket.store import blocking_repo, linkage_repo, persons_repo, reviews_repo
from docket.store.database import LINKAGE_LOCK, hold_lock, whole_store_pass

MIN_TRAINING_RECORDS = 50
MAX_INCREMENTAL_SHARE = 0.25  # new records per linked record beyond which a full run is cheaper


@dataclass(frozen=True)
class LinkSummary:
    records: int
    persons: int
    model_version: str
    trained: bool
    changed: int
    merges: int
    splits: int
    review_tasks: int
    suspended_cases: int
    incremental: bool = False  # records/persons then count the new records and their persons
    # Linked with the model Docket ships although the store now holds enough records to train its
    # own (it had fewer at its first link): ``--retrain`` would fit the model to these records.
    shipped_model: bool = False


def run_link(
    rt: Runtime, ctx: Context, retrain: bool = False, full: bool = False, engine: str = "duckdb"
) -> LinkSummary:
    """Link new records incrementally, or (``full``, ``retrain``, a Spark ``engine``, or a large
    batch) re-link everything; scoring on DuckDB in process or on Spark (settings.spark_master)."""
    ctx = Context(ctx.actor, Purpose.IDENTITY_VERIFICATION, ctx.via, ctx.via_id)
    with open_gate(rt, ctx, "link") as gate:
        gate.authorize(Resource("Source", "*", {}))
        hold_lock(gate.conn, LINKAGE_LOCK)
        plan = None if retrain or full or engine != "duckdb" else _incremental_plan(gate.conn)
        if plan:
            summary = _run_incremental(rt, gate.conn, *plan)
        else:
            with whole_store_pass(gate.conn):
                summary = _run_full(rt, gate.conn, retrain, engine)
        summary = replace(summary, shipped_model=_shipped_though_trainable(gate.conn, summary.model_version))
        gate.detail.update(
            {
                "records": summary.records,
                "persons": summary.persons,
                "model": summary.model_version[:16],
                "review_tasks": summary.review_tasks,
                "incremental": int(summary.incremental),
            }
        )
        return summary


def _shipped_though_trainable(conn: Connection, model_version: str) -> bool:
    return (model_version == default_model().version
            and linkage_repo.record_count_estimate(conn) >= MIN_TRAINING_RECORDS)


def _incremental_plan(conn: Connection) -> tuple[Scoring, list[int]] | None:
    """The stored model and the records to link incrementally, or None for a full run."""
    scoring = stored_scoring(conn)
    if scoring is None or not scoring.rules_match:
        return None
    linked = linkage_repo.linked_count(conn)
    new = linkage_repo.unlinked_keys(conn)
    if linked == 0 or len(new) > MAX_INCREMENTAL_SHARE * linked:
        return None
    return scoring, new


def _run_incremental(rt: Runtime, conn: Connection, scoring: Scoring, keys: list[int]) -> LinkSummary:
    outcome, suspended = link_records(rt, conn, scoring, keys)
    return LinkSummary(
        outcome.records,
        len(outcome.persons),
        scoring.version,
        False,
        outcome.attached,
        0,
        0,
        outcome.review_tasks,
        suspended,
        incremental=True,
    )


def _run_full(rt: Runtime, conn: Connection, retrain: bool, engine: str = "duckdb") -> LinkSummary:
    raw = linkage_repo.linkage_table(conn, rt.today().isoformat())
    if raw.num_rows == 0:
        raise Invalid("there are no records to link; ingest some first")
    # Prepared once: indexed, scored, clustered. As Arrow for DuckDB (scanned in place, a third of a
    # pandas frame's memory); Spark takes a pandas frame.
    frame = prepare_frame(raw.to_pandas()) if engine == "spark" else prepare_table(raw)
    records = len(frame)
    sample = training_sample(raw)
    del raw  # the prepared frame and the training sample carry all the rest needs (~0.3 GB less)
    model, trained = _model(conn, sample, records, retrain)
    del sample
    # Hashing the index keys while the model trained saved ~10 s at a million records, but the
    # thread's freed memory stayed with the process and the peak rose by ~0.2 GB: done after it.
    # Training, scoring and clustering on a thread while this one wrote the index was slower (203 s
    # against 133 s): DuckDB's scan of the Arrow table and the driver's row binding share the GIL.
    with paused():  # millions of index rows and memberships: acyclic, see docket.collector
        blocking_repo.replace_all(conn, frame_index_entries(frame))
    clustering = _cluster(rt, conn, model, frame, engine)
    del frame  # the rest reads the clusters only (the prepared records are ~0.35 GB at a million)
    pa.default_memory_pool().release_unused()  # else Arrow's allocator keeps the freed pages
    with paused():
        summary = _apply(rt, conn, records, clustering, model)
        linkage_repo.stamp_linked(conn, model.version)
    return LinkSummary(**{**summary.__dict__, "trained": trained})


def _cluster(
    rt: Runtime, conn: Connection, model: TrainedModel, frame: pd.DataFrame | pa.Table, engine: str
) -> Clustering:
    """Score and cluster under the reviewers' decisions in force; the scored pairs (~0.3 GB at a
    million records) are not kept past clustering."""
    decisions = linkage_repo.active_decisions(conn)
    return link(
        model,
        frame=frame,
        thresholds=thresholds(rt),
        must_link=[(a, b) for a, b, d in decisions if d == "must_link"],
        cannot_link=[(a, b) for a, b, d in decisions if d == "cannot_link"],
        engine=engine,
        spark_master=rt.settings.spark_master,
    ).clustering


def _model(conn: Connection, sample: pd.DataFrame | pa.Table, records: int,
           retrain: bool) -> tuple[TrainedModel, bool]:
    """The stored model; else one trained on ``sample`` (``training_sample`` of the ``records``);
    else (too few to train) the shipped one."""
    stored = None if retrain else linkage_repo.latest_model(conn)
    if stored is not None:
        return read_model(stored), False
    trained = records >= MIN_TRAINING_RECORDS
    model = train(sample) if trained else default_model()
    linkage_repo.save_model(conn, model.version, model.to_json(), records if trained else 0)
    return model, trained


def _apply(
    rt: Runtime, conn: Connection, records: int, clustering: Clustering, model: TrainedModel
) -> LinkSummary:
    previous = linkage_repo.membership_rows(conn)
    assignment = assign_ids({k: v[0] for k, v in previous.items()}, clustering.clusters(), _id_factory(conn))
    link_probability = _record_probabilities(clustering)
    verified_at = rt.settings.verified_threshold
    changes = []
    for key, person in assignment.person_of.items():
        prob = link_probability.get(key)
        verified = prob is None or prob >= verified_at
        row = (person, verified, None if prob is None else f"{prob:.6f}")
        if previous.get(key) != row:
            changes.append((key, *row, model.version))
    linkage_repo.update_memberships(conn, changes)
    events = [(e.kind, e.before, e.after, e.reason) for e in assignment.events]
    linkage_repo.add_person_events(conn, events, model.version)
    tasks = _queue_reviews(conn, clustering, assignment.person_of)
    touched = {p for _, p, *_ in changes} | {previous[k][0] for k, *_ in changes if k in previous}
    suspended = reconcile_protection(rt, conn, sorted(touched))
    return LinkSummary(
        records,
        len(set(assignment.person_of.values())),
        model.version,
        False,
        len(changes),
        sum(e[0] == "merge" for e in events),
        sum(e[0] == "split" for e in events),
        tasks,
        suspended,
    )


def _record_probabilities(clustering: Clustering) -> dict[int, float]:
    """Each linked record's strongest link into its cluster (1.0 for a reviewer's must-link)."""
    best: dict[int, float] = {}
    for item in clustering.links:
        for key in (item.key_l, item.key_r):
            best[key] = max(best.get(key, 0.0), item.match_probability)
    return best


def _id_factory(conn: Connection) -> Callable[[], str]:
    def new_id() -> str:
        return persons_repo.new_person_ids(conn, 1)[0]

    return new_id


def _queue_reviews(conn: Connection, clustering: Clustering, person_of: dict[int, str]) -> int:
    """One open task per two persons (clustering asks once per two clusters): pairs a reviewer
    already decided are not asked again, nor two persons an open task already asks about through
    other records of theirs (a run's best pair between them may differ from the last run's)."""
    decided = {(min(a, b), max(a, b)) for a, b, _ in linkage_repo.active_decisions(conn)}
    waiting = reviews_repo.open_pairs(conn)
    asked = {frozenset((person_of.get(a), person_of.get(b))) for a, b in waiting}
    items = [i for i in clustering.review if frozenset((person_of.get(i.key_l), person_of.get(i.key_r))) not in asked]
    return queue_reviews(conn, items, person_of.get, decided, waiting)
