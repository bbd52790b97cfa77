"""The Fellegi–Sunter model: comparisons, Splink settings, training, and a storable TrainedModel.

Splink does the statistics: u by random sampling, m by EM on blocked pairs, the prior from
deterministic rules. ``TrainedModel`` is Splink's own model JSON plus the term-frequency tables it
was trained with, so batch prediction and incremental matching both apply exactly the same weights.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from docket.errors import IncompatibleModel, Invalid
from docket.linkage import levels as lv
from docket.linkage.blocking import BLOCKING_RULES
from docket.linkage.coincidence import frequency_tables
from docket.linkage.prepare import MATCH_COLUMNS, prepare_frame

# The comparison levels and matching keys a model's weights belong to: the vetoes read a pair's
# levels by number, so a model stored for other levels would be misread, not merely weaker. Raised
# whenever COMPARISONS or what prepare.py derives for them changes meaning (2: names.swap_key on
# both name fields; a date's one edit counts an adjacent transposition of its digits).
MODEL_FORMAT = "docket-linkage/2"
_FORMAT_FAMILY = "docket-linkage/"
SWAP_LABEL = "given and family swapped"
SIMILAR_SWAP_LABEL = "given and family swapped, one misspelt"
SWAP_LABELS = (SWAP_LABEL, SIMILAR_SWAP_LABEL)

COMPARISONS: tuple[lv.ComparisonSpec, ...] = (
    lv.ComparisonSpec("given_name", (
        lv.null_any("given_canon"),
        lv.exact("given_canon", label="exact (nicknames resolved)", tf="given_canon"),
        lv.swapped("given_swap", "family_swap"),
        lv.swapped_similar("given_swap", "family_swap", 0.92, SIMILAR_SWAP_LABEL),
        lv.jaro_winkler("given_first", 0.92),
        lv.levenshtein("given_first", 1),
        lv.lists_intersect("given_phon", "sounds alike"),
        lv.jaro_winkler("given_first", 0.8),
        lv.initial("given_first"),
        lv.else_level(),
    )),
    lv.ComparisonSpec("family_name", (
        lv.null_any("family_std"),
        lv.exact("family_std", tf="family_std"),
        lv.swapped("given_swap", "family_swap", label=SWAP_LABEL),
        lv.swapped_similar("given_swap", "family_swap", 0.92, SIMILAR_SWAP_LABEL),
        lv.lists_intersect("family_tokens", "shares a surname (compound names)"),
        lv.jaro_winkler("family_joined", 0.92),
        lv.lists_intersect("family_phon", "sounds alike"),
        lv.jaro_winkler("family_joined", 0.8),
        lv.else_level(),
    )),
    lv.ComparisonSpec("middle_name", (
        lv.null_any("middle_std"),
        lv.exact("middle_std"),
        lv.exact("middle_initial", label="initial agrees"),
        lv.else_level(),
    )),
    lv.ComparisonSpec("date_of_birth", (
        lv.null_any("dob"),
        lv.exact("dob"),
        lv.dob_day_month_swapped(),
        lv.one_edit_or_transposition("dob", ignoring="-"),
        lv.dob_year_off_by_one(),
        lv.else_level(),
    )),
    lv.ComparisonSpec("sex", (lv.null_any("sex"), lv.exact("sex"), lv.else_level())),
    lv.ComparisonSpec("a_number", (
        lv.null_any("a_number"), lv.exact("a_number"), lv.levenshtein("a_number", 1),
        lv.else_level(),
    )),
    lv.ComparisonSpec("passport", (
        lv.null_any("passport_number"),
        lv.exact("passport_number", "passport_country", label="number and country"),
        lv.exact("passport_number", label="number only"),
        lv.one_edit_or_transposition("passport_number"),
        lv.else_level(),
    )),
    lv.ComparisonSpec("location", (
        lv.null_all("postal5", "city_std"),
        lv.exact("address_std", "postal5", label="same address"),
        lv.exact("postal5", label="same postal code"),
        lv.exact("city_std", "state", label="same city"),
        lv.else_level(),
    )),
    lv.ComparisonSpec("phone", (lv.null_any("phone"), lv.exact("phone"), lv.else_level())),
)

TF_COLUMNS: tuple[str, ...] = tuple(
    lvl.tf_column for c in COMPARISONS for lvl in c.levels if lvl.tf_column
)

# Rules for the prior: pairs these catch are matches with near certainty.
_DETERMINISTIC = (
    'l."a_number" = r."a_number" AND l."dob" = r."dob"',
    'l."passport_number" = r."passport_number" AND l."dob" = r."dob"',
    'l."given_canon" = r."given_canon" AND l."family_std" = r."family_std" AND l."dob" = r."dob"',
)
# EM sessions. Each comparison is estimated in at least one: the first (same birth date) estimates
# all but the birth date, the second (same names) the birth date and the rest. Names alone pair a
# common name's every holder with every other (48 s of EM at 150k records), so the second session
# also asks for the same postcode, or city, when the data has enough such pairs to learn from.
_EM_BY_DOB = 'l."dob" = r."dob"'
_NAMES = ("given_canon", "family_first")
_NAME_SESSION_NARROWING = (("postal5",), ("city_std",), ())
MIN_EM_PAIRS = 2_000


def em_rules(frame: pd.DataFrame, min_pairs: int = MIN_EM_PAIRS) -> list[str]:
    """The EM sessions' blocking rules for this training frame (see above)."""
    for extra in _NAME_SESSION_NARROWING:
        columns = [*_NAMES, *extra]
        sizes = frame[columns].dropna().value_counts()
        if extra == () or int((sizes * (sizes - 1) // 2).sum()) >= min_pairs:
            return [_EM_BY_DOB, " AND ".join(f'l."{c}" = r."{c}"' for c in columns)]
    raise AssertionError("unreachable: the last narrowing is none")


def settings_dict() -> dict[str, Any]:
    """The untrained Splink settings."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": [c.as_splink() for c in COMPARISONS],
        "blocking_rules_to_generate_predictions": [r.as_splink() for r in BLOCKING_RULES],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 20,
        "em_convergence": 0.0001,
    }


DUCKDB_MEMORY_LIMIT = "768MB"


def duckdb_connection() -> Any:
    """An in-process DuckDB that spills to disk past ``DUCKDB_MEMORY_LIMIT`` instead of growing:
    a million records' blocked pairs would otherwise hold ~10 GB. Insertion order is not needed
    (pairs are sorted afterwards), and dropping it lets DuckDB stream large results."""
    import duckdb

    spill = Path(tempfile.gettempdir()) / "docket-duckdb"
    spill.mkdir(exist_ok=True)
    return duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": str(spill),
                                  "preserve_insertion_order": False})


def make_linker(frame: pd.DataFrame | pa.Table, settings: dict[str, Any],
                columns: Sequence[str] = MATCH_COLUMNS) -> Any:
    """A Splink linker over ``columns`` of a prepared frame (``prepare_frame``, or ``prepare_table``'s
    Arrow table, which DuckDB scans without a copy), on a fresh in-process DuckDB."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(duckdb_connection())
    if isinstance(frame, pa.Table):
        table = frame.select(list(columns))
    else:
        table = pa.Table.from_pandas(frame[list(columns)], preserve_index=False)
    return Linker(db_api.register(table), settings, log_level=logging.WARNING)


@dataclass(frozen=True)
class TrainedModel:
    """Splink's trained model JSON and the term-frequency tables; ``version`` hashes both."""

    splink: dict[str, Any]
    tf_tables: dict[str, dict[str, float]]
    meta: dict[str, Any] = field(default_factory=dict)
    # Shares of full names and birth dates (coincidence.frequency_tables); empty in older models.
    frequencies: dict[str, dict[str, float]] = field(default_factory=dict)

    def _content(self) -> dict[str, Any]:
        content = {"format": MODEL_FORMAT, "splink": self.splink, "tf_tables": self.tf_tables,
                   "meta": self.meta}
        if self.frequencies:  # so that models stored before keep their version hash
            content["frequencies"] = self.frequencies
        return content

    @cached_property
    def version(self) -> str:
        """The content hash (cached: the model is frozen, and hashing it takes milliseconds)."""
        canonical = json.dumps(self._content(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def to_json(self) -> str:
        return json.dumps({**self._content(), "version": self.version}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> TrainedModel:
        try:
            data = json.loads(text)
            model = cls(data["splink"], data["tf_tables"], data.get("meta", {}), data.get("frequencies", {}))
        except (ValueError, KeyError, TypeError) as exc:
            raise Invalid("not a Docket linkage model", [str(exc)]) from exc
        found = data.get("format")
        if found != MODEL_FORMAT:
            if isinstance(found, str) and found.startswith(_FORMAT_FAMILY):
                raise IncompatibleModel(f"the linkage model is of format {found!r}, this version "
                                        f"reads {MODEL_FORMAT!r} (other comparison levels)")
            raise Invalid(f"unsupported linkage model format {found!r}")
        if data.get("version") not in (None, model.version):
            raise Invalid("linkage model JSON does not match its version hash")
        return model

    @property
    def prior(self) -> float:
        return float(self.splink["probability_two_random_records_match"])


MAX_TRAINING_RECORDS = 150_000


def train(records: pd.DataFrame | pa.Table, *, seed: int = 0, max_u_pairs: float = 2e6,
          prior_recall: float = 0.8, max_records: int = MAX_TRAINING_RECORDS) -> TrainedModel:
    """Train the model on a set of records: prior, u by random sampling, m by EM.

    Past ``max_records`` a random sample is trained on: m and u are proportions, and a sample's
    prior equals the whole's (its true pairs and all its pairs shrink by the same factor), so the
    estimates hold while EM's cost stops growing with the square of the data."""
    frame = prepare_frame(training_sample(records, max_records, seed))
    if len(frame) < 50:
        raise Invalid("need at least 50 records to train a linkage model")
    linker = make_linker(frame, settings_dict())
    try:
        training = linker.training
        training.estimate_probability_two_random_records_match(list(_DETERMINISTIC), recall=prior_recall)
        training.estimate_u_using_random_sampling(max_pairs=max_u_pairs, seed=seed)
        for rule in em_rules(frame):
            training.estimate_parameters_using_expectation_maximisation(rule)
        splink_json = _count_swap_once(linker.misc.save_model_to_json())
    finally:
        # DuckDB's buffers would otherwise live until the garbage collector found Splink's cycles.
        linker._db_api._con.close()
    tf_tables = {col: term_frequencies(frame, col) for col in TF_COLUMNS}
    return TrainedModel(splink_json, tf_tables, {"trained_on_records": len(frame), "seed": seed},
                        frequency_tables(frame))


def training_sample(records: pd.DataFrame | pa.Table, max_records: int = MAX_TRAINING_RECORDS,
                    seed: int = 0) -> pd.DataFrame | pa.Table:
    """The records ``train`` learns from: all of them, or past ``max_records`` a random sample (as
    pandas). A caller may take it early and let go of the rest, as a full link does."""
    if len(records) <= max_records:
        return records
    rows = sample_rows(len(records), max_records, seed)
    return records.iloc[rows] if isinstance(records, pd.DataFrame) else records.take(rows).to_pandas()


def sample_rows(length: int, n: int, seed: int) -> Any:
    """The positions ``DataFrame.sample(n=n, random_state=seed)`` picks from ``length`` rows, for an
    Arrow table as for a frame (only the sample is then converted to pandas, not a million rows)."""
    return pd.RangeIndex(length).to_series().sample(n=n, random_state=seed).to_numpy()


def _count_swap_once(splink_json: dict[str, Any]) -> dict[str, Any]:
    """Swapped name order shows in both name comparisons; count its evidence once, in the given
    name comparison, by giving the family comparison's swap levels m = u (weight 0)."""
    for comparison in splink_json["comparisons"]:
        if comparison["output_column_name"] != "family_name":
            continue
        for level in comparison["comparison_levels"]:
            if level.get("label_for_charts") in SWAP_LABELS and "u_probability" in level:
                level["m_probability"] = level["u_probability"]
    return splink_json


def term_frequencies(frame: pd.DataFrame, column: str) -> dict[str, float]:
    """Splink's term frequency: a value's share of the non-null values of its column."""
    counts = frame[column].dropna().value_counts()
    total = float(counts.sum())
    return {str(value): count / total for value, count in counts.items()}


def default_model() -> TrainedModel:
    """The model Docket ships, trained on its synthetic generator (scripts/train_default_model.py),
    for installations with too few records to train their own."""
    from importlib import resources

    return TrainedModel.from_json(resources.files("docket.linkage").joinpath("default_model.json").read_text())
