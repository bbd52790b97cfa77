"""Incremental linking through the services: after a full run, new records are matched against the
existing persons through the persisted blocking index, scored with the stored model, and persisted
(membership, attach event, review tasks); nothing old is re-linked. The shipped model, no training."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from docket.errors import Conflict
from docket.linkage import default_model, predict, prepare_record
from docket.linkage.blocking import index_entries
from docket.services import incremental_linking, linking, reviews
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.store import blocking_repo, linkage_repo
from docket.store.schema import blocking_keys, memberships, person_events, records, review_tasks, sources
from docket.synth import Population, generate
from docket.synth.writer import write_source
from tests.factories import add_account, operator

STRANGER = {"given_name": "Zebulon", "family_name": "Quixote-Abernathy", "date_of_birth": "1931-07-19",
            "sex": "M", "phone": "2025550199", "postal_code": "20001", "city": "Washington", "state": "DC"}


@pytest.fixture
def pop(rt: Runtime, tmp_path: Path) -> Population:
    """150 synthetic persons ingested and linked by a full run with the shipped model."""
    population = generate(150, seed=3)
    for toml, data in population.write(tmp_path / "sources"):
        add_source(rt, operator(), toml)
        ingest_file(rt, operator(), toml.stem, data)
    model = default_model()
    with rt.engine.begin() as conn:
        linkage_repo.save_model(conn, model.version, model.to_json(), 0)
    summary = linking.run_link(rt, operator())
    assert not summary.incremental
    return population


def ingest_batch(rt: Runtime, pop: Population, folder: Path, source: str, rows: list[dict[str, str]]) -> None:
    """A second file for ``source``: ``rows`` (canonical fields) with record ids NEW-1, NEW-2, ..."""
    folder.mkdir(parents=True, exist_ok=True)
    numbered = [{**row, "record_id": f"NEW-{i}"} for i, row in enumerate(rows, start=1)]
    _toml, data = write_source(folder, pop.sources[source], pop.columns[source], numbered)
    ingest_file(rt, operator(), source, data)


def persons_by_ref(rt: Runtime) -> dict[tuple[str, str], str]:
    query = (
        select(sources.c.name, records.c.record_id, memberships.c.person_id)
        .join(sources, sources.c.id == records.c.source_id)
        .join(memberships, memberships.c.record_key == records.c.id)
    )
    with rt.engine.connect() as conn:
        return {(s, r): p for s, r, p in conn.execute(query)}


def plain_person(pop: Population, persons: dict[tuple[str, str], str]) -> tuple[dict[str, str], str]:
    """An identity record of an unprotected true person whose linked person holds no status grant
    (so a link to it can only be held back for the adverse fact), and that record's person."""
    for record in pop.records["identity_register"]:
        person = persons[("identity_register", record["record_id"])]
        sources_of = {s for (s, _), p in persons.items() if p == person}
        if "status_grants" not in sources_of and record.get("a_number") and record.get("date_of_birth"):
            return record, person
    raise AssertionError("no suitable person in the population")


def key_of(rt: Runtime, source: str, record_id: str) -> int:
    query = select(records.c.id).join(sources, sources.c.id == records.c.source_id).where(
        sources.c.name == source, records.c.record_id == record_id)
    with rt.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_a_new_batch_is_linked_incrementally(rt: Runtime, tmp_path: Path, pop: Population) -> None:
    before = persons_by_ref(rt)
    original, person = plain_person(pop, before)
    ingest_batch(rt, pop, tmp_path / "batch", "identity_register", [dict(original), STRANGER, dict(STRANGER)])
    summary = linking.run_link(rt, operator())
    after = persons_by_ref(rt)
    assert summary.incremental and (summary.records, summary.persons, summary.changed) == (3, 2, 2)
    assert {ref: after[ref] for ref in before} == before  # nothing old was re-linked
    assert after[("identity_register", "NEW-1")] == person  # the duplicate joined its person
    stranger = after[("identity_register", "NEW-2")]
    assert after[("identity_register", "NEW-3")] == stranger  # records of one batch find each other
    assert stranger not in set(before.values())
    with rt.engine.connect() as conn:
        events = conn.execute(select(person_events).where(person_events.c.kind == "attach")).all()
        unlinked = linkage_repo.unlinked_keys(conn)
    assert sorted(json.loads(e.after)[0] for e in events) == sorted([person, stranger])
    assert all(json.loads(e.after)[0] in json.loads(e.before) for e in events)
    assert unlinked == []
    again = linking.run_link(rt, operator())
    assert again.incremental and again.records == 0


