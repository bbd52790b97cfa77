"""Entity resolution: do these records describe the same person? (DESIGN.md §6)

Fellegi–Sunter through Splink on in-process DuckDB. A pure engine: records in, clusters, review
items, person-id events and explanations out; it knows nothing of the store or of users.

    model = train(records)                      # TrainedModel, storable as JSON
    result = link(model, records, must_link=..., cannot_link=...)
    ids = assign_ids(previous, result.clustering.clusters(), new_id)
    matcher = IncrementalMatcher(model, records, ids.person_of)
    matcher.match(new_record, new_id)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from docket.errors import Invalid
from docket.linkage.cluster import Clustering, Link, ReviewItem, Thresholds, cluster
from docket.linkage.coincidence import Coincidence
from docket.linkage.columnar import prepare_table
from docket.linkage.constraints import STRANGERS
from docket.linkage.explain import ComparisonEvidence, Explanation, explain
from docket.linkage.incremental import Candidate, IncrementalMatcher, MatchResult
from docket.linkage.model import TrainedModel, default_model, train
from docket.linkage.predict import predict
from docket.linkage.prepare import prepare_frame, prepare_record
from docket.linkage.stable_ids import Assignment, IdEvent, assign_ids


@dataclass
class LinkResult:
    pairs: pd.DataFrame
    clustering: Clustering


def link(model: TrainedModel, records: pd.DataFrame | pa.Table | None = None, *,
         frame: pd.DataFrame | pa.Table | None = None, thresholds: Thresholds | None = None,
         must_link: Iterable[tuple[int, int]] = (), cannot_link: Iterable[tuple[int, int]] = (),
         engine: str = "duckdb", spark_master: str = "local[*]") -> LinkResult:
    """Score every blocked pair of ``records`` (or of an already prepared ``frame``) on DuckDB or
    on Spark, and cluster them under the constraints; clustering is the same for both engines.

    Records are prepared into an Arrow table (``prepare_table``), a third of a pandas frame's
    memory, which DuckDB scans in place; pass a ``pyarrow.Table`` of records to keep the input
    compact too."""
    thresholds = thresholds or Thresholds()
    if frame is None and records is None:
        raise Invalid("link needs records or a prepared frame")
    prepared: pd.DataFrame | pa.Table
    if engine == "spark":
        from docket.linkage.spark import predict_spark

        prepared = prepare_frame(records) if frame is None else frame
        pairs = predict_spark(model, prepared, spark_master, threshold=thresholds.review)
    elif engine == "duckdb":
        prepared = prepare_table(records) if frame is None else frame
        pairs = predict(model, frame=prepared, threshold=thresholds.review)
    else:
        raise Invalid(f"unknown linkage engine {engine!r} (duckdb or spark)")
    pairs[STRANGERS] = Coincidence(model.frequencies, len(prepared)).of_pairs(pairs, prepared)
    return LinkResult(pairs, cluster(pairs, prepared, thresholds, must_link=must_link,
                                     cannot_link=cannot_link))


__all__ = [
    "Assignment", "Candidate", "Clustering", "ComparisonEvidence", "Explanation", "IdEvent",
    "IncrementalMatcher", "Link", "LinkResult", "MatchResult", "ReviewItem", "Thresholds",
    "TrainedModel", "assign_ids", "default_model", "cluster", "explain", "link", "predict", "prepare_frame",
    "prepare_record", "prepare_table", "train",
]
