"""Declared sources."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import Purpose, RecordKind
from docket.store.clock import now_iso
from docket.store.schema import sources


def add_source(conn: Connection, declaration: SourceDeclaration, sha256: str, actor: str) -> int:
    result = conn.execute(
        insert(sources).values(
            name=declaration.name,
            kind=declaration.kind.value,
            legal_authority=declaration.legal_authority,
            purposes=json.dumps([p.value for p in declaration.purposes]),
            authoritative_for_status=declaration.authoritative_for_status,
            retention_days=declaration.retention_days,
            columns=json.dumps(declaration.columns, ensure_ascii=False),
            declaration_sha256=sha256,
            declared_at=now_iso(),
            declared_by=actor,
        )
    )
    return int(result.inserted_primary_key[0])


def _declaration(row: Any) -> SourceDeclaration:
    return SourceDeclaration(
        name=row.name,
        kind=RecordKind(row.kind),
        legal_authority=row.legal_authority,
        purposes=tuple(Purpose(p) for p in json.loads(row.purposes)),
        authoritative_for_status=bool(row.authoritative_for_status),
        retention_days=int(row.retention_days),
        columns=json.loads(row.columns),
    )


def find_source(conn: Connection, name: str) -> tuple[int, SourceDeclaration, str] | None:
    """(id, declaration, declaration sha256) of the named source, or None."""
    row = conn.execute(select(sources).where(sources.c.name == name)).first()
    return None if row is None else (int(row.id), _declaration(row), row.declaration_sha256)


def list_sources(conn: Connection) -> list[tuple[int, SourceDeclaration, str]]:
    rows = conn.execute(select(sources).order_by(sources.c.name)).all()
    return [(int(r.id), _declaration(r), r.declared_at) for r in rows]
