"""Plain factory functions for the contract suite: a declared source, a batch, records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose, RecordKind
from docket.store import records_repo, sources_repo


def declaration(name: str = "ids", kind: RecordKind = RecordKind.IDENTITY, **changes: Any) -> SourceDeclaration:
    values: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "legal_authority": "8 U.S.C. 1103",
        "purposes": (Purpose.ENFORCEMENT, Purpose.IDENTITY_VERIFICATION),
        "authoritative_for_status": False,
        "retention_days": 3650,
        "columns": {"Surname": "family_name"},
    }
    return SourceDeclaration(**{**values, **changes})


def add_source(conn: Connection, name: str = "ids", **changes: Any) -> int:
    return sources_repo.add_source(conn, declaration(name, **changes), "ab" * 32, "operator")


def add_batch(conn: Connection, source_id: int, sha256: str = "cd" * 32) -> int:
    return records_repo.add_batch(conn, source_id, "ids.csv", sha256, "csv", "operator")


def record_row(
    source_id: int, batch_id: int, line: int, record_id: str, kind: str = "identity", **fields: str
) -> tuple[Any, ...]:
    """One row aligned to ``records_repo.RECORD_COLUMNS``; absent fields are None."""
    values = {"record_id": record_id, **fields}
    canonical = [values.get(name) for name in CANONICAL_FIELDS]
    return (source_id, batch_id, line, kind, *canonical, "{}")


def add_records(
    conn: Connection, record_ids: Sequence[str], source: str = "ids", kind: str = "identity", **fields: str
) -> list[int]:
    """Declare ``source`` if needed, open a batch and store one record per id; returns their keys."""
    found = sources_repo.find_source(conn, source)
    source_id = found[0] if found else add_source(conn, source)
    batch_id = add_batch(conn, source_id, sha256=uuid.uuid4().hex * 2)
    rows = [record_row(source_id, batch_id, line, rid, kind, **fields) for line, rid in enumerate(record_ids, 2)]
    return records_repo.insert_records(conn, rows)
