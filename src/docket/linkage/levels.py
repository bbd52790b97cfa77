"""Comparison levels written once, read two ways: as Splink SQL and as a Python predicate.

Splink evaluates the SQL in DuckDB for training and batch prediction. Incremental matching must give
the very same gamma for a pair without a database round trip, so each level also evaluates itself
on two prepared records in Python. The similarity functions are not ours: DuckDB's
``jaro_winkler_similarity`` / ``levenshtein`` in SQL, jellyfish's (the same algorithms, equal to
machine precision, checked in the tests) in Python. SQL ``=`` with a NULL side is never true; the
predicates follow that rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jellyfish

Record = Mapping[str, Any]


def _present(*values: Any) -> bool:
    return all(v is not None for v in values)


@dataclass(frozen=True)
class Level:
    """One comparison level: its label, SQL condition, Python test and optional TF column."""

    label: str
    sql: str
    test: Callable[[Record, Record], bool]
    tf_column: str | None = None
    is_null: bool = False
    is_else: bool = False

    def as_splink(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sql_condition": self.sql, "label_for_charts": self.label}
        if self.is_null:
            out["is_null_level"] = True
        if self.tf_column:
            out["tf_adjustment_column"] = self.tf_column
            out["tf_adjustment_weight"] = 1.0
        return out


@dataclass(frozen=True)
class ComparisonSpec:
    """A Splink comparison: an output column name and its ordered levels (null first, else last)."""

    name: str
    levels: tuple[Level, ...] = field(default_factory=tuple)

    def as_splink(self) -> dict[str, Any]:
        return {"output_column_name": self.name, "comparison_description": self.name,
                "comparison_levels": [lvl.as_splink() for lvl in self.levels]}

    def gamma(self, left: Record, right: Record) -> int:
        """Splink's gamma: -1 for the null level, then counting down from the top level to 0."""
        for test, gamma in self._plan:
            if test is None or test(left, right):
                return gamma
        return 0

    @cached_property
    def _plan(self) -> tuple[tuple[Callable[[Record, Record], bool] | None, int], ...]:
        """Each level's test (None: always true) and the gamma it gives, in order, worked out once:
        ``gamma`` runs for every comparison of every scored pair."""
        top = len(self.levels) - 2
        return tuple((None if level.is_else else level.test, -1 if level.is_null else top - (index - 1))
                     for index, level in enumerate(self.levels))


def null_any(*cols: str) -> Level:
    sql = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols)
    if len(cols) == 1:  # the common case, without a generator per call
        col = cols[0]
        return Level("null", sql, lambda a, b: a[col] is None or b[col] is None, is_null=True)
    return Level("null", sql, lambda a, b: any(a[c] is None or b[c] is None for c in cols),
                 is_null=True)


def null_all(*cols: str) -> Level:
    """Null when either side has none of ``cols``."""
    left = " AND ".join(f'"{c}_l" IS NULL' for c in cols)
    right = " AND ".join(f'"{c}_r" IS NULL' for c in cols)
    return Level("null", f"({left}) OR ({right})",
                 lambda a, b: all(a[c] is None for c in cols) or all(b[c] is None for c in cols),
                 is_null=True)


def exact(*cols: str, label: str = "exact", tf: str | None = None) -> Level:
    sql = " AND ".join(f'"{c}_l" = "{c}_r"' for c in cols)
    if len(cols) == 1:  # the common case, without a generator per call (x == None is False)
        col = cols[0]
        return Level(label, sql, lambda a, b: a[col] is not None and a[col] == b[col], tf_column=tf)
    return Level(label, sql, lambda a, b: all(_present(a[c], b[c]) and a[c] == b[c] for c in cols),
                 tf_column=tf)


def swapped(col_a: str, col_b: str, label: str = "given and family swapped") -> Level:
    sql = f'"{col_a}_l" = "{col_b}_r" AND "{col_b}_l" = "{col_a}_r"'

    def test(a: Record, b: Record) -> bool:
        return (_present(a[col_a], b[col_b], a[col_b], b[col_a]) and a[col_a] == b[col_b]
                and a[col_b] == b[col_a])

    return Level(label, sql, test)


