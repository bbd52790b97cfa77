"""Presentation of numbers on the pages: signed match weights, probabilities, bar widths, anchors.

Bars are sized by CSS classes (``w-0`` to ``w-20``, 5 % steps) because the pages' content security
policy allows no inline styles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BAR_STEPS = 20


def signed(value: float) -> str:
    """``+7.64`` or ``−1.60`` (a true minus sign), ``0.00`` for nothing."""
    if round(value, 2) == 0:
        return "0.00"
    return f"{value:+.2f}".replace("-", "\u2212")


def probability(value: float) -> str:
    if value > 0.99995:
        return "above 0.9999"
    if value < 0.00005:
        return "below 0.0001"
    return f"{value:.4f}"


def weight_scale(explanation: Mapping[str, Any]) -> float:
    """The largest weight (in absolute value) of an explanation: the full length of a bar."""
    weights = [abs(float(c["total"])) for c in explanation.get("comparisons", ())]
    return max([abs(float(explanation.get("prior_weight", 0.0))), *weights, 1.0])


def bar_width(value: float, scale: float) -> str:
    """The CSS class of a bar ``value`` long on a chart whose longest bar is ``scale``."""
    steps = round(abs(value) / scale * BAR_STEPS) if scale else 0
    if value and not steps:
        steps = 1  # a non-zero weight stays visible
    return f"w-{min(steps, BAR_STEPS)}"


def anchor(ref: str) -> str:
    """An element id for a record ``SOURCE:RECORD_ID``."""
    return "rec-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in ref)


FILTERS = {
    "signed": signed,
    "probability": probability,
    "weight_scale": weight_scale,
    "bar_width": bar_width,
    "anchor": anchor,
}
