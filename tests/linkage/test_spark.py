"""The Spark engine gives the same pairs, weights and clusters as DuckDB (PySpark, local[*])."""

from __future__ import annotations

import pandas as pd
import pytest

from docket.linkage import default_model, link
from docket.synth import generate

pytestmark = pytest.mark.spark

FIELDS = ["given_name", "middle_name", "family_name", "date_of_birth", "sex", "passport_number",
          "passport_country", "address", "city", "state", "postal_code", "phone"]


def synthetic_frame(persons: int) -> pd.DataFrame:
    rows = []
    for source, records in generate(persons, seed=3).records.items():
        for record in records:
            digits = "".join(ch for ch in record.get("a_number", "") if ch.isdigit())
            rows.append({"key": len(rows) + 1, "source": source, "record_id": record["record_id"],
                         "kind": "identity", **{f: record.get(f) or None for f in FIELDS},
                         "a_number": digits if len(digits) == 9 else None, "protected_status": None,
                         "adverse": False})
    return pd.DataFrame(rows)


def test_spark_and_duckdb_agree() -> None:
    frame = synthetic_frame(80)
    model = default_model()
    duck = link(model, frame)
    spark = link(model, frame, engine="spark", spark_master="local[2]")
    assert len(duck.pairs) == len(spark.pairs) > 0
    both = duck.pairs.merge(spark.pairs, on=["key_l", "key_r"], suffixes=("_duckdb", "_spark"))
    assert len(both) == len(duck.pairs)
    assert (both["match_weight_duckdb"] - both["match_weight_spark"]).abs().max() < 1e-6
    assert duck.clustering.clusters() == spark.clustering.clusters()
