"""``docket requests file|list|ack|answer|correct``: subject requests and their deadlines."""

from __future__ import annotations

import json as jsonlib
from typing import Annotated

import typer

from docket.cli.render import as_json, say, table
from docket.cli.session import session_of
from docket.services import requests as service

app = typer.Typer(help="Subject requests: access, correction, contest (legal reviewers).", no_args_is_help=True)


@app.command("file")
def file(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="access, correction or contest")],
    person_id: str,
    detail: Annotated[
        str, typer.Option("--detail", help='JSON, e.g. {"record": "src:R1", "field": ..., "value": ...}')
    ] = "{}",
) -> None:
    """Register a request received from a person."""
    session = session_of(ctx)
    try:
        parsed = jsonlib.loads(detail)
    except jsonlib.JSONDecodeError as exc:
        raise typer.BadParameter(f"--detail is not JSON: {exc.msg}") from exc
    data = service.file_request(session.rt, session.context(), kind, person_id, parsed)
    say(
        f"Registered {data['kind']} request {data['id']}: acknowledge by {data['acknowledge_by']}, "
        f"decide by {data['decide_by']}."
    )


@app.command("list")
def list_(
    ctx: typer.Context, json: Annotated[bool, typer.Option("--json")] = False, limit: int = 50, offset: int = 0
) -> None:
    """Requests with their deadlines (overdue marked)."""
    session = session_of(ctx)
    items, total = service.list_requests(session.rt, session.context(), limit, offset)
    if json:
        as_json({"items": items, "total": total, "limit": limit, "offset": offset})
        return
    table(
        f"Subject requests ({total})",
        ["id", "kind", "person", "status", "acknowledge by", "decide by", "overdue"],
        [
            [
                r["id"],
                r["kind"],
                r["person_id"],
                r["status"],
                r["acknowledge_by"],
                r["decide_by"],
                "yes" if r["acknowledge_overdue"] or r["decide_overdue"] else "",
            ]
            for r in items
        ],
    )


@app.command("ack")
def ack(ctx: typer.Context, request_id: str) -> None:
    """Acknowledge a request (within 10 working days)."""
    session = session_of(ctx)
    service.acknowledge(session.rt, session.context(), request_id)
    say(f"Acknowledged {request_id}.")


@app.command("answer")
def answer(ctx: typer.Context, request_id: str) -> None:
    """Answer an access request: everything held, as JSON and HTML; recorded as a disclosure."""
    session = session_of(ctx)
    result = service.answer_access(session.rt, session.context(), request_id)
    say(f"Answered {request_id}: {result['json']} and {result['html']}")


@app.command("correct")
def correct(
    ctx: typer.Context,
    request_id: str,
    accept: Annotated[bool, typer.Option("--accept/--refuse", help="Accept or refuse the correction.")],
    reason: Annotated[str, typer.Option("--reason", "-r")],
) -> None:
    """Accept or refuse a correction, with a reason; accepted ones re-evaluate open cases."""
    session = session_of(ctx)
    result = service.decide_correction(session.rt, session.context(), request_id, accept, reason)
    effects = ", ".join(f"{k}={v}" for k, v in result.items() if k not in ("request", "decision"))
    say(f"{request_id}: {result['decision']}. {effects}")
