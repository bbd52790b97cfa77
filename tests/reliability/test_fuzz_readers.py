"""Fuzzing the ingest readers and row validation: CSV, JSON Lines and Parquet, as bytes on disk.

Whatever the bytes, reading and validating a file ends in rows (each invalid row naming its fields
and reasons) or a ``DocketError`` naming the file; nothing else escapes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import strategies as st

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose, RecordKind
from docket.errors import DocketError
from docket.ingest.readers import open_table
from docket.ingest.rows import InvalidRow, plan_columns, validate_rows
from tests.reliability.fuzzing import examples, refusal, run_fuzz
from tests.reliability.strategies import COLUMNS, PLAUSIBLE, WEIRD, accepted_columns, csv_bytes, jsonl_bytes

DECLARATIONS = (
    SourceDeclaration("ids", RecordKind.IDENTITY, "8 U.S.C. 1103", (Purpose.ENFORCEMENT,), False, 3650, {}),
    SourceDeclaration(
        "entries", RecordKind.ENTRY, "8 U.S.C. 1365a", (Purpose.ENFORCEMENT,), False, 3650,
        {"Admit Until": "admitted_until", "Record_ID": "record_id"},
    ),
)
PROBLEM = re.compile(rf"({'|'.join(CANONICAL_FIELDS)}): \S")
_names = itertools.count()


def read_file(folder: Path, suffix: str, data: bytes, declaration: SourceDeclaration) -> str:
    """Read and validate every row; 'accepted' (some valid row), 'rejected rows' or 'refused'."""
    path = folder / f"input-{next(_names)}{suffix}"
    path.write_bytes(data)
    try:
        reader = open_table(path)
        plan = plan_columns(reader.columns, declaration, str(path))
        valid = 0
        for row in validate_rows(reader, plan, declaration.kind):
            if isinstance(row, InvalidRow):
                assert row.line >= 1 and row.problems, row
                assert all(PROBLEM.match(problem) for problem in row.problems), row.problems
            else:
                assert len(row.values) == len(CANONICAL_FIELDS) and row.values[0], row
                valid += 1
        return "accepted" if valid else "rejected rows"
    except DocketError as error:
        return refusal(error, str(path))
    finally:
        path.unlink()


def file_target(folder: Path, suffix: str):  # type: ignore[no-untyped-def]
    return lambda drawn: read_file(folder, suffix, drawn[0], drawn[1])


PARQUET_TYPES = (pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.binary(), pa.date32(), pa.list_(pa.string()))


@st.composite
def parquet_bytes(draw: st.DrawFn, events: bool = False) -> bytes:
    """Parquet files with hostile column names, types and values."""
    if draw(st.integers(0, 3)):
        columns = accepted_columns(draw, events)
    else:
        columns = draw(st.lists(COLUMNS, min_size=1, max_size=5, unique=True))
    rows = draw(st.integers(0, 4))
    arrays = []
    for _ in columns:
        kind = draw(st.sampled_from(PARQUET_TYPES))
        values = draw(st.lists(_parquet_value(kind), min_size=rows, max_size=rows))
        arrays.append(pa.array(values, type=kind))
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(arrays, names=columns), sink)
    return sink.getvalue().to_pybytes()


def _parquet_value(kind: pa.DataType) -> st.SearchStrategy[object]:
    values: dict[pa.DataType, st.SearchStrategy[object]] = {
        pa.string(): st.sampled_from(PLAUSIBLE + WEIRD) | st.text(max_size=20),
        pa.int64(): st.integers(-(2**63), 2**63 - 1),
        pa.float64(): st.floats(),
        pa.bool_(): st.booleans(),
        pa.binary(): st.binary(max_size=10),
        pa.date32(): st.dates(),
        pa.list_(pa.string()): st.lists(st.text(max_size=5), max_size=2),
    }
    return st.none() | values[kind]


IDS, ENTRIES = DECLARATIONS


def paired(files: Callable[..., st.SearchStrategy[bytes]]) -> st.SearchStrategy[tuple[bytes, SourceDeclaration]]:
    """Files shaped for an identity source or for an entry source, read as that source."""
    return st.tuples(files(), st.just(IDS)) | st.tuples(files(events=True), st.just(ENTRIES))


ANY_SOURCE = st.sampled_from(DECLARATIONS)
TARGETS = {
    "csv-structured": (".csv", paired(csv_bytes)),
    "csv-random-bytes": (".csv", st.tuples(st.binary(max_size=2048), ANY_SOURCE)),
    "jsonl-structured": (".jsonl", paired(jsonl_bytes)),
    "jsonl-random-bytes": (".jsonl", st.tuples(st.binary(max_size=2048), ANY_SOURCE)),
    "parquet-structured": (".parquet", paired(parquet_bytes)),
    "parquet-random-bytes": (".parquet", st.tuples(st.binary(max_size=2048), ANY_SOURCE)),
}


def _fuzz(name: str, folder: Path, full: bool) -> None:
    suffix, strategy = TARGETS[name]
    outcomes = run_fuzz(f"readers {name}", strategy, file_target(folder, suffix), examples(full))
    assert sum(outcomes.values()) > 0


@pytest.mark.parametrize("name", TARGETS)
def test_reading_hostile_files_ends_in_rows_or_a_refusal_naming_the_file(name: str, tmp_path: Path) -> None:
    _fuzz(name, tmp_path, full=False)


@pytest.mark.full
@pytest.mark.parametrize("name", TARGETS)
def test_reading_hostile_files_full_campaign(name: str, tmp_path: Path) -> None:
    _fuzz(name, tmp_path, full=True)
