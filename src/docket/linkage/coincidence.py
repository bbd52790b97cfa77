"""How many strangers could share a record's full name and birth date: the coincidence veto's input.

Fellegi–Sunter scores the given and family names as independent evidence, each weighted by its own
frequency. Names are not independent: "Jean Joseph", "Wei Chen", "Luis González" are each far
commoner as a whole than their parts' frequencies multiplied. So a pair agreeing on a common full
name and a birth date, with nothing else to corroborate it, scores 0.9999 while in a large population
about one such link in a few hundred joins two different people (measured on the synthetic data: 183
of the 205 false links at 200k persons rested on names and birth date alone). Those links are the ones that put one
person's record into another's file.

The expected number of *other* records that share a record's full name and birth date by chance is
``population × share(full name) × share(birth date)``: the full name's share estimated jointly (not
as a product of its parts) and the birth date's share as observed, so placeholder dates such as
1 January count as the common values they are. Both shares come from the model's training records
(``frequency_tables``), the population is the number of records being matched against. A link that
rests on names and birth date alone waits for a reviewer when that expectation reaches
``COINCIDENCE_LIMIT`` (``constraints.pair_veto``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Three chances in a hundred that a stranger shares the name and birth date. Measured on the
# synthetic data at 200k persons (pair precision / recall / predicted persons mixing a protected and
# an unprotected person): no limit 0.9980 / 0.9421 / 83; 0.03: 0.9991 / 0.9307 / 39; 0.01: 0.9992 /
# 0.9141 / 37. Tighter limits cost recall (links wait for a reviewer) for little precision.
COINCIDENCE_LIMIT = 0.03
# Full names seen once in the training records are left out (most full names are; the table would
# be most of the model). Counted in a sample of at most 150k records, a name kept at 1M records has
# about 13 holders: with an ordinary birth date (share ~1/25,000) far from the limit; with a
# placeholder date shared by one record in 400 or more, already past it, so such names can be missed.
MIN_NAME_COUNT = 2

FULL_NAME = "full_name"
DOB = "dob"


def full_name(given: Any, family: Any) -> str | None:
    """The key of a full name: the nickname-resolved given name and the folded family name."""
    if given is None or family is None or given != given or family != family:
        return None
    return f"{given}|{family}"


def frequency_tables(frame: pd.DataFrame | pa.Table) -> dict[str, dict[str, float]]:
    """Shares of full names (those seen ``MIN_NAME_COUNT`` times or more) and of birth dates among
    a prepared frame's records that have them."""
    return {FULL_NAME: _shares(_full_names(frame), MIN_NAME_COUNT), DOB: _shares(_strings(frame, "dob"), 1)}


def _shares(values: pa.Array, min_count: int) -> dict[str, float]:
    """Each non-missing value's share of the non-missing values, for those seen ``min_count`` times."""
    counts = pc.value_counts(values.drop_null())
    total = float(sum(c.as_py() for c in counts.field("counts"))) or 1.0
    return {v: c / total for v, c in zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(),
                                         strict=True) if c >= min_count}


class Coincidence:
    """Expected strangers sharing a record's full name and birth date, in a population of a size."""

    def __init__(self, tables: Mapping[str, Mapping[str, float]], population: int) -> None:
        self.names = tables.get(FULL_NAME, {})
        self.dobs = tables.get(DOB, {})
        self.population = population

    def of_record(self, rec: Mapping[str, Any]) -> float:
        """For one prepared record (0.0 when its name or birth date is missing or rare)."""
        key = full_name(rec.get("given_canon"), rec.get("family_std"))
        dob = rec.get("dob")
        if key is None or dob is None or dob != dob:
            return 0.0
        return self.population * self.names.get(key, 0.0) * self.dobs.get(str(dob), 0.0)

    def of_pair(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
        return max(self.of_record(a), self.of_record(b))

    def of_frame(self, frame: pd.DataFrame | pa.Table) -> pd.Series:
        """``of_record`` for every record of a prepared frame (or Arrow table), by ``unique_id``;
        computed in Arrow, so a million records cost a few arrays, not a million Python strings."""
        shares = _look_up(_full_names(frame), self.names) * _look_up(_strings(frame, "dob"), self.dobs)
        return pd.Series(self.population * shares, index=frame["unique_id"].to_numpy())

    def of_pairs(self, pairs: pd.DataFrame, frame: pd.DataFrame | pa.Table) -> np.ndarray:
        """``of_pair`` for every scored pair (``key_l``, ``key_r``) of records in ``frame``."""
        per_key = self.of_frame(frame)
        left = per_key.reindex(pairs["key_l"].to_numpy()).fillna(0.0).to_numpy()
        right = per_key.reindex(pairs["key_r"].to_numpy()).fillna(0.0).to_numpy()
        return np.maximum(left, right)


def _full_names(frame: pd.DataFrame | pa.Table) -> pa.Array:
    """``full_name`` of every record (null where either name is missing), computed in Arrow."""
    return pc.binary_join_element_wise(_strings(frame, "given_canon"), _strings(frame, "family_std"), "|")


def _strings(frame: pd.DataFrame | pa.Table, column: str) -> pa.Array:
    values = frame[column]
    array = pa.array(values, from_pandas=True) if isinstance(frame, pd.DataFrame) else values.combine_chunks()
    return pc.cast(array, pa.string())


def _look_up(values: pa.Array, shares: Mapping[str, float]) -> np.ndarray:
    """Each value's share (0.0 for missing values and values not in ``shares``)."""
    keys = pa.array(list(shares), type=pa.string())
    table = np.append(np.fromiter(shares.values(), dtype=float, count=len(shares)), 0.0)
    positions = pc.fill_null(pc.index_in(values, value_set=keys), len(shares))
    return table[positions.to_numpy(zero_copy_only=False)]
