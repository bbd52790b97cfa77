"""Property: no sequence of service calls by any role takes a protected person's case to referred."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docket.errors import DocketError
from docket.services import case_steps, cases, protection
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from tests.factories import CONVICTION_HEADER, GRANT_HEADER, add_account, ingest_rows, link_into, make_settings

HOMICIDE = ["K1", "Ana", "Diaz", "1980-01-01", "A111111111", "2015-03-01", "homicide"]
GRANT = ["G1", "Ana", "Diaz", "1980-01-01", "A111111111", "1980-01-01", "us_citizen"]
ROLES = {"sam": "supervisor", "ana": "analyst", "lee": "legal_reviewer", "dora": "data_steward", "olga": "oversight"}
STEPS = ["assign", "submit", "signoff", "return", "notice", "contest", "resolve_contest", "refer", "resume"]


@pytest.fixture(scope="module")
def template() -> Iterator[tuple[Path, str]]:
    """A data dir with an open case, on a person then found a citizen by birth (grant linked)."""
    folder = Path(tempfile.mkdtemp())
    rt = Runtime(make_settings(folder))
    from docket.services.accounts import initialise

    initialise(rt)
    for user, role in ROLES.items():
        add_account(rt, user, role)
    person = ingest_rows(rt, folder, "court", "conviction", CONVICTION_HEADER, [HOMICIDE])[0]
    case = cases.open_case(rt, Context(Actor("sam", "supervisor", "east")), person, "public_safety")
    ingest_rows(rt, folder, "grants", "status_grant", GRANT_HEADER, [GRANT], authoritative=True)
    link_into(rt, "grants", "G1", person)
    rt.close()
    yield folder, case.id
    shutil.rmtree(folder)


def copy_runtime(template: Path) -> tuple[Runtime, Path]:
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(template / "data", folder / "data")
    settings = make_settings(folder)
    return Runtime(replace(settings)), folder


actions = st.lists(
    st.tuples(st.sampled_from(sorted(ROLES)), st.sampled_from([*STEPS, "clear", "close"]), st.integers(0, 60)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=actions)
def test_no_sequence_refers_a_protected_person(
    template: tuple[Path, str], sequence: list[tuple[str, str, int]]
) -> None:
    rt, folder = copy_runtime(template[0])
    case_id = template[1]
    try:
        for user, step, days in sequence:
            rt.clock = lambda d=days: datetime.now(UTC) + timedelta(days=d)
            ctx = Context(Actor(user, ROLES[user], "east"))
            try:
                if step == "clear":
                    # citizenship by birth can never be cleared: this must always be refused
                    protection.clear_protection(rt, ctx, "P00000001", "status revoked by final agency decision 2024")
                    continue
                if step == "close":
                    cases.close_case(rt, ctx, case_id, "resolved", "closing")
                    continue
                case_steps.step_case(rt, ctx, case_id, step, "because", "ana")
            except DocketError:
                continue
        status = cases.show_case(rt, Context(Actor("sam", "supervisor", "east")), case_id)["case"]["status"]
        assert status != "referred"
        assert not _was_cleared(rt)
    finally:
        rt.close()
        shutil.rmtree(folder)


def _was_cleared(rt: Runtime) -> bool:
    from docket.store import cases_repo

    with rt.engine.connect() as conn:
        return any(d.kind == "cleared" for d in cases_repo.protection_history(conn, "P00000001"))
