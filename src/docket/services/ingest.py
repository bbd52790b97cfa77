"""Ingest one file for a declared source: validated, normalized, atomic, with provenance."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from docket.errors import Invalid, NotFound, SourceError
from docket.ingest.readers import open_table
from docket.ingest.rows import InvalidRow, ValidRow, plan_columns, validate_rows
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import persons_repo, records_repo, sources_repo

CHUNK = 5000
MAX_LISTED_ERRORS = 50
Progress = Callable[[int], None]


@dataclass(frozen=True)
class IngestResult:
    source: str
    batch_id: int | None
    stored: int
    skipped: int
    already_ingested: bool
    quarantine: Path | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest_file(
    rt: Runtime,
    ctx: Context,
    source: str,
    path: Path,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> IngestResult:
    """Store every row of ``path`` for ``source`` in one transaction, or nothing at all."""
    with open_gate(rt, ctx, "ingest") as gate:
        found = sources_repo.find_source(gate.conn, source)
        gate.authorize(Resource("Source", source, {}))
        if found is None:
            raise NotFound(f"no declared source named {source!r}; declare it with `docket sources add FILE.toml`")
        source_id, declaration, _sha = found
        sha256 = file_sha256(path) if path.is_file() else ""
        previous = records_repo.find_batch(gate.conn, source_id, sha256)
        if previous is not None:
            gate.detail["outcome"] = "already_ingested"
            return IngestResult(source, int(previous.id), 0, 0, already_ingested=True)
        reader = open_table(path)
        plan = plan_columns(reader.columns, declaration, str(path))
        fmt = path.suffix.lower().lstrip(".")
        batch_id = records_repo.add_batch(gate.conn, source_id, path.name, sha256, fmt, ctx.actor.id)
        gate.touch(f"batch:{batch_id}")
        loader = _BatchLoader(gate.conn, source_id, batch_id, declaration.kind.value, str(path), progress)
        invalid = loader.load(validate_rows(reader, plan, declaration.kind))
        if loader.stored == 0 and not invalid:
            raise SourceError(f"{path}: the file has a header but no records; nothing was stored")
        # Every row invalid: refuse listing the reasons, even with --skip-invalid; no quarantine file is
        # written for a batch that is never stored.
        keep_valid = skip_invalid and loader.stored > 0
        quarantine = _settle_invalid(rt, invalid, keep_valid, path, batch_id, plan.file_columns)
        records_repo.finish_batch(gate.conn, batch_id, loader.stored, len(invalid))
        gate.detail.update({"rows": loader.stored, "skipped": len(invalid), "file_sha256": sha256})
    return IngestResult(source, batch_id, loader.stored, len(invalid), False, quarantine)


class _BatchLoader:
    """Inserts valid rows in chunks inside the open transaction; remembers invalid ones."""

    def __init__(
        self, conn: Connection, source_id: int, batch_id: int, kind: str, where: str, progress: Progress | None
    ) -> None:
        self.conn, self.source_id, self.batch_id, self.kind, self.where = conn, source_id, batch_id, kind, where
        self.progress = progress
        self.stored = 0
        self.seen: dict[str, int] = {}
        # A source's first batch cannot clash with stored records: skip the per-chunk look-up.
        self.check_store = records_repo.source_has_records(conn, source_id)

    def load(self, rows: Iterator[ValidRow | InvalidRow]) -> list[InvalidRow]:
        invalid: list[InvalidRow] = []
        chunk: list[ValidRow] = []
        for row in rows:
            if isinstance(row, InvalidRow):
                invalid.append(row)
                continue
            duplicate = self._duplicate(row)
            if duplicate:
                invalid.append(InvalidRow(row.line, (duplicate,), {}))
                continue
            chunk.append(row)
            if len(chunk) >= CHUNK:
                invalid += self._flush(chunk)
                chunk = []
        invalid += self._flush(chunk)
        return invalid

    def _duplicate(self, row: ValidRow) -> str | None:
        record_id = row.values[0]
        assert record_id is not None
        first = self.seen.setdefault(record_id, row.line)
        if first != row.line:
            return f"record_id: {record_id!r} repeats line {first} of this file"
        return None

    def _flush(self, chunk: list[ValidRow]) -> list[InvalidRow]:
        if not chunk:
            return []
        ids = [row.values[0] or "" for row in chunk]
        clashes = records_repo.existing_record_ids(self.conn, self.source_id, ids) if self.check_store else set()
        rejected = [
            InvalidRow(r.line, (f"record_id: {r.values[0]!r} is already stored for this source",), {})
            for r in chunk
            if r.values[0] in clashes
        ]
        keep = [r for r in chunk if r.values[0] not in clashes]
        keys = records_repo.insert_records(
            self.conn, [(self.source_id, self.batch_id, r.line, self.kind, *r.values, r.original) for r in keep]
        )
        persons_repo.add_singletons(self.conn, keys)
        self.stored += len(keys)
        if self.progress:
            self.progress(self.stored)
        return rejected


def _settle_invalid(
    rt: Runtime, invalid: list[InvalidRow], skip: bool, path: Path, batch_id: int, columns: tuple[str, ...]
) -> Path | None:
    """Refuse the batch listing every error, or (with --skip-invalid) quarantine the invalid rows."""
    if not invalid:
        return None
    invalid.sort(key=lambda row: row.line)
    lines = [f"{path}:{row.line}: {problem}" for row in invalid for problem in row.problems]
    if not skip:
        shown = lines[:MAX_LISTED_ERRORS]
        if len(lines) > MAX_LISTED_ERRORS:
            shown.append(f"... and {len(lines) - MAX_LISTED_ERRORS} more errors")
        raise Invalid(f"{path}: {len(invalid)} invalid rows; nothing was stored", shown)
    return write_quarantine(rt.settings.quarantine_dir, path, batch_id, invalid, columns)


def write_quarantine(
    folder: Path, path: Path, batch_id: int, invalid: list[InvalidRow], columns: tuple[str, ...]
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"batch-{batch_id}-{path.stem}.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "reasons", *columns])
        for row in invalid:
            writer.writerow([row.line, "; ".join(row.problems), *(row.raw.get(c) or "" for c in columns)])
    return target
