"""Strict validation of policy packs."""

from pathlib import Path

import pytest

from docket.errors import Invalid
from docket.policy import load_pack

BASE = """\
name: test-pack
version: "1"
statement: Removability alone is not a ground.
legal_grounds: [public_safety, border_security]
tiers: {priority_1: 5, priority_2: 1}
"""


def pack_with(rules: str, extra: str = "") -> str:
    return BASE + "rules:\n" + rules + extra


GOOD_RULE = """\
  - id: ps-homicide
    ground: public_safety
    description: homicide
    weight: 6
    when: {fact: conviction_categories, op: intersects, value: [homicide]}
"""


def refusal(text: str) -> Invalid:
    with pytest.raises(Invalid) as caught:
        load_pack(text)
    return caught.value


def test_a_valid_pack_loads() -> None:
    pack = load_pack(pack_with(GOOD_RULE))
    assert pack.name == "test-pack"
    assert [rule.id for rule in pack.rules] == ["ps-homicide"]
    assert pack.tiers == (("priority_1", 5), ("priority_2", 1))
    assert len(pack.sha256) == 64


def test_hash_is_of_the_content() -> None:
    assert load_pack(pack_with(GOOD_RULE)).sha256 == load_pack(pack_with(GOOD_RULE)).sha256
    assert load_pack(pack_with(GOOD_RULE)).sha256 != load_pack(pack_with(GOOD_RULE) + "# edit\n").sha256


def test_loads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(pack_with(GOOD_RULE), encoding="utf-8")
    assert load_pack(path).sha256 == load_pack(str(path)).sha256 == load_pack(pack_with(GOOD_RULE)).sha256


@pytest.mark.parametrize("field", ["nationality", "passport_country", "sex", "language"])
def test_forbidden_inputs_are_refused_naming_rule_and_field(field: str) -> None:
    rule = f"""\
  - id: ps-bad
    ground: public_safety
    description: reads a forbidden field
    weight: 1
    when:
      all:
        - {{fact: conviction_count, op: gte, value: 1}}
        - {{fact: {field}, op: eq, value: X}}
"""
    error = refusal(pack_with(rule))
    assert "rule ps-bad" in str(error)
    assert f"'{field}'" in str(error)
    assert any("ps-bad" in line and field in line and "forbidden" in line for line in error.errors)


@pytest.mark.parametrize("field", ["ethnicity", "race", "religion", "country_of_birth"])
def test_forbidden_inputs_are_refused_in_factors_too(field: str) -> None:
    factor = f"""\
mitigating:
  - id: mit-bad
    description: bad
    grounds: [public_safety]
    weight: 1
    when: {{fact: {field}, op: eq, value: X}}
"""
    error = refusal(pack_with(GOOD_RULE, factor))
    assert "mitigating factor mit-bad" in str(error) and f"'{field}'" in str(error)


def test_unknown_fact_is_refused() -> None:
    rule = GOOD_RULE.replace("conviction_categories", "social_media_handle")
    error = refusal(pack_with(rule))
    assert "rule ps-homicide" in str(error) and "social_media_handle" in str(error)


def test_unknown_op_is_refused() -> None:
    error = refusal(pack_with(GOOD_RULE.replace("op: intersects", "op: matches_regex")))
    assert "unknown op 'matches_regex'" in str(error)


def test_op_that_does_not_fit_the_fact_is_refused() -> None:
    rule = GOOD_RULE.replace(
        "{fact: conviction_categories, op: intersects, value: [homicide]}", "{fact: overstay, op: gte, value: 1}"
    )
    assert "does not apply" in str(refusal(pack_with(rule)))


def test_unknown_values_are_refused() -> None:
    error = refusal(pack_with(GOOD_RULE.replace("[homicide]", "[jaywalking]")))
    assert "jaywalking" in str(error)


def test_no_expressions_only_data() -> None:
    rule = GOOD_RULE.replace("{fact: conviction_categories, op: intersects, value: [homicide]}", "\"__import__('os')\"")
    assert "must be a mapping" in str(refusal(pack_with(rule)))


def test_unknown_keys_are_refused_at_every_level() -> None:
    assert "unknown key(s) owner" in str(refusal(pack_with(GOOD_RULE) + "owner: me\n"))
    assert "rule ps-homicide: unknown key(s) score_hint" in str(refusal(pack_with(GOOD_RULE + "    score_hint: 3\n")))
    leaf = GOOD_RULE.replace("value: [homicide]}", "value: [homicide], weight: 2}")
    assert "unknown key(s) weight" in str(refusal(pack_with(leaf)))


def test_unknown_ground_is_refused() -> None:
    text = pack_with(GOOD_RULE).replace("[public_safety, border_security]", "[public_safety, economic_security]")
    assert "unknown legal ground(s) economic_security" in str(refusal(text))
    other = pack_with(GOOD_RULE.replace("ground: public_safety", "ground: national_security"))
    assert "rule ps-homicide: ground 'national_security'" in str(refusal(other))


def test_removability_alone_cannot_be_a_ground() -> None:
    rule = GOOD_RULE.replace(
        "{fact: conviction_categories, op: intersects, value: [homicide]}",
        "{any: [{fact: overstay, op: is_true}, {fact: conviction_count, op: gte, value: 1}]}",
    )
    assert "removability alone is not a ground" in str(refusal(pack_with(rule)))


def test_age_band_only_mitigates() -> None:
    rule = GOOD_RULE.replace(
        "{fact: conviction_categories, op: intersects, value: [homicide]}",
        "{all: [{fact: age_band, op: eq, value: adult}, {fact: conviction_count, op: gte, value: 1}]}",
    )
    assert "'age_band' may be read only by mitigating factors" in str(refusal(pack_with(rule)))


def test_factor_is_computed_or_attested_never_both() -> None:
    factor = """\
aggravating:
  - id: agg-both
    description: both
    grounds: [public_safety]
    weight: 1
    reviewer_attested: true
    when: {fact: conviction_count, op: gte, value: 2}
"""
    assert "agg-both" in str(refusal(pack_with(GOOD_RULE, factor)))


def test_statement_and_tiers_are_required() -> None:
    text = pack_with(GOOD_RULE).replace("statement: Removability alone is not a ground.\n", "")
    assert "missing key(s) statement" in str(refusal(text))
    assert "not a valid tier name" in str(refusal(pack_with(GOOD_RULE).replace("priority_2: 1", "not_a_priority: 0")))


def test_bad_yaml_is_invalid() -> None:
    assert "not valid YAML" in str(refusal("name: [unclosed\n"))


def test_every_problem_is_reported_at_once() -> None:
    rule = GOOD_RULE.replace("conviction_categories", "nationality").replace("weight: 6", "weight: -1")
    assert len(refusal(pack_with(rule) + "colour: red\n").errors) >= 3
