"""``docket demo``: a synthetic population declared, ingested, linked and worked into cases.

Everything goes through the same services (and so the gate and the audit log) as real use. The
demo accounts get passwords printed once; they exist only in a demo data dir.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docket.errors import DocketError
from docket.services import cases, ingest, linking, sources, users
from docket.services.accounts import ADMIN, initialise
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.synth import generate

DEMO_ACCOUNTS = (
    ("sam", "supervisor", "east"),
    ("ana", "analyst", "east"),
    ("lee", "legal_reviewer", ""),
    ("dora", "data_steward", ""),
    ("olga", "oversight", ""),
)


@dataclass
class DemoReport:
    folder: Path
    records: int = 0
    persons: int = 0
    review_tasks: int = 0
    cases: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (role, password)


def run_demo(rt: Runtime, persons: int = 2000, seed: int = 7, say: Callable[[str], None] = print) -> DemoReport:
    initialise(rt)
    folder = rt.settings.data_dir / "demo-sources"
    report = DemoReport(folder)
    population = generate(persons, seed=seed)
    written = population.write(folder)
    say(f"Generated {population.record_count} synthetic records for {persons} persons in {folder}")
    operator = Context(Actor("operator", "data_steward"))
    for toml, data in written:
        sources.add_source(rt, operator, toml)
        result = ingest.ingest_file(rt, operator, toml.stem, data)
        report.records += result.stored
    say(f"Declared {len(written)} sources and ingested {report.records} records")
    summary = linking.run_link(rt, operator, retrain=True)
    report.persons, report.review_tasks = summary.persons, summary.review_tasks
    say(f"Linked them into {summary.persons} persons; {summary.review_tasks} links wait for review")
    report.accounts = _accounts(rt)
    _open_cases(rt, report)
    return report


def _accounts(rt: Runtime) -> dict[str, tuple[str, str]]:
    admin = Context(Actor(ADMIN, "admin"))
    made = {}
    for user_id, role, unit in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        try:
            users.add_user(rt, admin, user_id, role, unit, password)
        except DocketError:
            users.set_password(rt, admin, user_id, password)
        made[user_id] = (role, password)
    return made


def _open_cases(rt: Runtime, report: DemoReport, wanted: int = 5) -> None:
    """Open public-safety cases for persons with convictions; protected persons are refused."""
    from docket.services.demo_people import convicted_persons

    supervisor = Context(Actor("sam", "supervisor", "east"))
    for person_id in convicted_persons(rt, limit=40):
        if len(report.cases) >= wanted:
            break
        try:
            case = cases.open_case(rt, supervisor, person_id, "public_safety")
        except DocketError as refusal:
            report.refused.append(f"{person_id}: {refusal.message}")
            continue
        report.cases.append(case.id)
