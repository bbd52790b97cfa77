"""The whitelisted facts the policy engine may read, each with the records behind it.

Only these names leave the facts engine for policy. None of them is an identity field: no name,
birth date, nationality, passport country or sex. ``age_band`` is a coarse bucket (minor, adult,
senior) derived from date_of_birth and is meant for the "advanced or tender age" mitigating factor
only; the policy validator refuses it anywhere else. A fact with no record behind it is absent,
never False: ``protected`` is either True or missing, and so is ``last_entry_admitted``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from docket.facts.conviction import latest_conviction
from docket.facts.model import Support, years_between

if TYPE_CHECKING:
    from docket.facts.person import PersonFacts

BORDER_SECURITY_DATE = date(2020, 11, 1)

POLICY_INPUT_NAMES: tuple[str, ...] = (
    "protected",
    "overstay",
    "final_order_in_force",
    "conviction_categories",
    "conviction_count",
    "latest_conviction_date",
    "years_since_latest_conviction",
    "last_entry_date",
    "entered_after_2020_11_01",
    "last_entry_admitted",
    "departed_strong",
    "years_present",
    "age_band",
    "pending_application",
)


@dataclass(frozen=True)
class PolicyInput:
    """One fact as policy sees it. ``items`` gives per-element support for set-valued facts."""

    value: object
    support: Support
    items: tuple[tuple[str, Support], ...] = ()


Entries = Iterator[tuple[str, PolicyInput]]


def build_inputs(facts: PersonFacts) -> dict[str, PolicyInput]:
    inputs: dict[str, PolicyInput] = {}
    for builder in _BUILDERS:
        inputs.update(builder(facts))
    return inputs


def _protection(facts: PersonFacts) -> Entries:
    if facts.protection is not None:
        yield "protected", PolicyInput(True, facts.protection.support)


def _admission(facts: PersonFacts) -> Entries:
    admission = facts.admission
    if admission is None:
        return
    entry = admission.entry_support
    yield "last_entry_date", PolicyInput(admission.last_entry_date, entry)
    recent = admission.last_entry_date > BORDER_SECURITY_DATE
    yield "entered_after_2020_11_01", PolicyInput(recent, entry)
    if admission.until_support is not None:
        yield "last_entry_admitted", PolicyInput(True, admission.until_support)
    if admission.overstay is not None:
        yield "overstay", PolicyInput(admission.overstay, admission.support)


def _orders(facts: PersonFacts) -> Entries:
    if facts.final_order is not None:
        yield "final_order_in_force", PolicyInput(facts.final_order.in_force, facts.final_order.support)


def _departure(facts: PersonFacts) -> Entries:
    departure = facts.departure
    if departure is not None:
        strong = departure.departed and departure.strength == "strong"
        yield "departed_strong", PolicyInput(strong, departure.support)


def _convictions(facts: PersonFacts) -> Entries:
    if not facts.convictions:
        return
    by_category: dict[str, Support] = {}
    for conviction in facts.convictions:
        known = by_category.get(conviction.offense_category)
        by_category[conviction.offense_category] = (
            conviction.support if known is None else known.plus(conviction.support)
        )
    everything = _merged(list(by_category.values()))
    items = tuple(sorted(by_category.items()))
    yield "conviction_categories", PolicyInput(tuple(name for name, _ in items), everything, items)
    yield "conviction_count", PolicyInput(len(facts.convictions), everything)
    latest = latest_conviction(facts.convictions)
    if latest is not None and latest.event_date is not None:
        yield "latest_conviction_date", PolicyInput(latest.event_date, latest.support)
        years = years_between(latest.event_date, facts.today)
        yield "years_since_latest_conviction", PolicyInput(years, latest.support)


def _presence(facts: PersonFacts) -> Entries:
    if facts.presence is not None:
        yield "years_present", PolicyInput(facts.presence.years, facts.presence.support)


def _age(facts: PersonFacts) -> Entries:
    if facts.age_band is not None:
        yield "age_band", PolicyInput(facts.age_band.band, facts.age_band.support)


def _pending(facts: PersonFacts) -> Entries:
    if facts.pending_application is not None:
        yield "pending_application", PolicyInput(True, facts.pending_application.support)


def _merged(supports: list[Support]) -> Support:
    merged = supports[0]
    for support in supports[1:]:
        merged = merged.plus(support)
    return merged


_BUILDERS: tuple[Callable[[PersonFacts], Entries], ...] = (
    _protection,
    _admission,
    _orders,
    _departure,
    _convictions,
    _presence,
    _age,
    _pending,
)
