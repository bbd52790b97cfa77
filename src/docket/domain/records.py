"""Value types that travel between the layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from docket.domain.vocabulary import Purpose, RecordKind


@dataclass(frozen=True)
class SourceDeclaration:
    """A declared agency data source (DESIGN.md §4), as validated from its TOML file."""

    name: str
    kind: RecordKind
    legal_authority: str
    purposes: tuple[Purpose, ...]
    authoritative_for_status: bool
    retention_days: int
    columns: dict[str, str] = field(default_factory=dict)

    def serves(self, purpose: Purpose) -> bool:
        return purpose in self.purposes


@dataclass(frozen=True)
class PersonRecord:
    """One stored record with its normalized fields, as engines see it.

    ``key`` is the store's integer id; ``source`` and ``record_id`` identify it to people.
    ``fields`` maps canonical field names to normalized values (absent fields are missing, never "").
    """

    key: int
    source: str
    record_id: str
    kind: RecordKind
    fields: dict[str, str]
    authoritative_for_status: bool = False
    source_purposes: tuple[Purpose, ...] = ()

    def get(self, name: str) -> str | None:
        return self.fields.get(name)

    def get_date(self, name: str) -> date | None:
        value = self.fields.get(name)
        return date.fromisoformat(value) if value else None

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.record_id}"
