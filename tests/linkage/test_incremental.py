from itertools import count

import pandas as pd

from docket.linkage import IncrementalMatcher, predict
from docket.linkage.prepare import frame_records, prepare_frame
from docket.linkage.scoring import PairScorer
from docket.linkage.weights import ModelWeights
from tests.linkage.factories import frame, record


def ids():
    numbers = count(1)
    return lambda: f"N{next(numbers)}"


def test_incremental_weights_equal_splink_batch_prediction(model, training_population):
    records, _ = training_population
    sample = records.head(1200)
    prepared = {r["unique_id"]: r for r in frame_records(prepare_frame(sample))}
    pairs = predict(model, sample)
    assert len(pairs) > 500
    scorer = PairScorer(ModelWeights(model))
    for a, b, weight in zip(pairs["key_l"], pairs["key_r"], pairs["match_weight"], strict=True):
        assert abs(scorer.weight(prepared[a], prepared[b]) - weight) < 1e-6


def existing() -> tuple[pd.DataFrame, dict[int, str]]:
    rows = [
        record(1, given_name="Maria", family_name="Garcia Lopez", date_of_birth="1980-02-11",
               a_number="123456789", city="Houston", state="TX", postal_code="77001"),
        record(2, given_name="Juan", family_name="Reyes", date_of_birth="1971-10-30",
               a_number="555000111"),
    ]
    return pd.DataFrame(rows), {1: "P1", 2: "P2"}


def test_new_record_joins_its_person(model):
    records, assignment = existing()
    matcher = IncrementalMatcher(model, records, assignment)
    result = matcher.match(record(10, given_name="MARIA", family_name="GARCIA-LOPEZ",
                                  date_of_birth="1980-02-11", a_number="123456789"), ids())
    assert (result.person_id, result.is_new_person, result.reason) == ("P1", False, "linked")
    assert result.candidates[0].key == 1


def test_stranger_gets_a_new_person_and_is_found_next_time(model):
    records, assignment = existing()
    matcher = IncrementalMatcher(model, records, assignment)
    new_id = ids()
    first = matcher.match(record(11, given_name="Linh", family_name="Nguyen",
                                 date_of_birth="1993-03-03", phone="7135550000"), new_id)
    assert first.is_new_person and first.person_id == "N1"
    second = matcher.match(record(12, given_name="LINH", family_name="NGUYEN",
                                  date_of_birth="1993-03-03", phone="7135550000"), new_id)
    assert second.person_id == "N1"


def test_a_number_conflict_blocks_an_incremental_link(model):
    records, assignment = existing()
    matcher = IncrementalMatcher(model, records, assignment)
    result = matcher.match(record(13, given_name="Juan", family_name="Reyes",
                                  date_of_birth="1971-10-30", a_number="555999911"), ids())
    assert result.is_new_person
    assert "a_number_conflict" in result.reason


def test_adverse_record_below_verified_waits_for_review(model):
    records, assignment = existing()
    matcher = IncrementalMatcher(model, records, assignment)
    matcher.thresholds = type(matcher.thresholds)(link=0.5, review=0.1, verified=1.0)
    result = matcher.match(record(14, given_name="Juan", family_name="Reyes",
                                  date_of_birth="1971-10-30", adverse=True), ids())
    assert result.is_new_person and result.person_id == "N1"  # not applied: it waits for a reviewer
    assert result.needs_review and result.reason == "adverse_link_unverified"
    assert result.candidates[0].person_id == "P2"


def test_a_protected_record_joins_incrementally_only_on_the_same_birth_date(model):
    same = {"given_name": "Miguel", "family_name": "Castillo", "sex": "M", "address": "12 Oak Ave",
            "city": "Houston", "state": "TX", "postal_code": "77001"}
    existing_records = frame(record(1, date_of_birth="1975-04-13", **same))
    outcomes = {}
    for dob in ("1975-04-18", "1975-04-13"):
        matcher = IncrementalMatcher(model, existing_records, {1: "P1"})
        matcher.thresholds = type(matcher.thresholds)(link=0.5, review=0.1, verified=0.5)
        outcomes[dob] = matcher.match(record(2, date_of_birth=dob, protected_status="us_citizen", **same), ids())
    near, exact = outcomes["1975-04-18"], outcomes["1975-04-13"]
    assert near.candidates[0].match_probability >= 0.5
    assert near.is_new_person and near.needs_review and near.reason == "protected_link_unverified"
    assert exact.person_id == "P1" and not exact.needs_review


def test_a_citizen_by_birth_never_joins_an_a_number_holder_incrementally(model):
    """As in batch clustering: however certain the link, it waits for a reviewer."""
    same = {"given_name": "Luis", "family_name": "Gonzalez", "date_of_birth": "1990-12-09", "sex": "M",
            "address": "12 Oak Ave", "city": "Houston", "state": "TX", "postal_code": "77001"}
    matcher = IncrementalMatcher(model, frame(record(1, a_number="245550034", **same)), {1: "P1"})
    matcher.thresholds = type(matcher.thresholds)(link=0.5, review=0.1, verified=0.5)
    result = matcher.match(record(2, protected_status="us_citizen", **same), ids())
    assert result.candidates[0].match_probability >= 0.5
    assert result.is_new_person and result.needs_review and result.reason == "citizen_meets_a_number"
