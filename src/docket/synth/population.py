"""``generate``: a synthetic population with its agency records and the ground truth behind them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docket import collector
from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import EVENT_FIELDS, PROTECTIVE_STATUSES, fields_for_kind
from docket.errors import Invalid
from docket.synth import writer
from docket.synth.cohort import Cohort, Shares
from docket.synth.history import Event, life_events
from docket.synth.noise import Rates
from docket.synth.options import SynthOptions
from docket.synth.person import Person
from docket.synth.render import Recorder
from docket.synth.sources import Source, all_sources

Record = dict[str, str]


@dataclass
class Population:
    """Records per source, their declarations and the ground truth.

    ``records[source]`` holds dicts keyed by canonical field names, all values strings, a missing
    field absent. ``truth[(source, record_id)]`` is the true person id; ``protected[person_id]`` says
    whether the person holds an authoritative citizenship or lawful-status grant. ``persons`` keeps
    each true person (for tests and benchmarks; never written to a source).
    """

    sources: dict[str, SourceDeclaration]
    columns: dict[str, tuple[str, ...]]  # canonical fields of each source's file, in order
    records: dict[str, list[Record]]
    truth: dict[tuple[str, str], str]
    protected: dict[str, bool]
    persons: dict[str, Person] = field(repr=False)

    @property
    def record_count(self) -> int:
        return sum(len(rows) for rows in self.records.values())

    def records_by_person(self) -> dict[str, list[tuple[str, Record]]]:
        grouped: dict[str, list[tuple[str, Record]]] = {}
        for source, rows in self.records.items():
            for record in rows:
                grouped.setdefault(self.truth[(source, record["record_id"])], []).append((source, record))
        return grouped

    def hard_negatives(self) -> list[tuple[str, str, str]]:
        """Look-alike pairs of different persons, once each: ("twins", a, b), ("junior_senior", sr, jr)."""
        pairs = []
        for person in self.persons.values():
            if person.relative_id and person.person_id < person.relative_id:
                relation = "twins" if person.relation == "twin" else "junior_senior"
                pairs.append((relation, person.person_id, person.relative_id))
        return pairs

    def write(self, out_dir: Path) -> list[tuple[Path, Path]]:
        """Write each source's TOML declaration and CSV file, and ``truth.csv``; (toml, csv) pairs."""
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [
            writer.write_source(out_dir, declaration, self.columns[name], self.records[name])
            for name, declaration in self.sources.items()
        ]
        rows = [
            (source, record["record_id"], person_id, self.protected[person_id])
            for source, records in self.records.items()
            for record in records
            for person_id in (self.truth[(source, record["record_id"])],)
        ]
        writer.write_truth(out_dir / writer.TRUTH_FILE, rows)
        return written


def generate(persons: int, seed: int = 0, **options: Any) -> Population:
    """A population of ``persons`` true persons, the same for the same seed and options."""
    if persons < 1:
        raise Invalid("persons must be at least 1", [f"persons: {persons}"])
    opts = SynthOptions.from_kwargs(options)
    with collector.paused():
        return _generate(persons, seed, opts)


def _generate(persons: int, seed: int, opts: SynthOptions) -> Population:
    shares = Shares(opts.twin_share, opts.junior_senior_share, opts.common_name_share)
    people = Cohort(random.Random(f"docket-synth:{seed}:people"), opts.as_of).draw(persons, shares)
    sources = {source.name: source for source in all_sources()}
    life_rng = random.Random(f"docket-synth:{seed}:lives")
    recorder = Recorder(random.Random(f"docket-synth:{seed}:noise"), Rates().scaled(opts.noise), opts.as_of)
    rows: dict[str, list[tuple[str, Record]]] = {name: [] for name in sources}
    protected = {}
    for person in people:
        events = life_events(person, life_rng, opts.as_of, opts.max_records)
        protected[person.person_id] = any(_protects(event, sources) for event in events)
        for event in events:
            record = recorder.record(person, event, sources[event.source].profile)
            rows[event.source].append((person.person_id, record))
    records, truth = _number(rows, sources, random.Random(f"docket-synth:{seed}:order"))
    return Population(
        sources={name: s.declaration for name, s in sources.items()},
        columns={name: file_fields(s) for name, s in sources.items()},
        records=records,
        truth=truth,
        protected=protected,
        persons={person.person_id: person for person in people},
    )


def _protects(event: Event, sources: dict[str, Source]) -> bool:
    return (
        sources[event.source].declaration.authoritative_for_status
        and event.fields.get("status") in PROTECTIVE_STATUSES
    )


def _number(
    rows: dict[str, list[tuple[str, Record]]], sources: dict[str, Source], rng: random.Random
) -> tuple[dict[str, list[Record]], dict[tuple[str, str], str]]:
    """Shuffle each source's records (file order says nothing of persons) and give them ids."""
    records: dict[str, list[Record]] = {}
    truth: dict[tuple[str, str], str] = {}
    for name, pending in rows.items():
        rng.shuffle(pending)
        prefix = sources[name].profile.id_prefix
        for index, (person_id, record) in enumerate(pending, start=1):
            record["record_id"] = record_id = f"{prefix}-{index:08d}"
            truth[(name, record_id)] = person_id
        records[name] = [record for _, record in pending]
    return records, truth


def file_fields(source: Source) -> tuple[str, ...]:
    """The canonical fields a source's file has a column for, in vocabulary order."""
    kind = source.declaration.kind
    present = {"record_id", "given_name", "family_name", *source.profile.coverage, *EVENT_FIELDS[kind]}
    if "address" in present:
        present |= {"city", "state", "postal_code"}
    if "passport_number" in present:
        present.add("passport_country")
    return tuple(f for f in fields_for_kind(kind) if f in present)
