"""Subject requests (access, correction, contest) and retention purges."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from docket.auditlog.leaf import AuditEvent
from docket.errors import Conflict, Denied, Invalid
from docket.services import cases, requests, retention, reviews
from docket.services.context import Context
from docket.services.runtime import Runtime
from docket.store import audit_repo
from docket.store.schema import disclosures, records
from tests.factories import CONVICTION_HEADER, add_account, ingest_rows, link_into, operator

HOMICIDE = ["K1", "Ana", "Diaz", "1980-01-01", "A111111111", "2015-03-01", "homicide"]
IDENTITY = ["I1", "Ana", "Diaz", "1980-01-01", "A111111111"]


@pytest.fixture
def lee(rt: Runtime) -> Context:
    return add_account(rt, "lee", "legal_reviewer")


@pytest.fixture
def person(rt: Runtime, tmp_path: Path) -> str:
    pid = ingest_rows(rt, tmp_path, "ids", "identity", CONVICTION_HEADER[:5], [IDENTITY])[0]
    ingest_rows(rt, tmp_path, "court", "conviction", CONVICTION_HEADER, [HOMICIDE])
    link_into(rt, "court", "K1", pid)
    return pid


def test_request_deadlines_count_working_days() -> None:
    friday = datetime(2026, 11, 20).date()
    assert requests.add_working_days(friday, 10) == datetime(2026, 12, 4).date()


def test_access_response_holds_everything_and_is_a_disclosure(rt: Runtime, lee: Context, person: str) -> None:
    filed = requests.file_request(rt, lee, "access", person, {})
    assert filed["status"] == "received" and not filed["acknowledge_overdue"]
    requests.acknowledge(rt, lee, filed["id"])
    answer = requests.answer_access(rt, lee, filed["id"])
    held = json.loads(Path(answer["json"]).read_text())
    assert {r["ref"] for r in held["records"]} == {"ids:I1", "court:K1"}
    assert "Diaz" in Path(answer["html"]).read_text()
    with rt.engine.connect() as conn:
        row = conn.execute(select(disclosures)).one()
    assert (row.nature, row.recipient, json.loads(row.person_ids)) == ("subject_access", "the data subject", [person])
    with pytest.raises(Conflict, match="already decided"):
        requests.answer_access(rt, lee, filed["id"])


def test_accepted_correction_reevaluates_the_open_case(rt: Runtime, lee: Context, person: str) -> None:
    sam = add_account(rt, "sam", "supervisor")
    case = cases.open_case(rt, sam, person, "public_safety")
    filed = requests.file_request(
        rt, lee, "correction", person, {"record": "court:K1", "field": "offense_category", "value": "traffic"}
    )
    result = requests.decide_correction(rt, lee, filed["id"], True, "court confirms a traffic offense only")
    assert result["reevaluated_cases"] == [case.id]
    shown = cases.show_case(rt, sam, case.id)
    assert shown["evaluation"]["supported"] is False
    assert shown["timeline"][-1]["kind"] == "reevaluated"
    with rt.engine.connect() as conn:
        stored = conn.execute(select(records.c.offense_category).where(records.c.record_id == "K1")).scalar_one()
    assert stored == "homicide"  # the ingested value stays; the correction overlays it


def test_correction_with_an_invalid_value_is_refused(rt: Runtime, lee: Context, person: str) -> None:
    filed = requests.file_request(
        rt, lee, "correction", person, {"record": "ids:I1", "field": "date_of_birth", "value": "1980-02-30"}
    )
    with pytest.raises(Invalid, match="not a real date"):
        requests.decide_correction(rt, lee, filed["id"], True, "as asked")


def test_contested_link_becomes_a_review_task_and_a_split(rt: Runtime, lee: Context, person: str) -> None:
    requests.file_request(rt, lee, "contest", person, {"records": ["ids:I1", "court:K1"]})
    tasks, total = reviews.list_reviews(rt, lee)
    assert total == 1 and tasks[0].reason.startswith("contested by the person")
    outcome = reviews.decide_review(rt, lee, tasks[0].id, "no_link", "different person: other birthplace")
    assert outcome["person_id"] == person and outcome["split_to"] != person


def test_only_legal_reviewers_handle_requests(rt: Runtime, person: str) -> None:
    with pytest.raises(Denied):
        requests.file_request(rt, operator(), "access", person, {})


def test_retention_purges_expired_batches_with_one_leaf_each_and_keeps_disclosures(
    rt: Runtime, lee: Context, person: str
) -> None:
    filed = requests.file_request(rt, lee, "access", person, {})
    requests.answer_access(rt, lee, filed["id"])
    rt.clock = lambda: datetime.now(UTC) + timedelta(days=3651)
    report = retention.run_retention(rt, operator())
    assert (report.batches, report.records) == (2, 2)
    with rt.engine.connect() as conn:
        assert conn.execute(select(records)).all() == []
        assert len(conn.execute(select(disclosures)).all()) == 1
        leaves = [AuditEvent.from_bytes(data) for _, data, _ in audit_repo.iter_leaves(conn)]
    purges = [leaf for leaf in leaves if leaf.action == "purge_batch"]
    assert len(purges) == 2 and purges[0].detail["records"] == 1
    assert purges[0].detail["ids_sha256"] == retention.refs_digest(["ids:I1"])
    assert "Diaz" not in json.dumps([leaf.detail for leaf in leaves])
