"""``docket link``: score, cluster under reviewer constraints, keep person ids stable, queue reviews.

One gate call: the whole re-link commits with its person events, review tasks and audit leaf, or
not at all. The trained model is stored (JSON, versioned by its hash) and reused until ``retrain``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from docket.domain.vocabulary import Purpose
from docket.errors import Invalid
from docket.linkage import Clustering, Thresholds, TrainedModel, assign_ids, default_model, link, train
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.protection import reconcile_protection
from docket.services.runtime import Runtime
from docket.store import linkage_repo, persons_repo, reviews_repo

MIN_TRAINING_RECORDS = 50


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


def thresholds(rt: Runtime) -> Thresholds:
    return Thresholds(review=rt.settings.review_threshold, verified=rt.settings.verified_threshold)


def run_link(rt: Runtime, ctx: Context, retrain: bool = False) -> LinkSummary:
    ctx = Context(ctx.actor, Purpose.IDENTITY_VERIFICATION, ctx.via, ctx.via_id)
    with open_gate(rt, ctx, "link") as gate:
        gate.authorize(Resource("Source", "*", {}))
        frame = linkage_repo.linkage_frame(gate.conn, rt.today().isoformat())
        if frame.empty:
            raise Invalid("there are no records to link; ingest some first")
        model, trained = _model(gate.conn, frame, retrain)
        decisions = linkage_repo.active_decisions(gate.conn)
        result = link(
            model,
            frame,
            thresholds=thresholds(rt),
            must_link=[(a, b) for a, b, d in decisions if d == "must_link"],
            cannot_link=[(a, b) for a, b, d in decisions if d == "cannot_link"],
        )
        summary = _apply(rt, gate.conn, frame, result.clustering, model)
        gate.detail.update(
            {
                "records": summary.records,
                "persons": summary.persons,
                "model": model.version[:16],
                "review_tasks": summary.review_tasks,
            }
        )
        return LinkSummary(**{**summary.__dict__, "trained": trained})


def _model(conn: Connection, frame: pd.DataFrame, retrain: bool) -> tuple[TrainedModel, bool]:
    """The stored model; else one trained on these records; else (too few to train) the shipped one."""
    stored = None if retrain else linkage_repo.latest_model(conn)
    if stored is not None:
        return TrainedModel.from_json(stored), False
    trained = len(frame) >= MIN_TRAINING_RECORDS
    model = train(frame) if trained else default_model()
    linkage_repo.save_model(conn, model.version, model.to_json(), len(frame) if trained else 0)
    return model, trained


def _apply(
    rt: Runtime, conn: Connection, frame: pd.DataFrame, clustering: Clustering, model: TrainedModel
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
        len(frame),
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
    """One open task per pair; pairs a reviewer already decided are not asked again."""
    decided = {(min(a, b), max(a, b)) for a, b, _ in linkage_repo.active_decisions(conn)}
    waiting = reviews_repo.open_pairs(conn)
    added = 0
    for item in clustering.review:
        pair = (item.key_l, item.key_r)
        if pair in decided or pair in waiting:
            continue
        reviews_repo.add_task(
            conn,
            kind="link",
            impact=item.impact,
            person_id=person_of.get(item.key_l),
            record_a=item.key_l,
            record_b=item.key_r,
            probability=f"{item.match_probability:.6f}",
            reason=item.reason,
            role_needed="data_steward",
        )
        added += 1
    return added
