"""``docket report transparency|oversight``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docket.cli.render import as_json, say
from docket.cli.session import session_of
from docket.services import oversight, reports

app = typer.Typer(help="Reports for oversight and the public (counts only).", no_args_is_help=True)


@app.command("transparency")
def transparency(
    ctx: typer.Context,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the HTML and PDF.")] = Path("."),
) -> None:
    """Write the transparency report (HTML and PDF); counts below 10 are shown as <10."""
    session = session_of(ctx)
    paths = reports.transparency(session.rt, session.context(), date_from, date_to, out)
    say(f"Wrote {paths['html']} and {paths['pdf']}")


@app.command("oversight")
def dashboard(ctx: typer.Context, json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Log size, last checkpoint, counts by action and role, denials."""
    session = session_of(ctx)
    board = oversight.dashboard(session.rt, session.context())
    if json:
        as_json(board.to_dict())
        return
    say(f"Audit log: {board.log_size} leaves; last checkpoint {board.last_checkpoint}; last verify {board.last_verify}")
    say(f"By action: {board.by_action}")
    say(f"By role: {board.by_role}")
    say(f"Denials by policy: {board.denials}")
