"""Score one record pair in Python with the stored model, the way Splink's SQL does.

Hand-written because Splink's own single-pair scoring (``score_pair``) builds and runs a SQL pipeline
per call, milliseconds each, too slow for interactive matching against a million records. Nothing
statistical happens here: the levels are the model's own (``levels.py``) and the numbers are read
from Splink's settings objects (``weights.py``); the sum is Splink's: prior weight plus each
comparison's level weight plus its term-frequency adjustment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docket.linkage.weights import LevelWeight, ModelWeights, probability


@dataclass(frozen=True)
class Part:
    """One comparison's contribution to a pair's match weight."""

    comparison: str
    gamma: int
    label: str
    weight: float
    tf_adjustment: float

    @property
    def total(self) -> float:
        return self.weight + self.tf_adjustment


class PairScorer:
    def __init__(self, weights: ModelWeights) -> None:
        self.weights = weights
        self._tf_cache: dict[tuple[str, Any], float | None] = {}

    def parts(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> list[Part]:
        out = []
        for comparison in self.weights.comparisons:
            level = comparison.levels[comparison.spec.gamma(left, right)]
            out.append(Part(comparison.spec.name, level.gamma, level.label, level.weight,
                            self._tf_adjustment(level, left, right)))
        return out

    def weight(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> float:
        return self.score(left, right)[0]

    def score(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> tuple[float, tuple[int, ...]]:
        """The match weight and each comparison's gamma (in ``weights.names`` order), from one
        evaluation of the levels: the vetoes read the gammas of the pair just weighed, and
        evaluating the levels is most of the cost of scoring a pair."""
        total = self.weights.prior_weight
        gammas = []
        for comparison in self.weights.comparisons:
            level = comparison.levels[comparison.spec.gamma(left, right)]
            gammas.append(level.gamma)
            total += level.weight
            if level.tf_column:
                total += self._tf_adjustment(level, left, right)
        return total, tuple(gammas)

    def probability(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> float:
        return probability(self.weight(left, right))

    def _tf_adjustment(self, level: LevelWeight, left: Mapping[str, Any],
                       right: Mapping[str, Any]) -> float:
        if not level.tf_column:
            return 0.0
        column = level.tf_column
        return level.tf_adjustment(self._tf(column, left[column]), self._tf(column, right[column]))

    def _tf(self, column: str, value: Any) -> float | None:
        key = (column, value)
        if key not in self._tf_cache:
            self._tf_cache[key] = self.weights.tf(column, value)
        return self._tf_cache[key]
