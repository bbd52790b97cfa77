"""Hard constraints on who may be one person, checked whenever two groups of records would join.

A probability never overrides these: two well-formed A-numbers more than one digit apart, a
citizen-by-birth record beside any immigrant status, two different generational suffixes (JR/SR),
or a reviewer's cannot-link decision keep groups apart. Only a reviewer's must-link joins them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docket.domain.vocabulary import Status

BIRTH_CITIZEN = Status.US_CITIZEN.value


def digits_apart(a: str, b: str) -> int:
    """Positions at which two nine-digit A-numbers differ."""
    return sum(x != y for x, y in zip(a, b, strict=True))


@dataclass
class Profile:
    """What the constraints need to know about a group of records."""

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


def _cannot(left: set[int], right: set[int], cannot_link: Mapping[int, set[int]]) -> bool:
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    return any(not cannot_link.get(k, set()).isdisjoint(large) for k in small)


# Gamma of the "all other" level and of the exact document levels (see model.COMPARISONS).
_GIVEN_DISAGREES = 0
_DOCUMENT_AGREES = {"a_number": 2, "passport": 3}


def pair_veto(gammas: Mapping[str, int]) -> str | None:
    """A pair that may not link automatically, however high its probability.

    Given names that disagree outright, with no identity document agreeing exactly, is the twin
    pattern (same family, birth date and address): a reviewer decides, not the model.
    """
    if gammas.get("given_name") != _GIVEN_DISAGREES:
        return None
    if any(gammas.get(name) == level for name, level in _DOCUMENT_AGREES.items()):
        return None
    return "given_name_disagrees"


def veto_mask(pairs: Any) -> Any:
    """``pair_veto`` over a frame of scored pairs with gamma columns (True where vetoed)."""
    docs = False
    for name, level in _DOCUMENT_AGREES.items():
        docs = docs | (pairs[f"gamma_{name}"] == level)
    return (pairs["gamma_given_name"] == _GIVEN_DISAGREES) & ~docs


def pair_index(pairs: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """Both directions of a list of key pairs."""
    index: dict[int, set[int]] = {}
    for a, b in pairs:
        index.setdefault(int(a), set()).add(int(b))
        index.setdefault(int(b), set()).add(int(a))
    return index
