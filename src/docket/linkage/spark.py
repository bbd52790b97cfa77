"""The same stored model, scored on Apache Spark through Splink's Spark backend.

For installations past one machine: ``docket link --engine spark`` with ``DOCKET_SPARK_MASTER``
(``local[*]`` by default, or a ``spark://host:7077`` cluster URL). Scoring runs on Spark; clustering,
which works on the scored pairs, stays the same code for both engines, so the two engines give the
same clusters for the same pairs. PySpark is an optional dependency (``pip install -e .[spark]``).
"""

from __future__ import annotations

import copy
import logging
import re
import tempfile
from typing import Any

import pandas as pd

from docket.errors import ConfigError
from docket.linkage.model import MATCH_COLUMNS, TrainedModel
from docket.linkage.predict import tidy

_SESSIONS: dict[str, Any] = {}
# DuckDB function -> the name Splink's Spark jar (or Spark itself) gives it, where sqlglot does not map it.
SPARK_FUNCTIONS = {
    "jarowinkler_similarity": "jaro_winkler",
    "jaro_winkler_similarity": "jaro_winkler",
    "list_intersect": "array_intersect",
}


def spark_session(master: str) -> Any:
    """One SparkSession per master URL, built on first use (never at import)."""
    if master not in _SESSIONS:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise ConfigError("the Spark engine needs PySpark: pip install -e '.[spark]'") from exc
        from splink.backends.spark import similarity_jar_location

        builder = SparkSession.builder.master(master).appName("docket-link")
        builder = builder.config("spark.sql.shuffle.partitions", "8").config("spark.ui.enabled", "false")
        # Splink's string-similarity UDFs ship as a jar inside the splink package (no download).
        builder = builder.config("spark.jars", similarity_jar_location())
        _SESSIONS[master] = builder.getOrCreate()
        _SESSIONS[master].sparkContext.setLogLevel("ERROR")
        _SESSIONS[master].sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="docket-spark-"))
    return _SESSIONS[master]


def predict_spark(
    model: TrainedModel, frame: pd.DataFrame, master: str = "local[*]", threshold: float | None = None
) -> pd.DataFrame:
    """Score every blocked pair of a prepared ``frame`` on Spark; same columns as ``predict``."""
    from splink import Linker, SparkAPI

    spark = spark_session(master)
    db_api = SparkAPI(spark_session=spark)
    columns = frame[list(MATCH_COLUMNS)]
    table = db_api.register(spark.createDataFrame(columns.astype(object).where(columns.notna(), None)))
    settings = spark_settings(model.splink)
    linker = Linker(table, settings, log_level=logging.WARNING)
    for column, values in model.tf_tables.items():
        tf = pd.DataFrame({column: list(values), f"tf_{column}": list(values.values())})
        tf[column] = tf[column].astype(frame[column].dtype)
        registered = db_api.register(spark.createDataFrame(tf))
        linker.table_management.register_term_frequency_lookup(registered, column)
    scored = linker.inference.predict(threshold_match_probability=threshold)
    wanted = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    wanted += [c for c in scored.columns_escaped if c.strip('"`').startswith(("gamma_", "mw_"))]
    raw = linker.misc.query_sql(f"SELECT {', '.join(wanted)} FROM {scored.physical_name}", output_type="pandas")
    return tidy(raw)


def spark_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The stored (DuckDB-dialect) settings with every SQL fragment transpiled to Spark SQL by
    sqlglot: in Spark, double quotes make a string, not an identifier."""
    import sqlglot

    def spark(sql: str) -> str:
        if sql.strip().upper() == "ELSE":
            return sql
        text = str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])
        for duckdb_name, spark_name in SPARK_FUNCTIONS.items():
            text = re.sub(rf"\b{duckdb_name}\(", f"{spark_name}(", text, flags=re.IGNORECASE)
        # DuckDB's len() of a list is Spark's size() of an array (sqlglot writes length()).
        return re.sub(r"\bLENGTH\((array_intersect\()", r"SIZE(\1", text, flags=re.IGNORECASE)

    out = copy.deepcopy(settings)
    out.update(sql_dialect="spark", retain_intermediate_calculation_columns=True, retain_matching_columns=True)
    for rule in out.get("blocking_rules_to_generate_predictions", []):
        rule["blocking_rule"], rule["sql_dialect"] = spark(rule["blocking_rule"]), "spark"
    for comparison in out["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = spark(level["sql_condition"])
    return out
