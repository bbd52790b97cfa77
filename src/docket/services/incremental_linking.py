"""Incremental linking: records ingested since the last link run, matched one by one against the
persons already in the database, without a full re-run (DESIGN.md §6).

Candidates come from the persisted blocking index (``blocking_repo``), so a new record meets
the records Splink's batch blocking would pair it with; ``IncrementalMatcher`` scores them with the
stored model and decides under the batch thresholds, vetoes and reviewer decisions. Each result is
persisted at once: membership, an ``attach`` person event, review tasks, the record's index rows.

    run_link(rt, ctx)                       # linking.py: incremental when it can, else a full run
    match_one(rt, ctx, "ids", "R-0042")     # one record, interactively
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from docket.domain.vocabulary import Purpose
from docket.errors import Conflict, Invalid, NotFound
from docket.linkage import IncrementalMatcher, MatchResult, ReviewItem, Thresholds
from docket.linkage.blocking import BLOCKING_RULES
from docket.linkage.constraints import Profile
from docket.linkage.prepare import prepare_record
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.protection import reconcile_protection
from docket.services.runtime import Runtime
from docket.services.stored_models import Scoring, scoring_of
from docket.store import blocking_repo, linkage_repo, reviews_repo
from docket.store.database import LINKAGE_LOCK, hold_lock

MAX_BROAD_BLOCK = 300  # as BlockingIndex: names-only blocks beyond this are skipped
CHUNK = 2000
_BROAD = frozenset(n for n, rule in enumerate(BLOCKING_RULES) if rule.broad)


def thresholds(rt: Runtime) -> Thresholds:
    return Thresholds(review=rt.settings.review_threshold, verified=rt.settings.verified_threshold)


class DbStore:
    """A ``MatchStore`` over the database: candidates through the persisted blocking index, their
    identity fields and persons fetched and prepared once per run, persons' constraint profiles
    read fresh. The run's own changes go through ``add``, which writes the index rows."""

    def __init__(self, conn: Connection, today: str,
                 decided_on: Callable[[list[int]], None] | None = None) -> None:
        self.conn, self.today = conn, today
        self.decided_on = decided_on  # told which profiled records have reviewer decisions
        self.records: dict[int, dict[str, Any]] = {}
        self.person_of: dict[int, str] = {}
        self.profile_of: dict[str, Profile] = {}
        self._hashed: tuple[int, dict[tuple[int, tuple[Any, ...]], int]] = (-1, {})

    def candidates(self, rec: Mapping[str, Any]) -> set[int]:
        hits = blocking_repo.lookup(self.conn, self._hashes(rec, "right"), _BROAD, MAX_BROAD_BLOCK)
        missing = {k for _, k in hits if k not in self.records}
        for row in linkage_repo.identity_rows(self.conn, sorted(missing)):
            key = int(row["key"])
            self.records[key] = prepare_record(row)
            self.person_of.setdefault(key, str(row["person_id"]))
        # A 64-bit hash can collide: keep only records that really share the rule's key.
        right = {n: rule.key(rec, "right") for n, rule in enumerate(BLOCKING_RULES)}
        return {
            k for n, k in hits
            if k in self.records and k != rec["unique_id"] and BLOCKING_RULES[n].key(self.records[k]) == right[n]
        }

    def _hashes(self, rec: Mapping[str, Any], side: str) -> list[tuple[int, int]]:
        """``blocking.probes`` (right) or ``blocking.index_entries`` (left) of ``rec``. A record is
        probed, then indexed: for a symmetric rule both sides have one key, so its hash (BLAKE2b,
        the bulk of the cost) is computed once per record, not twice."""
        if self._hashed[0] != rec["unique_id"]:
            self._hashed = (rec["unique_id"], {})
        memo = self._hashed[1]
        out = []
        for number, rule in enumerate(BLOCKING_RULES):
            key = rule.key(rec, side)
            if key is not None:
                found = memo.get((number, key))
                if found is None:
                    found = memo[(number, key)] = rule.key_hash(key)
                out.append((number, found))
        return out

    def record(self, key: int) -> Mapping[str, Any]:
        return self.records[key]

    def person(self, key: int) -> str | None:
        if key not in self.person_of:
            for row in linkage_repo.member_rows(self.conn, self.today, keys=[key]):
                self.person_of[key] = str(row["person_id"])
        return self.person_of.get(key)

    def profiles(self, persons: Iterable[str]) -> Mapping[str, Profile]:
        """From the persons' records as they stand (adverse and protected status included)."""
        wanted = list(persons)
        missing = [p for p in wanted if p not in self.profile_of]
        rows = linkage_repo.member_rows(self.conn, self.today, person_ids=missing) if missing else []
        for row in rows:
            profile = self.profile_of.setdefault(str(row["person_id"]), Profile(set()))
            profile.absorb(Profile.of(self._profiled(row)))
        decided = [int(row["key"]) for row in rows if row["decided"]]
        if decided and self.decided_on is not None:
            self.decided_on(decided)
        return {p: self.profile_of.setdefault(p, Profile(set())) for p in wanted}

    def _profiled(self, row: Mapping[str, Any]) -> Mapping[str, Any]:
        """What ``Profile.of`` reads of a member row. A candidate is prepared already (from its
        identity row, without the row's protected status and adverse flag): reused, not prepared
        again, with those two taken from ``row``."""
        prepared = self.records.get(int(row["key"]))
        if prepared is None:
            return prepare_record(row)
        return {**prepared, "protected_status": row["protected_status"], "adverse": bool(row["adverse"])}

    def add(self, rec: dict[str, Any], person: str) -> None:
        key = rec["unique_id"]
        self.records[key], self.person_of[key] = rec, person
        if person in self.profile_of:
            self.profile_of[person].absorb(Profile.of(rec))
        blocking_repo.add(self.conn, [(key, rule, h) for rule, h in self._hashes(rec, "left")])

    def forget(self) -> None:
        """Drop the caches (everything added is persisted by then)."""
        self.records.clear()
        self.person_of.clear()
        self.profile_of.clear()


