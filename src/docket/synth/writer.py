"""Writing a population to disk: per source a TOML declaration and a CSV file, plus ``truth.csv``."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from docket.domain.records import SourceDeclaration

TRUTH_FILE = "truth.csv"
TRUTH_COLUMNS = ("source", "record_id", "person_id", "protected")


def declaration_toml(declaration: SourceDeclaration) -> str:
    """The declaration in the TOML format of DESIGN.md §4."""
    lines = [
        f"name = {_quote(declaration.name)}",
        f"kind = {_quote(declaration.kind.value)}",
        f"legal_authority = {_quote(declaration.legal_authority)}",
        f"purposes = [{', '.join(_quote(p.value) for p in declaration.purposes)}]",
        f"authoritative_for_status = {'true' if declaration.authoritative_for_status else 'false'}",
        f"retention_days = {declaration.retention_days}",
    ]
    if declaration.columns:
        lines += ["", "[columns]"]
        lines += [f"{_quote(column)} = {_quote(field)}" for column, field in declaration.columns.items()]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML for these texts)."""
    return json.dumps(text, ensure_ascii=False)


def write_source(
    out_dir: Path,
    declaration: SourceDeclaration,
    fields: Sequence[str],
    records: Sequence[Mapping[str, str]],
) -> tuple[Path, Path]:
    """Write ``NAME.toml`` and ``NAME.csv``; file columns are renamed per the declaration's mapping."""
    toml_path = out_dir / f"{declaration.name}.toml"
    csv_path = out_dir / f"{declaration.name}.csv"
    toml_path.write_text(declaration_toml(declaration), encoding="utf-8")
    to_column = {field: column for column, field in declaration.columns.items()}
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([to_column.get(field, field) for field in fields])
        writer.writerows([record.get(field, "") for field in fields] for record in records)
    return toml_path, csv_path


def write_truth(path: Path, rows: Sequence[tuple[str, str, str, bool]]) -> Path:
    """``truth.csv``: source, record_id, person_id, protected (true/false)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TRUTH_COLUMNS)
        writer.writerows((s, r, p, "true" if protected else "false") for s, r, p, protected in rows)
    return path
