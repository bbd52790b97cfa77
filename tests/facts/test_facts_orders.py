from tests.person_records import TODAY, conviction, order

from docket.domain.vocabulary import OrderType
from docket.facts import derive_facts


def test_final_order_in_force() -> None:
    facts = derive_facts([order("final_order", "2019-01-01", "o1")], TODAY)
    assert facts.final_order is not None and facts.final_order.in_force
    assert facts.final_order.support.refs == ("eoir:o1",)


def test_vacated_order_is_not_in_force() -> None:
    records = [order("final_order", "2019-01-01", "o1"), order("order_vacated", "2020-03-01", "v1")]
    facts = derive_facts(records, TODAY)
    assert facts.policy_inputs()["final_order_in_force"] is False
    (only,) = facts.orders
    assert only.order_type == OrderType.FINAL_ORDER
    assert not only.in_force and only.vacated_by == "eoir:v1"
    assert set(facts.final_order.support.refs) == {"eoir:o1", "eoir:v1"}  # type: ignore[union-attr]


def test_order_after_a_vacatur_is_in_force() -> None:
    records = [
        order("final_order", "2010-01-01"),
        order("order_vacated", "2012-01-01"),
        order("final_order", "2016-01-01", "o2"),
    ]
    facts = derive_facts(records, TODAY)
    assert facts.final_order is not None and facts.final_order.in_force
    assert facts.final_order.support.refs == ("eoir:o2",)


def test_voluntary_departure_is_an_order_but_not_a_final_order() -> None:
    facts = derive_facts([order("voluntary_departure", "2019-01-01")], TODAY)
    assert len(facts.orders) == 1 and facts.orders[0].in_force
    assert "final_order_in_force" not in facts.policy_inputs()


def test_conviction_categories_with_dates() -> None:
    records = [conviction("theft", "2010-05-01", "c1"), conviction("homicide", "2015-02-01", "c2")]
    facts = derive_facts(records, TODAY)
    assert [(c.offense_category, c.event_date.isoformat()) for c in facts.convictions] == [  # type: ignore[union-attr]
        ("theft", "2010-05-01"),
        ("homicide", "2015-02-01"),
    ]
    inputs = facts.policy_inputs()
    assert inputs["conviction_categories"] == ("homicide", "theft")
    assert inputs["conviction_count"] == 2
    assert inputs["latest_conviction_date"].isoformat() == "2015-02-01"  # type: ignore[attr-defined]
    assert inputs["years_since_latest_conviction"] == 9
    assert facts.evidence_for("conviction_categories", ["homicide"]) == (("courts:c2",), True)
