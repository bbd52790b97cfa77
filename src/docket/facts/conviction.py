"""Convictions by offense category (the closed list of DESIGN.md §4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import RecordKind
from docket.facts.model import Conviction, IsVerified, Support
from docket.facts.timeline import chronological, event_date, of_kind


def derive_convictions(records: Sequence[PersonRecord], is_verified: IsVerified) -> tuple[Conviction, ...]:
    return tuple(
        Conviction(category, event_date(record), Support.of([record], is_verified))
        for record in chronological(of_kind(records, RecordKind.CONVICTION))
        if (category := record.get("offense_category"))
    )


def latest_conviction(convictions: Sequence[Conviction]) -> Conviction | None:
    dated = [conviction for conviction in convictions if conviction.event_date is not None]
    return max(dated, key=lambda conviction: conviction.event_date or date.min, default=None)
