"""Write one event about one true person down as a source would: a record with errors and formats."""

from __future__ import annotations

import random
from datetime import date

from docket.synth import noise
from docket.synth.history import Event
from docket.synth.names import FAMILY_FIRST_ORIGINS
from docket.synth.noise import Rates
from docket.synth.person import Person
from docket.synth.sources import Profile
from docket.synth.variants import NICKNAMES, TRANSLITERATIONS


class Recorder:
    """Renders events into records (dicts of canonical field -> non-empty string)."""

    def __init__(self, rng: random.Random, rates: Rates, as_of: date) -> None:
        self.rng, self.rates, self.as_of = rng, rates, as_of

    def record(self, person: Person, event: Event, profile: Profile) -> dict[str, str]:
        rng, cov = self.rng, profile.coverage
        case = profile.case if rng.random() >= self.rates.case_flip else noise.other_case(rng, profile.case)
        keep_accents = rng.random() < profile.accents
        record = {"record_id": ""}  # numbered once the source's records are shuffled
        record.update(self._names(person, profile, case, keep_accents))
        if rng.random() < cov.get("date_of_birth", 0.0):
            record["date_of_birth"] = noise.date_of_birth(rng, person.date_of_birth, self.rates)
        if person.sex and rng.random() < cov.get("sex", 0.0):
            record["sex"] = person.sex
        if person.a_number and rng.random() < cov.get("a_number", 0.0):
            record["a_number"] = self._a_number(person.a_number, profile)
        if rng.random() < cov.get("passport_number", 0.0):
            self._passport(record, person, event.on or self.as_of)
        if rng.random() < cov.get("address", 0.0):
            self._address(record, person, event.on, case)
        if person.phone and rng.random() < cov.get("phone", 0.0):
            record["phone"] = noise.phone(rng, person.phone)
        record.update(event.fields)
        return record

    def _names(self, person: Person, profile: Profile, case: str, keep_accents: bool) -> dict[str, str]:
        given, middle, family = person.given_name, person.middle_name, person.family_name
        rng, rates = self.rng, self.rates
        if profile.formal:  # copied from a travel document: given names together
            given = f"{given} {middle}" if middle else given
            middle = ""
            if rng.random() < rates.typo / 4:
                family = noise.typo(rng, family)
        else:
            given, middle, family = self._informal(person, given, middle, family)
        if not keep_accents:
            given, middle, family = (noise.strip_accents(given), noise.strip_accents(middle),
                                     noise.strip_accents(family))
        names = {"given_name": given, "family_name": family}
        if middle and rng.random() < profile.coverage.get("middle_name", 0.0):
            names["middle_name"] = middle
        return {key: noise.in_case(value, case) for key, value in names.items() if value}

    def _informal(self, person: Person, given: str, middle: str, family: str) -> tuple[str, str, str]:
        rng, rates = self.rng, self.rates
        given = self._variant(given)
        family = noise.surname_variant(rng, self._variant(family), rates)
        nicknames = NICKNAMES.get(given)
        if nicknames and rng.random() < rates.nickname:
            given = rng.choice(nicknames)
        if person.suffix and rng.random() < rates.suffix_kept:
            family = f"{family} {person.suffix}"
        given, middle = self._middle(given, middle)
        roll = rng.random()
        if roll < rates.typo:
            if roll < rates.typo / 2:
                given = noise.typo(rng, given)
            else:
                family = noise.typo(rng, family)
        swap = rates.swap_names_family_first if person.origin in FAMILY_FIRST_ORIGINS else rates.swap_names
        if rng.random() < swap:
            given, family = family, given
        return given, middle, family

    def _variant(self, name: str) -> str:
        group = TRANSLITERATIONS.get(name)
        if group and self.rng.random() < self.rates.variant:
            return self.rng.choice(group)
        return name

    def _middle(self, given: str, middle: str) -> tuple[str, str]:
        """The middle name as written: whole, initialled, merged into the given name or lost."""
        if not middle:
            return given, middle
        roll = self.rng.random()
        share = self.rates.middle_lost
        if roll < share * 0.4:
            return given, f"{middle[0]}."
        if roll < share * 0.6:
            return f"{given} {middle}", ""
        if roll < share:
            return given, ""
        return given, middle

    def _a_number(self, digits: str, profile: Profile) -> str:
        if self.rng.random() < self.rates.digit_typo:
            digits = noise.digit_typo(self.rng, digits)
        return noise.a_number(digits, self.rng.choice(profile.a_styles))

    def _passport(self, record: dict[str, str], person: Person, day: date) -> None:
        number = person.passport_on(day)
        if self.rng.random() < self.rates.digit_typo / 2:
            number = noise.digit_typo(self.rng, number)
        record["passport_number"] = number
        record["passport_country"] = person.passport_country

    def _address(self, record: dict[str, str], person: Person, day: date | None, case: str) -> None:
        # An identity register may hold any address the person ever gave.
        address = self.rng.choice(person.addresses)[1] if day is None else person.address_on(day)
        line = noise.street_line(self.rng, address.number, address.street, address.street_type, address.unit)
        record["address"] = noise.in_case(line, case)
        record["city"] = noise.in_case(address.city, case)
        record["state"] = address.state
        if self.rng.random() < 0.92:
            record["postal_code"] = address.postal_code
