"""Written files parse back, and their declared columns map onto the canonical fields."""

from __future__ import annotations

import csv
import tomllib
from datetime import date
from pathlib import Path

import pytest

from docket.domain.vocabulary import DATE_FIELDS, Purpose, RecordKind, fields_for_kind
from docket.synth import Population, generate

REQUIRED = {"name", "kind", "legal_authority", "purposes", "authoritative_for_status", "retention_days"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Population, Path, list[tuple[Path, Path]]]:
    population = generate(800, seed=9)
    out = tmp_path_factory.mktemp("synth")
    return population, out, population.write(out)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_one_declaration_and_file_per_source(written) -> None:
    population, out, pairs = written
    assert [toml.stem for toml, _ in pairs] == list(population.sources)
    assert all(csv_path.stem == toml.stem for toml, csv_path in pairs)
    assert (out / "truth.csv").exists()


def test_declarations_parse_and_columns_map_to_canonical_fields(written) -> None:
    population, _, pairs = written
    mapped = 0
    for toml_path, csv_path in pairs:
        declaration = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        assert set(declaration) >= REQUIRED and declaration["legal_authority"]
        kind = RecordKind(declaration["kind"])
        assert all(Purpose(p) for p in declaration["purposes"])
        columns = declaration.get("columns", {})
        mapped += bool(columns)
        with csv_path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        canonical = [columns.get(column, column) for column in header]
        assert canonical[0] == "record_id"
        assert set(canonical) <= set(fields_for_kind(kind)), csv_path.name
        assert len(set(canonical)) == len(canonical)
    assert mapped >= 2
    entries = tomllib.loads(pairs[2][0].read_text(encoding="utf-8"))
    assert entries["columns"]["Admit Until"] == "admitted_until"
    assert entries["columns"]["A-Number"] == "a_number"


def test_rows_round_trip_with_truth(written) -> None:
    population, out, pairs = written
    truth = {(r["source"], r["record_id"]): r for r in _read(out / "truth.csv")}
    assert len(truth) == population.record_count
    for toml_path, csv_path in pairs:
        columns = tomllib.loads(toml_path.read_text(encoding="utf-8")).get("columns", {})
        rows = _read(csv_path)
        assert len(rows) == len(population.records[toml_path.stem])
        for row, record in zip(rows, population.records[toml_path.stem], strict=True):
            canonical = {columns.get(k, k): v for k, v in row.items() if v}
            assert canonical == record
            for field in DATE_FIELDS & set(canonical):
                date.fromisoformat(canonical[field])
            entry = truth[(toml_path.stem, row[_column(columns, "record_id")])]
            assert entry["person_id"] == population.truth[(toml_path.stem, record["record_id"])]
            assert entry["protected"] == ("true" if population.protected[entry["person_id"]] else "false")


def _column(columns: dict[str, str], field: str) -> str:
    return next((column for column, f in columns.items() if f == field), field)


def test_accents_survive_in_utf8(written) -> None:
    _, out, _ = written
    text = (out / "status_grants.csv").read_text(encoding="utf-8")
    assert any(ch in text for ch in "áéíóúñ")
