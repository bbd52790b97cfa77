"""The blocking index entries of a whole prepared frame, computed column-wise.

A full link persists (record key, rule number, key hash) for every record and rule: ~15 entries a
record, 15M at a million records. Made record by record (a dict per record, a tuple and a BLAKE2b
digest per entry) that cost ~50 s and ~1 GB of Python ints. Here each column is factorized once, a
rule's key is the combination of its columns' codes, and only each distinct key is turned into text
and hashed (``BlockingRule.key_hash``, unchanged): the same hashes, from numpy arrays.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from docket.linkage.blocking import BLOCKING_RULES, BlockingRule, key_hashes
from docket.linkage.columnar import factorize

Entry = tuple[int, int, int]


@dataclass(frozen=True)
class _Column:
    codes: np.ndarray  # per row (int32): the value's number among the column's distinct values, -1 if missing
    texts: np.ndarray  # per distinct value: ``str`` of it, as ``BlockingRule.key_hash`` writes it


def _column(values: pd.Series | pa.ChunkedArray) -> _Column:
    """A column's codes and distinct values as text, as ``BlockingRule.key_hash`` writes them."""
    codes, uniques = factorize(values)
    return _Column(codes.astype(np.int32), np.array([str(v) for v in uniques], dtype=object))


def rule_hashes(rule_: BlockingRule, columns: dict[str, _Column]) -> tuple[np.ndarray, np.ndarray]:
    """Rows with a left-hand key under ``rule_`` (all its columns present, its ``null_left`` ones
    missing), and their key hashes (int64), equal to ``rule_.key_hash(rule_.key(record))``."""
    cols = [columns[c] for c in rule_.left]
    present = np.logical_and.reduce([c.codes >= 0 for c in cols])
    for c in rule_.null_left:
        present &= columns[c].codes < 0
    rows = np.flatnonzero(present)
    combined = np.zeros(len(rows), dtype=np.int64)
    for c in cols:  # densified at each step, so the product stays below rows x distinct values
        combined = pd.factorize(combined * len(c.texts) + c.codes[rows])[0].astype(np.int64)
    _, first = np.unique(combined, return_index=True)  # combined is dense: 0 .. distinct keys - 1
    parts = [c.texts[c.codes[rows[first]]] for c in cols]
    hashes = key_hashes(rule_, zip(*parts, strict=True))
    return rows, hashes[combined]


@dataclass(frozen=True)
class FrameIndex:
    """Every record's left-hand key hashes, as one record-by-rule matrix (~0.2 GB at a million
    records): it gives the entries in primary-key order without sorting 15M of them."""

    keys: np.ndarray  # record key per row
    hashes: np.ndarray  # rows x rules, int64
    present: np.ndarray  # rows x rules: whether the record has a key under the rule

    def chunks(self, size: int = 5_000) -> Iterator[list[Entry]]:
        """The entries, ``size`` records at a time in record key order, each record's by rule
        number; tuples exist only for the chunk being written."""
        order = np.argsort(self.keys, kind="stable")
        for start in range(0, len(order), size):
            rows = order[start:start + size]
            row, rule = np.nonzero(self.present[rows])  # row-major: by record, then by rule
            keys, hashes = self.keys[rows][row], self.hashes[rows][row, rule]
            yield list(zip(keys.tolist(), rule.tolist(), hashes.tolist(), strict=True))


def frame_index(frame: pd.DataFrame | pa.Table) -> FrameIndex:
    """The key hashes of every record of a prepared frame (``prepare_frame`` or ``prepare_table``)."""
    keys = np.asarray(frame["unique_id"], dtype=np.int64)
    names = {c for r in BLOCKING_RULES for c in (*r.left, *r.null_left)}
    columns = {name: _column(frame[name]) for name in sorted(names)}
    hashes = np.zeros((len(keys), len(BLOCKING_RULES)), dtype=np.int64)
    present = np.zeros(hashes.shape, dtype=bool)
    for number, rule_ in enumerate(BLOCKING_RULES):
        rows, rule_key_hashes = rule_hashes(rule_, columns)
        hashes[rows, number] = rule_key_hashes
        present[rows, number] = True
    return FrameIndex(keys, hashes, present)


def frame_index_entries(frame: pd.DataFrame | pa.Table, chunk: int = 5_000) -> Iterator[list[Entry]]:
    """(record key, rule number, key hash) of every record of a prepared frame, ``chunk`` records at
    a time in record key order: the entries ``blocking.index_entries`` gives record by record."""
    return frame_index(frame).chunks(chunk)
