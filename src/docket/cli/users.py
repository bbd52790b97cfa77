"""``docket users add|list|disable|enable`` and ``docket tokens create|revoke`` (admins)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from docket.cli.render import as_json, say, table
from docket.cli.session import session_of
from docket.services import users as service

app = typer.Typer(help="Accounts (admins manage them; never their own).", no_args_is_help=True)
tokens = typer.Typer(help="API bearer tokens: random, stored hashed, expiring, revocable.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(help="Account name.")],
    role: Annotated[str, typer.Argument(help="analyst, supervisor, legal_reviewer, data_steward, oversight, admin")],
    unit: Annotated[str, typer.Option("--unit", help="Organisational unit (supervisors see their unit).")] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read a password from stdin.")] = False,
) -> None:
    """Create an account."""
    session = session_of(ctx)
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    account = service.add_user(session.rt, session.context(), user_id, role, unit, password)
    say(f"Created account {account.id} ({account.role}{', unit ' + unit if unit else ''}).")


@app.command("list")
def list_(ctx: typer.Context, json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List accounts."""
    session = session_of(ctx)
    accounts = service.list_users(session.rt, session.context())
    if json:
        as_json([a.__dict__ for a in accounts])
        return
    table("Accounts", ["id", "role", "unit", "active"], [[a.id, a.role, a.unit, a.active] for a in accounts])


@app.command("disable")
def disable(ctx: typer.Context, user_id: str) -> None:
    """Disable an account (kept, never deleted: its actions stay attributable)."""
    session = session_of(ctx)
    service.set_active(session.rt, session.context(), user_id, False)
    say(f"Disabled account {user_id}.")


@app.command("enable")
def enable(ctx: typer.Context, user_id: str) -> None:
    """Enable a disabled account."""
    session = session_of(ctx)
    service.set_active(session.rt, session.context(), user_id, True)
    say(f"Enabled account {user_id}.")


@tokens.command("create")
def create(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(help="Account the token acts as.")],
    days: Annotated[int, typer.Option("--days", help="Lifetime in days.")] = 30,
) -> None:
    """Create a token; it is printed once and only its hash is kept."""
    session = session_of(ctx)
    issued = service.create_token(session.rt, session.context(), user_id, days)
    say(issued.token)
    say(f"(token id {issued.token_id} for {issued.user_id}, expires {issued.expires_at})")


@tokens.command("revoke")
def revoke(ctx: typer.Context, token_id: str) -> None:
    """Revoke a token by its id."""
    session = session_of(ctx)
    service.revoke_token(session.rt, session.context(), token_id)
    say(f"Revoked token {token_id}.")
