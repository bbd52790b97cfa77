"""Crash consistency: ``docket ingest``, ``docket link`` and case steps killed with SIGKILL at random.

After every kill the store must hold no partial batch, no record without provenance or person, no
action without its audit leaf and no leaf without its action; ``docket audit verify`` must pass;
and running the interrupted work again must complete, ending where an uninterrupted run ends.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.cli_runner import docket
from tests.reliability.crash import command, commands, freeze_source, run_and_kill
from tests.reliability.figures import record, scaled
from tests.reliability.store_check import State, link_pairing, orphan_documents, partition, read_state
from tests.reliability.world import build_linked, copy_dir, open_cases, renamed_source, write_world

PERSONS, BULK_PERSONS = 1000, 4000
SEED = int(os.environ.get("DOCKET_CRASH_SEED", "20250101"))
CASE_STEPS = (  # (status the step starts from, (step, acting account, extra arguments))
    ("open", ("assign", "sam", ("--to", "ana"))),
    ("assigned", ("submit", "ana", ())),
    ("in_review", ("signoff", "sam", ())),
    ("signed_off", ("notice", "ana", ())),
)
FINAL_CASE_STATUS = "noticed"
Resume = Callable[[Path, State, State], list[str]]  # (data dir, template state, state after the kill)


def steps_from(cases: list[str], status: dict[str, str]) -> list[list[str]]:
    """The case steps still to take, from each case's current status."""
    order = [start for start, _ in CASE_STEPS]
    todo = []
    for case in cases:
        first = order.index(status[case]) if status[case] in order else len(order)
        for _, (step, user, extra) in CASE_STEPS[first:]:
            todo.append(["--as", user, "cases", step, case, *extra, "-r", f"crash campaign: {step}"])
    return todo


@dataclass
class Kind:
    name: str
    argv: list[str]
    resume: Resume  # completes the interrupted work in process; its problems
    same_end: Callable[[State, State], bool]  # (final state, uninterrupted run's final state)
    landed: Callable[[State, State], bool]  # (template, after kill): did (some) work commit first
    window: float = 1.0  # seconds the uninterrupted work takes
    golden: State = field(default_factory=State)
    stats: dict[str, int] = field(default_factory=dict)


@dataclass
class Campaign:
    root: Path
    code: Path  # the frozen package the children run
    template: Path
    before: State
    kinds: dict[str, Kind]


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    started = time.monotonic()
    root = tmp_path_factory.mktemp("crash")
    code = freeze_source(root / "code")
    world = write_world(root / "sources", PERSONS, SEED)
    bulk = write_world(root / "bulk", BULK_PERSONS, SEED + 1).data("identity_register")
    bulk_toml = renamed_source(world, "identity_register", "bulk_identities", bulk)
    template = root / "template"
    build_linked(template, world, hold_out=("entry_records",))
    docket(template, "sources", "add", str(bulk_toml)).ok()
    cases = open_cases(template, 3)
    docket(template, "ingest", "entry_records", str(world.data("entry_records"))).ok()  # waits for a link
    before = read_state(template)
    assert not before.problems, before.problems
    kinds = {k.name: k for k in (_ingest_kind(bulk), _link_kind(), _cases_kind(cases))}
    for kind in kinds.values():  # uninterrupted, in a child like the trials: how long, and where it ends
        data = copy_dir(template, root / f"golden-{kind.name}" / "data")
        run = run_and_kill(data, kind.argv, float("inf"), data.parent / "child.log", code)
        assert run.returncode == 0, run.output
        kind.window, kind.golden = run.last_line, read_state(data)
        assert not kind.golden.problems, kind.golden.problems
        record(
            "crash campaign",
            f"{kind.name}: uninterrupted child prints its last line {run.last_line:.2f} s after READY, "
            f"exits after {run.ran_for:.2f} s",
        )
    record(
        "crash campaign",
        f"template ({before.records} records, {before.leaves} leaves) and uninterrupted runs built in "
        f"{time.monotonic() - started:.1f} s",
    )
    return Campaign(root, code, template, before, kinds)


def _ingest_kind(bulk: Path) -> Kind:
    def resume(data: Path, template: State, after: State) -> list[str]:
        stored = len(after.batches) > len(template.batches)
        outcome = docket(data, "ingest", "bulk_identities", str(bulk))
        expected = "already ingested" if stored else "Stored "
        return [] if outcome.code == 0 and expected in outcome.out else [f"re-ingest: {outcome.code} {outcome.text}"]

    return Kind(
        "ingest",
        command("ingest", "bulk_identities", str(bulk)),
        resume,
        lambda final, golden: final.batches == golden.batches and final.records == golden.records,
        lambda template, after: len(after.batches) > len(template.batches),
    )