def test_a_full_run_writes_the_blocking_index(rt: Runtime, pop: Population) -> None:
    with rt.engine.connect() as conn:
        indexed = blocking_repo.count(conn)
        linked = linkage_repo.linked_count(conn)
        stored = {tuple(row) for row in conn.execute(select(blocking_keys))}
        keys = list(conn.execute(select(records.c.id)).scalars())
        rows = linkage_repo.member_rows(conn, rt.today().isoformat(), keys=keys)
    assert linked == pop.record_count and indexed > 5 * linked
    expected = {(row["key"], rule, h) for row in rows for rule, h in index_entries(prepare_record(row))}
    assert stored == expected  # the batch-built index is the one record-by-record matching probes
    summary = linking.run_link(rt, operator(), full=True)
    assert not summary.incremental and summary.changed == 0
    with rt.engine.connect() as conn:
        assert blocking_repo.count(conn) == indexed


def test_a_full_run_that_fails_after_rebuilding_the_index_leaves_the_old_one(rt: Runtime, pop: Population,
                                                                            monkeypatch) -> None:
    """The index is rebuilt inside the run's transaction (on SQLite the table is dropped and created
    again): a run that fails later rolls that back too, and incremental matching still finds every
    record. Meanwhile, on SQLite, readers still see the old index; on PostgreSQL they hold the
    linkage lock, as every reader of the index does, and wait for the run (tests/postgres)."""
    with rt.engine.connect() as conn:
        before = sorted(tuple(row) for row in conn.execute(select(blocking_keys)))

    def fails(*args: Any, **kwargs: Any) -> Any:
        if rt.engine.dialect.name == "sqlite":
            with rt.engine.connect() as other:  # the rebuilt table is not visible outside the run
                assert blocking_repo.count(other) == len(before)
        raise RuntimeError("scoring failed")

    monkeypatch.setattr(linking, "_cluster", fails)
    with pytest.raises(RuntimeError, match="scoring failed"):
        linking.run_link(rt, operator(), full=True)
    with rt.engine.connect() as conn:
        after = sorted(tuple(row) for row in conn.execute(select(blocking_keys)))
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("blocking_keys")}
    assert after == before and len(before) > 0
    assert "ix_blocking_keys_key_hash" in indexes


def test_the_sqlite_lookup_answers_as_the_portable_statement(rt: Runtime, pop: Population) -> None:
    """``blocking_repo.lookup`` runs prebuilt text on SQLite; the portable statement must agree."""
    with rt.engine.connect() as conn:
        entries = conn.execute(select(blocking_keys.c.rule, blocking_keys.c.key_hash).limit(40)).all()
        probes = [(int(r), int(h)) for r, h in entries]
        for broad, cap in (((), 300), ({probes[0][0], probes[5][0]}, 1), ({probes[0][0]}, 300)):
            got = blocking_repo._run_lookup(conn, [h for r, h in probes if r not in broad],
                                            [(r, h) for r, h in probes if r in broad], cap)
            named: dict[str, Any] = {"hashes": [h for r, h in probes if r not in broad], "limit": cap}
            wide = [(r, h) for r, h in probes if r in broad]
            for n, (r, h) in enumerate(wide):
                named[f"rule{n}"], named[f"hash{n}"] = r, h
            portable = conn.execute(blocking_repo._lookup_query(len(wide)), named).all()
            assert sorted(map(tuple, got)) == sorted(map(tuple, portable)) and portable


def test_an_adverse_record_below_verified_is_held_for_review(rt: Runtime, tmp_path: Path, pop: Population) -> None:
    original, person = plain_person(pop, persons_by_ref(rt))
    conviction = {k: original[k] for k in ("given_name", "family_name", "date_of_birth", "sex")}
    ingest_batch(rt, pop, tmp_path / "batch", "court_dispositions",
                 [{**conviction, "event_date": "2020-05-05", "offense_category": "theft"}])
    rt.settings = dataclasses.replace(rt.settings, verified_threshold=1 - 1e-12)
    summary = linking.run_link(rt, operator())
    new_person = persons_by_ref(rt)[("court_dispositions", "NEW-1")]
    assert summary.incremental and summary.review_tasks >= 1 and new_person != person
    key = key_of(rt, "court_dispositions", "NEW-1")
    with rt.engine.connect() as conn:
        tasks = conn.execute(select(review_tasks).where(
            (review_tasks.c.record_a == key) | (review_tasks.c.record_b == key))).all()
    assert any(t.reason == "adverse_link_unverified" and t.kind == "link" for t in tasks)


