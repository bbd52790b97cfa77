"""Regression tests for the defects this campaign found, one minimal input each."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from docket.auditlog.leaf import AuditEvent
from docket.errors import Conflict, Denied, Invalid, SourceError
from docket.ingest.declaration import parse_declaration, read_declaration
from docket.ingest.readers import open_table
from docket.policy import load_pack
from docket.services import case_steps
from docket.services.accounts import initialise
from docket.services.context import Context
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.store import audit_repo, cases_repo
from tests.api.world import build_world, open_case
from tests.factories import add_account, make_settings, operator, snapshot, write_csv, write_declaration

GOOD_DECLARATION = {
    "name": "ids", "kind": "identity", "legal_authority": "8 U.S.C. 1103", "purposes": ["enforcement"],
    "authoritative_for_status": False, "retention_days": 10,
}
PACK_HEAD = "name: p\nversion: '1'\nstatement: s\nlegal_grounds: [public_safety]\ntiers: {high: 1}\n"
RULE = "rules: [{id: r1, ground: public_safety, description: d, weight: 1, when: %s}]\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [('{"record_id": ' + "9" * 5000 + "}", "integer string conversion"), ("[" * 100_000, "nested too deeply")],
)
def test_jsonl_line_the_parser_cannot_hold_is_refused_naming_the_line(tmp_path: Path, line: str, reason: str) -> None:
    """Was: ValueError / RecursionError escaped the JSON Lines reader (exit 3, internal error)."""
    path = tmp_path / "rows.jsonl"
    path.write_text('{"record_id": "R1"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{path}:2: not an acceptable JSON object: .*{reason}"):
        open_table(path)


def test_declaration_with_a_list_among_its_purposes_is_refused_naming_the_key() -> None:
    """Was: TypeError (unhashable list) from the purposes check."""
    with pytest.raises(SourceError) as refused:
        parse_declaration({**GOOD_DECLARATION, "purposes": [["enforcement"]]}, "ids.toml")
    assert refused.value.errors == ["ids.toml: purposes: ['enforcement'] is not a purpose "
                                    "(one of enforcement, identity_verification, statistics, status_verification)"]


def test_declaration_nested_too_deeply_is_refused_naming_the_file(tmp_path: Path) -> None:
    """Was: RecursionError from tomllib."""
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 5000, encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{path}: not valid TOML: .*nested too deeply"):
        read_declaration(path)


def test_pack_with_a_list_for_op_is_refused_naming_the_rule() -> None:
    """Was: TypeError (unhashable list) from the op check."""
    with pytest.raises(Invalid) as refused:
        load_pack(PACK_HEAD + RULE % "{fact: conviction_categories, op: [intersects], value: [homicide]}")
    assert any(e.startswith("rule r1: when: unknown op ['intersects']") for e in refused.value.errors)


@pytest.mark.parametrize("text", ["a: 2001-02-30", "a: !!int 'x'", "a: !!float 'x'", "a: !!timestamp 2001-13-01"])
def test_pack_value_its_yaml_tag_cannot_hold_is_refused(text: str) -> None:
    """Was: ValueError / AttributeError from PyYAML's constructors escaped ``load_pack``."""
    with pytest.raises(Invalid, match="policy pack is not valid YAML: a value cannot be read"):
        load_pack(text)


def test_pack_condition_that_contains_itself_is_refused() -> None:
    """Was: RecursionError on a YAML alias cycle inside a rule's condition."""
    with pytest.raises(Invalid, match="refers to itself"):
        load_pack(PACK_HEAD + RULE % "&c {all: [*c]}")


def test_skip_invalid_with_every_row_invalid_lists_the_reasons_and_writes_no_quarantine(
    rt: Runtime, tmp_path: Path
) -> None:
    """Was: "every row was invalid" with no reasons, and a quarantine file named after a batch that
    was rolled back (its id is then reused by the next batch)."""
    add_source(rt, operator(), write_declaration(tmp_path))
    bad = write_csv(tmp_path / "bad.csv", ["record_id", "a_number"], [["R1", "A12"], ["R2", "nope"]])
    before = snapshot(rt)
    with pytest.raises(Invalid) as refused:
        ingest_file(rt, operator(), "ids", bad, skip_invalid=True)
    assert refused.value.errors[0].startswith(f"{bad}:2: a_number: 'A12' is not an A-number")
    assert not rt.settings.quarantine_dir.exists() or not any(rt.settings.quarantine_dir.iterdir())
    assert snapshot(rt) == before