def _link_kind() -> Kind:
    def resume(data: Path, template: State, after: State) -> list[str]:
        outcome = docket(data, "link")
        return [] if outcome.code == 0 else [f"re-link: {outcome.code} {outcome.text}"]

    return Kind(
        "link",
        command("link"),
        resume,
        lambda final, golden: partition(final) == partition(golden),
        lambda template, after: after.memberships != template.memberships,
    )


def _cases_kind(cases: list[str]) -> Kind:
    def resume(data: Path, template: State, after: State) -> list[str]:
        problems = []
        for argv in steps_from(cases, after.case_status):
            outcome = docket(data, *argv)
            if outcome.code != 0:
                problems.append(f"{' '.join(argv)}: exit {outcome.code} {outcome.text}")
        return problems + [f"notice document {name} has no notice row" for name in orphan_documents(data)]

    return Kind(
        "cases",
        commands(steps_from(cases, dict.fromkeys(cases, "open"))),
        resume,
        lambda final, golden: all(final.case_status[c] == FINAL_CASE_STATUS for c in cases),
        lambda template, after: after.case_status != template.case_status,
    )


def trial(campaign: Campaign, kind: Kind, index: int, rng: random.Random) -> list[str]:
    """One kill and everything checked after it; the problems found."""
    folder = campaign.root / f"trial-{kind.name}-{index}"
    data = copy_dir(campaign.template, folder / "data")
    delay = rng.uniform(0.0, kind.window * 1.15)
    kill = run_and_kill(data, kind.argv, delay, folder / "child.log", campaign.code)
    where = f"{kind.name} trial {index} (kill after {delay:.3f} s)"
    if not kill.killed and kill.returncode != 0:
        return [f"{where}: the uninterrupted command failed ({kill.returncode}): {kill.output[-2000:]}"]
    after = read_state(data)
    problems = list(after.problems)
    if kind.name == "link":
        problems += link_pairing(campaign.before, after)
    verified = docket(data, "audit", "verify")
    if verified.code != 0:
        problems.append(f"audit verify after the kill: exit {verified.code}: {verified.text}")
    landed = kind.landed(campaign.before, after)
    orphans = len(orphan_documents(data))  # documents written by a step the kill rolled back
    problems += kind.resume(data, campaign.before, after)
    final = read_state(data)
    problems += final.problems
    if not kind.same_end(final, kind.golden):
        problems.append("the completed work differs from an uninterrupted run's")
    if docket(data, "audit", "verify").code != 0:
        problems.append("audit verify after the re-run failed")
    outcome = ("landed, then killed" if landed else "killed before commit") if kill.killed else "finished first"
    for key, add in (("trials", 1), (outcome, 1), ("orphan notice files after the kill", orphans)):
        kind.stats[key] = kind.stats.get(key, 0) + add
    if not problems:
        shutil.rmtree(folder)  # a failed trial's data dir stays for inspection
    return [f"{where}: {p}" for p in problems]


def run_campaign(campaign: Campaign, counts: dict[str, int], seed: int) -> None:
    rng = random.Random(seed)
    started = time.monotonic()
    plan = [name for name, n in counts.items() for _ in range(n)]
    rng.shuffle(plan)
    problems = []
    for index, name in enumerate(plan):
        problems += trial(campaign, campaign.kinds[name], index, rng)
    elapsed = time.monotonic() - started
    record("crash campaign", f"seed {seed}: {len(plan)} trials in {elapsed:.1f} s, {len(problems)} problems")
    for kind in campaign.kinds.values():
        if kind.stats:
            record("crash campaign", f"  {kind.name}: {kind.stats}")
            kind.stats.clear()
    assert not problems, "\n".join(problems[:30])


def test_killed_commands_leave_a_consistent_store(campaign: Campaign) -> None:
    counts = {"ingest": 2, "cases": 2, "link": 1}
    run_campaign(campaign, {k: scaled(n, n, False, f"DOCKET_CRASH_{k.upper()}") for k, n in counts.items()}, SEED)


@pytest.mark.full
def test_crash_campaign(campaign: Campaign) -> None:
    counts = {"ingest": 45, "cases": 35, "link": 25}
    chosen = {k: scaled(n, n, True, f"DOCKET_CRASH_FULL_{k.upper()}") for k, n in counts.items()}
    run_campaign(campaign, chosen, SEED + 1)
