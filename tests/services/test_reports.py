"""Oversight dashboard and transparency report: counts only, small counts suppressed."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.errors import Denied
from docket.reports.transparency import Section, TransparencyReport, render_html, shown
from docket.services import oversight, reports, sources
from docket.services.runtime import Runtime
from tests.factories import add_account, operator, write_declaration


def test_small_counts_are_suppressed() -> None:
    assert [shown(n) for n in (0, 9, 10, 1234)] == ["<10", "<10", "10", "1234"]
    html = render_html(
        TransparencyReport(
            "2026-01-01", "2026-12-31", "now", [Section("Cases opened, by ground", {"public_safety": 3, "border": 12})]
        )
    )
    assert "&lt;10" in html and ">12<" in html and ">3<" not in html


def test_dashboard_counts_actions_and_denials_for_oversight_only(rt: Runtime, tmp_path: Path) -> None:
    olga = add_account(rt, "olga", "oversight")
    sources.add_source(rt, operator(), write_declaration(tmp_path))
    with pytest.raises(Denied):
        sources.list_sources(rt, olga)
    board = oversight.dashboard(rt, olga)
    assert board.by_action["manage_sources"] == 2 and board.by_role["oversight"] == 1
    assert board.denials == {"default-deny": 1}
    with pytest.raises(Denied):
        oversight.dashboard(rt, operator())


def test_transparency_report_writes_html_and_pdf(rt: Runtime, tmp_path: Path) -> None:
    olga = add_account(rt, "olga", "oversight")
    paths = reports.transparency(rt, olga, "2000-01-01", "2100-12-31", tmp_path / "out")
    assert "Transparency report" in paths["html"].read_text()
    assert paths["pdf"].read_bytes().startswith(b"%PDF")


def test_report_dates_must_be_real_dates(rt: Runtime, tmp_path: Path) -> None:
    from docket.errors import Invalid

    olga = add_account(rt, "olga", "oversight")
    for bad in ("000000000/", "2026-13-01", "../../etc"):
        with pytest.raises(Invalid):
            reports.transparency(rt, olga, bad, "2026-12-31", tmp_path)
