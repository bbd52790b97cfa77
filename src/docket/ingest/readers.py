"""Readers for CSV, JSON Lines and Parquet files.

Each reader exposes the file's column names and yields ``(line, values)`` with values aligned to
the columns (``None`` where a cell is absent). Every failure is a ``SourceError`` naming the file and
the line, so that nothing half-read is ever stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from docket.errors import SourceError

FIELD_SIZE_LIMIT = 64 * 1024
csv.field_size_limit(FIELD_SIZE_LIMIT)


class TableReader(Protocol):
    path: Path
    columns: list[str]

    def rows(self) -> Iterator[tuple[int, list[str | None]]]: ...


def open_table(path: Path) -> TableReader:
    """A reader for ``path`` chosen by its extension; empty and header-only files are refused."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise SourceError(f"{path}: the file is empty (no header, no records)")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return CsvReader(path)
    if suffix in (".jsonl", ".ndjson"):
        return JsonLinesReader(path)
    if suffix in (".parquet", ".pq"):
        return ParquetReader(path)
    raise SourceError(f"{path}: unknown file format {suffix!r} (CSV, JSON Lines or Parquet)")


def first_bad_utf8_line(path: Path) -> tuple[int, int]:
    """Line number (1-based) and byte offset of the first byte that is not valid UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1, exc.start
    return 0, 0


def _encoding_error(path: Path) -> SourceError:
    line, offset = first_bad_utf8_line(path)
    return SourceError(f"{path}:{line}: the file is not UTF-8 text (invalid byte at offset {offset})")


@dataclass
class CsvReader:
    path: Path

    def __post_init__(self) -> None:
        with self._open() as handle:
            try:
                header = next(csv.reader(handle, strict=True), None)
            except UnicodeDecodeError as exc:
                raise _encoding_error(self.path) from exc
            except csv.Error as exc:
                raise SourceError(f"{self.path}:1: the header is not valid CSV: {exc}") from exc
        if not header or not any(cell.strip() for cell in header):
            raise SourceError(f"{self.path}:1: the header line is empty")
        self.columns = [cell.strip() for cell in header]

    def _open(self) -> Any:
        return self.path.open("r", encoding="utf-8-sig", newline="")

    def rows(self) -> Iterator[tuple[int, list[str | None]]]:
        width = len(self.columns)
        with self._open() as handle:
            reader = csv.reader(handle, strict=True)
            line = 1
            try:
                next(reader)
                for row in reader:
                    start, line = line + 1, reader.line_num
                    if len(row) != width:
                        if not row:
                            continue
                        raise SourceError(
                            f"{self.path}:{start}: the row has {len(row)} fields but the header has {width} "
                            "(a truncated or malformed row)"
                        )
                    yield start, row  # type: ignore[misc]
            except UnicodeDecodeError as exc:
                raise _encoding_error(self.path) from exc
            except csv.Error as exc:
                raise SourceError(f"{self.path}:{line + 1}: not valid CSV: {_csv_reason(exc)}") from exc


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {FIELD_SIZE_LIMIT} characters"
    if "unexpected end of data" in text:
        return "the file ends inside a quoted field (truncated?)"
    return text


@dataclass
class JsonLinesReader:
    """JSON Lines: one object per line; the columns are the union of keys, in order of appearance."""

    path: Path

    def __post_init__(self) -> None:
        seen: dict[str, None] = {}
        for _line, obj in self._objects():
            seen.update(dict.fromkeys(obj))
        self.columns = list(seen)

    def _objects(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            with self.path.open("r", encoding="utf-8-sig") as handle:
                for number, text in enumerate(handle, start=1):
                    if text.strip():
                        yield number, self._parse(number, text)
        except UnicodeDecodeError as exc:
            raise _encoding_error(self.path) from exc

    def _parse(self, number: int, text: str) -> dict[str, Any]:
        if len(text) > FIELD_SIZE_LIMIT * 4:
            raise SourceError(f"{self.path}:{number}: the line is longer than {FIELD_SIZE_LIMIT * 4} characters")
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{self.path}:{number}: not a JSON object: {exc.msg}") from exc
        except (ValueError, RecursionError) as exc:  # an integer too long to convert; nesting too deep to parse
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":", 1)[0]
            raise SourceError(f"{self.path}:{number}: not an acceptable JSON object: {reason}") from exc
        if not isinstance(obj, dict):
            raise SourceError(f"{self.path}:{number}: not a JSON object")
        return obj

    def rows(self) -> Iterator[tuple[int, list[str | None]]]:
        for number, obj in self._objects():
            yield number, [self._cell(number, key, obj.get(key)) for key in self.columns]

    def _cell(self, number: int, key: str, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool | list | dict):
            raise SourceError(f"{self.path}:{number}: {key}: expected text or a number, got {type(value).__name__}")
        return str(value)


@dataclass
class ParquetReader:
    """Parquet via pyarrow; ``line`` is the 1-based row number."""

    path: Path

    def __post_init__(self) -> None:
        import pyarrow.parquet as pq

        try:
            self._file = pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow raises several unrelated types for a bad file
            raise SourceError(f"{self.path}: not a readable Parquet file: {exc}") from exc
        self.columns = list(self._file.schema_arrow.names)

    def rows(self) -> Iterator[tuple[int, list[str | None]]]:
        number = 0
        for batch in self._file.iter_batches(batch_size=65536):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for values in zip(*columns, strict=True):
                number += 1
                cells: list[str | None] = []
                for name, value in zip(self.columns, values, strict=True):
                    if isinstance(value, bytes):  # a string column written without its UTF-8 annotation
                        try:
                            value = value.decode("utf-8")
                        except UnicodeDecodeError as exc:
                            raise SourceError(f"{self.path}:{number}: {name}: binary value is not UTF-8 text") from exc
                    elif isinstance(value, list | tuple | dict):  # list, map and struct columns
                        got = type(value).__name__
                        raise SourceError(f"{self.path}:{number}: {name}: expected text, a number or date, got {got}")
                    cells.append(None if value is None else _parquet_text(value))
                yield number, cells


def _parquet_text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
