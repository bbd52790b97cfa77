"""Privacy scan: after a scripted session on synthetic people, no audit leaf, checkpoint, log line or
(non-person-facing) command output holds a name, a birth date or an identity number of theirs.

Documents made for the person (notices, access responses) and commands that show a person's file
to an authorised user (``cases show``, ``review show``, ``persons explain``) are meant to hold them.
"""

from __future__ import annotations

import contextlib
import csv
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from docket.ingest.normalize import FieldRejected, iso_date
from tests.reliability.cli_runner import Outcome, docket
from tests.reliability.figures import record
from tests.reliability.world import World, build_linked, open_cases, write_world

PERSON_FACING = {("cases", "show"), ("review", "show"), ("persons", "explain"), ("links", "explain")}
DOCUMENT_DIRS = ("documents", "quarantine", "demo-sources")
OTHER_TABLES = {  # tables oversight reads or that outlive records: scanned and reported
    "disclosures": "SELECT * FROM disclosures",
    "person_events": "SELECT * FROM person_events",
    "case_events": "SELECT * FROM case_events",
    "review_tasks": "SELECT id, kind, status, reason, decision_reason FROM review_tasks",
    "subject_requests": "SELECT * FROM subject_requests",
}


@dataclass
class Secrets:
    """What must not leak, by kind: lower-cased names, ISO and raw birth dates, A-numbers, passports."""

    names: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)

    def found_in(self, text: str) -> list[str]:
        lowered = text.lower()
        hits = [f"name {n!r}" for n in self.names if n in lowered]
        hits += [f"birth date {d}" for d in self.dates if d in text]
        return hits + [f"identity number {n}" for n in self.numbers if n in text]


def secrets_of(world: World) -> Secrets:
    found = Secrets()
    for rows in world.population.records.values():
        for rec in rows:
            given, family = rec.get("given_name", "").strip(), rec.get("family_name", "").strip()
            if given and family:
                found.names.add(f"{given} {family}".lower())
            raw = rec.get("date_of_birth", "").strip()
            if raw:
                found.dates.add(raw)
                with contextlib.suppress(FieldRejected):
                    found.dates.add(iso_date(raw))
            number = re.sub(r"\D", "", rec.get("a_number", ""))
            if len(number) >= 7:
                found.numbers.add(number.zfill(9))
            if len(rec.get("passport_number", "")) >= 6:
                found.numbers.add(rec["passport_number"])
    return found


def refused_row_file(world: World, folder: Path) -> Path:
    """A real person's name and birth date next to a malformed A-number: refused, and the refusal
    must name the line and field without repeating the row."""
    rec = next(r for r in world.population.records["identity_register"] if r.get("date_of_birth"))
    path = folder / "bad-identities.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "given_name", "family_name", "date_of_birth", "a_number"])
        writer.writerow(["BAD-1", rec["given_name"], rec["family_name"], rec["date_of_birth"], "A12"])
    return path


def session(data: Path, world: World, folder: Path) -> list[Outcome]:
    """The scripted session: everything a team does in a day, through the CLI."""
    build_linked(data, world)
    runs = [docket(data, "users", "add", "olga", "oversight", acting_as="admin").ok()]
    bad = refused_row_file(world, folder)
    runs += [docket(data, "ingest", source, str(bad)) for source in ("identity_register", "benefits_register")]
    runs.append(docket(data, "ingest", "identity_register", str(bad), "--skip-invalid"))
    case = open_cases(data, 1)[0]
    for step, user, extra in (("assign", "sam", ("--to", "ana")), ("submit", "ana", ()), ("signoff", "sam", ()),
                              ("notice", "ana", ())):
        runs.append(docket(data, "cases", step, case, *extra, "-r", "privacy scan", acting_as=user).ok())
    person = docket(data, "cases", "show", case, "--json", acting_as="ana").ok()
    runs.append(person)
    person_id = re.search(r'"person_id": "(P\d+)"', person.out)
    assert person_id, person.out
    runs.append(docket(data, "requests", "file", "access", person_id[1], acting_as="lee").ok())
    runs.append(docket(data, "requests", "answer", "S0000001", acting_as="lee").ok())
    runs += [docket(data, "review", "list").ok(), docket(data, "persons", "explain", person_id[1])]
    task = re.search(r"T\d{7}", runs[-2].out)
    if task:
        runs.append(docket(data, "review", "show", task[0]))
    runs += [docket(data, "cases", "show", case, acting_as="olga"), docket(data, "cases", "list", acting_as="ana")]
    runs += [docket(data, "persons", "export", str(folder / "export.csv")).ok()]
    runs += [docket(data, "report", "oversight", acting_as="olga"), docket(data, "audit", "verify").ok()]
    runs += [docket(data, "audit", "proof", "3").ok(), docket(data, "audit", "checkpoint").ok()]
    return runs


