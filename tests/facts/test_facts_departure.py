from tests.person_records import TODAY, all_refs, departure, entry, identity

from docket.facts import derive_facts


def test_departure_with_a_matching_a_number_is_strong() -> None:
    records = [
        identity("id1", a_number="123456789"),
        entry("2018-01-01", "2018-06-01"),
        departure("2018-05-01", "d1", a_number="123456789"),
    ]
    facts = derive_facts(records, TODAY)
    assert facts.departure is not None
    assert facts.departure.strength == "strong"
    assert facts.departure.departed is True
    assert set(facts.departure.support.refs) == {"departures:d1", "identitys:id1"}
    assert facts.policy_inputs()["departed_strong"] is True


def test_departure_with_a_matching_passport_is_strong() -> None:
    records = [entry("2018-01-01", passport_number="X123"), departure("2018-05-01", passport_number="x-123")]
    assert derive_facts(records, TODAY).departure.strength == "strong"  # type: ignore[union-attr]


def test_departure_on_name_and_birth_date_only_is_weak() -> None:
    records = [
        identity(given_name="Ana", family_name="Ruiz", date_of_birth="1990-02-03", a_number="123456789"),
        departure("2018-05-01", given_name="Ana", family_name="Ruiz", date_of_birth="1990-02-03"),
    ]
    facts = derive_facts(records, TODAY)
    assert facts.departure.strength == "weak"  # type: ignore[union-attr]
    assert facts.policy_inputs()["departed_strong"] is False


def test_departure_with_a_different_a_number_is_not_strong() -> None:
    records = [identity(a_number="123456789"), departure("2018-05-01", a_number="987654321")]
    assert derive_facts(records, TODAY).departure.strength == "weak"  # type: ignore[union-attr]


def test_departure_then_reentry_means_not_departed() -> None:
    records = [
        identity(a_number="123456789"),
        departure("2018-05-01", "d1", a_number="123456789"),
        entry("2021-02-01", record_id="e2"),
    ]
    facts = derive_facts(records, TODAY)
    assert facts.departure is not None
    assert facts.departure.departed is False
    assert "entrys:e2" in facts.departure.support.refs
    assert facts.policy_inputs()["departed_strong"] is False
    assert facts.presence is not None and facts.presence.since.isoformat() == "2021-02-01"


def test_departed_person_has_no_presence() -> None:
    records = [entry("2010-01-01"), departure("2019-01-01")]
    assert derive_facts(records, TODAY).presence is None


def test_presence_counts_from_first_entry_after_the_last_departure() -> None:
    records = [entry("2001-01-01"), departure("2005-01-01"), entry("2006-03-01"), entry("2012-01-01")]
    facts = derive_facts(records, TODAY)
    assert facts.presence is not None
    assert facts.presence.since.isoformat() == "2006-03-01"
    assert facts.policy_inputs()["years_present"] == 18


def test_twins_records_are_separate_inputs() -> None:
    """Linkage decides which records are whose; facts never reach across persons. Twin B's departure,
    if handed in with twin A's records on name and birth date only, could only ever be weak."""
    twin = {"given_name": "Luis", "family_name": "Mora", "date_of_birth": "1995-07-07"}
    twin_a = [identity(**twin, a_number="111111111"), entry("2019-01-01", "2019-06-01")]
    twin_b = [identity(**twin, a_number="222222222"), departure("2019-05-01", **twin, a_number="222222222")]
    facts_a, facts_b = derive_facts(twin_a, TODAY), derive_facts(twin_b, TODAY)
    assert facts_a.departure is None and facts_a.policy_inputs()["overstay"] is True
    assert facts_b.departure is not None and facts_b.departure.strength == "strong"
    assert all_refs(facts_a) == {r.ref for r in twin_a}
    assert not all_refs(facts_a) & all_refs(facts_b)
    mixed = derive_facts([*twin_a, departure("2019-05-01", **twin)], TODAY)
    assert mixed.departure.strength == "weak"  # type: ignore[union-attr]
