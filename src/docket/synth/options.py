"""Options of a generation, checked once at the door."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from docket.errors import Invalid


@dataclass(frozen=True)
class SynthOptions:
    """What ``generate(**options)`` accepts.

    ``as_of`` is "today" for the population: every event happens before it, admissions that end
    before it have passed. ``noise`` scales every error rate (0: records copy the truth, formats
    still vary). The three shares are the share of units drawn as each kind of hard negative.
    """

    as_of: date = date(2025, 1, 1)
    noise: float = 1.0
    twin_share: float = 0.02
    junior_senior_share: float = 0.02
    common_name_share: float = 0.05
    max_records: int = 5

    @classmethod
    def from_kwargs(cls, options: dict[str, Any]) -> SynthOptions:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise Invalid("unknown synth option", [f"{name}: not one of {sorted(known)}" for name in unknown])
        if isinstance(options.get("as_of"), str):
            try:
                options = {**options, "as_of": date.fromisoformat(options["as_of"])}
            except ValueError as exc:
                raise Invalid("invalid synth options", ["as_of: not an ISO date"]) from exc
        made = cls(**options)
        made.check()
        return made

    def check(self) -> None:
        problems = []
        if self.noise < 0:
            problems.append("noise: must be zero or more")
        shares = (self.twin_share, self.junior_senior_share, self.common_name_share)
        if any(s < 0 for s in shares) or sum(shares) > 1:
            problems.append("shares: each must be zero or more, together at most 1")
        if not 1 <= self.max_records <= 20:
            problems.append("max_records: must be between 1 and 20")
        if problems:
            raise Invalid("invalid synth options", problems)
