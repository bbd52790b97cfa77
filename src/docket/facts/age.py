"""A coarse age band from date_of_birth, for the "advanced or tender age" mitigating factor.

Only the band leaves this module. When the person's records disagree on the birth date and the bands
differ, the band that can mitigate (minor or senior) is kept: doubt never counts against a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docket.domain.records import PersonRecord
from docket.facts.model import AgeBand, IsVerified, Support, years_between

MINOR_UNDER = 18
SENIOR_FROM = 65
AGE_BANDS = ("minor", "adult", "senior")


def band_for(birth: date, today: date) -> str:
    age = years_between(birth, today)
    if age < MINOR_UNDER:
        return "minor"
    return "senior" if age >= SENIOR_FROM else "adult"


def derive_age_band(records: Sequence[PersonRecord], today: date, is_verified: IsVerified) -> AgeBand | None:
    by_band: dict[str, list[PersonRecord]] = {}
    for record in records:
        birth = _birth_date(record)
        if birth is not None and birth <= today:
            by_band.setdefault(band_for(birth, today), []).append(record)
    if not by_band:
        return None
    band = next((band for band in ("minor", "senior") if band in by_band), "adult")
    return AgeBand(band=band, support=Support.of(by_band[band], is_verified))


def _birth_date(record: PersonRecord) -> date | None:
    try:
        return record.get_date("date_of_birth")
    except ValueError:
        return None
