"""Batch scoring of every blocked pair with a stored model (Splink's prediction SQL).

The model's own term-frequency tables are applied (not the batch's), so the weights do not drift
with the batch being scored and equal what incremental matching computes for the same pair.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from docket.linkage.blocked_pairs import compute_blocked_pairs
from docket.linkage.blocking import BLOCKING_RULES, BlockingRule
from docket.linkage.columnar import column_type, prepare_table
from docket.linkage.model import TrainedModel, make_linker
from docket.linkage.prepare import MATCH_COLUMNS

PAIR_COLUMNS = ("key_l", "key_r", "match_weight", "match_probability")


def linker_for(model: TrainedModel, frame: pd.DataFrame | pa.Table) -> Any:
    """A Splink linker over a prepared frame or table, carrying the stored model and, beside each
    record, its term frequencies under the model's tables (``tf_<column>``, as Splink would join
    them): scoring then reads the records where they are, in Python's memory, without the copy
    that Splink's join with the TF tables would materialise inside DuckDB."""
    settings = {**model.splink, "retain_intermediate_calculation_columns": True,
                "retain_matching_columns": False}
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(
        frame[list(MATCH_COLUMNS)], preserve_index=False)
    table = with_term_frequencies(table.select(list(MATCH_COLUMNS)), model)
    return make_linker(table, settings, columns=table.column_names)


def with_term_frequencies(table: pa.Table, model: TrainedModel) -> pa.Table:
    """``table`` with a ``tf_<column>`` per TF column of the model: the value's share in the model's
    table, null for a value the table lacks (as Splink's left join gives)."""
    for column, shares in model.tf_tables.items():
        values = pa.array(list(shares), column_type(column))
        # A column with no value at all comes from pandas typed null: cast, so the lookup runs.
        found = pc.index_in(table.column(column).cast(values.type), value_set=values)
        table = table.append_column(f"tf_{column}", pc.take(pa.array(list(shares.values()), pa.float64()), found))
    return table


def predict(model: TrainedModel, records: pd.DataFrame | pa.Table | None = None, *,
            frame: pd.DataFrame | pa.Table | None = None, threshold: float | None = None) -> pd.DataFrame:
    """Score all blocked pairs: key_l < key_r, match_weight, match_probability, and per
    comparison ``gamma_<name>``, ``mw_<name>`` (level weight) and ``tf_<name>`` (TF adjustment),
    sorted by key_l, key_r.

    Pass raw ``records`` or an already prepared ``frame`` (``prepare_frame`` or ``prepare_table``).
    The DuckDB database is closed before returning: its buffers (up to its memory limit) would
    otherwise live until the garbage collector found Splink's reference cycles, under clustering.
    """
    frame = prepare_table(records) if frame is None else frame
    linker = linker_for(model, frame)
    try:
        scored = _score_blocked_pairs(linker, _blocked_pairs(model, linker), threshold)
        wanted = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
        wanted += [c for c in scored.columns_escaped if c.strip('"').startswith(("gamma_", "mw_"))]
        sql = f"SELECT {', '.join(wanted)} FROM {scored.physical_name}"
        return _tidy_arrow(linker._db_api._con.sql(sql).to_arrow_table())
    finally:
        linker._db_api._con.close()


def _blocked_pairs(model: TrainedModel, linker: Any) -> Any:
    """The model's blocked pairs: generated on hashed keys (``blocked_pairs``) when the model is a
    dedupe blocking with rules Docket knows, each comparing columns of one type (a hash of 1 is
    not a hash of '1', where SQL's ``=`` would cast); else by Splink's own SQL."""
    known = {json.dumps(rule_.as_splink(), sort_keys=True): rule_ for rule_ in BLOCKING_RULES}
    stored = [json.dumps(r, sort_keys=True) for r in model.splink.get("blocking_rules_to_generate_predictions", [])]
    rules = [known[r] for r in stored if r in known]
    if (model.splink.get("link_type") == "dedupe_only" and rules and len(rules) == len(stored)
            and all(_one_type(rule_) for rule_ in rules)):
        return compute_blocked_pairs(linker, rules)
    return linker.inference.compute_blocked_pairs_for_predict()


