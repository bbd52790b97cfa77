"""True persons: who they really are, before any agency writes them down (with errors)."""

from __future__ import annotations

import random
import string
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from docket.synth import names, places

# Life-history categories (see ``history``) and the youngest age each is plausible at.
MIN_AGE: dict[str, int] = {
    "citizen_birth": 0, "naturalized": 20, "lpr": 1, "visa_valid": 1, "overstay": 2, "departed": 1,
    "humanitarian": 1, "pending": 1, "ewi": 1,
}
CATEGORY_WEIGHTS: dict[str, float] = {
    "citizen_birth": 0.22, "naturalized": 0.10, "lpr": 0.16, "visa_valid": 0.09, "overstay": 0.12,
    "departed": 0.08, "humanitarian": 0.09, "pending": 0.05, "ewi": 0.09,
}
# Categories whose people hold an A-number only sometimes (non-immigrant visitors).
_SOMETIMES_A_NUMBER = frozenset({"visa_valid", "departed"})


@dataclass(frozen=True)
class Address:
    number: int
    street: str
    street_type: int  # index into places.STREET_TYPES
    unit: str
    city: str
    state: str
    postal_code: str


@dataclass
class Person:
    """One true person. ``relation`` marks a hard negative: twin, junior, senior or common."""

    person_id: str
    category: str
    origin: str
    given_name: str
    middle_name: str
    family_name: str
    sex: str
    date_of_birth: date
    passport_country: str
    phone: str = ""
    a_number: str = ""
    addresses: list[tuple[date, Address]] = field(default_factory=list)
    passports: list[tuple[date, str]] = field(default_factory=list)
    suffix: str = ""
    relation: str = ""
    relative_id: str = ""

    def address_on(self, day: date) -> Address:
        current = self.addresses[0][1]
        for since, address in self.addresses:
            if since <= day:
                current = address
        return current

    def passport_on(self, day: date) -> str:
        current = self.passports[0][1]
        for since, number in self.passports:
            if since <= day:
                current = number
        return current


