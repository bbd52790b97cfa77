import json

from tests.person_records import TODAY, conviction, departure, entry, grant, identity, order, unverified

from docket.domain.vocabulary import IDENTITY_FIELDS, POLICY_FORBIDDEN_INPUTS
from docket.facts import POLICY_INPUT_NAMES, derive_facts
from docket.policy import FACT_TYPES


def full_timeline() -> list:  # type: ignore[type-arg]
    return [
        identity(date_of_birth="1950-01-01", sex="F", passport_country="MEX", a_number="123456789"),
        entry("2021-01-10", "2021-07-10", passport_country="MEX"),
        departure("2022-01-01", a_number="123456789"),
        entry("2022-05-01"),
        grant("pending_application", "2023-01-01", authoritative=False),
        order("final_order", "2023-03-01"),
        conviction("dui", "2023-04-01"),
    ]


def test_policy_inputs_are_whitelisted_and_carry_no_identity_field() -> None:
    inputs = derive_facts(full_timeline(), TODAY).policy_inputs()
    assert set(inputs) <= set(POLICY_INPUT_NAMES)
    assert not set(inputs) & (set(IDENTITY_FIELDS) | POLICY_FORBIDDEN_INPUTS)
    assert "MEX" not in repr(inputs) and "1950" not in repr(inputs)


def test_facts_whitelist_is_exactly_what_policy_accepts() -> None:
    assert set(POLICY_INPUT_NAMES) == set(FACT_TYPES)


def test_age_is_only_a_band() -> None:
    inputs = derive_facts(full_timeline(), TODAY).policy_inputs()
    assert inputs["age_band"] == "senior"
    minor = derive_facts([identity(date_of_birth="2010-01-01")], TODAY).policy_inputs()
    assert minor["age_band"] == "minor"


def test_conflicting_birth_dates_keep_the_band_that_can_mitigate() -> None:
    records = [identity(date_of_birth="1980-01-01"), identity("old", date_of_birth="1950-01-01")]
    facts = derive_facts(records, TODAY)
    assert facts.age_band is not None and facts.age_band.band == "senior"
    assert facts.age_band.support.refs == ("identitys:old",)


def test_to_dict_is_json_ready() -> None:
    data = derive_facts(full_timeline(), TODAY).to_dict()
    text = json.dumps(data)
    assert '"final_order"' in text and '"records"' in text
    assert data["policy_inputs"]["last_entry_date"] == "2022-05-01"  # type: ignore[index]


def test_unverified_support_is_marked() -> None:
    homicide = conviction("homicide", "2015-01-01", "c1")
    theft = conviction("theft", "2016-01-01", "c2")
    stay = entry("2019-01-01", "2019-06-01", "e1")
    facts = derive_facts([homicide, theft, stay], TODAY, verified=unverified(homicide))
    assert facts.admission is not None and facts.admission.support.verified is True
    assert [c.support.verified for c in facts.convictions] == [False, True]
    assert facts.evidence_for("conviction_categories", ["homicide"]) == (("courts:c1",), False)
    assert facts.evidence_for("conviction_categories", ["theft"]) == (("courts:c2",), True)
    verified = facts.policy_inputs(verified_only=True)
    assert verified["conviction_categories"] == ("theft",)
    assert "conviction_count" not in verified  # one of its records is unverified
    assert verified["overstay"] is True
    assert facts.policy_inputs()["conviction_categories"] == ("homicide", "theft")


def test_unverified_departure_still_ends_an_overstay_but_marks_it() -> None:
    left = departure("2019-05-01")
    facts = derive_facts([entry("2019-01-01", "2019-03-01"), left], TODAY, verified=unverified(left))
    assert facts.admission is not None and facts.admission.overstay is False
    assert facts.admission.support.verified is False


def test_absence_is_never_a_fact() -> None:
    facts = derive_facts([identity(given_name="Ana")], TODAY)
    assert facts.policy_inputs() == {}
    assert facts.to_dict()["protection"] is None
