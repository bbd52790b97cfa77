"""``docket report transparency``: built from the audit log and decision records only."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from docket.auditlog.leaf import AuditEvent
from docket.domain.vocabulary import Purpose
from docket.errors import Invalid
from docket.reports.transparency import Section, TransparencyReport, render_html, render_pdf
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.oversight import read_events
from docket.services.runtime import Runtime


def transparency(rt: Runtime, ctx: Context, period_from: str, period_to: str, out_dir: Path) -> dict[str, Path]:
    try:
        first, last = date.fromisoformat(period_from), date.fromisoformat(period_to)
    except ValueError as exc:
        raise Invalid("--from and --to are ISO dates (YYYY-MM-DD)") from exc
    if first > last:
        raise Invalid("--from must not be after --to")
    period_from, period_to = first.isoformat(), last.isoformat()  # also what names the output files
    with open_gate(rt, Context(ctx.actor, Purpose.STATISTICS, "oversight"), "read_report") as gate:
        gate.authorize(Resource("Report", "transparency", {"aggregate": True}))
        events = [e for e in read_events(rt, gate.conn) if period_from <= e.at[:10] <= period_to]
        report = TransparencyReport(period_from, period_to, rt.now().isoformat(), sections(events))
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = f"transparency-{period_from}-{period_to}"
        html, pdf = out_dir / f"{stem}.html", out_dir / f"{stem}.pdf"
        html.write_text(render_html(report), encoding="utf-8")
        pdf.write_bytes(render_pdf(report))
        gate.detail.update({"from": period_from, "to": period_to})
        return {"html": html, "pdf": pdf}


def _ok(events: list[AuditEvent], action: str) -> list[AuditEvent]:
    return [e for e in events if e.action == action and e.outcome == "ok"]


def sections(events: list[AuditEvent]) -> list[Section]:
    decided = _ok(events, "decide_review")
    links_decided = Counter(str(e.detail.get("decision")) for e in decided)
    return [
        Section(
            "Cases opened, by ground", dict(Counter(str(e.detail.get("ground")) for e in _ok(events, "open_case")))
        ),
        Section(
            "Cases closed, by outcome",
            dict(Counter(str(e.detail.get("reason_code")) for e in _ok(events, "close_case"))),
        ),
        Section(
            "Referrals (adverse actions)",
            {"referred": sum(e.detail.get("step") == "refer" for e in _ok(events, "refer_case"))},
        ),
        Section(
            "Protection reviews",
            {
                "protections cleared": len(_ok(events, "clear_protection")),
                "refused (protected person)": sum(
                    e.outcome == "denied" and "protect" in str(e.detail.get("policies")) for e in events
                ),
            },
        ),
        Section(
            "Link reviews and contests",
            {"kept linked": links_decided.get("link", 0), "split (overturned)": links_decided.get("no_link", 0)},
            "Decisions by reviewers on links, including links contested by the persons concerned.",
        ),
        Section("Corrections", {"requests handled": len(_ok(events, "handle_request"))}),
        Section(
            "Denials by deciding policy",
            dict(Counter(str(e.detail.get("policies")) for e in events if e.outcome == "denied")),
        ),
        Section(
            "Retention purges",
            {
                "batches purged": len(_ok(events, "purge_batch")),
                "records purged": sum(int(e.detail.get("records", 0)) for e in _ok(events, "purge_batch")),
            },
        ),
        Section("Linkage runs", {"runs": len(_ok(events, "link"))}),
    ]
