"""Errors and format variations that agencies introduce when they write a person down.

Errors (typos, nicknames, dropped surname parts, swapped date parts) are drawn at the ``Rates`` of a
generation, so ``noise=0`` gives faithful copies. Format variations (case, A-number punctuation,
street abbreviations, phone punctuation) are not errors: they stay at any noise level.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import lru_cache

from docket.synth import places


@dataclass(frozen=True)
class Rates:
    """Probability of each error, per record (or per name where it says so)."""

    typo: float = 0.04  # one edit in one of the names
    nickname: float = 0.08  # given name replaced by a nickname, where one exists
    variant: float = 0.25  # another transliteration, where one exists (per name)
    swap_names: float = 0.015  # given and family name exchanged
    swap_names_family_first: float = 0.07  # the same, for origins that write family name first
    compound_drop: float = 0.25  # one part of a two-part surname dropped
    compound_hyphen: float = 0.25  # separator of a two-part surname changed
    middle_lost: float = 0.3  # middle name dropped, initialled or merged into the given name
    dob_swap: float = 0.02  # day and month exchanged (when both could be a month)
    dob_year: float = 0.015  # year off by one
    digit_typo: float = 0.02  # one digit of an A-number or passport number wrong
    suffix_kept: float = 0.3  # a Jr./Sr. suffix written after the family name (a format, not scaled)
    case_flip: float = 0.05  # a record typed in another case than its source's usual one

    def scaled(self, factor: float) -> Rates:
        changes = {
            f.name: min(1.0, getattr(self, f.name) * factor)
            for f in fields(self)
            if f.name not in ("suffix_kept", "case_flip")
        }
        return replace(self, **changes)


# Letters not decomposed by NFKD.
_SPECIAL = str.maketrans({"Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss"})
_NEIGHBOURS = {
    "a": "qswz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc", "g": "ftyhbv",
    "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop", "m": "njk", "n": "bhjm",
    "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz", "t": "rfgy", "u": "yhji",
    "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}
_PARTICLES = frozenset({"de", "dela", "del", "da", "dos", "das", "el", "al", "abdel", "van", "le", "la"})


@lru_cache(maxsize=4096)
def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(rng: random.Random, text: str) -> str:
    """One edit: a neighbouring key, a dropped or doubled letter, or two letters swapped."""
    spots = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(spots) < 3:
        return text
    i = rng.choice(spots[:-1])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[: i + 1] + text[i] + text[i + 1 :]
    if kind == 2 and text[i + 1].isalpha() and text[i] != text[i + 1]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + _neighbour(rng, text[i]) + text[i + 1 :]


def _neighbour(rng: random.Random, ch: str) -> str:
    pool = _NEIGHBOURS.get(strip_accents(ch).lower(), "aeiou")
    new = rng.choice(pool)
    return new.upper() if ch.isupper() else new


def digit_typo(rng: random.Random, text: str) -> str:
    """One digit replaced by another."""
    spots = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not spots:
        return text
    i = rng.choice(spots)
    new = str((int(text[i]) + rng.randrange(1, 10)) % 10)
    return text[:i] + new + text[i + 1 :]


def surname_variant(rng: random.Random, family: str, rates: Rates) -> str:
    """A two-part surname with its separator changed or one part dropped (García López → García)."""
    parts = family.replace("-", " ").split(" ")
    if len(parts) != 2:
        return family
    first, second = parts
    roll = rng.random()
    if first.lower() in _PARTICLES:  # De Leon, El-Sayed: one name, spelled apart or together
        return first + second if roll < rates.compound_hyphen else family
    if roll < rates.compound_drop:
        return first if rng.random() < 0.85 else second
    if roll < rates.compound_drop + rates.compound_hyphen:
        return f"{first} {second}" if "-" in family else f"{first}-{second}"
    return family


def date_of_birth(rng: random.Random, dob: date, rates: Rates) -> str:
    """The ISO date, sometimes with day and month exchanged or the year off by one."""
    roll = rng.random()
    if roll < rates.dob_swap and dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month).isoformat()
    if roll < rates.dob_swap + rates.dob_year:
        year = dob.year + rng.choice((-1, 1))
        return date(year, dob.month, min(dob.day, 28 if dob.month == 2 else dob.day)).isoformat()
    return dob.isoformat()


def a_number(digits: str, style: str) -> str:
    """Nine digits written the way a source writes them."""
    if style == "dashed":
        return f"A{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if style == "spaced":
        return f"A {digits}"
    if style == "prefixed":
        return f"A{digits}"
    return digits


def phone(rng: random.Random, digits: str) -> str:
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    style = rng.randrange(5)
    if style == 0:
        return f"({area}) {exchange}-{line}"
    if style == 1:
        return f"{area}-{exchange}-{line}"
    if style == 2:
        return f"{area}.{exchange}.{line}"
    if style == 3:
        return f"+1 {area} {exchange} {line}"
    return digits


def street_line(rng: random.Random, number: int, street: str, street_type: int, unit: str) -> str:
    full, short = places.STREET_TYPES[street_type]
    kind = full if rng.random() < 0.4 else short
    line = f"{number} {street} {kind}"
    if not unit:
        return line
    style = rng.randrange(4)
    if style == 0:
        return f"{line} Apt {unit}"
    if style == 1:
        return f"{line}, Apt. {unit}"
    if style == 2:
        return f"{line} #{unit}"
    return f"{line} Unit {unit}"


def in_case(text: str, style: str) -> str:
    if style == "upper":
        return text.upper()
    if style == "lower":
        return text.lower()
    if style == "title":
        return text.title()
    return text


def other_case(rng: random.Random, style: str) -> str:
    return rng.choice([s for s in ("upper", "lower", "title", "asis") if s != style])
