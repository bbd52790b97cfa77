"""The case pages: queue, open form, case file (facts, provenance, policy, links, timeline, steps)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from docket.services import explanations
from docket.services.runtime import Runtime
from tests.api.world import World, open_case
from tests.factories import operator
from tests.web.conftest import as_user, csrf_of

ROLE_PAGES = {
    "analyst": {"/cases", "/cases/new"},
    "supervisor": {"/cases", "/cases/new"},
    "data_steward": {"/reviews", "/sources"},
    "legal_reviewer": {"/reviews", "/requests"},
    "oversight": {"/oversight"},
    "admin": {"/accounts"},
}
ALL_PAGES = set().union(*ROLE_PAGES.values())


def nav_links(html: str) -> set[str]:
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', nav)) - {"/"}


def test_new_pages_need_sign_in(client: TestClient) -> None:
    for path in ("/cases", "/cases/new", "/cases/C0000001", "/reviews", "/reviews/T0000001", "/requests"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login", path


def test_each_role_sees_only_its_pages(client: TestClient, rt: Runtime) -> None:
    for role, pages in ROLE_PAGES.items():
        html = as_user(client, rt, f"u-{role}", role, "east").get("/").text
        assert nav_links(html) == pages, role
        assert not (ALL_PAGES - pages) & set(re.findall(r'href="([^"]+)"', html)), role  # nor on the home page


def test_the_queue_shows_tier_and_reason(client: TestClient, rt: Runtime, world: World) -> None:
    as_user(client, rt, "sam", "supervisor", "east")
    case_id = open_case(rt, world.convicted)
    html = client.get("/cases").text
    assert f'<a href="/cases/{case_id}">{case_id}</a>' in html and '<span class="tier">priority 3</span>' in html
    assert "priority_3: ps-violent-offense" in html and "1 case" in html


def test_opening_a_case_through_the_form(client: TestClient, rt: Runtime, world: World) -> None:
    form = as_user(client, rt, "sam", "supervisor", "east").get("/cases/new")
    assert '<label for="person_id">' in form.text and '<option value="public_safety">' in form.text
    data = {"person_id": world.convicted, "ground": "public_safety", "csrf_token": csrf_of(form)}
    opened = client.post("/cases", data=data)
    assert opened.status_code == 303 and opened.headers["location"].startswith("/cases/C")
    page = client.get(opened.headers["location"]).text
    assert 'role="status">Opened case' in page and "<h1>Case C" in page
    assert 'role="status"' not in client.get(opened.headers["location"]).text  # shown once


def test_opening_a_case_on_a_protected_person_is_refused(client: TestClient, rt: Runtime, world: World) -> None:
    token = csrf_of(as_user(client, rt, "sam", "supervisor", "east").get("/cases/new"))
    refused = client.post("/cases", data={"person_id": world.citizen, "ground": "public_safety", "csrf_token": token})
    assert refused.status_code == 403 and "protected-person-no-enforcement" in refused.text
    assert client.post("/cases", data={"person_id": world.convicted, "ground": "public_safety"}).status_code == 403


def test_the_case_file(client: TestClient, rt: Runtime, world: World) -> None:
    case_id = open_case(rt, world.convicted)
    html = as_user(client, rt, "sam", "supervisor", "east").get(f"/cases/{case_id}").text
    assert '<tr id="rec-court-K1">' in html and "court-0.csv, line 2" in html and "<dt>ingested</dt>" in html
    assert "<dt>source</dt><dd>ids</dd>" in html and "<strong>not verified</strong>: waits for review" in html
    assert "<code>ps-violent-offense</code>" in html and '<a href="#rec-court-K1">court:K1</a>' in html
    assert "offense category: homicide" in html and "No record found is never evidence" in html
    assert "<strong>opened</strong>" in html and "by sam" in html
    steps = set(re.findall(r'<h3 id="step-([a-z_]+)">', html))
    assert steps == {"assign", "close"}


def test_the_case_file_charts_link_explanations(
    client: TestClient, rt: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart, given explanations in the case file (as ``explain_person`` shapes them)."""
    from docket.web.pages import case_file

    real = case_file.show_case

    def with_explanations(rt_: Runtime, ctx: object, case_id: str) -> dict[str, object]:
        return {
            **real(rt_, ctx, case_id),
            "explanations": explanations.explain_person(rt_, operator(), world.convicted),
        }  # type: ignore[arg-type]

    monkeypatch.setattr(case_file, "show_case", with_explanations)
    case_id = open_case(rt, world.convicted)
    html = as_user(client, rt, "sam", "supervisor", "east").get(f"/cases/{case_id}").text
    charts = html.split('<figure class="chart">')[1:]
    assert len(charts) == 2 and "court:K1 and ids:I1" in charts[0] and "court:K1 and ids:I2" in charts[1]
    for chart in charts:
        assert '<tr class="weight-for">' in chart and "for a match" in chart
        assert '<tr class="weight-against">' in chart and '<span class="direction">against</span>' in chart
        assert re.search(r'class="bar bar-for w-\d+"', chart) and re.search(r'class="bar bar-against w-\d+"', chart)
        assert re.search(r"<strong>\+\d+\.\d\d</strong>", chart) and re.search(
            r"<strong>\u2212\d+\.\d\d</strong>", chart
        )
        assert '<th scope="row">a number</th>' in chart and '<th scope="row">Total</th>' in chart


