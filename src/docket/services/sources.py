"""Declared sources: add and list (data stewards)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docket.domain.records import SourceDeclaration
from docket.errors import Conflict
from docket.ingest.declaration import read_declaration
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import records_repo, sources_repo


@dataclass(frozen=True)
class SourceAdded:
    declaration: SourceDeclaration
    created: bool  # False: the same declaration was already there


def add_source(rt: Runtime, ctx: Context, path: Path) -> SourceAdded:
    """Declare a source from its TOML file. Re-declaring the identical file is a no-op that says so."""
    declaration, sha256 = read_declaration(path)
    with open_gate(rt, ctx, "manage_sources") as gate:
        gate.authorize(Resource("Source", declaration.name, {}))
        existing = sources_repo.find_source(gate.conn, declaration.name)
        if existing is not None:
            if existing[2] == sha256:
                return SourceAdded(declaration, created=False)
            raise Conflict(
                f"source {declaration.name!r} is already declared with a different declaration; "
                "a declared source is not changed in place"
            )
        sources_repo.add_source(gate.conn, declaration, sha256, ctx.actor.id)
        gate.detail["declaration_sha256"] = sha256
    return SourceAdded(declaration, created=True)


def list_sources(rt: Runtime, ctx: Context) -> list[tuple[SourceDeclaration, str]]:
    """Every declared source with when it was declared."""
    with open_gate(rt, ctx, "manage_sources") as gate:
        gate.authorize(Resource("Source", "*", {}))
        return [(decl, declared_at) for _id, decl, declared_at in sources_repo.list_sources(gate.conn)]


def ingest_history(rt: Runtime, ctx: Context, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Batches ingested, newest first: source, file name, sha256, rows stored and skipped, who and when."""
    with open_gate(rt, ctx, "manage_sources") as gate:
        gate.authorize(Resource("Source", "*", {}))
        return records_repo.batch_history(gate.conn, limit, offset)
