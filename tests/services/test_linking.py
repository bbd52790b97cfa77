"""Linking through the services: stable ids, constraints that survive re-runs, the review queue,
explanations; on a small synthetic population with the shipped model (no training in tests)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from docket.linkage import Clustering, ReviewItem, default_model
from docket.services import explanations, linking, persons, reviews
from docket.services.context import Context
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.store import linkage_repo, reviews_repo
from docket.synth import generate
from tests.factories import add_account, ingest_population, operator


@pytest.fixture
def population(rt: Runtime, tmp_path: Path) -> dict[tuple[str, str], str]:
    """Ingest 150 synthetic persons; return the ground truth."""
    pop = generate(150, seed=3)
    for toml, data in pop.write(tmp_path / "sources"):
        add_source(rt, operator(), toml)
        ingest_file(rt, operator(), toml.stem, data)
    model = default_model()
    with rt.engine.begin() as conn:
        linkage_repo.save_model(conn, model.version, model.to_json(), 0)
    return pop.truth


def assignment(rt: Runtime, tmp_path: Path) -> dict[tuple[str, str], str]:
    out = tmp_path / "persons.csv"
    persons.export_persons(rt, operator(), out)
    return {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(out.open())}


def test_linking_groups_true_persons_without_mixing_them(
    rt: Runtime, tmp_path: Path, population: dict[tuple[str, str], str]
) -> None:
    summary = linking.run_link(rt, operator())
    assert not summary.trained and summary.persons < summary.records
    assert summary.shipped_model  # enough records to train its own: the operator is told
    got = assignment(rt, tmp_path)
    mixed = Counter()
    members: dict[str, set[str]] = {}
    for ref, person in got.items():
        members.setdefault(person, set()).add(population[ref])
    mixed.update(len(v) > 1 for v in members.values())
    assert mixed[True] <= 1  # at most one predicted person mixes two true persons
    true_pairs_linked = sum(
        1 for a in got for b in got if a < b and population[a] == population[b] and got[a] == got[b]
    )
    assert true_pairs_linked > 0


def test_rerun_keeps_every_person_id(rt: Runtime, tmp_path: Path, population: dict[tuple[str, str], str]) -> None:
    linking.run_link(rt, operator())
    first = assignment(rt, tmp_path)
    again = linking.run_link(rt, operator(), full=True)
    assert again.changed == 0 and again.merges == 0 and again.splits == 0
    assert assignment(rt, tmp_path) == first


def test_reviewer_decisions_survive_reruns(rt: Runtime, tmp_path: Path, population: dict[tuple[str, str], str]) -> None:
    linking.run_link(rt, operator())
    got = assignment(rt, tmp_path)
    by_person: dict[str, list[tuple[str, str]]] = {}
    for ref, person in got.items():
        by_person.setdefault(person, []).append(ref)
    left, right = next(refs for refs in by_person.values() if len(refs) >= 2)[:2]
    steward = add_account(rt, "dora", "data_steward")
    _decide_pair(rt, steward, left, right, "no_link")
    linking.run_link(rt, operator())
    after = assignment(rt, tmp_path)
    assert after[left] != after[right]
    _decide_pair(rt, steward, left, right, "link")
    linking.run_link(rt, operator())
    final = assignment(rt, tmp_path)
    assert final[left] == final[right]


def _decide_pair(rt: Runtime, ctx: Context, left: tuple[str, str], right: tuple[str, str], decision: str) -> None:
    reviews.decide_pair(rt, ctx, ":".join(left), ":".join(right), decision, f"test {decision}")


def test_review_queue_is_ordered_by_impact_and_shows_records_side_by_side(
    rt: Runtime, population: dict[tuple[str, str], str]
) -> None:
    linking.run_link(rt, operator())
    steward = add_account(rt, "dora", "data_steward")
    tasks, total = reviews.list_reviews(rt, steward, limit=500)
    assert total == len(tasks) > 0
    assert [t.impact for t in tasks] == sorted((t.impact for t in tasks), reverse=True)
    shown = reviews.show_review(rt, steward, tasks[0].id)
    assert shown["left"] and shown["right"] and set(shown["differing"]) <= set(shown["left"]) | set(shown["right"])


def test_explanations_list_every_comparison(
    rt: Runtime, tmp_path: Path, population: dict[tuple[str, str], str]
) -> None:
    linking.run_link(rt, operator())
    got = assignment(rt, tmp_path)
    person = Counter(got.values()).most_common(1)[0][0]
    items = explanations.explain_person(rt, operator(), person)
    assert items
    names = {c["comparison"] for c in items[0]["comparisons"]}
    assert {"date_of_birth", "a_number"} <= names or len(names) >= 5
    assert "total" in items[0]["text"] and "probability" in items[0]["text"]


def test_a_store_too_small_to_train_is_not_told_to_retrain(rt: Runtime, tmp_path: Path) -> None:
    ingest_population(rt, generate(10, seed=1), tmp_path / "sources")
    summary = linking.run_link(rt, operator())
    assert summary.records < linking.MIN_TRAINING_RECORDS and not summary.trained
    assert summary.model_version == default_model().version and not summary.shipped_model


def test_two_persons_an_open_task_asks_about_are_not_asked_again_through_other_records(
    rt: Runtime, population: dict[tuple[str, str], str]
) -> None:
    linking.run_link(rt, operator())
    with rt.engine.begin() as conn:
        person_of = {key: row[0] for key, row in linkage_repo.membership_rows(conn).items()}
        members: dict[str, list[int]] = {}
        for key, person in person_of.items():
            members.setdefault(person, []).append(key)
        a, b = next((a, b) for a, b in sorted(reviews_repo.open_pairs(conn)) if len(members[person_of[a]]) > 1)
        other = next(k for k in members[person_of[a]] if k != a)
        third = next(k for k, p in person_of.items() if p not in (person_of[a], person_of[b]))
        again = ReviewItem(min(other, b), max(other, b), 0.9, "uncertain", 30)
        new = ReviewItem(min(third, b), max(third, b), 0.9, "uncertain", 30)
        assert linking._queue_reviews(conn, Clustering({}, review=[again]), person_of) == 0
        assert linking._queue_reviews(conn, Clustering({}, review=[again, new]), person_of) == 1
