"""``docket link``, ``docket review list|show|decide``, ``docket links explain``, ``docket persons explain``."""

from __future__ import annotations

from typing import Annotated

import typer

from docket.cli.render import as_json, say, table
from docket.cli.session import session_of
from docket.services import explanations, linking, reviews

review = typer.Typer(
    help="The review queue (uncertain links, adverse or protected links, and more).", no_args_is_help=True
)
links = typer.Typer(help="Link explanations.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]


def link(
    ctx: typer.Context,
    retrain: Annotated[bool, typer.Option("--retrain", help="Train a new model instead of the stored one.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Re-link every record instead of only the new ones.")] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (in process) or spark ($DOCKET_SPARK_MASTER).")
    ] = "duckdb",
) -> None:
    """Link records into persons (Splink, Fellegi-Sunter) under reviewer constraints; ids stay stable."""
    session = session_of(ctx)
    result = linking.run_link(session.rt, session.context(), retrain, full, engine)
    _say_summary(result, engine)
    if result.shipped_model:
        say(
            "This store links with the model Docket ships (trained on its synthetic generator), not one "
            "trained on its own records; `docket link --retrain` trains one and re-links every record."
        )


def _say_summary(result: linking.LinkSummary, engine: str) -> None:
    if result.incremental:
        say(
            f"Linked {result.records} new records incrementally with model {result.model_version[:12]}: "
            f"{result.changed} memberships set, {result.review_tasks} new review tasks, "
            f"{result.suspended_cases} cases suspended for protection."
        )
        return
    say(
        f"Linked {result.records} records into {result.persons} persons with model {result.model_version[:12]}"
        f"{' (newly trained)' if result.trained else ''} on {engine}: {result.changed} memberships changed, "
        f"{result.merges} merges, {result.splits} splits, {result.review_tasks} new review tasks, "
        f"{result.suspended_cases} cases suspended for protection."
    )


@review.command("list")
def list_(
    ctx: typer.Context,
    json: JsonOption = False,
    limit: int = 50,
    offset: int = 0,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
) -> None:
    """Open review tasks, highest impact first."""
    session = session_of(ctx)
    tasks, total = reviews.list_reviews(session.rt, session.context(), limit, offset, kind)
    if json:
        as_json({"items": [t.to_dict() for t in tasks], "total": total, "limit": limit, "offset": offset})
        return
    table(
        f"Review queue ({total} open)",
        ["task", "kind", "impact", "probability", "reason", "created"],
        [[t.id, t.kind, t.impact, t.probability, t.reason, t.created_at] for t in tasks],
    )


@review.command("show")
def show(ctx: typer.Context, task_id: str, json: JsonOption = False) -> None:
    """The task's records side by side; differing fields marked with *."""
    session = session_of(ctx)
    data = reviews.show_review(session.rt, session.context(), task_id)
    if json:
        as_json(data)
        return
    fields = sorted(set(data["left"]) | set(data["right"]))
    table(
        f"Task {task_id}: {data['task']['reason']}",
        ["field", "left", "right"],
        [[("*" if f in data["differing"] else "") + f, data["left"].get(f), data["right"].get(f)] for f in fields],
    )


@review.command("decide")
def decide(
    ctx: typer.Context,
    task_id: str,
    decision: Annotated[str, typer.Argument(help="link | no_link (link tasks); accept | refuse (others)")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Written reason (required).")],
) -> None:
    """Decide a review task; link decisions are constraints every later run honours."""
    session = session_of(ctx)
    result = reviews.decide_review(session.rt, session.context(), task_id, decision, reason)
    effects = ", ".join(f"{k}={v}" for k, v in result.items() if k not in ("task", "decision"))
    say(f"Decided {task_id}: {decision}. {effects}")


@review.command("pair")
def pair(
    ctx: typer.Context,
    left: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID")],
    right: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID")],
    decision: Annotated[str, typer.Argument(help="link (must-link) or no_link (cannot-link)")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Written reason (required).")],
) -> None:
    """Decide two records directly; the decision is a constraint every later run honours."""
    session = session_of(ctx)
    result = reviews.decide_pair(session.rt, session.context(), left, right, decision, reason)
    say(f"Recorded {decision} between {left} and {right}: person {result.get('person_id')}")


@links.command("explain")
def explain_pair(ctx: typer.Context, left: str, right: str, json: JsonOption = False) -> None:
    """Field-by-field comparison levels and match weights for SOURCE:RECORD SOURCE:RECORD."""
    session = session_of(ctx)
    data = explanations.explain_pair(session.rt, session.context(), left, right)
    as_json(data) if json else say(data["text"])


def explain_person(ctx: typer.Context, person_id: str, json: JsonOption = False) -> None:
    """Why each record of a person was linked to the others."""
    session = session_of(ctx)
    items = explanations.explain_person(session.rt, session.context(), person_id)
    if json:
        as_json(items)
        return
    if not items:
        say(f"{person_id} has a single record; there is no link to explain.")
    for item in items:
        say(f"{item['left']} ~ {item['right']}\n{item['text']}\n")
