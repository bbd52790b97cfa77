"""Plain factory functions for tests (no factory frameworks)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from docket.domain.vocabulary import Purpose
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.settings import Settings
from docket.store.schema import metadata

IDENTITY_TOML = """name = "{name}"
kind = "{kind}"
legal_authority = "8 U.S.C. 1103"
purposes = {purposes}
authoritative_for_status = {authoritative}
retention_days = 3650
"""


def make_settings(tmp_path: Path) -> Settings:
    return Settings.from_env(tmp_path / "data", environ={})


def operator(purpose: Purpose | None = None) -> Context:
    return Context(Actor("operator", "data_steward"), purpose)


def write_declaration(
    folder: Path,
    name: str = "ids",
    kind: str = "identity",
    purposes: Sequence[str] = ("enforcement", "status_verification", "identity_verification"),
    authoritative: bool = False,
    columns: dict[str, str] | None = None,
) -> Path:
    text = IDENTITY_TOML.format(
        name=name, kind=kind, purposes=list(purposes), authoritative=str(authoritative).lower()
    ).replace("'", '"')
    if columns:
        text += "[columns]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in columns.items())
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


IDENTITY_HEADER = ["record_id", "given_name", "family_name", "date_of_birth", "a_number"]
IDENTITY_ROWS = [
    ["R0", "Maria", "Garcia Lopez", "1980-02-11", "123456789"],
    ["R1", "Mario", "Garcia", "1979-05-02", ""],
    ["R2", "John", "Smith", "1990-12-01", ""],
]


def snapshot(rt: Runtime) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: two equal snapshots mean the store is exactly as it was."""
    with rt.engine.connect() as conn:
        return {
            table.name: sorted(map(tuple, conn.execute(select(table))), key=repr) for table in metadata.sorted_tables
        }


def add_account(rt: Runtime, user_id: str, role: str, unit: str = "east") -> Context:
    """Create an account directly in the store and return a context acting as it."""
    from docket.store import users_repo

    with rt.engine.begin() as conn:
        users_repo.add_user(conn, user_id, role, unit, None)
    return Context(Actor(user_id, role, unit))


CONVICTION_HEADER = [
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "a_number",
    "event_date",
    "offense_category",
]
GRANT_HEADER = ["record_id", "given_name", "family_name", "date_of_birth", "a_number", "event_date", "status"]


def ingest_rows(
    rt: Runtime,
    folder: Path,
    source: str,
    kind: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    authoritative: bool = False,
    purposes: Sequence[str] = ("enforcement", "status_verification", "identity_verification"),
) -> list[str]:
    """Declare ``source`` (once) and ingest ``rows``; return the person id of each row, in order."""
    from docket.services.ingest import ingest_file
    from docket.services.sources import add_source
    from docket.store import persons_repo

    add_source(rt, operator(), write_declaration(folder, source, kind, purposes, authoritative))
    path = write_csv(folder / f"{source}-{len(list(folder.glob(source + '*.csv')))}.csv", header, rows)
    ingest_file(rt, operator(), source, path)
    with rt.engine.connect() as conn:
        found = [persons_repo.person_of_record(conn, source, str(row[0])) for row in rows]
    return [f[1] for f in found if f]


def ingest_population(rt: Runtime, pop: Any, folder: Path) -> None:
    """Declare every source of a generated population (``docket.synth``) and ingest its records; a
    source may have no records in a small population, and its empty file is left out."""
    from docket.services.ingest import ingest_file
    from docket.services.sources import add_source

    for toml, data in pop.write(folder):
        add_source(rt, operator(), toml)
        if len(data.read_text().splitlines()) > 1:
            ingest_file(rt, operator(), toml.stem, data)


def link_into(rt: Runtime, source: str, record_id: str, person_id: str, verified: bool = True) -> None:
    """Attach a stored record to a person, as linkage would."""
    from docket.store import persons_repo

    with rt.engine.begin() as conn:
        found = persons_repo.person_of_record(conn, source, record_id)
        assert found is not None
        persons_repo.move_records(conn, [found[0]], person_id, verified, "0.99" if verified else "0.7", "test")
