"""``docket persons export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docket.cli.render import say
from docket.cli.session import session_of
from docket.domain.vocabulary import Purpose
from docket.services.persons import export_persons

app = typer.Typer(help="Persons (pseudonymous ids).", no_args_is_help=True)


@app.command("export")
def export(ctx: typer.Context, out: Annotated[Path, typer.Argument(help="Output CSV path.")]) -> None:
    """Write source,record_id,person_id for every record."""
    session = session_of(ctx)
    count = export_persons(session.rt, session.context(Purpose.IDENTITY_VERIFICATION), out)
    say(f"Wrote {count} rows to {out}.")
