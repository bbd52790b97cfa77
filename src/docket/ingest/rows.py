"""Map a file's columns onto the closed vocabulary, then validate and normalize its rows.

This is where DESIGN.md §1 is enforced for data: a column outside the vocabulary, or outside the
fields of this source's record kind, refuses the whole file before anything is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import orjson

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import CANONICAL_FIELDS, RecordKind, fields_for_kind
from docket.errors import SourceError
from docket.ingest.normalize import NORMALIZERS, FieldRejected
from docket.ingest.readers import TableReader

FIELD_INDEX = {name: i for i, name in enumerate(CANONICAL_FIELDS)}
REQUIRED_BY_KIND: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.IDENTITY: ("record_id",),
    RecordKind.ENTRY: ("record_id", "event_date"),
    RecordKind.DEPARTURE: ("record_id", "event_date"),
    RecordKind.STATUS_GRANT: ("record_id", "event_date", "status"),
    RecordKind.REMOVAL_ORDER: ("record_id", "event_date", "order_type"),
    RecordKind.CONVICTION: ("record_id", "event_date", "offense_category"),
}


@dataclass(frozen=True)
class ColumnPlan:
    """Which file column feeds which canonical field."""

    positions: tuple[tuple[int, str], ...]
    file_columns: tuple[str, ...]


class ValidRow(NamedTuple):
    line: int
    values: tuple[str | None, ...]  # aligned to CANONICAL_FIELDS
    original: str  # JSON of the raw values that normalization changed


class InvalidRow(NamedTuple):
    line: int
    problems: tuple[str, ...]  # "FIELD: reason"
    raw: dict[str, str | None]


def plan_columns(columns: list[str], declaration: SourceDeclaration, where: str) -> ColumnPlan:
    """Map file columns to fields; refuse undeclared columns, naming each and why it is refused."""
    allowed = set(fields_for_kind(declaration.kind))
    problems: list[str] = []
    targets: dict[str, str] = {}
    positions = []
    for index, column in enumerate(columns):
        target = declaration.columns.get(column, column)
        if target not in CANONICAL_FIELDS:
            problems.append(f"{where}: column {column!r} is not in Docket's field vocabulary; Docket does not store it")
        elif target not in allowed:
            problems.append(
                f"{where}: column {column!r} is not a field of {declaration.kind.value} records "
                f"declared for source {declaration.name!r}; Docket does not store it"
            )
        elif target in targets:
            problems.append(f"{where}: columns {targets[target]!r} and {column!r} both map to {target}")
        else:
            targets[target] = column
            positions.append((index, target))
    problems += [
        f"{where}: required column {field!r} is missing for {declaration.kind.value} records"
        for field in REQUIRED_BY_KIND[declaration.kind]
        if field not in targets
    ]
    if problems:
        raise SourceError(f"{where}: the file's columns are refused; nothing was stored", problems)
    return ColumnPlan(tuple(positions), tuple(columns))


def validate_rows(reader: TableReader, plan: ColumnPlan, kind: RecordKind) -> Iterator[ValidRow | InvalidRow]:
    """Normalize every row; a row with any bad field comes back as ``InvalidRow`` with all its reasons.

    The hot loop of ingest: containers are created only when a row needs them.
    """
    required = tuple((f, FIELD_INDEX[f]) for f in REQUIRED_BY_KIND[kind])
    width = len(CANONICAL_FIELDS)
    steps = [(pos, field, FIELD_INDEX[field], NORMALIZERS[field]) for pos, field in plan.positions]
    for line, cells in reader.rows():
        values: list[str | None] = [None] * width
        original: dict[str, str] | None = None
        problems: list[str] | None = None
        for pos, field, slot, normalize in steps:
            raw = cells[pos]
            if not raw or raw.isspace():
                continue
            try:
                value = normalize(raw)
            except FieldRejected as exc:
                problems = problems or []
                problems.append(f"{field}: {exc}")
                continue
            values[slot] = value
            if value != raw:
                original = original or {}
                original[field] = raw
        for field, slot in required:
            if values[slot] is None:
                problems = problems or []
                problems.append(f"{field}: required value is missing")
        if problems:
            yield InvalidRow(line, tuple(problems), dict(zip(plan.file_columns, cells, strict=False)))
        else:
            yield ValidRow(line, tuple(values), orjson.dumps(original).decode() if original else "{}")
