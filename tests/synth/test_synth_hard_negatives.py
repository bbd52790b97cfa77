"""Twins, juniors and seniors, and common names: look-alikes who are different true persons."""

from __future__ import annotations

from collections import defaultdict

from docket.synth import Population


def _pairs(population: Population, relation: str):
    pairs = [(a, b) for rel, a, b in population.hard_negatives() if rel == relation]
    assert len(pairs) >= 20, relation
    return [(population.persons[a], population.persons[b]) for a, b in pairs]


def test_twins_share_family_birth_and_home_but_not_given_name_or_a_number(population: Population) -> None:
    for first, second in _pairs(population, "twins"):
        assert first.person_id != second.person_id
        assert first.family_name == second.family_name
        assert first.date_of_birth == second.date_of_birth
        assert first.addresses[-1][1] == second.addresses[-1][1]
        assert first.given_name != second.given_name
        if first.a_number and second.a_number:
            assert first.a_number != second.a_number


def test_some_twins_have_consecutive_a_numbers(population: Population) -> None:
    gaps = [
        abs(int(a.a_number) - int(b.a_number))
        for a, b in _pairs(population, "twins")
        if a.a_number and b.a_number
    ]
    assert 1 in gaps


def test_juniors_and_seniors_share_names_and_home_a_generation_apart(population: Population) -> None:
    for senior, junior in _pairs(population, "junior_senior"):
        assert (senior.suffix, junior.suffix) == ("Sr.", "Jr.")
        assert (senior.given_name, senior.middle_name, senior.family_name) == (
            junior.given_name, junior.middle_name, junior.family_name,
        )
        years = (junior.date_of_birth - senior.date_of_birth).days / 365.25
        assert 21.9 < years < 31.1
        assert senior.addresses[-1][1] == junior.addresses[-1][1]


def test_records_of_look_alikes_belong_to_different_true_persons(population: Population) -> None:
    owners = defaultdict(set)
    for (source, record_id), person_id in population.truth.items():
        owners[person_id].add((source, record_id))
    for _, a, b in population.hard_negatives():
        assert owners[a] and owners[b]
        assert not owners[a] & owners[b]


def test_many_people_share_a_very_common_name(population: Population) -> None:
    marias = [
        p for p in population.persons.values() if (p.given_name, p.family_name) == ("María", "García")
    ]
    assert len(marias) >= 5
    assert len({p.date_of_birth for p in marias}) == len(marias)
