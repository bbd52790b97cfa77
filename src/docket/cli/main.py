"""``docket``: the command-line entry. Settings are built here and nowhere else in the CLI."""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from docket.cli import audit, cases, linking, persons, reports, requests, sources, users
from docket.cli.progress import RowProgress
from docket.cli.render import say, show_error
from docket.cli.serve import run_server, serve
from docket.cli.session import build_session, session_of
from docket.errors import DocketError, status_for
from docket.services.accounts import OPERATOR, initialise
from docket.services.ingest import ingest_file

app = typer.Typer(
    name="docket",
    help="Accountable immigration case records. Data lives in ./docket-data unless --data-dir or DOCKET_DATA_DIR.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(sources.app, name="sources")
app.add_typer(persons.app, name="persons")
app.add_typer(audit.app, name="audit")
app.add_typer(users.app, name="users")
app.add_typer(users.tokens, name="tokens")
app.add_typer(cases.app, name="cases")
app.add_typer(linking.review, name="review")
app.add_typer(linking.links, name="links")
app.add_typer(requests.app, name="requests")
app.add_typer(reports.app, name="report")
app.command("link")(linking.link)
app.command("serve")(serve)
persons.app.command("explain")(linking.explain_person)


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data directory (default: $DOCKET_DATA_DIR or ./docket-data).")
    ] = None,
    acting_as: Annotated[str, typer.Option("--as", help="Act as this account (default: the operator).")] = OPERATOR,
) -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)
    ctx.obj = build_session(data_dir, acting_as)
    ctx.call_on_close(ctx.obj.close)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database, the audit signing key and the operator account (safe to run again)."""
    session = session_of(ctx)
    result = initialise(session.rt)
    where = session.settings.data_dir
    if result.migrated and not (result.created_key or result.created_operator):
        say(f"Brought Docket's database in {where} up to date (schema {result.migrated[0]} -> {result.migrated[1]}).")
    elif result.anything_new:
        say(f"Initialised Docket in {where} (operator account: {OPERATOR}).")
    else:
        say(f"Docket is already initialised in {where}; nothing changed.")


@app.command()
def ingest(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Name of a declared source.")],
    file: Annotated[Path, typer.Argument(help="CSV, JSON Lines (.jsonl) or Parquet file.")],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Store valid rows; write invalid ones to a quarantine file.")
    ] = False,
) -> None:
    """Validate, normalize and store a file for a declared source, atomically."""
    session = session_of(ctx)
    with RowProgress(f"ingest {file.name}") as progress:
        result = ingest_file(session.rt, session.context(), source, file, skip_invalid, progress.update)
    if result.already_ingested:
        say(f"{file} was already ingested for {source} (batch {result.batch_id}); nothing changed.")
        return
    say(f"Stored {result.stored} records from {file} for {source} (batch {result.batch_id}).")
    if result.quarantine:
        say(f"Skipped {result.skipped} invalid rows; written with their reasons to {result.quarantine}")


def run() -> None:
    """Console entry: one error boundary, mapping DocketError to its exit code."""
    try:
        app(standalone_mode=False)
    except DocketError as error:
        show_error(error)
        sys.exit(status_for(error)[1])
    except typer.Abort:
        sys.exit(1)
    except (typer.BadParameter, typer.Exit) as exc:
        _exit_from_click(exc)
    except Exception as exc:  # noqa: BLE001 - the last resort: say what happened, exit 3
        from click.exceptions import ClickException

        if isinstance(exc, ClickException):
            exc.show()
            sys.exit(2)
        print(f"internal error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        sys.exit(3)


def _exit_from_click(exc: Exception) -> None:
    code = getattr(exc, "exit_code", 2)
    sys.exit(code)


@app.command()
def demo(
    ctx: typer.Context,
    persons: Annotated[int, typer.Option("--persons", help="Synthetic persons to generate.")] = 2000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Exit when the data is ready.")] = False,
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Generate a synthetic population, declare, ingest, link, open cases, then serve the UI."""
    from docket.services.demo import run_demo

    session = session_of(ctx)
    report = run_demo(session.rt, persons, say=say)
    say(f"Opened cases {', '.join(report.cases) or '(none)'}; refused {len(report.refused)} (protected or unsupported)")
    for refusal in report.refused[:3]:
        say(f"  refused: {refusal}")
    say("Demo accounts (passwords shown once):")
    for user_id, (role, password) in report.accounts.items():
        say(f"  {user_id:<6} {role:<15} {password}")
    if not no_serve:
        say(f"Serving the web interface on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        run_server(dataclasses.replace(session.settings, demo=True), "127.0.0.1", port)


retention = typer.Typer(help="Retention of records per source.", no_args_is_help=True)
app.add_typer(retention, name="retention")


@retention.command("run")
def retention_run(ctx: typer.Context) -> None:
    """Purge records past their source's retention period (one audit leaf per batch), and old closed cases."""
    from docket.services.retention import run_retention

    session = session_of(ctx)
    report = run_retention(session.rt, session.context())
    say(f"Purged {report.records} records in {report.batches} batches and {report.cases} closed cases.")
    for line in report.details:
        say(f"  {line}")


protection = typer.Typer(help="Protection of citizens and people with lawful status.", no_args_is_help=True)
app.add_typer(protection, name="protection")


@protection.command("clear")
def protection_clear(
    ctx: typer.Context,
    person_id: str,
    reason: Annotated[str, typer.Option("--reason", "-r", help="Written legal reason (at least 20 characters).")],
) -> None:
    """Clear a lawful-status protection (legal reviewers); citizenship by birth can never be cleared."""
    from docket.services.protection import clear_protection

    session = session_of(ctx)
    refs = clear_protection(session.rt, session.context(), person_id, reason)
    say(f"Cleared the protection of {person_id} given by {', '.join(refs)}; a new protective record protects again.")
