"""Evaluating a pack against a person's facts: a tier, the grounds, and an explanation.

Adverse conclusions rest on verified facts only: a rule establishes its ground, and an aggravating
factor adds weight, only when its condition holds on facts whose every supporting record is
verified-linked. Facts that help the person (a rule's ``unless``, mitigating factors) count whatever
their verification. A rule that fires only thanks to unverified links is shown as pending
verification, not counted. Each outcome names the records behind it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Protocol

from docket.errors import Invalid
from docket.policy.conditions import Condition, Match, facts_read, match
from docket.policy.pack import Factor, PolicyPack, Rule
from docket.policy.schema import NOT_A_PRIORITY


class FactView(Protocol):
    """What policy needs from ``docket.facts.PersonFacts`` (the engines do not import each other)."""

    def policy_inputs(self, verified_only: bool = False) -> dict[str, object]: ...

    def evidence_for(self, name: str, items: Collection[str] = ()) -> tuple[tuple[str, ...], bool] | None: ...


@dataclass(frozen=True)
class Outcome:
    """One rule or factor as evaluated. ``fired``: holds on all facts; ``verified``: holds on verified
    facts (for reviewer-attested factors: attested). ``counted``: it contributed to the result."""

    id: str
    kind: str  # "rule", "aggravating" or "mitigating"
    description: str
    grounds: tuple[str, ...]
    weight: int
    fired: bool
    verified: bool
    counted: bool
    reviewer_attested: bool
    records: tuple[str, ...]
    facts: tuple[str, ...]
    missing: tuple[str, ...]
    excepted: bool = False


@dataclass(frozen=True)
class GroundAssessment:
    ground: str
    supported: bool
    pending_verification: bool
    rules: tuple[str, ...]
    score: int | None
    tier: str


@dataclass(frozen=True)
class Evaluation:
    pack_name: str
    pack_version: str
    pack_sha256: str
    ground: str | None
    tier: str
    supported: bool
    grounds: tuple[GroundAssessment, ...]
    outcomes: tuple[Outcome, ...]

    def outcome(self, item_id: str) -> Outcome:
        return next(outcome for outcome in self.outcomes if outcome.id == item_id)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class _Views:
    facts: FactView
    full: Mapping[str, object]
    verified: Mapping[str, object]
    attested: frozenset[str]


def evaluate(
    pack: PolicyPack, facts: FactView, ground: str | None = None, attested: Collection[str] = ()
) -> Evaluation:
    """Evaluate ``pack`` for one ground (or every ground of the pack). ``attested`` lists the ids of
    reviewer-attested factors a supervisor recorded for this case."""
    _check_request(pack, ground, attested)
    views = _Views(facts, facts.policy_inputs(), facts.policy_inputs(verified_only=True), frozenset(attested))
    outcomes = tuple(
        [_rule_outcome(rule, views) for rule in pack.rules]
        + [_factor_outcome(factor, views) for factor in pack.factors]
    )
    grounds = (ground,) if ground is not None else pack.legal_grounds
    assessments = tuple(_assess(pack, name, outcomes) for name in grounds)
    return Evaluation(
        pack_name=pack.name,
        pack_version=pack.version,
        pack_sha256=pack.sha256,
        ground=ground,
        tier=_best_tier(pack, assessments),
        supported=any(assessment.supported for assessment in assessments),
        grounds=assessments,
        outcomes=_mark_counted(outcomes, assessments),
    )


def _check_request(pack: PolicyPack, ground: str | None, attested: Collection[str]) -> None:
    if ground is not None and ground not in pack.legal_grounds:
        raise Invalid(f"ground {ground!r} is not a legal ground of pack {pack.name} {pack.version}")
    unknown = sorted(set(attested) - set(pack.attestable()))
    if unknown:
        raise Invalid(f"not reviewer-attested factors of pack {pack.name}: {', '.join(unknown)}")


def _rule_outcome(rule: Rule, views: _Views) -> Outcome:
    on_all, on_verified = match(rule.when, views.full), match(rule.when, views.verified)
    exception = match(rule.unless, views.full) if rule.unless is not None else Match(False)
    records = _records(views.facts, on_all) if on_all.met else ()
    records += _records(views.facts, exception) if exception.met else ()
    return Outcome(
        id=rule.id,
        kind="rule",
        description=rule.description,
        grounds=(rule.ground,),
        weight=rule.weight,
        fired=on_all.met and not exception.met,
        verified=on_verified.met and not exception.met,
        counted=False,
        reviewer_attested=False,
        records=tuple(dict.fromkeys(records)),
        facts=_read(rule.when, rule.unless),
        missing=on_all.missing,
        excepted=on_all.met and exception.met,
    )


def _factor_outcome(factor: Factor, views: _Views) -> Outcome:
    if factor.when is None:
        attested = factor.id in views.attested
        return _factor(factor, attested, attested, (), (), ())
    on_all = match(factor.when, views.full)
    # Aggravating factors count only on verified facts; mitigating ones on every fact.
    on_verified = match(factor.when, views.verified) if factor.kind == "aggravating" else on_all
    records = _records(views.facts, on_all) if on_all.met else ()
    return _factor(factor, on_all.met, on_verified.met, records, _read(factor.when, None), on_all.missing)


def _factor(
    factor: Factor,
    fired: bool,
    verified: bool,
    records: tuple[str, ...],
    facts: tuple[str, ...],
    missing: tuple[str, ...],
) -> Outcome:
    return Outcome(
        id=factor.id,
        kind=factor.kind,
        description=factor.description,
        grounds=factor.grounds,
        weight=factor.weight,
        fired=fired,
        verified=verified,
        counted=False,
        reviewer_attested=factor.reviewer_attested,
        records=tuple(dict.fromkeys(records)),
        facts=facts,
        missing=missing,
    )


def _records(facts: FactView, result: Match) -> tuple[str, ...]:
    refs: list[str] = []
    for name, items in result.hits:
        evidence = facts.evidence_for(name, items)
        if evidence is not None:
            refs.extend(evidence[0])
    return tuple(refs)


def _read(when: Condition, unless: Condition | None) -> tuple[str, ...]:
    names = facts_read(when) + (facts_read(unless) if unless is not None else ())
    return tuple(dict.fromkeys(names))


def _assess(pack: PolicyPack, ground: str, outcomes: tuple[Outcome, ...]) -> GroundAssessment:
    rules = [o for o in outcomes if o.kind == "rule" and ground in o.grounds]
    established = [o for o in rules if o.verified]
    pending = any(o.fired and not o.verified for o in rules)
    if not established:
        return GroundAssessment(ground, False, pending, (), None, NOT_A_PRIORITY)
    score = max(o.weight for o in established)
    score += sum(o.weight for o in _applying(outcomes, "aggravating", ground))
    score -= sum(o.weight for o in _applying(outcomes, "mitigating", ground))
    ids = tuple(o.id for o in established)
    return GroundAssessment(ground, True, pending, ids, score, _tier_for(pack, score))


def _applying(outcomes: tuple[Outcome, ...], kind: str, ground: str) -> list[Outcome]:
    return [o for o in outcomes if o.kind == kind and ground in o.grounds and o.verified]


def _tier_for(pack: PolicyPack, score: int) -> str:
    return next((name for name, minimum in pack.tiers if score >= minimum), NOT_A_PRIORITY)


def _best_tier(pack: PolicyPack, assessments: tuple[GroundAssessment, ...]) -> str:
    order = [name for name, _ in pack.tiers] + [NOT_A_PRIORITY]
    return min((a.tier for a in assessments), key=order.index, default=NOT_A_PRIORITY)


def _mark_counted(outcomes: tuple[Outcome, ...], assessments: tuple[GroundAssessment, ...]) -> tuple[Outcome, ...]:
    """An outcome counted if it established a supported ground or weighed on one."""
    supported = {a.ground for a in assessments if a.supported}
    established = {rule for a in assessments for rule in a.rules}
    marked = []
    for o in outcomes:
        weighs = o.kind != "rule" and o.verified and bool(supported & set(o.grounds))
        counted = o.id in established or weighs
        marked.append(replace(o, counted=counted))
    return tuple(marked)
