"""Life histories: a realistic status mix with event dates consistent with each other."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from docket.domain.vocabulary import OFFENSE_CATEGORIES
from docket.synth import Population
from docket.synth.history import OFFENSE_WEIGHTS

AS_OF = date(2025, 1, 1)


def _dated(records, source):
    return sorted(
        (date.fromisoformat(r["event_date"]), r) for s, r in records if s == source and "event_date" in r
    )


def test_status_mix_covers_every_status_and_order(population: Population) -> None:
    statuses = Counter(r["status"] for r in population.records["status_grants"])
    orders = Counter(r["order_type"] for r in population.records["removal_orders"])
    assert {"us_citizen", "naturalized_citizen", "lawful_permanent_resident", "valid_visa", "asylee",
            "refugee", "tps", "pending_application"} <= set(statuses)
    assert {"final_order", "voluntary_departure", "order_vacated"} <= set(orders)
    assert len(population.records["exit_records"]) > 0
    assert len(set(r["offense_category"] for r in population.records["court_dispositions"])) >= 8


def test_offense_weights_cover_exactly_the_closed_list() -> None:
    assert set(OFFENSE_WEIGHTS) == set(OFFENSE_CATEGORIES)


def test_events_follow_birth_and_each_other(population: Population) -> None:
    for person_id, records in population.records_by_person().items():
        person = population.persons[person_id]
        dates = [d for s in population.sources for d, _ in _dated(records, s)]
        assert all(person.date_of_birth <= d <= AS_OF for d in dates)
        entries = _dated(records, "entry_records")
        grants = _dated(records, "status_grants")
        if entries and person.category != "citizen_birth":
            assert all(d >= entries[0][0] for d, _ in grants)
        residence = [d for d, r in grants if r["status"] == "lawful_permanent_resident"]
        for d, r in grants:
            if r["status"] == "naturalized_citizen":
                assert residence and d >= residence[0] + timedelta(days=5 * 365)
                assert d >= person.date_of_birth + timedelta(days=18 * 365)
        orders = _dated(records, "removal_orders")
        vacated = [d for d, r in orders if r["order_type"] == "order_vacated"]
        finals = [d for d, r in orders if r["order_type"] == "final_order"]
        assert all(finals and finals[0] < d for d in vacated)
        for d, _ in _dated(records, "court_dispositions"):
            assert d >= person.date_of_birth + timedelta(days=18 * 365)


def test_overstays_exist(population: Population) -> None:
    overstays = 0
    for records in population.records_by_person().values():
        entries = _dated(records, "entry_records")
        if not entries or "admitted_until" not in entries[-1][1]:
            continue
        last_entry, entry = entries[-1]
        later = [d for s in ("exit_records", "status_grants") for d, _ in _dated(records, s) if d > last_entry]
        if date.fromisoformat(entry["admitted_until"]) < AS_OF and not later:
            overstays += 1
    assert overstays > 100


def test_citizens_by_birth_have_no_a_number(population: Population) -> None:
    for person in population.persons.values():
        if person.category == "citizen_birth":
            assert not person.a_number
            assert person.passport_country == "USA"
    with_a = [p for p in population.persons.values() if p.category in ("lpr", "overstay", "ewi")]
    assert all(p.a_number for p in with_a)
