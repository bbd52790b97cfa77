"""Drawing the true population, hard negatives included.

Besides ordinary people the cohort holds the cases record linkage gets wrong most easily: twins
(same family name, birth date and address, different given names and A-numbers), juniors and seniors
at one address (same names, births about 25 years apart) and many unrelated people who share a very
common name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from docket.synth import person as p
from docket.synth.names import COMMON_FULL_NAMES
from docket.synth.person import Person


@dataclass(frozen=True)
class Shares:
    """Share of units drawn as each kind of hard negative (a unit is one or two people)."""

    twins: float = 0.02
    junior_senior: float = 0.02
    common_name: float = 0.05


class Cohort:
    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng, self.as_of = rng, as_of
        self.sampler = p.Sampler(rng)
        self.registry = p.Registry(rng)
        self.people: list[Person] = []

    def draw(self, count: int, shares: Shares) -> list[Person]:
        while len(self.people) < count:
            roll = self.rng.random()
            pair_fits = count - len(self.people) >= 2
            if roll < shares.twins and pair_fits:
                self._twins()
            elif roll < shares.twins + shares.junior_senior and pair_fits:
                self._junior_senior()
            elif roll < shares.twins + shares.junior_senior + shares.common_name:
                given, family, sex, origin = self.rng.choice(COMMON_FULL_NAMES)
                self._person(p.draw_category(self.sampler), origin=origin, sex=sex, given=given, family=family,
                             relation="common")
            else:
                self._person(p.draw_category(self.sampler))
        return self.people

    def _person(self, category: str, *, origin: str = "", sex: str = "", given: str = "", family: str = "",
                middle: str | None = None, dob: date | None = None, country: str = "",
                relation: str = "") -> Person:
        rng, sampler = self.rng, self.sampler
        origin = origin or p.draw_origin(sampler, category)
        sex = sex or p.draw_sex(rng)
        given = given or p.draw_given(sampler, origin, sex)
        dob = dob or p.draw_dob(rng, self.as_of, p.MIN_AGE[category])
        person = Person(
            person_id=f"P{len(self.people) + 1:07d}",
            category=category,
            origin=origin,
            given_name=given,
            middle_name=p.draw_middle(sampler, origin, sex, given) if middle is None else middle,
            family_name=family or p.draw_family(sampler, origin, sex),
            sex=sex,
            date_of_birth=dob,
            passport_country=country or p.country_for(rng, origin, category),
            relation=relation,
        )
        person.addresses = p.draw_addresses(rng, dob, self.as_of)
        person.phone = p.draw_phone(rng, person.addresses[-1][1]) if rng.random() < 0.85 else ""
        person.passports = p.draw_passports(rng, self.registry, person.passport_country, dob, self.as_of)
        person.a_number = self.registry.a_number() if p.needs_a_number(rng, category) else ""
        self.people.append(person)
        return person

    def _foreign_category(self) -> str:
        while True:
            category = p.draw_category(self.sampler)
            if category != "citizen_birth":
                return category

    def _twins(self) -> None:
        first_category = p.draw_category(self.sampler)
        if first_category == "citizen_birth" or self.rng.random() < 0.7:
            second_category = first_category
        else:
            second_category = self._foreign_category()
        min_age = max(p.MIN_AGE[first_category], p.MIN_AGE[second_category])
        first = self._person(first_category, dob=p.draw_dob(self.rng, self.as_of, min_age), relation="twin")
        sex = p.draw_sex(self.rng)
        second = self._person(
            second_category, origin=first.origin, sex=sex, family=first.family_name,
            given=p.draw_given(self.sampler, first.origin, sex, avoid=first.given_name),
            dob=first.date_of_birth, country=first.passport_country, relation="twin",
        )
        self._share_home(first, second)
        if first.a_number and second.a_number and self.rng.random() < 0.5:
            second.a_number = self.registry.a_number_after(first.a_number)

    def _junior_senior(self) -> None:
        senior_category = self._foreign_category() if self.rng.random() < 0.75 else "citizen_birth"
        junior_category = "citizen_birth" if self.rng.random() < 0.6 else senior_category
        junior_dob = p.draw_dob(self.rng, self.as_of, p.MIN_AGE[junior_category], max_age=55)
        senior_dob = junior_dob - timedelta(days=self.rng.randrange(22 * 365, 31 * 365))
        senior = self._person(senior_category, sex="M", dob=senior_dob, relation="senior")
        junior = self._person(
            junior_category, origin=senior.origin, sex="M", given=senior.given_name,
            middle=senior.middle_name, family=senior.family_name, dob=junior_dob, relation="junior",
            country="" if junior_category == "citizen_birth" else senior.passport_country,
        )
        senior.suffix, junior.suffix = "Sr.", "Jr."
        self._share_home(senior, junior)

    def _share_home(self, first: Person, second: Person) -> None:
        """The second person lives where the first does, often with the same home phone."""
        second.addresses = [(max(second.date_of_birth, since), a) for since, a in first.addresses]
        if self.rng.random() < 0.6:
            second.phone = first.phone
        first.relative_id, second.relative_id = second.person_id, first.person_id
