from tests.person_records import TODAY, entry, grant, order, unverified

from docket.domain.vocabulary import Status
from docket.facts import derive_facts


def test_citizen_by_birth_with_an_old_removal_order_is_protected() -> None:
    records = [order("final_order", "2003-04-01", "o1"), grant("us_citizen", "1980-01-01", "c1")]
    facts = derive_facts(records, TODAY)
    assert facts.protected
    assert facts.protection is not None
    assert facts.protection.status == Status.US_CITIZEN
    assert facts.protection.by_birth is True
    assert facts.protection.support.refs == ("uscis:c1",)
    assert facts.policy_inputs()["protected"] is True
    assert facts.policy_inputs()["final_order_in_force"] is True  # reported, but protection blocks action


def test_citizenship_cannot_be_lost_to_later_records() -> None:
    records = [
        grant("us_citizen", "1980-01-01"),
        grant("pending_application", "2015-01-01"),  # authoritative, non-protective, later
        grant("valid_visa", "2016-01-01"),
        order("final_order", "2018-01-01"),
        entry("2019-01-01", "2019-02-01"),
    ]
    facts = derive_facts(records, TODAY)
    assert facts.protection is not None
    assert facts.protection.status == Status.US_CITIZEN
    assert facts.protection.by_birth is True
    assert Status.VALID_VISA in facts.protection.statuses


def test_naturalized_citizen() -> None:
    records = [
        grant("lawful_permanent_resident", "2008-01-01", "lpr"),
        grant("naturalized_citizen", "2014-06-01", "nat"),
        grant("pending_application", "2020-01-01"),
    ]
    facts = derive_facts(records, TODAY)
    assert facts.protection is not None
    assert facts.protection.status == Status.NATURALIZED_CITIZEN
    assert facts.protection.citizenship
    assert facts.protection.by_birth is False
    assert set(facts.protection.support.refs) == {"uscis:lpr", "uscis:nat"}


def test_lawful_status_is_sticky_and_conflicts_resolve_toward_protection() -> None:
    records = [grant("lawful_permanent_resident", "2010-01-01"), grant("pending_application", "2020-01-01")]
    facts = derive_facts(records, TODAY)
    assert facts.protection is not None
    assert facts.protection.status == Status.LAWFUL_PERMANENT_RESIDENT


def test_headline_is_the_latest_non_citizen_status() -> None:
    records = [grant("valid_visa", "2010-01-01"), grant("lawful_permanent_resident", "2015-01-01")]
    assert derive_facts(records, TODAY).protection.status == Status.LAWFUL_PERMANENT_RESIDENT  # type: ignore[union-attr]


def test_only_authoritative_sources_protect() -> None:
    facts = derive_facts([grant("us_citizen", "1980-01-01", authoritative=False)], TODAY)
    assert facts.protection is None
    assert "protected" not in facts.policy_inputs()


def test_pending_application_does_not_protect() -> None:
    facts = derive_facts([grant("pending_application", "2020-01-01")], TODAY)
    assert facts.protection is None
    assert facts.policy_inputs()["pending_application"] is True


def test_unverified_protection_still_protects_but_is_marked() -> None:
    citizen = grant("us_citizen", "1980-01-01")
    facts = derive_facts([citizen], TODAY, verified=unverified(citizen))
    assert facts.protected
    assert facts.protection is not None and facts.protection.support.verified is False
