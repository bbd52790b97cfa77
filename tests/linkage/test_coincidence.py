"""The coincidence veto: a link resting on a common full name and birth date alone waits for a
reviewer; the expectation it rests on is computed from the data, jointly for the full name."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pyarrow as pa
import pytest

from docket.linkage import IncrementalMatcher, Thresholds, link
from docket.linkage.coincidence import COINCIDENCE_LIMIT, Coincidence, frequency_tables
from docket.linkage.constraints import pair_veto
from docket.linkage.prepare import frame_records, prepare_frame, prepare_record
from tests.linkage.factories import frame, record

JEAN = {"given_name": "Jean", "family_name": "Joseph", "date_of_birth": "1990-09-07", "sex": "M"}
NAMES_AND_DOB = {"given_name": 8, "family_name": 7, "date_of_birth": 4, "sex": 1}


def test_full_names_are_counted_jointly_and_rare_ones_left_out() -> None:
    records = frame(*(record(i, **JEAN) for i in range(3)), record(3, given_name="Jean", family_name="Pierre"),
                    record(4, given_name="Marie", family_name="Joseph", date_of_birth="1990-09-07"))
    tables = frequency_tables(prepare_frame(records))
    key = "|".join(str(prepare_record(record(0, **JEAN))[c]) for c in ("given_canon", "family_std"))
    assert tables["full_name"] == {key: pytest.approx(3 / 5)}  # JEAN|PIERRE, MARIE|JOSEPH: seen once
    assert tables["dob"] == {"1990-09-07": pytest.approx(1.0)}


def test_expected_strangers_scale_with_the_population() -> None:
    rec = prepare_record(record(1, **JEAN))
    tables = {"full_name": {f"{rec['given_canon']}|{rec['family_std']}": 0.002}, "dob": {"1990-09-07": 1e-4}}
    assert Coincidence(tables, 100_000).of_record(rec) == pytest.approx(0.02)
    assert Coincidence(tables, 10_000).of_record(rec) == pytest.approx(0.002)
    assert Coincidence(tables, 100_000).of_record({**rec, "dob": None}) == 0.0
    assert Coincidence(tables, 100_000).of_record({**rec, "family_std": "PIERRE"}) == 0.0
    prepared = prepare_frame(frame(record(1, **JEAN), record(2, given_name="Ana", family_name="Reyes")))
    assert Coincidence(tables, 100_000).of_frame(prepared).tolist() == pytest.approx([0.02, 0.0])


def test_the_veto_needs_the_expectation_and_the_absence_of_corroboration() -> None:
    assert pair_veto(NAMES_AND_DOB, strangers=COINCIDENCE_LIMIT) == "common_name_and_birth_date"
    assert pair_veto(NAMES_AND_DOB, strangers=COINCIDENCE_LIMIT / 2) is None
    for corroboration in ({"passport": 3}, {"a_number": 2}, {"phone": 1}, {"location": 2}):
        assert pair_veto({**NAMES_AND_DOB, **corroboration}, strangers=1.0) is None
    assert pair_veto({**NAMES_AND_DOB, "date_of_birth": 3}, strangers=1.0) is None  # not the same date


def common(model, population_share: float):
    """``model`` with frequency tables saying Jean Joseph born 1990-09-07 is this common."""
    rec = prepare_record(record(1, **JEAN))
    tables = {"full_name": {f"{rec['given_canon']}|{rec['family_std']}": population_share},
              "dob": {"1990-09-07": population_share}}
    return dataclasses.replace(model, frequencies=tables)


def test_a_common_name_and_birth_date_alone_wait_for_a_reviewer(model) -> None:
    anything = Thresholds(link=1e-12, review=1e-13, verified=1e-12)
    pair = frame(record(1, postal_code="77001", **JEAN), record(2, passport_number="X1234567", **JEAN))
    held = link(common(model, 0.5), pair, thresholds=anything)
    assert held.clustering.cluster_of[1] != held.clustering.cluster_of[2]
    assert {item.reason for item in held.clustering.review} == {"common_name_and_birth_date"}
    rare = link(common(model, 0.001), pair, thresholds=anything)
    assert rare.clustering.cluster_of[1] == rare.clustering.cluster_of[2]
    documented = frame(record(1, passport_number="X1234567", **JEAN), record(2, passport_number="X1234567", **JEAN))
    linked = link(common(model, 0.5), documented, thresholds=anything)
    assert linked.clustering.cluster_of[1] == linked.clustering.cluster_of[2]


def test_a_trained_model_carries_its_frequencies(model) -> None:
    assert model.frequencies["dob"] and model.frequencies["full_name"]
    assert all(0 < share <= 1 for share in model.frequencies["full_name"].values())
    assert pd.Series(model.frequencies["dob"]).sum() == pytest.approx(1.0)


def test_incremental_matching_holds_the_same_link(model) -> None:
    anything = Thresholds(link=1e-12, review=1e-13, verified=1e-12)
    existing = frame(record(1, postal_code="77001", **JEAN))
    new = record(2, passport_number="X1234567", **JEAN)
    held = IncrementalMatcher(common(model, 0.5), existing, {1: "P1"}, thresholds=anything).match(new, lambda: "P2")
    assert (held.person_id, held.reason) == ("P2", "common_name_and_birth_date")
    assert [(r.key_l, r.key_r, r.reason) for r in held.reviews] == [(1, 2, "common_name_and_birth_date")]
    rare = IncrementalMatcher(common(model, 0.001), existing, {1: "P1"}, thresholds=anything).match(new, lambda: "P2")
    assert (rare.person_id, rare.reason) == ("P1", "linked")


def test_the_frame_computation_agrees_with_the_record_one(model, training_population) -> None:
    """Batch clustering reads ``of_frame`` (pandas or Arrow), incremental matching ``of_record``."""
    prepared = prepare_frame(training_population[0])
    coincidence = Coincidence(model.frequencies, 1_000_000)
    by_record = [coincidence.of_record(rec) for rec in frame_records(prepared)]
    assert any(by_record)
    assert coincidence.of_frame(prepared).tolist() == pytest.approx(by_record)
    arrow = pa.Table.from_pandas(prepared[["unique_id", "given_canon", "family_std", "dob"]], preserve_index=False)
    assert coincidence.of_frame(arrow).tolist() == pytest.approx(by_record)
