"""PersonFacts: everything derived about one person, with provenance, for a case file and for policy."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from docket.facts.inputs import PolicyInput, build_inputs
from docket.facts.model import (
    Admission,
    AgeBand,
    Conviction,
    Departure,
    FinalOrder,
    PendingApplication,
    Presence,
    Protection,
    RemovalOrder,
    Support,
)


@dataclass(frozen=True)
class PersonFacts:
    today: date
    protection: Protection | None = None
    admission: Admission | None = None
    orders: tuple[RemovalOrder, ...] = ()
    final_order: FinalOrder | None = None
    departure: Departure | None = None
    convictions: tuple[Conviction, ...] = ()
    presence: Presence | None = None
    age_band: AgeBand | None = None
    pending_application: PendingApplication | None = None

    @property
    def protected(self) -> bool:
        return self.protection is not None

    @cached_property
    def inputs(self) -> dict[str, PolicyInput]:
        return build_inputs(self)

    def policy_inputs(self, verified_only: bool = False) -> dict[str, object]:
        """The whitelisted facts by name. With ``verified_only``, only facts whose every supporting
        record is verified-linked (for sets, only the elements so supported)."""
        result: dict[str, object] = {}
        for name, item in self.inputs.items():
            if not verified_only:
                result[name] = item.value
            elif item.items:
                kept = tuple(element for element, support in item.items if support.verified)
                if kept:
                    result[name] = kept
            elif item.support.verified:
                result[name] = item.value
        return result

    def evidence_for(self, name: str, items: Collection[str] = ()) -> tuple[tuple[str, ...], bool] | None:
        """(record refs, verified) behind a policy input; for a set, behind the named elements."""
        item = self.inputs.get(name)
        if item is None:
            return None
        chosen = [support for element, support in item.items if element in items]
        support = item.support
        if chosen:
            support = chosen[0]
            for other in chosen[1:]:
                support = support.plus(other)
        return support.refs, support.verified

    def to_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "protection": _protection(self.protection),
            "admission": _admission(self.admission),
            "orders": [_order(order) for order in self.orders],
            "final_order": _final(self.final_order),
            "departure": _departure(self.departure),
            "convictions": [_conviction(conviction) for conviction in self.convictions],
            "presence": _presence(self.presence),
            "age_band": _age(self.age_band),
            "pending_application": _pending(self.pending_application),
            "policy_inputs": {name: _json(value) for name, value in self.policy_inputs().items()},
        }


def _json(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _with(support: Support, **values: object) -> dict[str, object]:
    return {**{key: _json(value) for key, value in values.items()}, **support.to_dict()}


def _protection(fact: Protection | None) -> dict[str, object] | None:
    if fact is None:
        return None
    statuses = [str(status) for status in fact.statuses]
    return _with(fact.support, status=str(fact.status), by_birth=fact.by_birth, statuses=statuses)


def _admission(fact: Admission | None) -> dict[str, object] | None:
    if fact is None:
        return None
    return _with(
        fact.support,
        last_entry_date=fact.last_entry_date,
        admitted_until=fact.admitted_until,
        overstay=fact.overstay,
        ended_by=fact.ended_by,
    )


def _order(fact: RemovalOrder) -> dict[str, object]:
    return _with(
        fact.support,
        order_type=str(fact.order_type),
        event_date=fact.event_date,
        in_force=fact.in_force,
        vacated_by=fact.vacated_by,
    )


def _final(fact: FinalOrder | None) -> dict[str, object] | None:
    return None if fact is None else _with(fact.support, in_force=fact.in_force)


def _departure(fact: Departure | None) -> dict[str, object] | None:
    if fact is None:
        return None
    return _with(fact.support, event_date=fact.event_date, strength=fact.strength, departed=fact.departed)


def _conviction(fact: Conviction) -> dict[str, object]:
    return _with(fact.support, offense_category=fact.offense_category, event_date=fact.event_date)


def _presence(fact: Presence | None) -> dict[str, object] | None:
    return None if fact is None else _with(fact.support, since=fact.since, years=fact.years)


def _age(fact: AgeBand | None) -> dict[str, object] | None:
    return None if fact is None else _with(fact.support, band=fact.band)


def _pending(fact: PendingApplication | None) -> dict[str, object] | None:
    return None if fact is None else fact.support.to_dict()
