"""Match new records against existing persons without a full re-run.

Candidates come from indexes keyed exactly like the model's blocking rules, so a new record meets
the same records Splink's batch blocking would have paired it with; each candidate pair is scored
by ``PairScorer`` with the stored model, giving Splink's match weight for that pair. The decision
applies the same thresholds, vetoes, hard constraints and reviewer decisions as batch clustering.

Where the existing records live is a ``MatchStore``: ``MemoryStore`` holds them in dicts (tests,
benchmarks); the linking service backs one by the database's persisted blocking index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from docket.linkage.blocking import BLOCKING_RULES, BlockingRule
from docket.linkage.cluster import ReviewItem, Thresholds, _item, held_reason
from docket.linkage.coincidence import Coincidence
from docket.linkage.constraints import Profile, conflict, firm, pair_index, pair_veto
from docket.linkage.model import TrainedModel
from docket.linkage.prepare import frame_records, prepare_frame, prepare_record
from docket.linkage.scoring import PairScorer
from docket.linkage.weights import ModelWeights, probability


@dataclass(frozen=True)
class Candidate:
    """A scored candidate. ``gammas`` (in ``ModelWeights.names`` order) are kept for the vetoes,
    so the pair's levels are not evaluated a second time."""

    key: int
    person_id: str
    match_weight: float
    match_probability: float
    gammas: tuple[int, ...] = field(default=(), compare=False, repr=False)


@dataclass
class MatchResult:
    """The decision for one new record: the person it joins (new or existing) and why.

    ``needs_review``: a link was found but not applied, the record waits as its own person.
    ``reviews``: the pairs a reviewer should settle (the held link, uncertain or vetoed pairs with
    other persons), shaped like batch clustering's review items.
    """

    key: int
    person_id: str
    is_new_person: bool
    match_probability: float | None
    reason: str
    needs_review: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    reviews: list[ReviewItem] = field(default_factory=list)


class MatchStore(Protocol):
    """Existing records (prepared), their persons and the persons' constraint profiles."""

    def candidates(self, rec: Mapping[str, Any]) -> Iterable[int]: ...
    def record(self, key: int) -> Mapping[str, Any]: ...
    def person(self, key: int) -> str | None: ...
    def profiles(self, persons: Iterable[str]) -> Mapping[str, Profile]: ...
    def add(self, rec: dict[str, Any], person: str) -> None: ...


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


class MemoryStore:
    """A ``MatchStore`` in dicts."""

    def __init__(self) -> None:
        self.index = BlockingIndex()
        self.records: dict[int, dict[str, Any]] = {}
        self.person_of: dict[int, str] = {}
        self.profile_of: dict[str, Profile] = {}

    def candidates(self, rec: Mapping[str, Any]) -> set[int]:
        return self.index.candidates(rec)

    def record(self, key: int) -> Mapping[str, Any]:
        return self.records[key]

    def person(self, key: int) -> str | None:
        return self.person_of.get(key)

    def profiles(self, persons: Iterable[str]) -> Mapping[str, Profile]:
        return {p: self.profile_of[p] for p in persons}

    def add(self, rec: dict[str, Any], person: str) -> None:
        key = rec["unique_id"]
        self.records[key] = rec
        self.person_of[key] = person
        self.index.add(rec)
        if person in self.profile_of:
            self.profile_of[person].absorb(Profile.of(rec))
        else:
            self.profile_of[person] = Profile.of(rec)


