"""The policy engine: published, versioned packs over whitelisted facts; a tier and an explanation."""

from docket.policy.catalog import DEFAULT_PACK, load_named, packs_available
from docket.policy.evaluation import Evaluation, FactView, GroundAssessment, Outcome, evaluate
from docket.policy.pack import Factor, PolicyPack, Rule, load_pack
from docket.policy.schema import FACT_TYPES, LEGAL_GROUNDS, NOT_A_PRIORITY

__all__ = [
    "DEFAULT_PACK",
    "FACT_TYPES",
    "LEGAL_GROUNDS",
    "NOT_A_PRIORITY",
    "Evaluation",
    "FactView",
    "Factor",
    "GroundAssessment",
    "Outcome",
    "PolicyPack",
    "Rule",
    "evaluate",
    "load_named",
    "load_pack",
    "packs_available",
]
