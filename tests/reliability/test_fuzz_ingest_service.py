"""Fuzzing ``ingest_file`` end to end on a real store: a hostile file is stored whole or not at all.

A refusal is a ``DocketError`` naming the file, and leaves batches and records exactly as they were;
an accepted file stores one batch whose row count is the number of records it added.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import strategies as st
from sqlalchemy import func, select

from docket.errors import DocketError
from docket.services.accounts import initialise
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.store.schema import batches, records
from tests.factories import make_settings, operator, write_declaration
from tests.reliability.fuzzing import refusal, run_fuzz
from tests.reliability.strategies import csv_bytes, jsonl_bytes

DEFAULT_EXAMPLES, FULL_EXAMPLES = 200, 1500
_names = itertools.count()


def _counts(rt: Runtime) -> tuple[int, int, int]:
    with rt.engine.connect() as conn:
        batch_rows = conn.execute(select(func.coalesce(func.sum(batches.c.row_count), 0))).scalar_one()
        return (
            conn.execute(select(func.count()).select_from(batches)).scalar_one(),
            conn.execute(select(func.count()).select_from(records)).scalar_one(),
            batch_rows,
        )


def ingest(rt: Runtime, folder: Path, drawn: tuple[str, str, bytes, bool]) -> str:
    source, suffix, data, skip_invalid = drawn
    path = folder / f"upload-{next(_names)}{suffix}"
    path.write_bytes(data)
    before = _counts(rt)
    try:
        result = ingest_file(rt, operator(), source, path, skip_invalid=skip_invalid)
    except DocketError as error:
        assert _counts(rt) == before, "a refused file changed the store"
        return refusal(error, str(path))
    after = _counts(rt)
    if result.already_ingested:
        assert after == before
        return "already ingested"
    assert after == (before[0] + 1, before[1] + result.stored, before[2] + result.stored), (before, after, result)
    return "stored with skips" if result.skipped else "stored"


def _fuzz(tmp_path: Path, count: int) -> None:
    rt = Runtime(make_settings(tmp_path))
    initialise(rt)
    add_source(rt, operator(), write_declaration(tmp_path, "ids"))
    entries = write_declaration(tmp_path, "entries", "entry", columns={"Admit Until": "admitted_until"})
    add_source(rt, operator(), entries)
    files = st.one_of(
        st.tuples(st.just("ids"), st.just(".csv"), csv_bytes(), st.booleans()),
        st.tuples(st.just("entries"), st.just(".csv"), csv_bytes(events=True), st.booleans()),
        st.tuples(st.just("ids"), st.just(".jsonl"), jsonl_bytes(), st.booleans()),
        st.tuples(st.just("entries"), st.just(".jsonl"), jsonl_bytes(events=True), st.booleans()),
    )
    try:
        run_fuzz("ingest service (real store)", files, lambda drawn: ingest(rt, tmp_path, drawn), count)
    finally:
        rt.close()


def test_hostile_uploads_are_stored_whole_or_not_at_all(tmp_path: Path) -> None:
    _fuzz(tmp_path, DEFAULT_EXAMPLES)


@pytest.mark.full
def test_hostile_uploads_full_campaign(tmp_path: Path) -> None:
    _fuzz(tmp_path, FULL_EXAMPLES)