def copy_kept_apart(rt: Runtime, tmp_path: Path, pop: Population) -> str:
    """Ingest NEW-1, a copy of a plain person's record, with a reviewer's cannot-link between the
    two; return the person's id."""
    original, person = plain_person(pop, persons_by_ref(rt))
    ingest_batch(rt, pop, tmp_path / "batch", "identity_register", [dict(original)])
    steward = add_account(rt, "dora", "data_steward")
    reviews.decide_pair(rt, steward, f"identity_register:{original['record_id']}", "identity_register:NEW-1",
                        "no_link", "different mothers' names on file")
    return person


def test_cannot_link_decisions_are_honoured(rt: Runtime, tmp_path: Path, pop: Population) -> None:
    person = copy_kept_apart(rt, tmp_path, pop)
    linking.run_link(rt, operator())
    assert persons_by_ref(rt)[("identity_register", "NEW-1")] != person


def test_match_one_honours_a_cannot_link_on_the_record(rt: Runtime, tmp_path: Path, pop: Population) -> None:
    person = copy_kept_apart(rt, tmp_path, pop)
    result = incremental_linking.match_one(rt, operator(), "identity_register", "NEW-1")
    assert result.person_id != person and result.reason.startswith("new person (cannot_link")


def test_match_one_reads_the_decisions_on_candidate_persons(rt: Runtime, tmp_path: Path, pop: Population) -> None:
    """Only decisions on the records a match weighs are read; a cannot-link between a candidate
    person's record and another record is among them, as when every decision was read."""
    original, person = plain_person(pop, persons_by_ref(rt))
    other = next(r for r in pop.records["identity_register"] if persons_by_ref(rt)[("identity_register",
                                                                                  r["record_id"])] != person)
    steward = add_account(rt, "dora", "data_steward")
    reviews.decide_pair(rt, steward, f"identity_register:{original['record_id']}",
                        f"identity_register:{other['record_id']}", "no_link", "two people")
    ingest_batch(rt, pop, tmp_path / "batch", "identity_register", [dict(original)])
    a, b = key_of(rt, "identity_register", original["record_id"]), key_of(rt, "identity_register", other["record_id"])
    with rt.engine.begin() as conn:
        row = linkage_repo.member_row(conn, rt.today().isoformat(), "identity_register", "NEW-1")
        assert row is not None and not row["decided"]
        scoring = incremental_linking._scoring_for_matching(conn, row.pop("latest_model"), row.pop("any_linked"))
        session = incremental_linking.Session(rt, conn, scoring, decisions=[])
        assert session.matcher.cannot_link == {}
        result = session.match_row(row)
    assert result.person_id == person
    assert session.matcher.cannot_link == {a: {b}, b: {a}}


def test_match_one_weights_equal_splink_batch_prediction(rt: Runtime, tmp_path: Path, pop: Population) -> None:
    original, person = plain_person(pop, persons_by_ref(rt))
    variant = {**original, "given_name": original["given_name"].upper(), "phone": ""}
    ingest_batch(rt, pop, tmp_path / "batch", "identity_register", [variant])
    result = incremental_linking.match_one(rt, operator(), "identity_register", "NEW-1")
    assert result.person_id == person and not result.is_new_person
    key = key_of(rt, "identity_register", "NEW-1")
    batch = batch_pairs_of(rt, key)
    assert batch and {c["record"] for c in result.candidates} == set(batch)  # Splink's blocking
    for cand in result.candidates:
        assert abs(cand["match_weight"] - batch[cand["record"]]) < 1e-6
    with pytest.raises(Conflict):
        incremental_linking.match_one(rt, operator(), "identity_register", "NEW-1")


def batch_pairs_of(rt: Runtime, key: int) -> dict[int, float]:
    """Splink's batch prediction over every record: the match weight of each pair with ``key``."""
    with rt.engine.connect() as conn:
        frame = linkage_repo.linkage_table(conn, rt.today().isoformat()).to_pandas()
    pairs = predict(default_model(), frame)
    mine = pairs[(pairs["key_l"] == key) | (pairs["key_r"] == key)]
    out: dict[int, Any] = {}
    for a, b, weight in zip(mine["key_l"], mine["key_r"], mine["match_weight"], strict=True):
        out[int(b) if int(a) == key else int(a)] = float(weight)
    return out
