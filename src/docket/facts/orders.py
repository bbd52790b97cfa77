"""Removal orders. An ``order_vacated`` record vacates every order dated on or before it; an order
later vacated is not in force. When either date is missing the vacatur is taken to apply, since an
order whose vacatur cannot be ruled out is not treated as in force.
"""

from __future__ import annotations

from collections.abc import Sequence

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import OrderType, RecordKind
from docket.facts.model import FinalOrder, IsVerified, RemovalOrder, Support
from docket.facts.timeline import chronological, event_date, of_kind


def order_type_of(record: PersonRecord) -> OrderType | None:
    value = record.get("order_type")
    try:
        return OrderType(value) if value else None
    except ValueError:
        return None


def derive_orders(records: Sequence[PersonRecord], is_verified: IsVerified) -> tuple[RemovalOrder, ...]:
    orders = chronological(of_kind(records, RecordKind.REMOVAL_ORDER))
    vacaturs = [record for record in orders if order_type_of(record) == OrderType.ORDER_VACATED]
    return tuple(
        _order(record, vacaturs, is_verified)
        for record in orders
        if order_type_of(record) in (OrderType.FINAL_ORDER, OrderType.VOLUNTARY_DEPARTURE)
    )


def derive_final_order(orders: Sequence[RemovalOrder]) -> FinalOrder | None:
    finals = [order for order in orders if order.order_type == OrderType.FINAL_ORDER]
    if not finals:
        return None
    in_force = [order for order in finals if order.in_force]
    chosen = in_force or finals
    support = chosen[0].support
    for order in chosen[1:]:
        support = support.plus(order.support)
    return FinalOrder(in_force=bool(in_force), support=support)


def _order(record: PersonRecord, vacaturs: Sequence[PersonRecord], is_verified: IsVerified) -> RemovalOrder:
    order_type = order_type_of(record)
    assert order_type is not None
    vacatur = next((vacatur for vacatur in vacaturs if _vacates(vacatur, record)), None)
    support = Support.of([record] if vacatur is None else [record, vacatur], is_verified)
    return RemovalOrder(
        order_type=order_type,
        event_date=event_date(record),
        in_force=vacatur is None,
        vacated_by=None if vacatur is None else vacatur.ref,
        support=support,
    )


def _vacates(vacatur: PersonRecord, order: PersonRecord) -> bool:
    vacated_on, ordered_on = event_date(vacatur), event_date(order)
    return vacated_on is None or ordered_on is None or vacated_on >= ordered_on
