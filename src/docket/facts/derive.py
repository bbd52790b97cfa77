"""derive_facts: a person's records in, their status timeline out (DESIGN.md §5, §7).

Pure: no store, no clock (``today`` is passed in), no users. The caller hands in only the records the
purpose at hand allows (DESIGN.md §4 purpose limitation) and says which links are verified.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from docket.domain.records import PersonRecord
from docket.facts.admission import derive_admission
from docket.facts.age import derive_age_band
from docket.facts.conviction import derive_convictions
from docket.facts.departure import derive_departure
from docket.facts.orders import derive_final_order, derive_orders
from docket.facts.person import PersonFacts
from docket.facts.presence import derive_pending, derive_presence
from docket.facts.protection import derive_protection


def _all_verified(key: int) -> bool:
    return True


def derive_facts(
    records: Sequence[PersonRecord],
    today: date,
    verified: Callable[[int], bool] | None = None,
) -> PersonFacts:
    """Derive a person's facts. ``verified(record.key)`` says whether that record's link to the person
    is verified (default: every link is). Unverified records still count, but every fact they support
    is marked ``verified=False``."""
    is_verified = verified or _all_verified
    orders = derive_orders(records, is_verified)
    return PersonFacts(
        today=today,
        protection=derive_protection(records, is_verified),
        admission=derive_admission(records, today, is_verified),
        orders=orders,
        final_order=derive_final_order(orders),
        departure=derive_departure(records, is_verified),
        convictions=derive_convictions(records, is_verified),
        presence=derive_presence(records, today, is_verified),
        age_band=derive_age_band(records, today, is_verified),
        pending_application=derive_pending(records, is_verified),
    )
