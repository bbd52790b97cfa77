"""Options are checked at the door."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from docket.errors import Invalid
from docket.synth import generate


def test_unknown_option_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        generate(10, colour="blue")
    assert "colour" in caught.value.errors[0]


@pytest.mark.parametrize("persons", [0, -5])
def test_population_needs_people(persons: int) -> None:
    with pytest.raises(Invalid):
        generate(persons)


def test_bad_values_are_refused() -> None:
    with pytest.raises(Invalid):
        generate(10, noise=-1)
    with pytest.raises(Invalid):
        generate(10, as_of="yesterday")


def test_exact_person_count_and_record_cap() -> None:
    population = generate(301, seed=2, max_records=2, twin_share=0.5)
    assert len(population.persons) == 301
    assert max(Counter(population.truth.values()).values()) <= 2


def test_every_event_happens_before_as_of() -> None:
    population = generate(400, seed=2, as_of="2010-06-30")
    for records in population.records.values():
        for record in records:
            if "event_date" in record:
                assert date.fromisoformat(record["event_date"]) <= date(2010, 6, 30)
