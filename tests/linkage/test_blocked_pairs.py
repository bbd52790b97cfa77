"""Batch blocked pairs on hashed keys: the very pairs Splink's own blocking SQL gives, each once."""

from __future__ import annotations

from docket.linkage.blocked_pairs import compute_blocked_pairs
from docket.linkage.blocking import BLOCKING_RULES, blocked
from docket.linkage.columnar import prepare_table
from docket.linkage.model import TrainedModel
from docket.linkage.predict import linker_for, predict
from docket.linkage.prepare import prepare_record
from tests.linkage.factories import frame, record


def _pairs(linker, table) -> set[tuple[str, int, int]]:
    rows = linker._db_api._con.sql(f"SELECT match_key, join_key_l, join_key_r FROM {table.physical_name}")
    return {(str(m), int(a), int(b)) for m, a, b in rows.fetchall()}


def test_hashed_key_blocking_gives_splinks_pairs_with_splinks_first_rule(model, training_population):
    records, _ = training_population
    linker = linker_for(model, prepare_table(records))
    try:
        ours = _pairs(linker, compute_blocked_pairs(linker, BLOCKING_RULES))
        splinks = _pairs(linker, linker.inference.compute_blocked_pairs_for_predict())
    finally:
        linker._db_api._con.close()
    assert len(ours) > len(records)  # a real workload, not an empty agreement
    assert ours == splinks
    assert len({(a, b) for _, a, b in ours}) == len(ours)  # each pair once


def test_one_sided_and_crosswise_rules_pair_as_the_record_form_does(model):
    maria = {"given_name": "Maria", "family_name": "Garcia"}
    rows = [record(1, date_of_birth="1980-02-11", **maria), record(2, date_of_birth="1961-09-30", **maria),
            record(3, **maria), record(4, given_name="Garcia", family_name="Maria"),
            record(5, given_name="Maria", family_name="Garcia", date_of_birth="1980-02-12")]
    linker = linker_for(model, prepare_table(frame(*rows)))
    try:
        found = {(a, b) for _, a, b in _pairs(linker, compute_blocked_pairs(linker, BLOCKING_RULES))}
    finally:
        linker._db_api._con.close()
    prepared = {r["key"]: prepare_record(r) for r in rows}
    expected = {(a, b) for a in prepared for b in prepared if a < b and blocked(prepared[a], prepared[b])}
    assert found == expected
    assert (1, 2) not in found  # two dated holders of a common name, birthdays apart
    assert {(1, 3), (2, 3), (3, 4), (1, 5)} <= found  # undated, swapped, one day apart


def test_a_model_stored_with_other_rules_is_blocked_by_its_own_rules(model, training_population):
    records, _ = training_population
    stored = model.splink["blocking_rules_to_generate_predictions"]
    fewer = TrainedModel({**model.splink, "blocking_rules_to_generate_predictions": stored[:3]},
                         model.tf_tables, model.meta, model.frequencies)
    scored = predict(fewer, records)
    keys = {(int(a), int(b)) for a, b in scored[["key_l", "key_r"]].itertuples(index=False)}
    prepared = {r["unique_id"]: r for r in prepare_table(records).to_pylist()}
    assert keys and all(blocked(prepared[a], prepared[b], BLOCKING_RULES[:3]) for a, b in keys)
