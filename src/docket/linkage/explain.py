"""Why two records were (or were not) judged the same person: every comparison and its weight."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docket.linkage.model import TrainedModel
from docket.linkage.prepare import prepare_record
from docket.linkage.scoring import PairScorer
from docket.linkage.weights import ModelWeights, probability


@dataclass(frozen=True)
class ComparisonEvidence:
    comparison: str
    gamma: int
    level: str
    match_weight: float
    tf_adjustment: float

    @property
    def total(self) -> float:
        return self.match_weight + self.tf_adjustment


@dataclass(frozen=True)
class Explanation:
    key_l: int
    key_r: int
    model_version: str
    prior_weight: float
    comparisons: tuple[ComparisonEvidence, ...]

    @property
    def match_weight(self) -> float:
        return self.prior_weight + sum(c.total for c in self.comparisons)

    @property
    def match_probability(self) -> float:
        return probability(self.match_weight)

    def to_dict(self) -> dict[str, Any]:
        """As data for the API (written out field by field: ``asdict`` deep-copies, and a case
        file read renders one of these per link)."""
        comparisons = [{"comparison": c.comparison, "gamma": c.gamma, "level": c.level,
                        "match_weight": c.match_weight, "tf_adjustment": c.tf_adjustment,
                        "total": c.total} for c in self.comparisons]
        return {"key_l": self.key_l, "key_r": self.key_r, "model_version": self.model_version,
                "prior_weight": self.prior_weight, "comparisons": comparisons,
                "match_weight": self.match_weight, "match_probability": self.match_probability}

    def to_text(self) -> str:
        lines = [f"records {self.key_l} and {self.key_r} (model {self.model_version})",
                 f"  {'prior':<16} {'':<36} {self.prior_weight:+8.2f}"]
        for c in self.comparisons:
            tf = f" (term frequency {c.tf_adjustment:+.2f})" if c.tf_adjustment else ""
            lines.append(f"  {c.comparison:<16} {c.level:<36} {c.total:+8.2f}{tf}")
        lines.append(f"  {'total':<16} {'':<36} {self.match_weight:+8.2f}"
                     f"  probability {self.match_probability:.6f}")
        return "\n".join(lines)


def explain(model: TrainedModel, left: Mapping[str, Any], right: Mapping[str, Any],
            scorer: PairScorer | None = None) -> Explanation:
    """Explain the pair of two raw records (linkage input rows) under ``model``."""
    scorer = scorer or PairScorer(ModelWeights(model))
    a, b = prepare_record(left), prepare_record(right)
    evidence = tuple(ComparisonEvidence(p.comparison, p.gamma, p.label, p.weight, p.tf_adjustment)
                     for p in scorer.parts(a, b))
    return Explanation(a["unique_id"], b["unique_id"], model.version,
                       scorer.weights.prior_weight, evidence)
