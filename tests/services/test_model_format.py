"""A stored model of another format (trained by an earlier Docket for other comparison levels) is
never read by this version's levels: linking and matching refuse it and say to retrain, a retrain
replaces it, and a case file still opens (without explanations) meanwhile."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from docket.errors import IncompatibleModel, status_for
from docket.linkage import default_model
from docket.services import cases, explanations, incremental_linking, linking
from docket.services.runtime import Runtime
from docket.store import linkage_repo
from docket.store.schema import linkage_models, memberships
from docket.synth import Population, generate
from tests.factories import (
    CONVICTION_HEADER,
    GRANT_HEADER,
    add_account,
    ingest_population,
    ingest_rows,
    link_into,
    operator,
)
from tests.services.test_cases import HOMICIDE
from tests.services.test_incremental_linking import STRANGER, ingest_batch

EARLIER_FORMAT = "docket-linkage/1"


@pytest.fixture
def small(rt: Runtime, tmp_path: Path) -> Population:
    """A store too small to train (under 50 records), linked once with the shipped model."""
    pop = generate(15, seed=3)
    ingest_population(rt, pop, tmp_path / "sources")
    assert linking.run_link(rt, operator()).records < linking.MIN_TRAINING_RECORDS
    return pop


def store_as_earlier_version(rt: Runtime) -> str:
    """Rewrite the stored model, and the memberships it linked, as an earlier Docket stored them
    (its version hashed its content, format included, so it differs from any model of this one)."""
    with rt.engine.begin() as conn:
        version, text = conn.execute(select(linkage_models.c.version, linkage_models.c.model_json)).one()
        data = {**json.loads(text), "format": EARLIER_FORMAT}
        old = data["version"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
        conn.execute(update(linkage_models).where(linkage_models.c.version == version)
                     .values(version=old, model_json=json.dumps(data)))
        conn.execute(update(memberships).where(memberships.c.model_version == version).values(model_version=old))
    return old


def membership_rows(rt: Runtime) -> list[tuple[object, ...]]:
    with rt.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(memberships).order_by(memberships.c.record_key))]


def test_linking_refuses_a_model_stored_for_other_levels_and_says_to_retrain(
    rt: Runtime, tmp_path: Path, small: Population
) -> None:
    store_as_earlier_version(rt)
    ingest_batch(rt, small, tmp_path / "batch", "identity_register", [STRANGER])
    before = membership_rows(rt)
    for full in (False, True):  # incremental (the new record), and a full re-link
        with pytest.raises(IncompatibleModel) as caught:
            linking.run_link(rt, operator(), full=full)
        assert "docket link --retrain" in caught.value.message
        assert EARLIER_FORMAT in caught.value.errors[0]
        assert status_for(caught.value) == (409, 1)
    with pytest.raises(IncompatibleModel):
        incremental_linking.match_one(rt, operator(), "identity_register", "NEW-1")
    assert membership_rows(rt) == before  # nothing linked with a misread model


def test_a_retrain_replaces_it_and_linking_goes_on(rt: Runtime, tmp_path: Path, small: Population) -> None:
    old = store_as_earlier_version(rt)
    summary = linking.run_link(rt, operator(), retrain=True)
    assert not summary.incremental and summary.model_version == default_model().version != old
    ingest_batch(rt, small, tmp_path / "batch", "identity_register", [STRANGER])
    assert linking.run_link(rt, operator()).incremental
    with rt.engine.connect() as conn:
        assert linkage_repo.latest_model_version(conn) == default_model().version


def test_explanations_refuse_it_but_a_case_file_reads_without_them(rt: Runtime, tmp_path: Path) -> None:
    identity = [["I1", "Ana", "Diaz", "1980-01-01", ""]]
    person = ingest_rows(rt, tmp_path, "ids", "identity", GRANT_HEADER[:5], identity)[0]
    ingest_rows(rt, tmp_path, "court", "conviction", CONVICTION_HEADER, [HOMICIDE])
    link_into(rt, "court", "K1", person)
    model = default_model()
    with rt.engine.begin() as conn:
        linkage_repo.save_model(conn, model.version, model.to_json(), 0)
    supervisor = add_account(rt, "sam", "supervisor")
    case = cases.open_case(rt, supervisor, person, "public_safety")
    assert cases.show_case(rt, supervisor, case.id)["explanations"]  # under this version's model
    store_as_earlier_version(rt)
    with pytest.raises(IncompatibleModel):
        explanations.explain_person(rt, operator(), person)
    shown = cases.show_case(rt, supervisor, case.id)
    assert shown["explanations"] == [] and [r["ref"] for r in shown["records"]] == ["ids:I1", "court:K1"]
