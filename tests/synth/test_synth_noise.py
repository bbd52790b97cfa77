"""Errors are injected: records of one person differ, as real agency records do."""

from __future__ import annotations

import random
import re
from datetime import date

from docket.synth import Population, generate, noise

INFORMAL = ("identity_register", "benefits_register", "status_grants", "removal_orders", "court_dispositions")


def _fold(text: str) -> str:
    return noise.strip_accents(text).casefold()


def _digits(a_number: str) -> str:
    return re.sub(r"\D", "", a_number)


def _records(population: Population, sources=INFORMAL):
    for person_id, records in population.records_by_person().items():
        for source, record in records:
            if source in sources:
                yield population.persons[person_id], source, record


def test_same_person_records_differ_in_name_spelling(population: Population) -> None:
    differing = 0
    for records in population.records_by_person().values():
        given = {_fold(r.get("given_name", "")) for _, r in records}
        differing += len(given) > 1
    assert differing > 100


def test_each_kind_of_name_error_occurs(population: Population) -> None:
    seen = set()
    for person, _, record in _records(population):
        given, family = record.get("given_name", ""), record.get("family_name", "")
        if given in {"Bill", "BILL", "Bob", "BOB", "Pepe", "PEPE", "Paco", "PACO", "Liz", "LIZ", "Mike", "MIKE"}:
            seen.add("nickname")
        if _fold(given) == _fold(person.family_name) and _fold(family) == _fold(person.given_name):
            seen.add("swapped")
        if " " in person.family_name and _fold(family) == _fold(person.family_name.split()[0]):
            seen.add("compound part dropped")
        if " " in person.family_name and _fold(family) == _fold(person.family_name.replace(" ", "-")):
            seen.add("compound hyphenated")
        if given != noise.strip_accents(given):
            seen.add("accent kept")
        if person.given_name != noise.strip_accents(person.given_name) and given.isascii():
            seen.add("accent dropped")
        if family in {"Muhammad", "MUHAMMAD", "Chan", "CHAN", "Wong", "WONG"} or given in {"Muhammad", "MUHAMMAD"}:
            seen.add("transliteration")
    assert seen == {
        "nickname", "swapped", "compound part dropped", "compound hyphenated", "accent kept",
        "accent dropped", "transliteration",
    }


def test_date_and_number_errors_occur(population: Population) -> None:
    seen = set()
    for person, _, record in _records(population):
        dob = person.date_of_birth
        if "date_of_birth" in record and record["date_of_birth"] != dob.isoformat():
            written = date.fromisoformat(record["date_of_birth"])
            seen.add("day/month" if (written.month, written.day) == (dob.day, dob.month) else "year")
        if "a_number" in record:
            written = _digits(record["a_number"])
            wrong = sum(a != b for a, b in zip(written, person.a_number, strict=True))
            assert wrong <= 1
            if wrong:
                seen.add("a-number digit")
            seen.add(re.sub(r"\d", "9", record["a_number"]))
    assert {"day/month", "year", "a-number digit", "A999-999-999", "A 999999999", "999999999"} <= seen


def test_addresses_move_and_formats_vary(population: Population) -> None:
    moved = 0
    for records in population.records_by_person().values():
        cities = {_fold(r["city"]) for _, r in records if "city" in r}
        moved += len(cities) > 1
    assert moved > 20
    addresses = [r["address"] for rows in population.records.values() for r in rows if "address" in r]
    assert any(a.isupper() for a in addresses) and any(not a.isupper() for a in addresses)
    assert any(" St" in a for a in addresses) and any(" Street" in a for a in addresses)


def test_no_noise_copies_the_truth() -> None:
    clean = generate(600, seed=5, noise=0)
    for person_id, records in clean.records_by_person().items():
        person = clean.persons[person_id]
        for _, record in records:
            assert record.get("date_of_birth", person.date_of_birth.isoformat()) == person.date_of_birth.isoformat()
            assert _digits(record.get("a_number", person.a_number)) == person.a_number
            family = re.sub(r" (Jr|Sr)\.$", "", record["family_name"], flags=re.IGNORECASE)
            assert _fold(family) == _fold(person.family_name)


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one edit)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_typo_is_one_edit() -> None:
    rng = random.Random(1)
    for name in ("Hernández", "Nguyễn", "O'Brien", "Okonkwo", "Wei"):
        for _ in range(100):
            assert _edits(noise.typo(rng, name), name) == 1