class Sampler:
    """Frequency-weighted draws from the embedded lists (earlier entries are more common)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._cum: dict[int, list[float]] = {}
        self._tables: dict[int, tuple[tuple[str, ...], list[float]]] = {}

    def pick(self, items: tuple[str, ...]) -> str:
        n = len(items)
        cum = self._cum.get(n)
        if cum is None:
            cum = self._cum[n] = list(accumulate(1.0 / (i + 3) for i in range(n)))
        return items[bisect(cum, self.rng.random() * cum[-1])]

    def weighted(self, table: dict[str, float]) -> str:
        keys, cum = self._tables.get(id(table)) or self._table(table)
        return keys[bisect(cum, self.rng.random() * cum[-1])]

    def _table(self, table: dict[str, float]) -> tuple[tuple[str, ...], list[float]]:
        entry = self._tables[id(table)] = (tuple(table), list(accumulate(table.values())))
        return entry


class Registry:
    """Hands out identifiers that are unique across the whole population."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._used: set[str] = set()

    def _fresh(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value

    def a_number(self) -> str:
        lead = "0" if self.rng.random() < 0.3 else "2"
        return self._fresh(lambda: lead + f"{self.rng.randrange(10_000_000, 100_000_000):08d}")

    def a_number_after(self, a_number: str) -> str:
        """The next free number: relatives processed together get consecutive A-numbers."""
        value = int(a_number)
        while True:
            value += 1
            candidate = f"{value:09d}"
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate

    def passport(self, country: str) -> str:
        rng = self.rng
        if country in ("USA", "GBR"):
            return self._fresh(lambda: f"{rng.randrange(100_000_000, 1_000_000_000)}")
        prefix = {"MEX": "G", "CHN": "E", "IND": "", "PHL": "P"}.get(country, "")
        return self._fresh(
            lambda: (prefix or rng.choice(string.ascii_uppercase)) + f"{rng.randrange(10**7, 10**8)}"
        )


def draw_dob(rng: random.Random, as_of: date, min_age: int, max_age: int = 85) -> date:
    """A date of birth: mostly working-age adults, some children and elders."""
    roll = rng.random()
    if roll < 0.08:
        age = rng.uniform(0, 18)
    elif roll < 0.92:
        age = rng.triangular(18, 70, 32)
    else:
        age = rng.uniform(60, 85)
    age = min(max(age, min_age + rng.random() * 5), max_age)
    return as_of - timedelta(days=int(age * 365.25) + 1)


def draw_category(sampler: Sampler) -> str:
    return sampler.weighted(CATEGORY_WEIGHTS)


def draw_origin(sampler: Sampler, category: str) -> str:
    return sampler.weighted(places.NATIVE_ORIGINS if category == "citizen_birth" else places.FOREIGN_ORIGINS)


def draw_given(sampler: Sampler, origin: str, sex: str, avoid: str = "") -> str:
    male = sex == "M" or (sex == "X" and sampler.rng.random() < 0.5)
    table = names.GIVEN_MALE if male else names.GIVEN_FEMALE
    while True:
        given = sampler.pick(table[origin])
        if given != avoid:
            return given


def draw_family(sampler: Sampler, origin: str, sex: str) -> str:
    family = sampler.pick(names.FAMILY[origin])
    roll = sampler.rng.random()
    if origin in names.COMPOUND_ORIGINS and roll < 0.45:
        second = sampler.pick(names.FAMILY[origin])
        return family if second == family else f"{family} {second}"
    if origin == "anglo" and sex == "F" and roll < 0.06:
        return f"{family}-{sampler.pick(names.FAMILY['anglo'])}"
    return family


def draw_middle(sampler: Sampler, origin: str, sex: str, given: str) -> str:
    roll = sampler.rng.random()
    if origin == "vietnamese":
        return sampler.pick(names.VIETNAMESE_MIDDLE["M" if sex == "M" else "F"]) if roll < 0.9 else ""
    if origin == "filipino":  # the mother's maiden family name
        return sampler.pick(names.FAMILY["filipino"]) if roll < 0.6 else ""
    share = {"anglo": 0.6, "hispanic": 0.35, "haitian": 0.3}.get(origin, 0.15)
    return draw_given(sampler, origin, sex, avoid=given) if roll < share else ""


def draw_sex(rng: random.Random) -> str:
    roll = rng.random()
    return "X" if roll < 0.003 else ("M" if roll < 0.5 else "F")


def draw_address(rng: random.Random, near: Address | None = None) -> Address:
    if near is not None and rng.random() < 0.6:
        city, state, zip3 = near.city, near.state, near.postal_code[:3]
    else:
        city, state, zip3, _ = rng.choice(places.CITIES)
    unit = ""
    if rng.random() < 0.4:
        unit = f"{rng.randrange(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.5 else str(rng.randrange(1, 400))
    draw = rng.random
    return Address(
        number=10 + int(draw() * 19990),
        street=places.STREETS[int(draw() * len(places.STREETS))],
        street_type=int(draw() * len(places.STREET_TYPES)),
        unit=unit,
        city=city,
        state=state,
        postal_code=f"{zip3}{1 + int(draw() * 98):02d}",
    )


def draw_addresses(rng: random.Random, dob: date, as_of: date) -> list[tuple[date, Address]]:
    """Where someone has lived: a first address, then zero to two moves in recent years."""
    history = [(dob, draw_address(rng))]
    moves = 0 if rng.random() < 0.6 else (1 if rng.random() < 0.75 else 2)
    for _ in range(moves):
        last_since, last = history[-1]
        start = max(last_since + timedelta(days=60), as_of - timedelta(days=3650))
        if start >= as_of:
            break
        since = start + timedelta(days=rng.randrange((as_of - start).days or 1))
        history.append((since, draw_address(rng, near=last)))
    return history


def draw_phone(rng: random.Random, address: Address) -> str:
    area = next((c[3] for c in places.CITIES if c[0] == address.city), "212")
    return f"{area}555{rng.randrange(10000):04d}"


def draw_passports(
    rng: random.Random, registry: Registry, country: str, dob: date, as_of: date
) -> list[tuple[date, str]]:
    first = max(dob, as_of - timedelta(days=365 * 20))
    passports = [(first, registry.passport(country))]
    if rng.random() < 0.15:
        renewed = as_of - timedelta(days=rng.randrange(30, 365 * 5))
        if renewed > first:
            passports.append((renewed, registry.passport(country)))
    return passports


def country_for(rng: random.Random, origin: str, category: str) -> str:
    """Citizens by birth travel on US passports; everyone else on the one they arrived with."""
    return "USA" if category == "citizen_birth" else rng.choice(places.COUNTRIES[origin])


def needs_a_number(rng: random.Random, category: str) -> bool:
    if category == "citizen_birth":
        return False
    return category not in _SOMETIMES_A_NUMBER or rng.random() < 0.5