@dataclass
class Outcome:
    """What an incremental run did."""

    records: int = 0
    attached: int = 0
    review_tasks: int = 0
    persons: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)
    results: list[MatchResult] = field(default_factory=list)

    def note(self, result: MatchResult, before: str, tasks: int, keep: bool) -> None:
        self.records += 1
        self.attached += result.person_id != before
        self.review_tasks += tasks
        self.persons.add(result.person_id)
        if result.person_id != before:  # a new person's records did not change: nothing to reconcile
            self.touched.add(result.person_id)
        if keep:
            self.results.append(result)


@dataclass
class Session:
    """One incremental run inside a gate: the matcher over the database and what it needs."""

    rt: Runtime
    conn: Connection
    scoring: Scoring
    keep_results: bool = False
    outcome: Outcome = field(default_factory=Outcome)
    # None: every decision in force, read once (a run matches many records). Else the decisions on
    # the one record to match, and the store reads those on its candidate persons' records as it
    # meets them (``_decided_on``): all a match can consult, without reading every decision.
    decisions: list[tuple[int, int, str]] | None = None

    def __post_init__(self) -> None:
        keyed = self.decisions is not None
        decisions = self.decisions if self.decisions is not None else linkage_repo.active_decisions(self.conn)
        self.decided = {(min(a, b), max(a, b)) for a, b, _ in decisions}
        # A record no run has seen is in no link task yet: only this run's own tasks can repeat.
        self.waiting: set[tuple[int, int]] = set()
        self.store = DbStore(self.conn, self.rt.today().isoformat(), self._decided_on if keyed else None)
        self.matcher = IncrementalMatcher(
            self.scoring.scorer, store=self.store, thresholds=thresholds(self.rt),
            cannot_link=[(a, b) for a, b, d in decisions if d == "cannot_link"],
            must_link=[(a, b) for a, b, d in decisions if d == "must_link"],
            # As in a full run (every record in the store): read per run, so it grows with the store.
            population=linkage_repo.record_count_estimate(self.conn),
        )

    def _decided_on(self, keys: list[int]) -> None:
        """Add the decisions on ``keys`` (records of persons the match weighs). Only cannot-links
        between such records change a match (they stop a join, as ``conflict`` checks); a must-link
        counts only for the record matched, whose decisions came with the session."""
        for a, b, decision in linkage_repo.decisions_on(self.conn, keys):
            self.decided.add((min(a, b), max(a, b)))
            if decision == "cannot_link":
                self.matcher.cannot_link.setdefault(a, set()).add(b)
                self.matcher.cannot_link.setdefault(b, set()).add(a)

    def link(self, keys: Iterable[int]) -> Outcome:
        """Match records (key order: records of one batch find each other) and persist each."""
        ordered = sorted(keys)
        for start in range(0, len(ordered), CHUNK):
            rows = linkage_repo.member_rows(self.conn, self.store.today, keys=ordered[start : start + CHUNK])
            for row in rows:
                self.match_row(row)
            self.store.forget()
        return self.outcome

    def match_row(self, row: dict[str, Any]) -> MatchResult:
        before = str(row["person_id"])
        result = self.matcher.match(row, lambda: before)
        self._persist(result, before)
        return result

    def _persist(self, result: MatchResult, before: str) -> None:
        prob = None if result.is_new_person else result.match_probability
        verified = prob is None or prob >= self.rt.settings.verified_threshold
        text = None if prob is None else f"{prob:.6f}"
        row = (result.key, result.person_id, verified, text, self.scoring.version)
        linkage_repo.update_memberships(self.conn, [row])
        if result.person_id != before:
            reason = f"record {result.key} matched incrementally ({result.reason}, probability {text})"
            event = ("attach", (before, result.person_id), (result.person_id,), reason)
            linkage_repo.add_person_events(self.conn, [event], self.scoring.version)

        def person_of(key: int) -> str | None:
            return result.person_id if key == result.key else self.store.person(key)

        tasks = queue_reviews(self.conn, result.reviews, person_of, self.decided, self.waiting)
        self.outcome.note(result, before, tasks, self.keep_results)


