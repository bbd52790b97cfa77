"""Batch scoring of every blocked pair with a stored model (Splink ``predict``).

The model's own term-frequency tables are registered with Splink, so the weights do not drift with
the batch being scored and equal what incremental matching computes for the same pair.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from docket.linkage.model import TrainedModel, make_linker
from docket.linkage.prepare import prepare_frame

PAIR_COLUMNS = ("key_l", "key_r", "match_weight", "match_probability")


def linker_for(model: TrainedModel, frame: pd.DataFrame) -> Any:
    """A Splink linker over a prepared frame carrying the stored model and its TF tables."""
    settings = {**model.splink, "retain_intermediate_calculation_columns": True,
                "retain_matching_columns": True}
    linker = make_linker(frame, settings)
    for column, table in model.tf_tables.items():
        tf_frame = pd.DataFrame({column: list(table), f"tf_{column}": list(table.values())})
        tf_frame[column] = tf_frame[column].astype(frame[column].dtype)
        registered = linker._db_api.register(pa.Table.from_pandas(tf_frame, preserve_index=False))
        linker.table_management.register_term_frequency_lookup(registered, column)
    return linker


def predict(model: TrainedModel, records: pd.DataFrame | pa.Table | None = None, *,
            frame: pd.DataFrame | None = None, threshold: float | None = None) -> pd.DataFrame:
    """Score all blocked pairs: key_l < key_r, match_weight, match_probability, and per
    comparison ``gamma_<name>``, ``mw_<name>`` (level weight) and ``tf_<name>`` (TF adjustment).

    Pass raw ``records`` or an already ``frame`` from ``prepare_frame``.
    """
    frame = prepare_frame(records) if frame is None else frame
    linker = linker_for(model, frame)
    scored = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    wanted = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    wanted += [c for c in scored.columns_escaped if c.strip('"').startswith(("gamma_", "mw_"))]
    sql = f"SELECT {', '.join(wanted)} FROM {scored.physical_name}"
    raw = linker.misc.query_sql(sql, output_type="pandas")
    scored.drop_table_from_database_and_remove_from_cache()
    return tidy(raw)


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
