"""Batch blocked pairs on hashed keys: the very pairs Splink's own blocking SQL gives, each once."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from docket.linkage.blocked_pairs import compute_blocked_pairs
from docket.linkage.blocking import BLOCKING_RULES, blocked
from docket.linkage.columnar import prepare_table
from docket.linkage.model import TrainedModel, make_linker
from docket.linkage.predict import linker_for, predict
from docket.linkage.prepare import prepare_frame, prepare_record
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


def test_a_model_stored_with_a_rule_docket_lacks_is_blocked_by_splinks_own_sql(model, training_population):
    records, _ = training_population
    stored = model.splink["blocking_rules_to_generate_predictions"]
    foreign = {"blocking_rule": 'l."dob" = r."dob"', "sql_dialect": "duckdb"}
    other = TrainedModel({**model.splink, "blocking_rules_to_generate_predictions": [*stored[:2], foreign]},
                         model.tf_tables, model.meta, model.frequencies)
    scored = predict(other, records)
    keys = {(int(a), int(b)) for a, b in scored[["key_l", "key_r"]].itertuples(index=False)}
    prepared = {r["unique_id"]: r for r in prepare_table(records).to_pylist()}
    same_dob = {(a, b) for a, b in keys if prepared[a]["dob"] is not None and prepared[a]["dob"] == prepared[b]["dob"]}
    assert same_dob and len(same_dob) > len(keys) // 2  # the foreign rule's pairs were scored


def test_scores_equal_splinks_own_predict(model, training_population):
    """The scoring reads gammas through Splink's SQL builders and TF values added in Python; the
    weights must be what Splink's public ``predict`` gives with the model's TF tables registered."""
    records, _ = training_population
    ours = predict(model, records).set_index(["key_l", "key_r"])
    settings = {**model.splink, "retain_intermediate_calculation_columns": True, "retain_matching_columns": True}
    linker = make_linker(prepare_table(records), settings)
    for column, shares in model.tf_tables.items():
        tf = pa.table({column: pa.array(list(shares)), f"tf_{column}": pa.array(list(shares.values()))})
        linker.table_management.register_term_frequency_lookup(linker._db_api.register(tf), column)
    try:
        theirs = linker.inference.predict(warning_mode="never").as_pandas_dataframe()
    finally:
        linker._db_api._con.close()
    theirs = theirs.set_index(["unique_id_l", "unique_id_r"]).sort_index()
    assert list(ours.index) == list(theirs.index) and len(ours) > len(records)
    assert np.allclose(ours["match_weight"], theirs["match_weight"], rtol=0, atol=1e-9)
    for column in [c for c in ours.columns if c.startswith("gamma_")]:
        assert (ours[column].to_numpy() == theirs[column].to_numpy()).all(), column


def test_a_family_name_missing_from_every_record_still_scores(model):
    """From pandas, a column without any value is typed null; its TF lookup must still run."""
    rows = [record(1, given_name="Ana", date_of_birth="1980-02-11", a_number="123456789"),
            record(2, given_name="Ana", date_of_birth="1980-02-11", a_number="123456789")]
    from_pandas = predict(model, frame=prepare_frame(frame(*rows)))
    from_arrow = predict(model, frame=prepare_table(frame(*rows)))
    assert list(zip(from_pandas["key_l"], from_pandas["key_r"], strict=True)) == [(1, 2)]
    assert from_pandas["match_weight"].tolist() == from_arrow["match_weight"].tolist()
    assert from_pandas["gamma_family_name"].tolist() == [-1]  # compared as missing, not as disagreeing
