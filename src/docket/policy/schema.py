"""What a policy pack may read and say: the closed lists the validator enforces.

The fact whitelist lives here, in the policy engine, because the two engines are independent
siblings (DESIGN.md §2); a test checks that it names exactly the facts ``docket.facts`` derives.
Fields in ``POLICY_FORBIDDEN_INPUTS`` (nationality, sex, language...) are refused by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from docket.domain.vocabulary import OFFENSE_CATEGORIES

LEGAL_GROUNDS: tuple[str, ...] = ("national_security", "public_safety", "border_security")
NOT_A_PRIORITY = "not_a_priority"

AGE_BANDS: tuple[str, ...] = ("minor", "adult", "senior")


@dataclass(frozen=True)
class FactType:
    """``kind`` is one of bool, int, date, str, set; ``choices`` closes the values of str and set facts."""

    kind: str
    choices: tuple[str, ...] = ()


FACT_TYPES: dict[str, FactType] = {
    "protected": FactType("bool"),
    "overstay": FactType("bool"),
    "final_order_in_force": FactType("bool"),
    "conviction_categories": FactType("set", OFFENSE_CATEGORIES),
    "conviction_count": FactType("int"),
    "latest_conviction_date": FactType("date"),
    "years_since_latest_conviction": FactType("int"),
    "last_entry_date": FactType("date"),
    "entered_after_2020_11_01": FactType("bool"),
    "last_entry_admitted": FactType("bool"),
    "departed_strong": FactType("bool"),
    "years_present": FactType("int"),
    "age_band": FactType("str", AGE_BANDS),
    "pending_application": FactType("bool"),
}

OPS_BY_KIND: dict[str, frozenset[str]] = {
    "bool": frozenset({"is_true", "is_false", "eq", "ne"}),
    "int": frozenset({"eq", "ne", "in", "gte", "lte"}),
    "date": frozenset({"eq", "ne", "gte", "lte"}),
    "str": frozenset({"eq", "ne", "in"}),
    "set": frozenset({"intersects"}),
}
ALL_OPS = frozenset().union(*OPS_BY_KIND.values())
VALUELESS_OPS = frozenset({"is_true", "is_false"})
LIST_OPS = frozenset({"in", "intersects"})

# Facts that only say a person is removable; a rule must need more than these to fire.
REMOVABILITY_FACTS = frozenset({"overstay", "final_order_in_force"})
# Facts allowed only where they can help a person (mitigating factors).
MITIGATING_ONLY_FACTS = frozenset({"age_band"})
