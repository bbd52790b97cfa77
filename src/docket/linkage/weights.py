"""The stored model's weights as plain numbers, read through Splink's own settings objects.

Splink decides what weight a level carries (clamping, defaults for unobserved levels, which u
probability a term-frequency adjustment is measured against). Rather than re-derive those rules we
load the model JSON into Splink's ``Settings`` and read the numbers it would put into its SQL, so
incremental scoring and explanations use exactly Splink's weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from docket.linkage.levels import ComparisonSpec
from docket.linkage.model import COMPARISONS, TrainedModel


@dataclass(frozen=True)
class LevelWeight:
    gamma: int
    label: str
    weight: float
    tf_column: str | None = None
    tf_log2_u_exact: float = 0.0
    tf_weight: float = 0.0
    tf_minimum_u: float = 0.0

    def tf_adjustment(self, tf_left: float | None, tf_right: float | None) -> float:
        """Splink's TF adjustment: weight * (log2 u_exact - log2 max(tf_l, tf_r, min_u))."""
        if not self.tf_column or self.tf_weight == 0:
            return 0.0
        known = [t for t in (tf_left, tf_right) if t is not None]
        if not known:
            return 0.0
        return self.tf_weight * (self.tf_log2_u_exact - math.log2(max(*known, self.tf_minimum_u)))


@dataclass(frozen=True)
class ComparisonWeights:
    spec: ComparisonSpec
    levels: dict[int, LevelWeight]


class ModelWeights:
    """Per-comparison level weights, the prior, and the model's TF tables."""

    def __init__(self, model: TrainedModel) -> None:
        self.model = model
        self.prior_weight = math.log2(model.prior / (1.0 - model.prior))
        self.comparisons = self._read(model.splink)
        self.tf_tables = model.tf_tables

    @staticmethod
    def _read(splink_json: dict[str, Any]) -> list[ComparisonWeights]:
        from splink import SettingsCreator

        settings = SettingsCreator.from_path_or_dict(splink_json).get_settings("duckdb")
        specs = {c.name: c for c in COMPARISONS}
        return [
            ComparisonWeights(specs[c.output_column_name], {
                lvl.comparison_vector_value: _level_weight(lvl, c.comparison_levels)
                for lvl in c.comparison_levels
            })
            for c in settings.comparisons
        ]

    @cached_property
    def names(self) -> list[str]:
        return [c.spec.name for c in self.comparisons]

    def tf(self, column: str, value: Any) -> float | None:
        if value is None:
            return None
        return self.tf_tables.get(column, {}).get(str(value))


def _level_weight(level: Any, siblings: list[Any]) -> LevelWeight:
    if level.is_null_level:
        return LevelWeight(-1, level.label_for_charts or "null", 0.0)
    tf_column = level._tf_adjustment_input_column_name if level._has_tf_adjustments else None
    log2_u = math.log2(level._u_probability_corresponding_to_exact_match(siblings)) if tf_column else 0.0
    return LevelWeight(
        gamma=level.comparison_vector_value,
        label=level.label_for_charts or "",
        weight=float(level._match_weight),
        tf_column=tf_column,
        tf_log2_u_exact=log2_u,
        tf_weight=float(level._tf_adjustment_weight or 0.0) if tf_column else 0.0,
        tf_minimum_u=float(level._tf_minimum_u_value or 0.0),
    )


def probability(match_weight: float) -> float:
    """Splink's match probability from a match weight, computed the numerically stable way."""
    if match_weight >= 0:
        return 1.0 / (1.0 + 2.0 ** (-match_weight))
    return 2.0**match_weight / (1.0 + 2.0**match_weight)
