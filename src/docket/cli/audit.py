"""``docket audit verify|proof|checkpoint``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docket.cli.render import as_json, say
from docket.cli.session import session_of
from docket.errors import AuditIntegrityError
from docket.services import auditing

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command("verify")
def verify(
    ctx: typer.Context,
    against: Annotated[
        Path | None, typer.Option("--against", help="A checkpoint file held outside; the log must extend it.")
    ] = None,
) -> None:
    """Recompute the Merkle tree from every leaf and check every signed checkpoint. Exit 0 only if it verifies."""
    session = session_of(ctx)
    reports = auditing.verify(session.rt, session.context(), against)
    for report in reports:
        if not report.ok:
            raise AuditIntegrityError(f"audit log does NOT verify: {report.failure}")
    main = reports[0]
    say(f"Audit log verifies: {main.leaves} leaves, {main.checkpoints} signed checkpoints consistent.")
    if against is not None:
        say(f"The log extends the checkpoint in {against}.")


@app.command("proof")
def proof(ctx: typer.Context, leaf_index: Annotated[int, typer.Argument(help="Leaf index (from 0).")]) -> None:
    """Print an inclusion proof for one leaf against a signed checkpoint (JSON)."""
    session = session_of(ctx)
    as_json(auditing.inclusion(session.rt, session.context(), leaf_index).to_dict())


@app.command("checkpoint")
def checkpoint(
    ctx: typer.Context,
    export: Annotated[Path | None, typer.Option("--export", help="Write the signed checkpoint to this file.")] = None,
) -> None:
    """Sign a checkpoint over the log now; print it or export it for an outside witness."""
    session = session_of(ctx)
    note = auditing.checkpoint_now(session.rt, session.context())
    if export is None:
        say(note)
        return
    export.write_text(note, encoding="utf-8")
    say(f"Wrote the signed checkpoint to {export}.")
