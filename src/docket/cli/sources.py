"""``docket sources add|list``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docket.cli.render import as_json, say, table
from docket.cli.session import session_of
from docket.services import sources as service

app = typer.Typer(help="Declared agency data sources.", no_args_is_help=True)


@app.command("add")
def add(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="Source declaration (TOML).")]) -> None:
    """Declare a source from its TOML file."""
    session = session_of(ctx)
    result = service.add_source(session.rt, session.context(), file)
    name = result.declaration.name
    say(
        f"Declared source {name}."
        if result.created
        else f"Source {name} is already declared as in {file}; nothing changed."
    )


@app.command("list")
def list_(ctx: typer.Context, json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """List declared sources."""
    session = session_of(ctx)
    found = service.list_sources(session.rt, session.context())
    rows = [
        {
            "name": d.name,
            "kind": d.kind.value,
            "legal_authority": d.legal_authority,
            "purposes": [p.value for p in d.purposes],
            "authoritative_for_status": d.authoritative_for_status,
            "retention_days": d.retention_days,
            "declared_at": at,
        }
        for d, at in found
    ]
    if json:
        as_json(rows)
        return
    table(
        "Sources",
        ["name", "kind", "legal authority", "purposes", "authoritative", "retention (days)"],
        [
            [
                r["name"],
                r["kind"],
                r["legal_authority"],
                ", ".join(r["purposes"]),
                r["authoritative_for_status"],
                r["retention_days"],
            ]
            for r in rows
        ],
    )