class IncrementalMatcher:
    """Existing records and their persons, for matching one new record at a time.

    ``IncrementalMatcher(model, records, assignment)`` indexes a frame in memory;
    ``IncrementalMatcher(scorer, store=store)`` matches against any ``MatchStore``.
    """

    def __init__(self, model: TrainedModel | PairScorer, records: pd.DataFrame | None = None,
                 assignment: Mapping[int, str] | None = None, *, store: MatchStore | None = None,
                 thresholds: Thresholds | None = None, cannot_link: Iterable[tuple[int, int]] = (),
                 must_link: Iterable[tuple[int, int]] = (), population: int | None = None) -> None:
        self.scorer = model if isinstance(model, PairScorer) else PairScorer(ModelWeights(model))
        # How many records a new one is matched against, for the coincidence veto (the records
        # given here when not said).
        size = population if population is not None else (0 if records is None else len(records))
        self.coincidence = Coincidence(self.scorer.weights.model.frequencies, size)
        self.thresholds = thresholds or Thresholds()
        self.cannot_link = pair_index(cannot_link)
        self.must_link = pair_index(must_link)
        self.store: MatchStore = store if store is not None else MemoryStore()
        if records is not None and len(records):
            for rec in frame_records(prepare_frame(records)):
                self.store.add(rec, (assignment or {})[rec["unique_id"]])

    def add(self, record: Mapping[str, Any], person_id: str) -> None:
        """Record that ``record`` (raw fields) now belongs to ``person_id``."""
        self.store.add(prepare_record(record), person_id)

    def score(self, record: Mapping[str, Any]) -> list[Candidate]:
        """Every blocked candidate of a raw record, best first."""
        return self._score(prepare_record(record))

    def _score(self, rec: dict[str, Any]) -> list[Candidate]:
        out = []
        for key in self.store.candidates(rec):
            weight, gammas = self.scorer.score(rec, self.store.record(key))
            out.append(Candidate(key, str(self.store.person(key)), weight, probability(weight), gammas))
        return sorted(out, key=lambda c: (-c.match_weight, c.key))

    def match(self, record: Mapping[str, Any], new_person_id: Callable[[], str]) -> MatchResult:
        """Decide the person of one new record, add it to the store, and say why."""
        rec = prepare_record(record)
        result = self._must_link(rec) or self._decide(rec, self._score(rec), new_person_id)
        self.store.add(rec, result.person_id)
        return result

    def match_batch(self, records: Iterable[Mapping[str, Any]],
                    new_person_id: Callable[[], str]) -> list[MatchResult]:
        """Match records one after another, so records of one batch can find each other."""
        return [self.match(r, new_person_id) for r in records]

    def _must_link(self, rec: dict[str, Any]) -> MatchResult | None:
        """A reviewer's must-link decides before the model, as in batch clustering."""
        for partner in sorted(self.must_link.get(rec["unique_id"], ())):
            person = self.store.person(partner)
            if person is not None:
                return MatchResult(rec["unique_id"], person, False, 1.0, "must_link")
        return None

    def _decide(self, rec: dict[str, Any], candidates: list[Candidate],
                new_person_id: Callable[[], str]) -> MatchResult:
        """Persons in order of their best candidate, as batch clustering takes links best first:
        the first one with a usable link is joined; the others in the review band are queued."""
        mine = Profile.of(rec)
        joined: Candidate | None = None
        blocked: str | None = None
        reviews: list[ReviewItem] = []
        in_band = [(p, cands) for p, cands in _by_person(candidates)
                   if cands[0].match_probability >= self.thresholds.review]
        profiles = self.store.profiles(p for p, _ in in_band)
        for person, cands in in_band:
            theirs = profiles[person]
            why = conflict(mine, theirs, self.cannot_link)
            if why:
                blocked = blocked or why
                continue
            usable = self._usable(rec, cands)
            held = held_reason(mine, theirs, not self._unverified(rec, usable)) if usable else None
            if usable and not held and joined is None:
                joined, mine = usable, _merged(mine, theirs)
                continue
            pair, reason = (usable, held or "second_person_match") if usable else self._band(rec, cands)
            reviews.append(_item(rec["unique_id"], pair.key, pair.match_probability, reason, mine, theirs))
        return _result(rec["unique_id"], joined, reviews, blocked, candidates, new_person_id)

    def _usable(self, rec: dict[str, Any], cands: list[Candidate]) -> Candidate | None:
        """The best candidate above the link threshold that no veto stops."""
        for cand in cands:
            if cand.match_probability < self.thresholds.link:
                return None
            if self._veto(rec, cand) is None:
                return cand
        return None

    def _unverified(self, rec: dict[str, Any], cand: Candidate) -> bool:
        """Below the verified threshold, or resting on less than ``constraints.firm`` evidence."""
        return cand.match_probability < self.thresholds.verified or not firm(self._gammas(rec, cand))

    def _band(self, rec: dict[str, Any], cands: list[Candidate]) -> tuple[Candidate, str]:
        """The person's best pair the model could not settle, and why (its veto, or uncertain)."""
        return cands[0], self._veto(rec, cands[0]) or "uncertain"

    def _veto(self, rec: dict[str, Any], cand: Candidate) -> str | None:
        other = self.store.record(cand.key)
        return pair_veto(self._gammas(rec, cand), (rec["suffix"], other["suffix"]),
                         self.coincidence.of_pair(rec, other))

    def _gammas(self, rec: dict[str, Any], cand: Candidate) -> dict[str, int]:
        """The candidate pair's gamma by comparison name (scored again only if it came without)."""
        gammas = cand.gammas or self.scorer.score(rec, self.store.record(cand.key))[1]
        return dict(zip(self.scorer.weights.names, gammas, strict=True))


def _by_person(candidates: list[Candidate]) -> list[tuple[str, list[Candidate]]]:
    """Candidates grouped by person, persons in order of their best candidate."""
    groups: dict[str, list[Candidate]] = {}
    for cand in candidates:
        groups.setdefault(cand.person_id, []).append(cand)
    return list(groups.items())


def _merged(a: Profile, b: Profile) -> Profile:
    out = Profile(set(a.keys), set(a.a_numbers), set(a.statuses), set(a.suffixes), a.adverse)
    out.absorb(b)
    return out


def _result(key: int, joined: Candidate | None, reviews: list[ReviewItem], blocked: str | None,
            candidates: list[Candidate], new_person_id: Callable[[], str]) -> MatchResult:
    if joined is not None:
        return MatchResult(key, joined.person_id, False, joined.match_probability, "linked", False,
                           candidates, reviews)
    if reviews:  # not applied: as in batch clustering, the record waits as its own person
        first = reviews[0]
        return MatchResult(key, new_person_id(), True, first.match_probability, first.reason, True,
                           candidates, reviews)
    reason = f"new person ({blocked} with a likely match)" if blocked else "new person"
    return MatchResult(key, new_person_id(), True, None, reason, candidates=candidates)
