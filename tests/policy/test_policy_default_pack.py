"""The default pack ships, loads, and is identified by a stable hash."""

import hashlib
from importlib.resources import files

from docket.domain.vocabulary import POLICY_FORBIDDEN_INPUTS
from docket.policy import DEFAULT_PACK, LEGAL_GROUNDS, load_named, load_pack, packs_available

# The published pack's identity. Editing dhs-2021.yaml changes it: bump the pack's version and
# record the new hash here in the same change (cases store the hash of the pack they were judged by).
PUBLISHED = {"2021-09-30.1": "6211798a32f012ac1a43dac20cf89ea389a4dc3bdf2302a92be43ffd7f3e38b2"}


def pack_text() -> str:
    return files("docket.policy").joinpath("packs", "dhs-2021.yaml").read_text(encoding="utf-8")


def test_default_pack_is_available_and_loads() -> None:
    assert DEFAULT_PACK in packs_available()
    pack = load_named(DEFAULT_PACK)
    assert pack.name == "dhs-2021"
    assert pack.legal_grounds == LEGAL_GROUNDS


def test_default_pack_has_a_stable_hash() -> None:
    pack = load_named(DEFAULT_PACK)
    assert pack.sha256 == hashlib.sha256(pack_text().encode("utf-8")).hexdigest()
    assert pack.sha256 == load_pack(pack_text()).sha256 == load_named(DEFAULT_PACK).sha256
    assert PUBLISHED.get(pack.version) == pack.sha256


def test_statement_says_removability_alone_is_not_a_ground() -> None:
    statement = load_named(DEFAULT_PACK).statement.lower()
    assert "removability alone" in statement and "not a ground" in statement


def test_every_ground_has_a_rule_and_guideline_factors_are_declared() -> None:
    pack = load_named(DEFAULT_PACK)
    assert {rule.ground for rule in pack.rules} == set(LEGAL_GROUNDS)
    attested = set(pack.attestable())
    for factor in ("mit-mental-condition", "mit-victim-witness", "mit-family-impact", "mit-public-service"):
        assert factor in attested
    assert {"agg-harm", "agg-sophistication", "agg-gravity-and-sentence"} <= attested


def test_default_pack_text_never_names_a_forbidden_input_as_a_fact() -> None:
    text = pack_text()
    for name in POLICY_FORBIDDEN_INPUTS:
        assert f"fact: {name}" not in text
