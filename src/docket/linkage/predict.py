"""Batch scoring of every blocked pair with a stored model (Splink ``predict``).

The model's own term-frequency tables are registered with Splink, so the weights do not drift with
the batch being scored and equal what incremental matching computes for the same pair.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from docket.linkage.columnar import column_type, prepare_table
from docket.linkage.model import TrainedModel, make_linker

PAIR_COLUMNS = ("key_l", "key_r", "match_weight", "match_probability")


def linker_for(model: TrainedModel, frame: pd.DataFrame | pa.Table) -> Any:
    """A Splink linker over a prepared frame or table carrying the stored model and its TF tables."""
    settings = {**model.splink, "retain_intermediate_calculation_columns": True,
                "retain_matching_columns": True}
    linker = make_linker(frame, settings)
    for column, table in model.tf_tables.items():
        tf = pa.table({column: pa.array(list(table), column_type(column)),
                       f"tf_{column}": pa.array(list(table.values()), pa.float64())})
        registered = linker._db_api.register(tf)
        linker.table_management.register_term_frequency_lookup(registered, column)
    return linker


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
        scored = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        wanted = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
        wanted += [c for c in scored.columns_escaped if c.strip('"').startswith(("gamma_", "mw_"))]
        sql = f"SELECT {', '.join(wanted)} FROM {scored.physical_name}"
        return _tidy_arrow(linker._db_api._con.sql(sql).to_arrow_table())
    finally:
        linker._db_api._con.close()


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