def test_steps_through_the_forms(client: TestClient, rt: Runtime, world: World) -> None:
    as_user(client, rt, "ana", "analyst", "east")
    case_id = open_case(rt, world.convicted)
    page = as_user(client, rt, "sam", "supervisor", "east").get(f"/cases/{case_id}")
    token = csrf_of(page)
    moved = client.post(
        f"/cases/{case_id}/steps", data={"step": "assign", "reason": "east", "to_user": "ana", "csrf_token": token}
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/cases/{case_id}"
    html = client.get(f"/cases/{case_id}").text
    assert "assign done; the case is now assigned" in html and "ana, unit east" in html
    assert set(re.findall(r'<h3 id="step-([a-z_]+)">', html)) == {"assign", "submit", "close"}
    too_early = client.post(f"/cases/{case_id}/steps", data={"step": "signoff", "reason": "r", "csrf_token": token})
    assert too_early.status_code == 409 and "<h1>Conflict</h1>" in too_early.text
    no_reason = client.post(f"/cases/{case_id}/steps", data={"step": "submit", "reason": " ", "csrf_token": token})
    assert no_reason.status_code == 422 and "written reason" in no_reason.text
    forged = client.post(f"/cases/{case_id}/steps", data={"step": "submit", "reason": "r"})
    assert forged.status_code == 403 and "csrf-token" in forged.text


def test_closing_through_the_form(client: TestClient, rt: Runtime, world: World) -> None:
    case_id = open_case(rt, world.convicted)
    token = csrf_of(as_user(client, rt, "sam", "supervisor", "east").get(f"/cases/{case_id}"))
    data = {"reason_code": "not_a_priority", "reason": "old offense", "csrf_token": token}
    assert client.post(f"/cases/{case_id}/close", data=data).status_code == 303
    html = client.get(f"/cases/{case_id}").text
    assert "is closed (not a priority)" in html and "no further step" in html and '<h3 id="step-' not in html


def test_an_analyst_is_refused_a_case_outside_their_queue(client: TestClient, rt: Runtime, world: World) -> None:
    case_id = open_case(rt, world.convicted)
    response = as_user(client, rt, "otto", "analyst", "east").get(f"/cases/{case_id}")
    assert response.status_code == 403 and "<h1>Not allowed</h1>" in response.text
    assert '<code class="policy-ids">default-deny</code>' in response.text and "court:K1" not in response.text
