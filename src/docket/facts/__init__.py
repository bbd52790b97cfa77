"""The facts engine: a person's records in, derived facts with their supporting records out."""

from docket.facts.derive import derive_facts
from docket.facts.inputs import POLICY_INPUT_NAMES, PolicyInput
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
from docket.facts.person import PersonFacts

__all__ = [
    "POLICY_INPUT_NAMES",
    "Admission",
    "AgeBand",
    "Conviction",
    "Departure",
    "FinalOrder",
    "PendingApplication",
    "PersonFacts",
    "PolicyInput",
    "Presence",
    "Protection",
    "RemovalOrder",
    "Support",
    "derive_facts",
]