def store_texts(data: Path) -> Iterable[tuple[str, str]]:
    with sqlite3.connect(data / "docket.sqlite") as conn:
        for idx, leaf in conn.execute("SELECT idx, leaf FROM audit_leaves"):
            yield f"audit leaf {idx}", bytes(leaf).decode("utf-8")
        for cid, note in conn.execute("SELECT id, note FROM audit_checkpoints"):
            yield f"checkpoint {cid}", note
        for table, query in OTHER_TABLES.items():
            for row in conn.execute(query):
                yield f"table {table}", " | ".join(map(str, row))


def data_files(data: Path) -> Iterable[tuple[str, str]]:
    for path in sorted(data.rglob("*")):
        inside = path.relative_to(data).parts
        skip = inside[0] in DOCUMENT_DIRS or path.name.startswith("docket.sqlite") or path.suffix in (".key", ".pdf")
        if path.is_file() and not skip:
            yield f"file {path.relative_to(data)}", path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Secrets, dict[str, list[str]], dict[str, int]]:
    folder = tmp_path_factory.mktemp("privacy")
    world = write_world(folder / "sources", 300, 41)
    runs = session(folder / "data", world, folder)
    secrets = secrets_of(world)
    hits: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}

    def scan(kind: str, where: str, text: str) -> None:
        sizes[kind] = sizes.get(kind, 0) + 1
        hits.setdefault(kind, []).extend(f"{where}: {h}" for h in secrets.found_in(text))

    for where, text in store_texts(folder / "data"):
        scan(where if where.startswith("table") else where.split(" ")[0], where, text)
    for where, text in data_files(folder / "data"):
        scan("data-dir files", where, text)
    scan("export", "persons export", (folder / "export.csv").read_text(encoding="utf-8"))
    for run in runs:
        kind = "person-facing output" if tuple(run.args[:2]) in PERSON_FACING else "command output"
        scan(kind, f"docket {' '.join(run.args[:3])}", run.text)
        scan("log", f"log of docket {' '.join(run.args[:3])}", run.log)
    record("privacy scan", f"{len(secrets.names)} names, {len(secrets.dates)} birth dates, {len(secrets.numbers)} "
           f"identity numbers; {len(runs)} commands")
    for kind in sorted(sizes):
        record("privacy scan", f"{kind}: {sizes[kind]} texts scanned, {len(hits.get(kind, []))} hits")
    return secrets, hits, sizes


@pytest.mark.parametrize("kind", ["audit", "checkpoint", "log", "command output", "data-dir files", "export"])
def test_no_personal_data_outside_person_facing_places(scanned, kind: str) -> None:  # type: ignore[no-untyped-def]
    _, hits, sizes = scanned
    assert sizes.get(kind, 0) > 0, f"nothing of kind {kind!r} was scanned"
    assert not hits.get(kind), "\n".join(hits[kind][:20])


def test_person_facing_output_does_show_the_person(scanned) -> None:  # type: ignore[no-untyped-def]
    """The scan can see names: the case file shown to the analyst holds them (a check on the check)."""
    _, hits, _ = scanned
    assert hits.get("person-facing output"), "the scan found no name even where one is expected"


def test_oversight_tables_hold_no_personal_data(scanned) -> None:  # type: ignore[no-untyped-def]
    _, hits, _ = scanned
    found = [h for kind, items in hits.items() if kind.startswith("table") for h in items]
    assert not found, "\n".join(found[:20])