def queue_reviews(conn: Connection, items: Iterable[ReviewItem], person_of: Callable[[int], str | None],
                  decided: set[tuple[int, int]], waiting: set[tuple[int, int]]) -> int:
    """One open task per pair; pairs a reviewer already decided, or already waiting, are not asked
    again. ``waiting`` grows with the tasks added."""
    tasks = []
    for item in items:
        pair = (item.key_l, item.key_r)
        if pair in decided or pair in waiting:
            continue
        tasks.append({"kind": "link", "impact": item.impact, "person_id": person_of(item.key_l),
                      "record_a": item.key_l, "record_b": item.key_r,
                      "probability": f"{item.match_probability:.6f}", "reason": item.reason,
                      "role_needed": "data_steward"})
        waiting.add(pair)
    return len(reviews_repo.add_link_tasks(conn, tasks))


def link_records(rt: Runtime, conn: Connection, scoring: Scoring, keys: Iterable[int]) -> tuple[Outcome, int]:
    """Match and persist ``keys`` incrementally; then reconcile protection of the persons touched.
    Returns the outcome and the number of cases changed by protection."""
    outcome = Session(rt, conn, scoring).link(keys)
    return outcome, reconcile_protection(rt, conn, sorted(outcome.touched))


@dataclass(frozen=True)
class IncrementalMatch:
    """``match_one``'s answer: where the record went and why (no field values)."""

    record: str
    person_id: str
    is_new_person: bool
    probability: float | None
    reason: str
    needs_review: bool
    review_tasks: int
    candidates: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def match_one(rt: Runtime, ctx: Context, source: str, record_id: str) -> IncrementalMatch:
    """Link one record ingested since the last link run, now, against the existing persons."""
    ctx = Context(ctx.actor, Purpose.IDENTITY_VERIFICATION, ctx.via, ctx.via_id)
    ref = f"{source}:{record_id}"
    with open_gate(rt, ctx, "link") as gate:
        gate.authorize(Resource("Source", "*", {}))
        hold_lock(gate.conn, LINKAGE_LOCK)
        row = linkage_repo.member_row(gate.conn, rt.today().isoformat(), source, record_id)
        if row is None:
            raise NotFound(f"no record {ref!r}")
        gate.touch(f"record:{row['key']}")
        if row["model_version"] is not None:
            raise Conflict(f"record {ref} is already linked; `docket link --full` re-links everything")
        scoring = _scoring_for_matching(gate.conn, row.pop("latest_model"), bool(row.pop("any_linked")))
        decisions = linkage_repo.decisions_on(gate.conn, [row["key"]]) if row["decided"] else []
        session = Session(rt, gate.conn, scoring, keep_results=True, decisions=decisions)
        result = session.match_row(row)
        reconcile_protection(rt, gate.conn, sorted(session.outcome.touched))
        gate.detail.update({"model": session.scoring.version[:16], "person": result.person_id, "incremental": 1})
        return IncrementalMatch(ref, result.person_id, result.is_new_person, result.match_probability,
                                result.reason, result.needs_review, session.outcome.review_tasks,
                                [_candidate(c) for c in result.candidates])


def _scoring_for_matching(conn: Connection, version: str | None, any_linked: bool) -> Scoring:
    """The model to match with (``version`` and ``any_linked`` come with the record's row)."""
    scoring = scoring_of(conn, version)
    if scoring is None or not any_linked:
        raise Invalid("no records are linked yet; run `docket link` first")
    if not scoring.rules_match:
        raise Invalid("the stored model blocks with other rules than this version; run `docket link --full`")
    return scoring


def _candidate(cand: Any) -> dict[str, Any]:
    return {"record": cand.key, "person_id": cand.person_id, "match_weight": cand.match_weight,
            "match_probability": cand.match_probability}
