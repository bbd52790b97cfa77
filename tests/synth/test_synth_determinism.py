"""The same seed and options give the same population; a different seed does not."""

from __future__ import annotations

from docket.synth import generate


def test_same_seed_same_population() -> None:
    first, second = generate(500, seed=3), generate(500, seed=3)
    assert first.records == second.records
    assert first.truth == second.truth
    assert first.protected == second.protected


def test_different_seed_different_population() -> None:
    assert generate(500, seed=3).records != generate(500, seed=4).records


def test_noise_level_changes_records_not_people() -> None:
    clean, noisy = generate(500, seed=3, noise=0), generate(500, seed=3, noise=2)
    assert clean.records != noisy.records

    def people(population):
        return [(p.given_name, p.family_name, p.date_of_birth) for p in population.persons.values()]

    assert people(clean) == people(noisy)
    assert clean.protected == noisy.protected