def _one_type(rule_: BlockingRule) -> bool:
    return all(column_type(a) == column_type(b) for a, b in zip(rule_.left, rule_.right, strict=True))


def _score_blocked_pairs(linker: Any, blocked: Any, threshold: float | None) -> Any:
    """Splink's ``predict`` pipeline (blocked pairs, comparison vectors, match weights: Splink's own
    SQL builders), keeping each pair's gammas but not the compared values.

    ``linker.inference.predict`` keeps the gammas only together with both records' values of every
    compared column (``retain_matching_columns``); carried through the scoring of every blocked
    pair, those strings cost a fifth of the whole prediction at a million records, and the values
    are in the prepared records anyway. Splink's training keeps gammas alone (``training_mode``),
    which this asks for; the weights are computed by the same SQL either way."""
    from splink.internals.comparison_vector_values import (
        compute_comparison_vector_values_from_id_pairs_sqls,
    )
    from splink.internals.dialects import SplinkDialect
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.predict import predict_from_comparison_vectors_sqls

    settings = linker._settings_obj
    columns = settings.column_info_settings
    (records,) = linker._input_tables_dict.values()
    pipeline = CTEPipeline([blocked])
    pipeline.enqueue_list_of_sqls(compute_comparison_vector_values_from_id_pairs_sqls(
        settings._columns_to_select_for_blocking, settings._columns_to_select_for_comparison_vector_values,
        input_tablename_l=records.physical_name, input_tablename_r=records.physical_name,
        source_dataset_input_column=columns.source_dataset_input_column,
        unique_id_input_column=columns.unique_id_input_column, link_type=settings._link_type,
        sql_dialect_str=linker._sql_dialect_str))
    pipeline.enqueue_list_of_sqls(predict_from_comparison_vectors_sqls(
        unique_id_input_columns=columns.unique_id_input_columns,
        core_model_settings=settings.core_model_settings,
        sql_dialect=SplinkDialect.from_string(settings._sql_dialect_str),
        threshold_match_probability=threshold, retain_matching_columns=False,
        retain_intermediate_calculation_columns=True, training_mode=True))
    try:
        return linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)
    finally:
        blocked.drop_table_from_database_and_remove_from_cache()


def _tidy_arrow(raw: pa.Table) -> pd.DataFrame:
    """``tidy`` of an Arrow result, one column at a time (each Arrow column is released once
    converted, so the result is never held twice), sorted by key_l, key_r."""
    arrays = {name: raw.column(name) for name in raw.column_names}
    del raw
    order = np.lexsort((arrays["unique_id_r"].to_numpy(), arrays["unique_id_l"].to_numpy()))

    def take(name: str, dtype: type) -> np.ndarray:
        return np.asarray(arrays.pop(name).to_numpy(), dtype=dtype)[order]

    out = {"key_l": take("unique_id_l", np.int64), "key_r": take("unique_id_r", np.int64),
           "match_weight": take("match_weight", np.float64),
           "match_probability": take("match_probability", np.float64)}
    for col in [c for c in arrays if c.startswith("gamma_")]:
        name = col.removeprefix("gamma_")
        out[col] = take(col, np.int64)
        out[f"mw_{name}"] = take(f"mw_{name}", np.float64)
        tf_col = f"mw_tf_adj_{name}"
        out[f"tf_{name}"] = take(tf_col, np.float64) if tf_col in arrays else np.zeros(len(out["key_l"]))
    return pd.DataFrame(out, copy=False)


def tidy(raw: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"key_l": raw["unique_id_l"].astype("int64"),
                        "key_r": raw["unique_id_r"].astype("int64"),
                        "match_weight": raw["match_weight"].astype(float),
                        "match_probability": raw["match_probability"].astype(float)})
    for col in raw.columns:
        if col.startswith("gamma_"):
            name = col.removeprefix("gamma_")
            out[col] = raw[col].astype("int64")
            out[f"mw_{name}"] = raw[f"mw_{name}"].astype(float)
            tf_col = f"mw_tf_adj_{name}"
            out[f"tf_{name}"] = raw[tf_col].astype(float) if tf_col in raw else 0.0
    return out.sort_values(["key_l", "key_r"], ignore_index=True)
