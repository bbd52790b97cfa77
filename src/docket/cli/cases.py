"""``docket cases open|list|show|assign|submit|signoff|notice|contest|resolve|refer|resume|close``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from docket.cli.render import as_json, say, table
from docket.cli.session import session_of
from docket.services import case_steps, cases

app = typer.Typer(help="Enforcement cases under the published policy pack.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]
ReasonOption = Annotated[str, typer.Option("--reason", "-r", help="Written reason (required).")]


@app.command("open")
def open_(
    ctx: typer.Context,
    person_id: str,
    ground: Annotated[str, typer.Option("--ground", help="national_security, public_safety or border_security")],
) -> None:
    """Open a case on a legal ground; refused if the person is protected or the facts do not support it."""
    session = session_of(ctx)
    case = cases.open_case(session.rt, session.context(), person_id, ground)
    say(f"Opened case {case.id} for {case.person_id} on {case.ground}: {case.reason}")


@app.command("list")
def list_(ctx: typer.Context, json: JsonOption = False, limit: int = 50, offset: int = 0) -> None:
    """My case queue, with tier and the reason in one line."""
    session = session_of(ctx)
    found, total = cases.list_cases(session.rt, session.context(), limit, offset)
    if json:
        as_json({"items": [c.to_dict() for c in found], "total": total, "limit": limit, "offset": offset})
        return
    table(
        f"Cases ({total})",
        ["case", "person", "ground", "status", "tier / reason", "assigned"],
        [[c.id, c.person_id, c.ground, c.status, c.reason, c.assigned_to] for c in found],
    )


@app.command("show")
def show(ctx: typer.Context, case_id: str, json: JsonOption = False) -> None:
    """The case file: facts with provenance, records, policy explanation, timeline."""
    session = session_of(ctx)
    data = cases.show_case(session.rt, session.context(), case_id)
    if json:
        as_json(data)
        return
    case = data["case"]
    say(f"Case {case['id']} · person {case['person_id']} · {case['ground']} · {case['status']} · {case['reason']}")
    say(f"Policy pack {data['pack']['name']} ({data['pack']['sha256'][:12]}…); protection: {data['protection']}")
    for rec in data["records"]:
        prov = rec["provenance"]
        say(
            f"  record {rec['ref']} ({rec['kind']}) from {prov['file_name']} line {prov['line']}, "
            f"ingested {prov['ingested_at']}, link verified: {prov['verified']}"
        )
    for event in data["timeline"]:
        say(
            f"  {event['at']} {event['kind']}: {event['from']} -> {event['to']} by {event['actor']} ({event['reason']})"
        )
    say(f"Possible steps: {', '.join(data['steps']) or 'none'}")


def _step(ctx: typer.Context, case_id: str, name: str, reason: str, to_user: str | None = None) -> None:
    session = session_of(ctx)
    case = case_steps.step_case(session.rt, session.context(), case_id, name, reason, to_user)
    say(f"Case {case.id}: {name} -> {case.status}.")


@app.command("assign")
def assign(ctx: typer.Context, case_id: str, to: Annotated[str, typer.Option("--to")], reason: ReasonOption) -> None:
    """Assign a case (supervisor)."""
    _step(ctx, case_id, "assign", reason, to)


# Steps that take only a case and a reason: one command each, declared once here.
SIMPLE_STEPS = {
    "submit": ("submit", "Submit an assigned case for supervisor review."),
    "signoff": ("signoff", "Supervisor sign-off."),
    "notice": ("notice", "Issue the notice (HTML and PDF in the data dir); the contest window starts."),
    "contest": ("contest", "Record a contest of the notice."),
    "resolve": ("resolve_contest", "Resolve a contest (back to noticed; close it instead if the contest succeeded)."),
    "refer": ("refer", "Refer (the adverse action): every precondition must hold."),
    "resume": ("resume", "Resume a suspended case (protection cleared by a legal reviewer)."),
}


def _simple_step(step: str, help_text: str) -> Callable[..., None]:
    def command(ctx: typer.Context, case_id: str, reason: ReasonOption) -> None:
        _step(ctx, case_id, step, reason)

    command.__doc__ = help_text
    return command


for _name, (_step_name, _help) in SIMPLE_STEPS.items():
    app.command(_name, help=_help)(_simple_step(_step_name, _help))


@app.command("close")
def close(
    ctx: typer.Context,
    case_id: str,
    why: Annotated[str, typer.Option("--why", help="departed, protected, not_a_priority or resolved")],
    reason: ReasonOption,
    citizenship: Annotated[
        bool, typer.Option("--citizenship-evidence", help="Closed on evidence of citizenship.")
    ] = False,
) -> None:
    """Close a case with a reason."""
    session = session_of(ctx)
    case = cases.close_case(session.rt, session.context(), case_id, why, reason, citizenship)
    say(f"Closed case {case.id} ({why}).")