def swapped_similar(col_a: str, col_b: str, threshold: float, label: str) -> Level:
    """Name order swapped and a name misspelt as well (RYAN JACK for JACK RYANN): each name close
    (Jaro-Winkler) to the other record's name in the other field. Without this level such a pair
    reads as two names disagreeing outright, and is held as a look-alike of someone else."""
    sql = (f'jaro_winkler_similarity("{col_a}_l", "{col_b}_r") >= {threshold} '
           f'AND jaro_winkler_similarity("{col_b}_l", "{col_a}_r") >= {threshold}')

    def test(a: Record, b: Record) -> bool:
        return (_present(a[col_a], b[col_b], a[col_b], b[col_a])
                and jellyfish.jaro_winkler_similarity(a[col_a], b[col_b]) >= threshold
                and jellyfish.jaro_winkler_similarity(a[col_b], b[col_a]) >= threshold)

    return Level(label, sql, test)


def jaro_winkler(col: str, threshold: float) -> Level:
    sql = f'jaro_winkler_similarity("{col}_l", "{col}_r") >= {threshold}'

    def test(a: Record, b: Record) -> bool:
        return (_present(a[col], b[col])
                and jellyfish.jaro_winkler_similarity(a[col], b[col]) >= threshold)

    return Level(f"Jaro-Winkler >= {threshold}", sql, test)


def levenshtein(col: str, distance: int) -> Level:
    sql = f'levenshtein("{col}_l", "{col}_r") <= {distance}'

    def test(a: Record, b: Record) -> bool:
        return _present(a[col], b[col]) and jellyfish.levenshtein_distance(a[col], b[col]) <= distance

    return Level(f"at most {distance} edit", sql, test)


def one_edit_or_transposition(col: str, ignoring: str = "") -> Level:
    """At most one insertion, deletion, substitution or swap of two adjacent characters: the
    keying errors of a document number (7180320 for 7180230). At a distance of one, every
    Damerau-Levenshtein variant agrees, so DuckDB's and jellyfish's give the same level.

    ``ignoring`` (one character) is removed from both values first: a date's digits are keyed
    without its separators, so 1933-01-22 for 1933-02-12 is one transposition (19330122,
    19330212), though as written a hyphen stands between the two digits."""
    left, right = f'"{col}_l"', f'"{col}_r"'
    if ignoring:
        left, right = f"replace({left}, '{ignoring}', '')", f"replace({right}, '{ignoring}', '')"
    sql = f"damerau_levenshtein({left}, {right}) <= 1"

    def test(a: Record, b: Record) -> bool:
        x, y = a[col], b[col]
        if not _present(x, y):
            return False
        if ignoring:
            x, y = x.replace(ignoring, ""), y.replace(ignoring, "")
        return jellyfish.damerau_levenshtein_distance(x, y) <= 1

    return Level("one edit or transposition", sql, test)


def lists_intersect(col: str, label: str) -> Level:
    sql = f'len(list_intersect("{col}_l", "{col}_r")) >= 1'

    def test(a: Record, b: Record) -> bool:
        return _present(a[col], b[col]) and not set(a[col]).isdisjoint(b[col])

    return Level(label, sql, test)


def initial(col: str) -> Level:
    """One side is an initial and it is the other side's first letter (J vs JOHN)."""
    sql = (f'(length("{col}_l") = 1 OR length("{col}_r") = 1) '
           f'AND left("{col}_l", 1) = left("{col}_r", 1)')

    def test(a: Record, b: Record) -> bool:
        x, y = a[col], b[col]
        return _present(x, y) and (len(x) == 1 or len(y) == 1) and x[0] == y[0]

    return Level("initial agrees", sql, test)


def dob_day_month_swapped() -> Level:
    sql = '"dob_y_l" = "dob_y_r" AND "dob_m_l" = "dob_d_r" AND "dob_d_l" = "dob_m_r"'

    def test(a: Record, b: Record) -> bool:
        return (_present(a["dob_y"], b["dob_y"]) and a["dob_y"] == b["dob_y"]
                and a["dob_m"] == b["dob_d"] and a["dob_d"] == b["dob_m"])

    return Level("day and month swapped", sql, test)


def dob_year_off_by_one() -> Level:
    sql = ('"dob_m_l" = "dob_m_r" AND "dob_d_l" = "dob_d_r" '
           'AND abs("dob_y_l" - "dob_y_r") = 1')

    def test(a: Record, b: Record) -> bool:
        return (_present(a["dob_y"], b["dob_y"]) and a["dob_m"] == b["dob_m"]
                and a["dob_d"] == b["dob_d"] and abs(a["dob_y"] - b["dob_y"]) == 1)

    return Level("year off by one", sql, test)


def else_level() -> Level:
    return Level("all other", "ELSE", lambda a, b: True, is_else=True)
