"""Blocking rules: which record pairs are compared at all.

Each rule is a conjunction of equalities between prepared columns, so the same rule serves as Splink
SQL (training; the batch of a model stored with rules Docket lacks), as a hashed key per side
(batch blocking, ``blocked_pairs``) and as a dictionary key (incremental indexes). A rule may pair
different columns on the two sides (given name against family name, to catch swapped name order);
Splink's dedupe join evaluates it on both orientations because the condition is symmetric.

For persisted indexes a key is reduced to a 64-bit hash (``key_hash``) of the rule's definition
and the key's values: stable across processes and versions (BLAKE2b, not Python's ``hash``), so a
stored index answers lookups made by a later run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from hashlib import blake2b
from typing import Any

import numpy as np

_SEP = "\x1f"


@dataclass(frozen=True)
class BlockingRule:
    name: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    broad: bool = False  # names only: blocks grow with common names (see IncrementalMatcher)
    null_left: tuple[str, ...] = ()  # columns that must be missing on the left-hand record
    null_right: tuple[str, ...] = ()

    @property
    def symmetric(self) -> bool:
        return self.left == self.right and self.null_left == self.null_right

    def sql(self) -> str:
        terms = [f'l."{a}" = r."{b}"' for a, b in zip(self.left, self.right, strict=True)]
        terms += [f'l."{c}" IS NULL' for c in self.null_left]
        terms += [f'r."{c}" IS NULL' for c in self.null_right]
        return " AND ".join(terms)

    def as_splink(self) -> dict[str, Any]:
        return {"blocking_rule": self.sql(), "sql_dialect": "duckdb"}

    def key(self, record: Mapping[str, Any], side: str = "left") -> tuple[Any, ...] | None:
        """The record's key on one side of the rule; None when a column is missing."""
        cols, nulls = (self.left, self.null_left) if side == "left" else (self.right, self.null_right)
        for c in nulls:
            if record[c] is not None:
                return None
        # Written without generators: incremental matching asks for a key per rule per record and
        # per candidate hit (~100 a match). The values are strings and ints, never equal to None.
        values = tuple([record[c] for c in cols])
        return None if None in values else values

    def pairs(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        """Whether the rule puts two prepared records together (in either order, as Splink does)."""
        return any(
            (key := self.key(x, "left")) is not None and key == self.key(y, "right")
            for x, y in ((a, b), (b, a))
        )

    @cached_property
    def signature(self) -> str:
        """What the rule compares; part of every key hash, so a changed rule never matches old keys.
        Kept once computed (the rule is frozen): it is hashed with every key of every match."""
        nulls = "".join(f";{side} without {','.join(cols)}"
                        for side, cols in (("left", self.null_left), ("right", self.null_right)) if cols)
        return f"{','.join(self.left)}={','.join(self.right)}{nulls}"

    def key_hash(self, key: Sequence[Any]) -> int:
        """A signed 64-bit hash of one key of this rule (fits a BigInteger column)."""
        return text_hash(_SEP.join((self.signature, *map(str, key))))


def text_hash(text: str) -> int:
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def key_hashes(rule_: BlockingRule, keys: Iterable[Sequence[str]]) -> np.ndarray:
    """``rule_.key_hash`` of many keys of text values at once (int64): the digests are read as
    one big-endian array rather than converted one by one (millions of keys in a full link)."""
    prefix = rule_.signature + _SEP
    digests = b"".join([blake2b((prefix + _SEP.join(key)).encode(), digest_size=8).digest() for key in keys])
    return np.frombuffer(digests, dtype=">i8").astype(np.int64)


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


def blocked(a: Mapping[str, Any], b: Mapping[str, Any],
            rules: Sequence[BlockingRule] = ()) -> bool:
    """Whether any blocking rule (by default Docket's) puts two prepared records together."""
    return any(r.pairs(a, b) for r in rules or BLOCKING_RULES)


def rule(*cols: str) -> BlockingRule:
    return BlockingRule("+".join(cols), cols, cols)


def without(column: str, name: str, left: tuple[str, ...], right: tuple[str, ...]) -> tuple[BlockingRule, ...]:
    """A rule that applies only when at least one record lacks ``column``, as two equi-joins.

    "l.x IS NULL OR r.x IS NULL" would make DuckDB join the whole block and filter afterwards; split
    in two, each side's filter runs before the join. Splink pairs l < r, and the incremental index
    meets a new record's right-hand key with stored left-hand keys: in both, the two halves together
    cover either record lacking the column. The half whose stored side is unrestricted is broad."""
    return (BlockingRule(f"{name}, left without {column}", left, right, null_left=(column,)),
            BlockingRule(f"{name}, right without {column}", left, right, broad=True, null_right=(column,)))


# Crosswise, both names in one form (names.swap_key; see prepare.family_parts).
GIVEN_FAMILY = ("given_swap", "family_swap")
FAMILY_GIVEN = ("family_swap", "given_swap")

BLOCKING_RULES: tuple[BlockingRule, ...] = (
    rule("a_number"),
    rule("passport_number"),
    rule("phone"),
    rule("dob_sorted", "family_first"),
    rule("dob_sorted", "given_canon"),
    # Both names and the birth year, with the month (a mistyped day) or the day (a mistyped month):
    # the birth year alone paired every holder of a common name born that year (3.8M of 13M pairs
    # at a million records) and found no true pair the other rules miss.
    rule("given_canon", "family_first", "dob_y", "dob_m"),
    rule("given_canon", "family_first", "dob_y", "dob_d"),
    rule("dob", "postal5"),
    rule("dob_sorted", "initials"),
    rule("dob", "family_key"),
    # Birthday agreeing, year equal or one apart (see prepare.dob_parts), with one name.
    rule("given_canon", "dob_m", "dob_d", "dob_y2"),
    rule("given_canon", "dob_m", "dob_d", "dob_y2s"),
    rule("family_first", "dob_m", "dob_d", "dob_y2"),
    rule("family_first", "dob_m", "dob_d", "dob_y2s"),
    rule("family_key", "postal5"),
    rule("given_canon", "postal5"),
    # Given and family names swapped, birthday agreeing (the year may be off).
    BlockingRule("swapped names+dob_m+dob_d", (*GIVEN_FAMILY, "dob_m", "dob_d"),
                 (*FAMILY_GIVEN, "dob_m", "dob_d")),
    # Names alone only where a record has no date of birth to block on: with both dates present
    # the rules above see the pair, and names alone would pair every holder of a common name with
    # every other (150M pairs at a million records, against 5M this way).
    *without("dob", "given_canon+family_joined", ("given_canon", "family_joined"),
             ("given_canon", "family_joined")),
    *without("dob", "swapped names", GIVEN_FAMILY, FAMILY_GIVEN),
)
