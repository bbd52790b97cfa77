"""Ingest through the gate: atomic batches, named errors, provenance, idempotent re-ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from docket.errors import Invalid, NotFound, SourceError
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.store.schema import batches, records
from tests.factories import IDENTITY_HEADER, IDENTITY_ROWS, operator, snapshot, write_csv, write_declaration


@pytest.fixture
def source(rt: Runtime, tmp_path: Path) -> str:
    add_source(rt, operator(), write_declaration(tmp_path))
    return "ids"


def refused(rt: Runtime, path: Path, error: type[Exception] = SourceError) -> Exception:
    """Ingest must refuse ``path`` and leave every table exactly as it was."""
    before = snapshot(rt)
    with pytest.raises(error) as caught:
        ingest_file(rt, operator(), "ids", path)
    assert snapshot(rt) == before
    return caught.value


def messages(exc: Exception) -> str:
    return "\n".join([str(exc), *getattr(exc, "errors", [])])


def test_ingest_stores_normalized_values_originals_and_provenance(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "ids.csv", IDENTITY_HEADER, [["R9", " MARIA ", "GARCIA-LOPEZ", "1980-02-11", "A123-456-789"]]
    )
    result = ingest_file(rt, operator(), source, path)
    assert (result.stored, result.skipped, result.already_ingested) == (1, 0, False)
    with rt.engine.connect() as conn:
        row = conn.execute(select(records)).one()
        batch = conn.execute(select(batches)).one()
    assert row.a_number == "123456789" and row.given_name == "MARIA"
    assert json.loads(row.original) == {"a_number": "A123-456-789", "given_name": " MARIA "}
    assert (row.line, row.batch_id, batch.file_name, len(batch.file_sha256)) == (2, batch.id, "ids.csv", 64)
    assert batch.ingested_at and batch.ingested_by == "operator"


def test_reingesting_the_same_file_is_a_noop(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ids.csv", IDENTITY_HEADER, IDENTITY_ROWS)
    first = ingest_file(rt, operator(), source, path)
    before = {k: v for k, v in snapshot(rt).items() if k not in ("audit_leaves", "counters")}
    again = ingest_file(rt, operator(), source, path)
    assert again.already_ingested and again.batch_id == first.batch_id and again.stored == 0
    assert {k: v for k, v in snapshot(rt).items() if k not in ("audit_leaves", "counters")} == before


def test_undeclared_column_is_refused_by_name(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [*IDENTITY_HEADER, "facebook_id"], [["B1", "A", "B", "1990-01-01", "", "x"]])
    text = messages(refused(rt, path))
    assert "facebook_id" in text and "does not store it" in text


def test_column_of_another_kind_is_refused(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [*IDENTITY_HEADER, "status"], [["B1", "A", "B", "1990-01-01", "", "tps"]])
    assert "'status' is not a field of identity records" in messages(refused(rt, path))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("date_of_birth", "1990-02-30", "not a real date"),
        ("date_of_birth", "02/11/1980", "not an ISO date"),
        ("a_number", "A12-34", "not an A-number"),
        ("a_number", "1234567890", "not an A-number"),
    ],
)
def test_bad_value_names_file_line_field_and_reason(
    rt: Runtime, source: str, tmp_path: Path, field: str, value: str, reason: str
) -> None:
    rows = [list(r) for r in IDENTITY_ROWS]
    rows[1][IDENTITY_HEADER.index(field)] = value
    path = write_csv(tmp_path / "ids.csv", IDENTITY_HEADER, rows)
    error = refused(rt, path, Invalid)
    assert any(line.startswith(f"{path}:3: {field}:") and reason in line for line in error.errors), error.errors


def test_every_bad_row_is_listed_up_to_fifty(rt: Runtime, source: str, tmp_path: Path) -> None:
    rows = [[f"R{i}", "A", "B", "not-a-date", ""] for i in range(60)]
    error = refused(rt, write_csv(tmp_path / "ids.csv", IDENTITY_HEADER, rows), Invalid)
    assert len(error.errors) == 51 and error.errors[-1] == "... and 10 more errors"


def test_truncated_row_is_refused(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("record_id,given_name,family_name\nR1,Ana,Diaz\nR2,Ben", encoding="utf-8")
    assert f"{path}:3: the row has 2 fields but the header has 3" in messages(refused(rt, path))


def test_unterminated_quote_is_refused(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text('record_id,given_name\nR1,"Ana\n', encoding="utf-8")
    assert "ends inside a quoted field" in messages(refused(rt, path))


def test_wrong_encoding_names_the_line(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_bytes("record_id,given_name\nR1,Ana\nR2,Jos\xe9\n".encode("latin-1"))
    assert f"{path}:3: the file is not UTF-8 text" in messages(refused(rt, path))


def test_empty_file_and_header_only_are_refused(rt: Runtime, source: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "the file is empty" in messages(refused(rt, empty))
    header = write_csv(tmp_path / "header.csv", IDENTITY_HEADER, [])
    assert "header but no records" in messages(refused(rt, header))


def test_duplicate_record_id_in_file_and_against_store(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dup.csv", IDENTITY_HEADER, [*IDENTITY_ROWS, IDENTITY_ROWS[0]])
    assert "'R0' repeats line 2 of this file" in messages(refused(rt, path, Invalid))
    ingest_file(rt, operator(), source, write_csv(tmp_path / "ids.csv", IDENTITY_HEADER, IDENTITY_ROWS))
    clash = write_csv(tmp_path / "more.csv", IDENTITY_HEADER, [["R1", "Other", "Person", "1970-01-01", ""]])
    assert "'R1' is already stored for this source" in messages(refused(rt, clash, Invalid))


def test_ten_megabyte_single_line_is_refused(rt: Runtime, source: str, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("record_id,given_name\nR1," + "x" * 10_000_000 + "\n", encoding="utf-8")
    assert "longer than" in messages(refused(rt, path))


def test_skip_invalid_stores_valid_rows_and_quarantines_the_rest(rt: Runtime, source: str, tmp_path: Path) -> None:
    rows = [*IDENTITY_ROWS, ["R7", "Ana", "Diaz", "1990-13-01", ""]]
    result = ingest_file(rt, operator(), source, write_csv(tmp_path / "ids.csv", IDENTITY_HEADER, rows), True)
    assert (result.stored, result.skipped) == (3, 1)
    assert result.quarantine is not None
    quarantined = result.quarantine.read_text(encoding="utf-8")
    assert "R7" in quarantined and "date_of_birth" in quarantined


def test_unknown_source_is_not_found(rt: Runtime, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no declared source named 'nope'"):
        ingest_file(rt, operator(), "nope", write_csv(tmp_path / "x.csv", IDENTITY_HEADER, IDENTITY_ROWS))


def test_jsonl_and_parquet_are_read(rt: Runtime, source: str, tmp_path: Path) -> None:
    jsonl = tmp_path / "ids.jsonl"
    jsonl.write_text('{"record_id": "J1", "given_name": "Ana", "date_of_birth": "1990-01-02"}\n', encoding="utf-8")
    assert ingest_file(rt, operator(), source, jsonl).stored == 1
    table = pa.table({"record_id": ["Q1", "Q2"], "family_name": ["Diaz", None]})
    pq.write_table(table, tmp_path / "ids.parquet")
    assert ingest_file(rt, operator(), source, tmp_path / "ids.parquet").stored == 2


def test_column_mapping_is_applied(rt: Runtime, tmp_path: Path) -> None:
    add_source(
        rt,
        operator(),
        write_declaration(
            tmp_path, name="entries", kind="entry", columns={"Admit Until": "admitted_until", "A-Number": "a_number"}
        ),
    )
    path = write_csv(
        tmp_path / "e.csv",
        ["record_id", "event_date", "Admit Until", "A-Number"],
        [["E1", "2020-01-01", "2020-07-01", "A 123 456 789"]],
    )
    assert ingest_file(rt, operator(), "entries", path).stored == 1
    with rt.engine.connect() as conn:
        row = conn.execute(select(records)).one()
    assert (row.admitted_until, row.a_number) == ("2020-07-01", "123456789")
