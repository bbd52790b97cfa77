"""Every record stays inside the closed vocabulary and has a ground-truth person."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from docket.domain.vocabulary import (
    DATE_FIELDS,
    OFFENSE_CATEGORIES,
    PROTECTIVE_STATUSES,
    OrderType,
    Purpose,
    Sex,
    Status,
    fields_for_kind,
)
from docket.synth import Population

ENUMS = {
    "status": {s.value for s in Status},
    "order_type": {o.value for o in OrderType},
    "offense_category": set(OFFENSE_CATEGORIES),
    "sex": {s.value for s in Sex},
}


def test_every_field_belongs_to_its_source_kind(population: Population) -> None:
    for name, records in population.records.items():
        allowed = set(fields_for_kind(population.sources[name].kind))
        assert records, name
        for record in records:
            assert set(record) <= allowed, (name, record)
            assert all(isinstance(v, str) and v for v in record.values())


def test_coded_and_date_values_are_valid(population: Population) -> None:
    for records in population.records.values():
        for record in records:
            for field, allowed in ENUMS.items():
                if field in record:
                    assert record[field] in allowed, (field, record[field])
            for field in DATE_FIELDS & set(record):
                date.fromisoformat(record[field])
            assert re.fullmatch(r"[A-Z]{3}", record.get("passport_country", "USA"))


def test_a_numbers_normalize_to_nine_digits(population: Population) -> None:
    for records in population.records.values():
        for record in records:
            if "a_number" in record:
                digits = re.sub(r"[A\s-]", "", record["a_number"])
                assert re.fullmatch(r"\d{9}", digits), record["a_number"]


def test_every_record_has_a_true_person_and_ids_are_unique(population: Population) -> None:
    for name, records in population.records.items():
        ids = [r["record_id"] for r in records]
        assert len(set(ids)) == len(ids)
        for record_id in ids:
            assert population.truth[(name, record_id)] in population.persons
    assert len(population.truth) == population.record_count


def test_each_person_has_one_to_five_records(population: Population) -> None:
    counts = Counter(population.truth.values())
    assert set(counts) == set(population.persons)
    assert min(counts.values()) >= 1 and max(counts.values()) <= 5


def test_protected_means_an_authoritative_protective_grant(population: Population) -> None:
    by_person = population.records_by_person()
    for person_id, records in by_person.items():
        grants = {
            r.get("status")
            for source, r in records
            if population.sources[source].authoritative_for_status
        }
        assert population.protected[person_id] == bool(grants & PROTECTIVE_STATUSES)
    assert 0.3 < sum(population.protected.values()) / len(population.protected) < 0.8


def test_benefits_register_never_feeds_enforcement(population: Population) -> None:
    benefits = population.sources["benefits_register"]
    assert Purpose.ENFORCEMENT not in benefits.purposes
    assert benefits.serves(Purpose.IDENTITY_VERIFICATION)
    authoritative = [s.name for s in population.sources.values() if s.authoritative_for_status]
    assert authoritative == ["status_grants"]
    assert {s.kind.value for s in population.sources.values()} == {
        "identity", "entry", "departure", "status_grant", "removal_order", "conviction",
    }
