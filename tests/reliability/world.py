"""Synthetic data dirs made by real ``docket`` commands, to crash, tamper with and scan.

A world is a synthetic population (``docket.synth``) written as declared sources, then taken
through the CLI: init, accounts, sources, ingest, link, cases. Building is slow-ish (linkage), so
tests build a template once and copy it per trial.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from docket.synth import Population, generate
from tests.reliability.cli_runner import docket

TEAM = (("sam", "supervisor", "east"), ("ana", "analyst", "east"), ("lee", "legal_reviewer", ""))
HEAD_ROWS = 40  # fewer than linking's training minimum: the first link stores the shipped model
SERIOUS = ("homicide", "aggravated_assault", "robbery", "weapons", "drug_trafficking", "sexual_assault", "kidnapping")


@dataclass
class World:
    folder: Path
    population: Population
    files: dict[str, tuple[Path, Path]]  # source name -> (declaration, data file)

    def toml(self, source: str) -> Path:
        return self.files[source][0]

    def data(self, source: str) -> Path:
        return self.files[source][1]


def write_world(folder: Path, persons: int, seed: int) -> World:
    population = generate(persons, seed=seed)
    written = population.write(folder)
    return World(folder, population, {toml.stem: (toml, data) for toml, data in written})


def split_csv(path: Path, head_rows: int) -> tuple[Path, Path]:
    """``path`` as two files with the same header: its first ``head_rows`` records and the rest."""
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    parts = []
    for suffix, chunk in (("head", rows[:head_rows]), ("tail", rows[head_rows:])):
        target = path.with_name(f"{path.stem}-{suffix}.csv")
        with target.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *chunk])
        parts.append(target)
    return parts[0], parts[1]


def renamed_source(world: World, source: str, new_name: str, data: Path) -> Path:
    """A declaration like ``source``'s under another name (same kind, columns and authority)."""
    text = world.toml(source).read_text(encoding="utf-8").replace(f'name = "{source}"', f'name = "{new_name}"', 1)
    target = data.with_name(f"{new_name}.toml")
    target.write_text(text, encoding="utf-8")
    return target


def initialise(data_dir: Path) -> None:
    docket(data_dir, "init").ok()
    for user, role, unit in TEAM:
        docket(data_dir, "users", "add", user, role, *(["--unit", unit] if unit else []), acting_as="admin").ok()


def build_linked(data_dir: Path, world: World, hold_out: tuple[str, ...] = ()) -> None:
    """Init, accounts, every source declared; everything but ``hold_out`` ingested and linked.

    The first batch is small, so the first link stores Docket's shipped model (no training run),
    as it would on an installation that started small."""
    initialise(data_dir)
    for source in world.files:
        docket(data_dir, "sources", "add", str(world.toml(source))).ok()
    first = next(iter(world.files))
    head, tail = split_csv(world.data(first), HEAD_ROWS)
    docket(data_dir, "ingest", first, str(head)).ok()
    docket(data_dir, "link").ok()
    docket(data_dir, "ingest", first, str(tail)).ok()
    for source in world.files:
        if source != first and source not in hold_out:
            docket(data_dir, "ingest", source, str(world.data(source))).ok()
    docket(data_dir, "link").ok()


def convicted_persons(data_dir: Path, limit: int = 60) -> list[str]:
    """Persons with a serious conviction record (the demo's query, read straight from the file)."""
    marks = ", ".join("?" for _ in SERIOUS)
    query = (
        "SELECT DISTINCT m.person_id FROM memberships m JOIN records r ON r.id = m.record_key "
        f"WHERE r.kind = 'conviction' AND r.offense_category IN ({marks}) ORDER BY m.person_id LIMIT ?"
    )
    with sqlite3.connect(data_dir / "docket.sqlite") as conn:
        return [row[0] for row in conn.execute(query, (*SERIOUS, limit))]


def open_cases(data_dir: Path, wanted: int) -> list[str]:
    """Open public-safety cases (as the supervisor) until ``wanted`` are open; protected persons and
    unsupported grounds are refused along the way, as they should be."""
    opened: list[str] = []
    for person in convicted_persons(data_dir):
        if len(opened) == wanted:
            break
        outcome = docket(data_dir, "cases", "open", person, "--ground", "public_safety", acting_as="sam")
        if outcome.code == 0:
            opened.append(outcome.out.split()[2])
    assert len(opened) == wanted, f"only {len(opened)} of {wanted} cases could be opened"
    return opened


def copy_dir(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target
