"""Match new records against existing persons without a full re-run.

Candidates come from in-memory indexes keyed exactly like the model's blocking rules, so a new
record meets the same records Splink's batch blocking would have paired it with; each candidate
pair is scored by ``PairScorer`` with the stored model, giving Splink's match weight for that pair.
The decision applies the same thresholds and hard constraints as batch clustering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from docket.linkage.blocking import BLOCKING_RULES, BlockingRule
from docket.linkage.cluster import Thresholds
from docket.linkage.constraints import Profile, conflict, pair_index, pair_veto
from docket.linkage.model import TrainedModel
from docket.linkage.prepare import frame_records, prepare_frame, prepare_record
from docket.linkage.scoring import PairScorer
from docket.linkage.weights import ModelWeights, probability


@dataclass(frozen=True)
class Candidate:
    key: int
    person_id: str
    match_weight: float
    match_probability: float


@dataclass
class MatchResult:
    """The decision for one new record: the person it joins (new or existing) and why."""

    key: int
    person_id: str
    is_new_person: bool
    match_probability: float | None
    reason: str
    needs_review: bool = False
    candidates: list[Candidate] = field(default_factory=list)


class BlockingIndex:
    """Dicts from each blocking rule's key to the record keys carrying it.

    A broad (names-only) rule's block larger than ``max_broad_block`` is skipped: at a million
    records a very common name has thousands of holders, and a pair found by names alone can
    never link automatically (the names-only veto), so it would only feed the review queue.
    """

    def __init__(self, rules: Iterable[BlockingRule] = BLOCKING_RULES,
                 max_broad_block: int = 300) -> None:
        self.rules = tuple(rules)
        self.max_broad_block = max_broad_block
        self.tables: list[dict[tuple[Any, ...], list[int]]] = [{} for _ in self.rules]

    def add(self, record: Mapping[str, Any]) -> None:
        uid = record["unique_id"]
        for rule, table in zip(self.rules, self.tables, strict=True):
            key = rule.key(record, "left")
            if key is not None:
                table.setdefault(key, []).append(uid)

    def candidates(self, record: Mapping[str, Any]) -> set[int]:
        found: set[int] = set()
        for rule, table in zip(self.rules, self.tables, strict=True):
            # Rules are symmetric conditions, so looking the right-hand key up among left-hand
            # keys finds every partner (for the swapped-names rule too).
            key = rule.key(record, "right")
            block = table.get(key, ()) if key is not None else ()
            if not rule.broad or len(block) <= self.max_broad_block:
                found.update(block)
        found.discard(record["unique_id"])
        return found


class IncrementalMatcher:
    """Existing records and their persons, indexed for matching one new record at a time."""

    def __init__(self, model: TrainedModel, records: pd.DataFrame, assignment: Mapping[int, str],
                 *, thresholds: Thresholds | None = None,
                 cannot_link: Iterable[tuple[int, int]] = ()) -> None:
        self.scorer = PairScorer(ModelWeights(model))
        self.thresholds = thresholds or Thresholds()
        self.cannot_link = pair_index(cannot_link)
        self.index = BlockingIndex()
        self.records: dict[int, dict[str, Any]] = {}
        self.person_of: dict[int, str] = {}
        self.profiles: dict[str, Profile] = {}
        if len(records):
            for rec in frame_records(prepare_frame(records)):
                self._add_prepared(rec, assignment[rec["unique_id"]])

    def add(self, record: Mapping[str, Any], person_id: str) -> None:
        """Record that ``record`` (raw fields) now belongs to ``person_id``."""
        self._add_prepared(prepare_record(record), person_id)

    def _add_prepared(self, rec: dict[str, Any], person_id: str) -> None:
        key = rec["unique_id"]
        self.records[key] = rec
        self.person_of[key] = person_id
        self.index.add(rec)
        profile = Profile.of(rec)
        if person_id in self.profiles:
            self.profiles[person_id].absorb(profile)
        else:
            self.profiles[person_id] = profile

    def score(self, record: Mapping[str, Any]) -> list[Candidate]:
        """Every blocked candidate of a raw record, best first."""
        return self._score(prepare_record(record))

    def _score(self, rec: dict[str, Any]) -> list[Candidate]:
        out = []
        for key in self.index.candidates(rec):
            weight = self.scorer.weight(rec, self.records[key])
            out.append(Candidate(key, self.person_of[key], weight, probability(weight)))
        return sorted(out, key=lambda c: (-c.match_weight, c.key))

    def match(self, record: Mapping[str, Any], new_person_id: Callable[[], str]) -> MatchResult:
        """Decide the person of one new record, add it to the indexes, and say why."""
        rec = prepare_record(record)
        result = self._decide(rec, self._score(rec), new_person_id)
        self._add_prepared(rec, result.person_id)
        return result

    def match_batch(self, records: Iterable[Mapping[str, Any]],
                    new_person_id: Callable[[], str]) -> list[MatchResult]:
        """Match records one after another, so records of one batch can find each other."""
        return [self.match(r, new_person_id) for r in records]

    def _decide(self, rec: dict[str, Any], candidates: list[Candidate],
                new_person_id: Callable[[], str]) -> MatchResult:
        t = self.thresholds
        mine = Profile.of(rec)
        by_person: dict[str, list[Candidate]] = {}
        for cand in candidates:
            by_person.setdefault(cand.person_id, []).append(cand)
        blocked = None
        for person, cands in by_person.items():
            best = cands[0]
            if best.match_probability < t.review:
                break
            why = conflict(mine, self.profiles[person], self.cannot_link)
            if why:
                blocked = blocked or why
                continue
            strong = [c for c in cands if c.match_probability >= t.link]
            vetoes = [self._veto(rec, c) for c in strong]
            usable = next((c for c, v in zip(strong, vetoes, strict=True) if v is None), None)
            if usable:
                held = self._held_for_review(rec, person, usable)
                if held:  # as in batch clustering: not applied, the record waits as its own person
                    return self._new(rec, new_person_id, candidates, held, usable.match_probability)
                return self._join(rec, person, usable, candidates)
            reason = vetoes[0] if vetoes else "uncertain"
            return self._new(rec, new_person_id, candidates, reason, best.match_probability)
        reason = f"new person ({blocked} with a likely match)" if blocked else "new person"
        return MatchResult(rec["unique_id"], new_person_id(), True, None, reason,
                           candidates=candidates)

    def _veto(self, rec: dict[str, Any], cand: Candidate) -> str | None:
        parts = self.scorer.parts(rec, self.records[cand.key])
        return pair_veto({p.comparison: p.gamma for p in parts})

    def _new(self, rec: dict[str, Any], new_person_id: Callable[[], str],
             candidates: list[Candidate], reason: str, prob: float) -> MatchResult:
        return MatchResult(rec["unique_id"], new_person_id(), True, prob, reason, True, candidates)

    def _held_for_review(self, rec: dict[str, Any], person: str, cand: Candidate) -> str | None:
        """Why a link below the verified threshold must wait for a reviewer, if it must."""
        if cand.match_probability >= self.thresholds.verified:
            return None
        if rec["adverse"] or self.profiles[person].adverse:
            return "adverse_link_unverified"
        if bool(rec["protected_status"]) != self.profiles[person].protected:
            return "protected_link_unverified"
        return None

    def _join(self, rec: dict[str, Any], person: str, cand: Candidate,
              candidates: list[Candidate]) -> MatchResult:
        return MatchResult(rec["unique_id"], person, False, cand.match_probability, "linked", False, candidates)
