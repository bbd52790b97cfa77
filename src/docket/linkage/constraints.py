"""Hard constraints on who may be one person, checked whenever two groups of records would join.

A probability never overrides these: two well-formed A-numbers more than one digit apart, a
citizen-by-birth record beside any immigrant status, two different generational suffixes (JR/SR),
or a reviewer's cannot-link decision keep groups apart. Only a reviewer's must-link joins them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from docket.domain.vocabulary import Status
from docket.linkage.coincidence import COINCIDENCE_LIMIT

BIRTH_CITIZEN = Status.US_CITIZEN.value


def digits_apart(a: str, b: str) -> int:
    """Positions at which two nine-digit A-numbers differ."""
    return sum(x != y for x, y in zip(a, b, strict=True))


@dataclass(slots=True)
class Profile:
    """What the constraints need to know about a group of records (slots: clustering a million
    records holds one per joined group, and each instance's dict was ~300 bytes of its ~1.2 kB)."""

    keys: set[int]
    a_numbers: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    suffixes: set[str] = field(default_factory=set)
    adverse: bool = False

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Profile:
        def present(name: str) -> set[str]:
            value = record.get(name)
            return {str(value)} if value is not None and value == value else set()

        return cls({int(record["unique_id"])}, present("a_number"), present("protected_status"),
                   present("suffix"), bool(record.get("adverse")))

    @property
    def protected(self) -> bool:
        return bool(self.statuses)

    def absorb(self, other: Profile) -> None:
        self.keys |= other.keys
        self.a_numbers |= other.a_numbers
        self.statuses |= other.statuses
        self.suffixes |= other.suffixes
        self.adverse = self.adverse or other.adverse


def conflict(a: Profile, b: Profile, cannot_link: Mapping[int, set[int]] | None = None) -> str | None:
    """Why ``a`` and ``b`` may not be one person, or None when nothing forbids it."""
    for x in a.a_numbers:
        if any(digits_apart(x, y) > 1 for y in b.a_numbers):
            return "a_number_conflict"
    if _status_clash(a.statuses, b.statuses) or _status_clash(b.statuses, a.statuses):
        return "status_conflict"
    if a.suffixes and b.suffixes and a.suffixes != b.suffixes:
        return "suffix_conflict"
    if cannot_link and _cannot(a.keys, b.keys, cannot_link):
        return "cannot_link"
    return None


def _status_clash(mine: set[str], theirs: set[str]) -> bool:
    """Citizenship by birth cannot share a person with any immigrant status."""
    return BIRTH_CITIZEN in mine and bool(theirs - {BIRTH_CITIZEN})


def birth_citizen_meets_a_number(a: Profile, b: Profile) -> bool:
    """Whether one group holds citizenship by birth and the other an A-number. An A-number registers
    a noncitizen: a citizen by birth never holds one. So the two are either two people of one name
    and birth date (the wrong-citizen pattern), or a citizen once processed as an alien in error,
    or a citizen by derivation recorded as one by birth. Not a hard conflict, since a reviewer may
    find them one person; but never for the model to settle (``cluster.held_reason``)."""
    return (BIRTH_CITIZEN in a.statuses and bool(b.a_numbers)) or (BIRTH_CITIZEN in b.statuses and bool(a.a_numbers))


def _cannot(left: set[int], right: set[int], cannot_link: Mapping[int, set[int]]) -> bool:
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    return any(not cannot_link.get(k, set()).isdisjoint(large) for k in small)


# Gammas of the levels the vetoes read (levels are numbered from "all other" = 0 upwards; see
# model.COMPARISONS, and the test that pins these to their labels).
_DISAGREES = 0
_NULL = -1
_DOCUMENT_EXACT = {"a_number": 2, "passport": 3}
_DOCUMENT_CLOSE = {"a_number": 1, "passport": 1}  # exact, or one edit (or transposition)
_CONTACT = {"phone": 1, "location": 2}  # same phone; same postcode or address
_GIVEN_EXACT = 8  # exact, nicknames resolved
_A_NUMBER_ONE_EDIT = 1
_DOB_EXACT = 4

VETOES = ("given_name_disagrees", "family_name_disagrees", "date_of_birth_disagrees",
          "sex_disagrees", "near_a_number", "suffix_unconfirmed", "contact_only", "names_only",
          "common_name_and_birth_date")
_REASONS = np.array([None, *VETOES], dtype=object)
STRANGERS = "expected_strangers"  # the scored pairs' column of coincidence.Coincidence.of_pairs


def pair_veto(gammas: Mapping[str, int], suffixes: tuple[Any, Any] = (None, None),
              strangers: float = 0.0) -> str | None:
    """Why a pair may not link automatically, however high its probability; None if it may.

    Each veto is a pattern in which two different people look alike, so a reviewer decides, not
    the model. Without an identity document agreeing exactly: given names, family names, birth
    dates or sex that disagree outright (twins, a married name change, a miscoded record: review);
    A-numbers one digit apart with given names that are not the same (twins registered together
    get consecutive numbers); a generational suffix on one record only, without the same birth
    date (junior and senior). Without a birth date on both records, names corroborated only by a
    phone or an address (a father and son of one name share both) is too weak to link on, and
    names alone the common-name pattern: only an identity document settles those. With both birth
    dates the same and nothing else corroborating (no document, phone or postcode), a full name and
    birth date that ``strangers`` (expected other records sharing them by chance, see
    ``coincidence``) says a stranger could well share.
    """
    return _one_pair_veto(tuple(sorted(gammas.items())), suffixes[0] is not None,
                          suffixes[1] is not None, bool(strangers >= COINCIDENCE_LIMIT))


@lru_cache(maxsize=8192)
def _one_pair_veto(gammas: tuple[tuple[str, int], ...], suffix_l: bool, suffix_r: bool,
                   common: bool) -> str | None:
    """``pair_veto`` of one pair, by what the vetoes read (a pair's gammas, which records carry a
    suffix, whether strangers reach the limit: few distinct patterns), remembered: the vectorised
    rules cost ~80 µs for a single pair, and an incremental match asks for one or more every time."""
    gamma = {name: np.array([value]) for name, value in gammas}
    strangers = np.array([COINCIDENCE_LIMIT if common else 0.0])
    reasons = _veto_codes(lambda name: gamma.get(name, np.array([_NULL])), np.array([suffix_l]),
                          np.array([suffix_r]), strangers)
    return reasons[0]


def firm(gammas: Mapping[str, int]) -> bool:
    """Whether a pair rests on more than names and a near birth date: the same birth date, or an
    identity document agreeing exactly. Only such a link counts as verified, whatever its
    probability: a protected person's record joined on a birth date one digit or one year off is
    the wrong-citizen pattern, and waits for a reviewer (``cluster._try_link``)."""
    return gammas.get("date_of_birth") == _DOB_EXACT or any(
        gammas.get(name) == level for name, level in _DOCUMENT_EXACT.items())


def firm_pairs(pairs: pd.DataFrame) -> np.ndarray:
    """``firm`` over a frame of scored pairs with gamma columns."""
    gamma = _gammas_of(pairs)
    out = gamma("date_of_birth") == _DOB_EXACT
    for name, level in _DOCUMENT_EXACT.items():
        out |= gamma(name) == level
    return out


def _gammas_of(pairs: pd.DataFrame) -> Callable[[str], np.ndarray]:
    """A comparison's gamma column of scored pairs by name (missing, -1, where not compared)."""
    def gamma(name: str) -> np.ndarray:
        column = f"gamma_{name}"
        return pairs[column].to_numpy() if column in pairs else np.full(len(pairs), _NULL)

    return gamma


def veto_reasons(pairs: pd.DataFrame, suffixed: Mapping[int, bool] | None = None) -> pd.Series:
    """``pair_veto`` over a frame of scored pairs with gamma columns (None where no veto);
    ``suffixed`` says which record keys carry a generational suffix, the pairs' ``STRANGERS``
    column (if any) how many strangers could share their name and birth date."""
    gamma = _gammas_of(pairs)
    with_suffix = np.fromiter((k for k, v in (suffixed or {}).items() if v), dtype=np.int64)
    suffix_l = np.isin(pairs["key_l"].to_numpy(), with_suffix)
    suffix_r = np.isin(pairs["key_r"].to_numpy(), with_suffix)
    strangers = pairs[STRANGERS].to_numpy() if STRANGERS in pairs else np.zeros(len(pairs))
    return pd.Series(_veto_codes(gamma, suffix_l, suffix_r, strangers), index=pairs.index)


def _veto_codes(gamma: Any, suffix_l: np.ndarray, suffix_r: np.ndarray, strangers: np.ndarray) -> np.ndarray:
    """The first veto that applies to each pair (None for none), from gamma arrays by comparison: an
    object array of the shared names in ``_REASONS`` (a string array, and a string object per pair
    made from it, held ~100 bytes a pair)."""
    document = np.zeros(len(suffix_l), dtype=bool)
    for name, level in _DOCUMENT_EXACT.items():
        document |= gamma(name) == level
    close_document = np.zeros(len(suffix_l), dtype=bool)
    for name, level in _DOCUMENT_CLOSE.items():
        close_document |= gamma(name) >= level
    contact = np.zeros(len(suffix_l), dtype=bool)
    for name, level in _CONTACT.items():
        contact |= gamma(name) >= level
    undated = (gamma("date_of_birth") == _NULL) & ~close_document
    passport = gamma("passport") == _DOCUMENT_EXACT["passport"]
    conditions = [
        ~document & (gamma("given_name") == _DISAGREES),
        ~document & (gamma("family_name") == _DISAGREES),
        ~document & (gamma("date_of_birth") == _DISAGREES),
        ~document & (gamma("sex") == _DISAGREES),
        ~passport & (gamma("a_number") == _A_NUMBER_ONE_EDIT) & (gamma("given_name") != _GIVEN_EXACT),
        ~document & (suffix_l != suffix_r) & (gamma("date_of_birth") != _DOB_EXACT),
        undated & contact,
        undated & ~contact,
        ~close_document & ~contact & (gamma("date_of_birth") == _DOB_EXACT) & (strangers >= COINCIDENCE_LIMIT),
    ]
    return _REASONS[np.select(conditions, list(range(1, len(VETOES) + 1)), default=0)]


def pair_index(pairs: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """Both directions of a list of key pairs."""
    index: dict[int, set[int]] = {}
    for a, b in pairs:
        index.setdefault(int(a), set()).add(int(b))
        index.setdefault(int(b), set()).add(int(a))
    return index
