"""Blocking rules: which record pairs are compared at all.

Each rule is a conjunction of equalities between prepared columns, so the same rule serves as Splink
SQL (batch) and as a dictionary key (incremental indexes). A rule may pair different columns on the
two sides (given name against family name, to catch swapped name order); Splink's dedupe join
evaluates it on both orientations because the condition is symmetric.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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
    BlockingRule("swapped names", ("given_canon", "family_first"), ("family_first", "given_canon")),
)
