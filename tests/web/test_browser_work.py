"""The work pages in real Chromium: a supervisor opens a case and reads the case file, a data steward
decides a review task, an analyst is refused what is not theirs, a legal reviewer sees deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from docket.services import explanations
from docket.services.runtime import Runtime
from tests.api.factories import PASSWORD, add_account
from tests.api.world import World, build_world, file_request, link_task, open_case
from tests.factories import operator
from tests.web.browser import shot, sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
Server = tuple[str, Runtime]


@pytest.fixture
def seeded(server: Server, tmp_path: Path) -> World:
    rt = server[1]
    for user, role, unit in [("sam", "supervisor", "east"), ("otto", "analyst", "east"), ("dora", "data_steward", "")]:
        add_account(rt, user, role, unit, PASSWORD)
    folder = tmp_path / "world"
    folder.mkdir()
    return build_world(rt, folder)


def with_link_explanations(monkeypatch: pytest.MonkeyPatch, world: World) -> None:
    """Stand-in until ``show_case`` carries the explanations of the person's links itself: add them as
    ``explain_person`` shapes them (read here as a data steward, who may)."""
    from docket.web.pages import case_file

    real = case_file.show_case

    def show_case(rt: Runtime, ctx: Any, case_id: str) -> dict[str, Any]:
        return {**real(rt, ctx, case_id), "explanations": explanations.explain_person(rt, operator(), world.convicted)}

    monkeypatch.setattr(case_file, "show_case", show_case)


def test_a_supervisor_opens_a_case_and_reads_the_case_file(
    page: Any, seeded: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_link_explanations(monkeypatch, seeded)
    sign_in(page, "sam")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Open a case").click()
    page.get_by_label("Person id").fill(seeded.convicted)
    page.get_by_label("Legal ground").select_option("public_safety")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("status")).to_contain_text("Opened case C0000001")
    expect(page.get_by_role("heading", level=1)).to_have_text("Case C0000001")
    facts = page.get_by_role("table", name="Facts derived from the records")
    expect(facts.get_by_role("row", name="convictions")).to_contain_text("homicide")
    records = page.get_by_role("table", name="linked records")
    expect(records.get_by_role("row", name="court:K1")).to_contain_text("court-0.csv, line 2")
    chart = page.locator("figure.chart").first
    expect(chart.get_by_role("row", name="a number")).to_contain_text("for a match")
    expect(chart.locator(".weight-against").first).to_contain_text("against")
    expect(page.locator("#step-assign")).to_be_visible()
    shot(page, "case-file-supervisor")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My cases").click()
    expect(page.get_by_role("link", name="C0000001")).to_be_visible()
    shot(page, "case-queue-supervisor")


def test_a_data_steward_decides_a_review_task(page: Any, server: Server, seeded: World) -> None:
    task_id = link_task(server[1], ("court", "K2"), ("ids", "I3"))
    sign_in(page, "dora")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=task_id).click()
    expect(page.get_by_role("row", name="date of birth")).to_contain_text("≠ differs")
    shot(page, "review-task-steward")
    page.get_by_role("link", name="See the match weights").click()
    expect(page.locator("figure.chart")).to_have_count(1)
    shot(page, "link-explanation-steward")
    page.go_back()
    page.get_by_label("Different persons: never link them").check()
    page.get_by_label("Reason").fill("different birth dates and A-numbers")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_have_text(f"Task {task_id} decided: no link.")
    expect(page.get_by_text("No open task.")).to_be_visible()


def test_an_analyst_is_refused_a_case_and_a_person_outside_their_cases(
    page: Any, server: Server, seeded: World
) -> None:
    case_id = open_case(server[1], seeded.convicted)
    sign_in(page, "otto")
    for path in (f"/cases/{case_id}", f"/persons/{seeded.convicted}/explanations"):
        response = page.goto(path)
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
        expect(page.locator(".policy-ids")).to_contain_text("default-deny")
    expect(page.get_by_text("court:K1")).to_have_count(0)
    shot(page, "refused-person-as-analyst")


def test_a_legal_reviewer_sees_overdue_requests(page: Any, server: Server, seeded: World) -> None:
    rt = server[1]
    add_account(rt, "lee", "legal_reviewer", "", PASSWORD)
    file_request(rt, "access", seeded.convicted)
    file_request(rt, "correction", seeded.convicted, {"record": "ids:I2", "field": "given_name", "value": "Ana"})
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=40)
    sign_in(page, "lee")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Subject requests").click()
    expect(page.locator(".overdue")).to_have_count(4)
    page.get_by_text("Decide the correction").click()
    expect(page.get_by_role("group", name="Correction S0000002")).to_be_visible()
    shot(page, "subject-requests-legal-reviewer")
