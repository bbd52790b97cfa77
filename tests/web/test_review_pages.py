"""The review pages: the queue, a task side by side, the decision, and the match-weight charts."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.world import World, departure_task, link_task
from tests.web.conftest import as_user, csrf_of


def test_the_queue_lists_tasks_and_filters_by_kind(client: TestClient, rt: Runtime, world: World) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    html = as_user(client, rt, "dora", "data_steward").get("/reviews").text
    assert f'<a href="/reviews/{task_id}">{task_id}</a>' in html and "would attach a record" in html
    filtered = client.get("/reviews", params={"kind": "departure"}).text
    assert '<option value="departure" selected>' in filtered and "No open task of this kind" in filtered


def test_a_task_shows_the_records_side_by_side(client: TestClient, rt: Runtime, world: World) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    html = as_user(client, rt, "dora", "data_steward").get(f"/reviews/{task_id}").text
    assert '<th scope="col">ids:I3</th>' in html and '<th scope="col">court:K2</th>' in html
    differing = re.findall(r'<tr class="differs">\s*<th scope="row">([a-z ]+)</th>', html)
    assert {"given name", "family name", "date of birth", "a number"} <= set(differing)
    assert html.count("<td><strong>≠ differs</strong></td>") == len(differing)  # in words, not by colour alone
    assert "/links/explain?left=ids%3AI3&amp;right=court%3AK2" in html
    assert '<input type="radio" name="decision" value="no_link">' in html


def test_deciding_a_task(client: TestClient, rt: Runtime, world: World) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    token = csrf_of(as_user(client, rt, "dora", "data_steward").get(f"/reviews/{task_id}"))
    no_reason = client.post(f"/reviews/{task_id}/decision", data={"decision": "no_link", "csrf_token": token})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    data = {"decision": "no_link", "reason": "different birth dates", "csrf_token": token}
    decided = client.post(f"/reviews/{task_id}/decision", data=data)
    assert decided.status_code == 303 and decided.headers["location"] == "/reviews"
    html = client.get("/reviews").text
    assert f"Task {task_id} decided: no link." in html and "No open task" in html
    again = client.post(f"/reviews/{task_id}/decision", data=data)
    assert again.status_code == 409 and "already decided" in again.text


def test_the_match_weight_charts(client: TestClient, rt: Runtime, world: World) -> None:
    as_user(client, rt, "dora", "data_steward")
    pair = client.get("/links/explain", params={"left": "court:K1", "right": "ids:I2"}).text
    assert pair.count('<figure class="chart">') == 1 and "<h1>Match weights: court:K1 and ids:I2</h1>" in pair
    assert '<tr class="weight-for">' in pair and '<tr class="weight-against">' in pair and "Diaz" not in pair
    person = client.get(f"/persons/{world.convicted}/explanations").text
    assert person.count('<figure class="chart">') == 2
    single = client.get(f"/persons/{world.stranger}/explanations").text
    assert "single record" in single


def test_review_pages_are_refused_to_other_roles(client: TestClient, rt: Runtime, world: World) -> None:
    task_id = link_task(rt, ("court", "K2"), ("ids", "I3"))
    as_user(client, rt, "ana", "analyst", "east")
    for path in ("/reviews", f"/reviews/{task_id}", f"/persons/{world.convicted}/explanations"):
        response = client.get(path)
        assert response.status_code == 403 and "default-deny" in response.text, path
    assert "Ana" not in client.get(f"/reviews/{task_id}").text


def test_a_task_about_a_person_is_accepted_or_refused(client: TestClient, rt: Runtime, world: World) -> None:
    task_id = departure_task(rt, world.convicted)
    page = as_user(client, rt, "dora", "data_steward").get(f"/reviews/{task_id}")
    assert (
        "about the person as a whole" in page.text
        and 'value="accept"' in page.text
        and "/links/explain" not in page.text
    )
    data = {"decision": "accept", "reason": "departure confirmed", "csrf_token": csrf_of(page)}
    assert client.post(f"/reviews/{task_id}/decision", data=data).status_code == 303
    assert f"Task {task_id} decided: accept." in client.get("/reviews").text
