"""The matching keys of many records as an Arrow table: ``prepare_frame``'s columns, held compactly.

A million records prepared as pandas object columns hold ~0.8 GB of Python objects (a pointer per
cell, an object per string), and Splink then needs them copied into Arrow for DuckDB. Here every
per-field function of ``prepare.py`` runs once per distinct value, and the results are spread over
the rows by Arrow ``take``: no Python object per row is made, and DuckDB scans the table zero-copy.
The values equal ``prepare_frame``'s (tested); only the container differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from docket.errors import Invalid
from docket.linkage import prepare as pr

_INT_COLUMNS = ("dob_y", "dob_m", "dob_d", "dob_y2", "dob_y2s")
_CARRIED_TYPES = {"key": pa.int64(), "adverse": pa.bool_()}


def column_type(name: str) -> pa.DataType:
    """The Arrow type of a prepared column (what ``pa.Table.from_pandas(prepare_frame(..))`` infers
    when the column has values)."""
    if name in pr.LIST_COLUMNS:
        return pa.list_(pa.string())
    if name in _INT_COLUMNS or name == "unique_id":
        return pa.int64()
    return _CARRIED_TYPES.get(name, pa.string())


def prepare_table(records: pd.DataFrame | pa.Table) -> pa.Table:
    """``prepare_frame(records)`` as an Arrow table with the same columns and values."""
    raw = _Raw(records)
    columns: dict[str, pa.Array] = {"unique_id": raw.column("key").cast(pa.int64())}
    codes, pairs = _combine(raw.codes("given_name"), raw.uniques("given_name"),
                            raw.codes("middle_name"), raw.uniques("middle_name"))
    given = _spread([pr.given_parts(*p) for p in pairs], pr.given_parts(None, None), codes)
    family = _per_value(raw, "family_name", pr.family_parts)
    dob = _per_value(raw, "date_of_birth", pr.dob_parts)
    columns.update(given)
    columns.update(family)
    columns["suffix"] = pc.coalesce(columns.pop("_family_suffix"), columns.pop("_given_suffix"))
    columns.update(_name_key_columns(columns["given_first"], columns["family_first"]))
    columns.update(dob)
    for column, field, fn in pr._SIMPLE:
        columns[column] = _per_value(raw, field, lambda v, c=column, f=fn: {c: f(v)})[column]
    for name in pr.CARRIED:
        columns[name] = raw.carried(name)
    order = [*pr.MATCH_COLUMNS, *(c for c in pr.CARRIED if c not in pr.MATCH_COLUMNS)]
    return pa.table({name: columns[name].cast(column_type(name)) for name in order})


def _per_value(raw: _Raw, field: str, fn: Callable[[Any], dict[str, Any]]) -> dict[str, pa.Array]:
    """``fn(_clean(value))`` of one raw field, computed once per distinct value."""
    rows = [fn(pr._clean(v)) for v in raw.uniques(field)]
    return _spread(rows, fn(None), raw.codes(field))


class _Raw:
    """The input's columns, each factorized once: codes (-1 where missing) and distinct values."""

    def __init__(self, records: pd.DataFrame | pa.Table) -> None:
        self.table = records if isinstance(records, pa.Table) else None
        self.frame = records if isinstance(records, pd.DataFrame) else None
        if "key" not in self.names:
            raise Invalid("linkage input needs a 'key' column")
        keys = self.column("key")
        if pc.count_distinct(keys).as_py() != len(keys):
            raise Invalid("linkage input keys must be unique")
        self._factorized: dict[str, tuple[np.ndarray, list[Any]]] = {}

    @property
    def names(self) -> Sequence[str]:
        return self.table.column_names if self.table is not None else list(self.frame.columns)  # type: ignore[union-attr]

    def __len__(self) -> int:
        return len(self.table) if self.table is not None else len(self.frame)  # type: ignore[arg-type]

    def column(self, name: str) -> pa.Array:
        if self.table is not None:
            return self.table.column(name).combine_chunks()
        return pa.array(self.frame[name].to_numpy())  # type: ignore[index]

    def _factorize(self, name: str) -> tuple[np.ndarray, list[Any]]:
        if name not in self._factorized:
            if name not in self.names:
                self._factorized[name] = (np.full(len(self), -1, dtype=np.int64), [])
            else:
                values = self.column(name) if self.table is not None else self.frame[name]  # type: ignore[index]
                self._factorized[name] = factorize(values)
        return self._factorized[name]

    def codes(self, name: str) -> np.ndarray:
        return self._factorize(name)[0]

    def uniques(self, name: str) -> list[Any]:
        return self._factorize(name)[1]

    def carried(self, name: str) -> pa.Array:
        """A column passed through (``adverse`` missing means False, as in ``prepare_frame``)."""
        if name not in self.names:
            return pa.nulls(len(self), column_type(name)) if name != "adverse" else \
                pa.array(np.zeros(len(self), dtype=bool))
        if name == "adverse" and self.frame is not None:
            return pa.array([False if v is None or v is pd.NA or v != v else bool(v)
                             for v in self.frame[name].tolist()], pa.bool_())
        if name == "adverse":
            return pc.fill_null(self.column(name).cast(pa.bool_()), False)
        return self.column(name)


def factorize(values: pa.Array | pa.ChunkedArray | pd.Series) -> tuple[np.ndarray, list[Any]]:
    """A column as a code per row (int64, -1 where missing) and its distinct values as Python
    objects, from Arrow (dictionary encoding) or pandas (``pd.factorize``) alike."""
    if isinstance(values, pd.Series):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)  # None, NaN and NA are -1
        return codes.astype(np.int64), list(uniques)
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary.to_pylist()


def _combine(codes_a: np.ndarray, uniques_a: list[Any], codes_b: np.ndarray,
             uniques_b: list[Any]) -> tuple[np.ndarray, list[tuple[Any, Any]]]:
    """Codes over the distinct (a, b) pairs, and those pairs (cleaned, None where missing)."""
    combined = (codes_a + 1) * (len(uniques_b) + 1) + (codes_b + 1)
    distinct, codes = np.unique(combined, return_inverse=True)
    values_a, values_b = [None, *uniques_a], [None, *uniques_b]
    pairs = [(pr._clean(values_a[int(c) // (len(uniques_b) + 1)]),
              pr._clean(values_b[int(c) % (len(uniques_b) + 1)])) for c in distinct]
    return codes.astype(np.int64), pairs


def _spread(rows: list[dict[str, Any]], missing: dict[str, Any], codes: np.ndarray) -> dict[str, pa.Array]:
    """Each key of per-distinct-value result dicts as a column over the rows; code -1 takes
    ``missing`` (the result for a missing value)."""
    index = pa.array(np.where(codes < 0, len(rows), codes))
    rows = [*rows, missing]
    return {key: pa.array([r[key] for r in rows], column_type(key)).take(index) for key in missing}


def _name_key_columns(given_first: pa.Array, family_first: pa.Array) -> dict[str, pa.Array]:
    """``initials`` and ``family_key`` computed once per distinct (given, family) first names."""
    g, f = given_first.dictionary_encode(), family_first.dictionary_encode()
    codes, pairs = _combine(g.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64),
                            g.dictionary.to_pylist(),
                            f.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64),
                            f.dictionary.to_pylist())
    keys = [pr._name_keys(a, b) for a, b in pairs]
    index = pa.array(codes)
    return {"initials": pa.array([k[0] for k in keys], pa.string()).take(index),
            "family_key": pa.array([k[1] for k in keys], pa.string()).take(index)}
