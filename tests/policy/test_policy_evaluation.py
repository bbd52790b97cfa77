"""Evaluating the default pack against hand-built timelines."""

import json

import pytest
from tests.person_records import TODAY, conviction, entry, grant, identity, order, unverified

from docket.errors import Invalid
from docket.facts import derive_facts
from docket.policy import NOT_A_PRIORITY, evaluate, load_named


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return load_named("dhs-2021")


def test_homicide_conviction_supports_public_safety(pack) -> None:  # type: ignore[no-untyped-def]
    facts = derive_facts([conviction("homicide", "2020-01-01", "c1")], TODAY)
    result = evaluate(pack, facts, "public_safety")
    assert result.supported
    assert result.tier == "priority_2"
    rule = result.outcome("ps-violent-offense")
    assert rule.fired and rule.verified and rule.counted
    assert rule.records == ("courts:c1",)
    assert result.pack_sha256 == pack.sha256


def test_overstay_only_supports_no_ground(pack) -> None:  # type: ignore[no-untyped-def]
    facts = derive_facts([entry("2015-01-01", "2015-06-01"), order("final_order", "2018-01-01")], TODAY)
    assert facts.policy_inputs()["overstay"] is True
    result = evaluate(pack, facts)
    assert not result.supported
    assert result.tier == NOT_A_PRIORITY
    assert not any(o.fired for o in result.outcomes if o.kind == "rule")
    assert evaluate(pack, facts, "public_safety").supported is False


def test_explanation_names_the_records_used(pack) -> None:  # type: ignore[no-untyped-def]
    records = [
        conviction("homicide", "2019-01-01", "c1"),
        conviction("weapons", "2019-01-01", "c2"),
        conviction("traffic", "2012-01-01", "c3"),
        identity("id1", date_of_birth="1950-01-01"),
    ]
    result = evaluate(pack, derive_facts(records, TODAY), "public_safety", attested=["agg-harm"])
    assert result.outcome("ps-violent-offense").records == ("courts:c1",)
    assert result.outcome("ps-serious-offense").records == ("courts:c2",)
    assert set(result.outcome("agg-prior-record").records) == {"courts:c1", "courts:c2", "courts:c3"}
    assert result.outcome("mit-age").records == ("identitys:id1",)
    harm = result.outcome("agg-harm")
    assert harm.reviewer_attested and harm.fired and harm.counted and harm.records == ()
    assert not result.outcome("mit-family-impact").fired  # attested factors are never computed
    (assessment,) = result.grounds
    # strongest rule 6, + weapon 2 + prior record 2 + harm 2, - age 3
    assert assessment.score == 9 and assessment.tier == "priority_1" and result.tier == "priority_1"
    data = result.to_dict()
    json.dumps(data)
    assert data["pack_sha256"] == pack.sha256


def test_unverified_support_does_not_establish_a_ground(pack) -> None:  # type: ignore[no-untyped-def]
    homicide = conviction("homicide", "2020-01-01", "c1")
    facts = derive_facts([homicide], TODAY, verified=unverified(homicide))
    result = evaluate(pack, facts, "public_safety")
    rule = result.outcome("ps-violent-offense")
    assert rule.fired and not rule.verified and not rule.counted
    assert rule.records == ("courts:c1",)
    assert not result.supported and result.grounds[0].pending_verification
    assert result.tier == NOT_A_PRIORITY


def test_mitigation_can_take_a_supported_ground_below_priority(pack) -> None:  # type: ignore[no-untyped-def]
    facts = derive_facts([conviction("burglary", "2010-01-01"), identity(date_of_birth="1950-01-01")], TODAY)
    result = evaluate(pack, facts, "public_safety", attested=["mit-family-impact"])
    assert result.supported
    # 4 - time since offense 2 - age 3 - family 3
    assert result.grounds[0].score == -4 and result.tier == NOT_A_PRIORITY


def test_terrorism_supports_national_security(pack) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(pack, derive_facts([conviction("terrorism", "2021-01-01")], TODAY))
    assert result.tier == "priority_1"
    supported = {a.ground for a in result.grounds if a.supported}
    assert supported == {"national_security"}


def test_border_security_recent_entry_unless_lawfully_admitted(pack) -> None:  # type: ignore[no-untyped-def]
    recent = evaluate(pack, derive_facts([entry("2022-03-01", record_id="e1")], TODAY), "border_security")
    assert recent.supported and recent.outcome("bs-entry-after-2020-11-01").records == ("entrys:e1",)
    admitted = derive_facts([entry("2022-03-01", "2022-09-01", "e2")], TODAY)
    result = evaluate(pack, admitted, "border_security")
    rule = result.outcome("bs-entry-after-2020-11-01")
    assert not result.supported and rule.excepted and not rule.fired
    old = evaluate(pack, derive_facts([entry("2019-03-01")], TODAY), "border_security")
    assert not old.supported


def test_protection_is_not_the_policy_engines_business_but_is_visible(pack) -> None:  # type: ignore[no-untyped-def]
    """Protection blocks action at the gate (services); policy still explains, and never sees identity."""
    facts = derive_facts([grant("us_citizen", "1980-01-01"), conviction("homicide", "2020-01-01")], TODAY)
    assert facts.policy_inputs()["protected"] is True
    assert evaluate(pack, facts, "public_safety").supported


def test_unknown_ground_or_attestation_is_refused(pack) -> None:  # type: ignore[no-untyped-def]
    facts = derive_facts([], TODAY)
    with pytest.raises(Invalid):
        evaluate(pack, facts, "economic_security")
    with pytest.raises(Invalid, match="agg-weapon"):
        evaluate(pack, facts, attested=["agg-weapon"])  # computed, cannot be attested


def test_absent_facts_never_fire_anything(pack) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(pack, derive_facts([], TODAY))
    assert not any(o.fired for o in result.outcomes)
    assert result.tier == NOT_A_PRIORITY
