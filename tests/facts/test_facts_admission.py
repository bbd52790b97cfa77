from tests.person_records import TODAY, departure, entry, grant

from docket.facts import derive_facts


def test_passed_admission_with_nothing_after_is_an_overstay() -> None:
    facts = derive_facts([entry("2019-03-01", "2019-09-01", "e1")], TODAY)
    assert facts.admission is not None
    assert facts.admission.overstay is True
    assert facts.admission.support.refs == ("entrys:e1",)
    assert facts.policy_inputs()["overstay"] is True


def test_admission_not_yet_passed_is_not_an_overstay() -> None:
    facts = derive_facts([entry("2024-03-01", "2024-09-01")], TODAY)
    assert facts.policy_inputs()["overstay"] is False


def test_overstay_followed_by_later_status_is_not_an_overstay() -> None:
    records = [entry("2019-03-01", "2019-09-01", "e1"), grant("lawful_permanent_resident", "2021-05-01", "g1")]
    facts = derive_facts(records, TODAY)
    assert facts.admission is not None
    assert facts.admission.overstay is False
    assert facts.admission.ended_by == "status_grant"
    assert "uscis:g1" in facts.admission.support.refs


def test_even_a_non_authoritative_later_grant_ends_the_overstay() -> None:
    records = [entry("2019-03-01", "2019-09-01"), grant("pending_application", "2020-01-01", authoritative=False)]
    assert derive_facts(records, TODAY).policy_inputs()["overstay"] is False


def test_departure_after_entry_ends_the_overstay() -> None:
    records = [entry("2019-03-01", "2019-09-01"), departure("2019-12-01", "d1")]
    facts = derive_facts(records, TODAY)
    assert facts.admission is not None
    assert facts.admission.overstay is False
    assert facts.admission.ended_by == "departure"


def test_extension_by_a_later_entry_with_a_later_admitted_until() -> None:
    records = [entry("2023-01-01", "2023-07-01"), entry("2023-06-01", "2025-01-01", "ext")]
    facts = derive_facts(records, TODAY)
    assert facts.admission is not None
    assert facts.admission.admitted_until.isoformat() == "2025-01-01"  # type: ignore[union-attr]
    assert facts.admission.overstay is False


def test_grant_before_the_last_entry_does_not_end_that_admission() -> None:
    records = [grant("pending_application", "2015-01-01", authoritative=False), entry("2019-03-01", "2019-09-01")]
    assert derive_facts(records, TODAY).policy_inputs()["overstay"] is True


def test_entry_without_admitted_until_gives_no_overstay_fact_at_all() -> None:
    facts = derive_facts([entry("2019-03-01")], TODAY)
    inputs = facts.policy_inputs()
    assert "overstay" not in inputs
    assert "last_entry_admitted" not in inputs
    assert inputs["last_entry_date"].isoformat() == "2019-03-01"  # type: ignore[attr-defined]


def test_border_date_is_strictly_after_1_november_2020() -> None:
    assert derive_facts([entry("2020-11-01")], TODAY).policy_inputs()["entered_after_2020_11_01"] is False
    assert derive_facts([entry("2020-11-02")], TODAY).policy_inputs()["entered_after_2020_11_01"] is True


def test_no_records_no_facts() -> None:
    facts = derive_facts([], TODAY)
    assert facts.policy_inputs() == {}
    assert facts.protection is None
    assert facts.admission is None
