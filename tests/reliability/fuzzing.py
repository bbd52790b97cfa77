"""Running a fuzz target under Hypothesis and judging its refusals.

A target takes one generated input and returns how it ended ("accepted", "refused", ...). It may
raise only a ``DocketError`` naming the place (file path, key, rule id) and the reason; anything
else escapes and Hypothesis shrinks it to a minimal failing input.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from docket.errors import DocketError
from tests.reliability.figures import record

DEFAULT_EXAMPLES = 200
FULL_EXAMPLES = 1500  # per target; the full campaign runs every target, well over 10,000 inputs in all


def examples(full: bool) -> int:
    chosen = os.environ.get("DOCKET_FUZZ_EXAMPLES")
    return int(chosen) if chosen else (FULL_EXAMPLES if full else DEFAULT_EXAMPLES)


def run_fuzz(name: str, strategy: st.SearchStrategy[Any], target: Callable[[Any], str], count: int) -> Counter[str]:
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def fuzz(value: Any) -> None:
        note(f"input: {value!r:.3000}")
        outcomes[target(value)] += 1

    started = time.monotonic()
    fuzz()
    elapsed = time.monotonic() - started
    summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
    record("fuzzing", f"{name}: {sum(outcomes.values())} inputs in {elapsed:.1f} s ({summary})")
    return outcomes


def refusal(error: DocketError, *places: str) -> str:
    """Check that a refusal names one of ``places`` and gives a reason; 'refused'."""
    texts = [error.message, *error.errors]
    assert any(place in error.message for place in places), f"refusal names none of {places}: {error.message!r}"
    for text in error.errors:
        assert any(place in text for place in places), f"a listed problem names none of {places}: {text!r}"
    for text in texts:
        place = next((p for p in places if p in text), "")
        assert text.replace(place, "").strip(" :"), f"a problem names its place but gives no reason: {text!r}"
    return "refused"
