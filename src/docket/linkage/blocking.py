"""Blocking rules: which record pairs are compared at all.

Each rule is a conjunction of equalities between prepared columns, so the same rule serves as Splink
SQL (batch) and as a dictionary key (incremental indexes). A rule may pair different columns on the
two sides (given name against family name, to catch swapped name order); Splink's dedupe join
evaluates it on both orientations because the condition is symmetric.

For persisted indexes a key is reduced to a 64-bit hash (``key_hash``) of the rule's definition
and the key's values: stable across processes and versions (BLAKE2b, not Python's ``hash``), so a
stored index answers lookups made by a later run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any

_SEP = "\x1f"


@dataclass(frozen=True)
class BlockingRule:
    name: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    broad: bool = False  # names only: blocks grow with common names (see IncrementalMatcher)

    @property
    def symmetric(self) -> bool:
        return self.left == self.right

    def sql(self) -> str:
        return " AND ".join(f'l."{a}" = r."{b}"' for a, b in zip(self.left, self.right, strict=True))

    def as_splink(self) -> dict[str, Any]:
        return {"blocking_rule": self.sql(), "sql_dialect": "duckdb"}

    def key(self, record: Mapping[str, Any], side: str = "left") -> tuple[Any, ...] | None:
        """The record's key on one side of the rule; None when a column is missing."""
        cols = self.left if side == "left" else self.right
        values = tuple(record[c] for c in cols)
        return None if any(v is None for v in values) else values

    @property
    def signature(self) -> str:
        """What the rule compares; part of every key hash, so a changed rule never matches old keys."""
        return f"{','.join(self.left)}={','.join(self.right)}"

    def key_hash(self, key: Sequence[Any]) -> int:
        """A signed 64-bit hash of one key of this rule (fits a BigInteger column)."""
        return text_hash(_SEP.join((self.signature, *map(str, key))))


def text_hash(text: str) -> int:
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def index_entries(record: Mapping[str, Any],
                  rules: Sequence[BlockingRule] | None = None) -> list[tuple[int, int]]:
    """(rule number, key hash) under which a prepared record is indexed: its left-hand keys."""
    return _hashes(record, "left", rules)


def probes(record: Mapping[str, Any],
           rules: Sequence[BlockingRule] | None = None) -> list[tuple[int, int]]:
    """(rule number, key hash) to look up for a prepared record's partners: its right-hand keys
    (the rules are symmetric conditions, so right-hand keys meet the partners' left-hand keys)."""
    return _hashes(record, "right", rules)


def _hashes(record: Mapping[str, Any], side: str,
            rules: Sequence[BlockingRule] | None) -> list[tuple[int, int]]:
    out = []
    for number, rule_ in enumerate(BLOCKING_RULES if rules is None else rules):
        key = rule_.key(record, side)
        if key is not None:
            out.append((number, rule_.key_hash(key)))
    return out


def column_hashes(rule_: BlockingRule, columns: Iterable[Sequence[Any]]) -> list[int | None]:
    """Left-hand key hashes of many records at once, from the rule's columns as value lists
    (None where a value is missing); equal to ``rule_.key_hash(rule_.key(record))`` record by record."""
    seen: dict[tuple[Any, ...], int] = {}
    out: list[int | None] = []
    for key in zip(*columns, strict=True):
        if any(v is None for v in key):
            out.append(None)
            continue
        found = seen.get(key)
        if found is None:
            found = seen[key] = rule_.key_hash(key)
        out.append(found)
    return out


def rule(*cols: str) -> BlockingRule:
    return BlockingRule("+".join(cols), cols, cols)


BLOCKING_RULES: tuple[BlockingRule, ...] = (
    rule("a_number"),
    rule("passport_number"),
    rule("phone"),
    rule("dob_sorted", "family_first"),
    rule("dob_sorted", "given_canon"),
    rule("given_canon", "family_first", "dob_y"),
    rule("dob", "postal5"),
    BlockingRule("given_canon+family_joined", ("given_canon", "family_joined"),
                 ("given_canon", "family_joined"), broad=True),
    rule("dob_sorted", "initials"),
    rule("dob", "family_key"),
    rule("given_canon", "dob_m", "dob_d"),
    rule("family_first", "dob_m", "dob_d"),
    rule("family_key", "postal5"),
    rule("given_canon", "postal5"),
    # Names only as well: a record with given and family names swapped probes the whole block of
    # the common name it swaps, thousands of records at a million.
    BlockingRule("swapped names", ("given_canon", "family_first"), ("family_first", "given_canon"),
                 broad=True),
)