def test_parquet_list_and_binary_cells_are_not_stored_as_python_reprs(tmp_path: Path) -> None:
    """Was: a list cell became the text "['Ana', 'Maria']" and a binary one "b'R1'", both accepted
    as values (JSON Lines refuses the same lists)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"record_id": pa.array([b"R1"]), "family_name": pa.array([b"Diaz"])}), path)
    assert list(open_table(path).rows()) == [(1, ["R1", "Diaz"])]
    pq.write_table(pa.table({"record_id": ["R1"], "given_name": pa.array([["Ana", "Maria"]])}), path)
    with pytest.raises(SourceError, match=rf"{path}:1: given_name: expected text, a number or date, got list"):
        list(open_table(path).rows())


@pytest.mark.parametrize("key", list(GOOD_DECLARATION))
def test_declaration_with_a_null_required_key_is_refused_naming_the_key(key: str) -> None:
    """Was: a null (JSON ``null``, e.g. from an upload) passed every check: ``AttributeError`` or
    ``ValueError`` for some keys, a declaration holding ``None`` for the others."""
    with pytest.raises(SourceError) as refused:
        parse_declaration({**GOOD_DECLARATION, key: None}, "ids.json")
    assert refused.value.errors == [f"ids.json: {key}: required key is missing"]


def _assigned_case(rt: Runtime, tmp_path: Path) -> tuple[str, Context, Context]:
    """A case on the world's convicted person, opened by ``sam`` and assigned to ``ana``."""
    folder = tmp_path / "world"
    folder.mkdir()
    world = build_world(rt, folder)
    sam, ana = add_account(rt, "sam", "supervisor"), add_account(rt, "ana", "analyst")
    case_id = open_case(rt, world.convicted)
    case_steps.step_case(rt, sam, case_id, "assign", "east unit", "ana")
    return case_id, sam, ana


def _last_leaf(rt: Runtime) -> AuditEvent:
    with rt.engine.connect() as conn:
        *_, (_, data, _) = audit_repo.iter_leaves(conn, audit_repo.tree_size(conn) - 1)
    return AuditEvent.from_bytes(data)


def test_a_case_step_leaf_names_the_action_cedar_decided(rt: Runtime, tmp_path: Path) -> None:
    """Was: every step's leaf (and denial leaf) said ``transition_case``, also for assign, signoff and
    refer, so the transparency report's count of referrals (``refer_case`` leaves) was always 0."""
    case_id, _sam, ana = _assigned_case(rt, tmp_path)
    assert (_last_leaf(rt).action, _last_leaf(rt).outcome) == ("assign_case", "ok")
    case_steps.step_case(rt, ana, case_id, "submit", "facts checked")
    assert _last_leaf(rt).action == "transition_case"
    with pytest.raises(Denied):
        case_steps.step_case(rt, ana, case_id, "signoff", "my own case")
    assert (_last_leaf(rt).action, _last_leaf(rt).outcome) == ("signoff_case", "denied")


def test_a_case_step_racing_another_step_is_refused_not_written_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was (found by the HTTP load campaign): a step read the case, then wrote its new status
    unconditionally; a step committed in between was overwritten (``assign`` from ``assigned`` landed
    on a case already ``in_review``) and the timeline no longer chained.

    Run without SQLite's group commit, whose units hold the write lock from their first read (so no
    step can commit in between), as on PostgreSQL, where the conditional write is what prevents it."""
    rt = Runtime(dataclasses.replace(make_settings(tmp_path), group_commit=False))
    initialise(rt)
    case_id, sam, ana = _assigned_case(rt, tmp_path)
    real = case_steps.load_person_file

    def meanwhile(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(case_steps, "load_person_file", real)
        case_steps.step_case(rt, ana, case_id, "submit", "submitted meanwhile")  # commits first
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(case_steps, "load_person_file", meanwhile)
    with pytest.raises(Conflict, match="changed while step 'assign' was taken"):
        case_steps.step_case(rt, sam, case_id, "assign", "reassign", "ana")
    with rt.engine.connect() as conn:
        events = cases_repo.events(conn, case_id)
        assert cases_repo.get_case(conn, case_id).status == "in_review"
    assert [(e.kind, e.from_status, e.to_status) for e in events][-1] == ("submit", "assigned", "in_review")
    assert _last_leaf(rt).action == "transition_case"  # the submit's; the refused assign left none
    rt.close()
