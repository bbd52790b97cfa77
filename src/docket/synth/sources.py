"""The synthetic agency sources: their declarations (DESIGN.md §4) and how each writes people down."""

from __future__ import annotations

from dataclasses import dataclass

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import Purpose, RecordKind

IDENTITY = "identity_register"
BENEFITS = "benefits_register"
ENTRIES = "entry_records"
EXITS = "exit_records"
GRANTS = "status_grants"
REMOVALS = "removal_orders"
COURTS = "court_dispositions"

_E, _S, _I = Purpose.ENFORCEMENT, Purpose.STATUS_VERIFICATION, Purpose.IDENTITY_VERIFICATION
_FOREVER = 36500  # a hundred years, as for alien files
_ADIS = 27375  # seventy-five years, as for arrival and departure records


@dataclass(frozen=True)
class Profile:
    """How a source writes people down.

    ``coverage`` is the share of its records that carry each identity field (``address`` stands for
    the street, city, state and postal code together). A ``formal`` source copies names from a
    travel document: no nicknames, no transliteration variants, given and middle names in one field.
    """

    id_prefix: str
    coverage: dict[str, float]
    case: str  # upper | title | asis
    accents: float  # share of records that keep accents
    a_styles: tuple[str, ...]  # A-number formats (see noise.a_number)
    formal: bool = False


@dataclass(frozen=True)
class Source:
    declaration: SourceDeclaration
    profile: Profile

    @property
    def name(self) -> str:
        return self.declaration.name


def _declare(name: str, kind: RecordKind, authority: str, purposes: tuple[Purpose, ...],
             retention: int, columns: dict[str, str] | None = None,
             authoritative: bool = False) -> SourceDeclaration:
    return SourceDeclaration(
        name=name, kind=kind, legal_authority=authority, purposes=purposes,
        authoritative_for_status=authoritative, retention_days=retention, columns=columns or {},
    )


_ENTRY_COLUMNS = {
    "Surname": "family_name", "Given Names": "given_name", "DOB": "date_of_birth",
    "Passport No": "passport_number", "Issuing Country": "passport_country", "A-Number": "a_number",
    "Entry Date": "event_date", "Class of Admission": "admission_class", "Admit Until": "admitted_until",
    "US Address": "address",
}
_EXIT_COLUMNS = {
    "Surname": "family_name", "Given Names": "given_name", "DOB": "date_of_birth",
    "Passport No": "passport_number", "Issuing Country": "passport_country",
    "Departure Date": "event_date",
}
_COURT_COLUMNS = {"Disposition Date": "event_date", "Offense Category": "offense_category"}


def all_sources() -> tuple[Source, ...]:
    """Every synthetic source, in the order they are written."""
    return (
        Source(
            _declare(IDENTITY, RecordKind.IDENTITY, "8 U.S.C. 1360 (central index of aliens)",
                     (_E, _S, _I), _FOREVER),
            Profile("IDR", {"middle_name": 0.7, "date_of_birth": 0.97, "sex": 0.95, "a_number": 0.95,
                            "passport_number": 0.3, "address": 0.85, "phone": 0.5},
                    case="title", accents=0.6, a_styles=("prefixed", "dashed", "spaced")),
        ),
        Source(
            _declare(BENEFITS, RecordKind.IDENTITY,
                     "42 U.S.C. 1320b-7 (income and eligibility verification)", (_I, _S), 2555),
            Profile("BEN", {"middle_name": 0.4, "date_of_birth": 0.98, "sex": 0.9, "a_number": 0.6,
                            "address": 0.95, "phone": 0.8},
                    case="asis", accents=0.5, a_styles=("bare", "prefixed")),
        ),
        Source(
            _declare(ENTRIES, RecordKind.ENTRY, "8 U.S.C. 1365a", (_E, _S), _ADIS, _ENTRY_COLUMNS),
            Profile("ENT", {"date_of_birth": 0.99, "sex": 0.98, "a_number": 0.3, "passport_number": 1.0,
                            "address": 0.3},
                    case="upper", accents=0.0, a_styles=("bare",), formal=True),
        ),
        Source(
            _declare(EXITS, RecordKind.DEPARTURE, "8 U.S.C. 1365b", (_E, _S), _ADIS, _EXIT_COLUMNS),
            Profile("EXT", {"date_of_birth": 0.99, "sex": 0.98, "passport_number": 1.0},
                    case="upper", accents=0.0, a_styles=("bare",), formal=True),
        ),
        Source(
            _declare(GRANTS, RecordKind.STATUS_GRANT,
                     "8 U.S.C. 1103(a) (adjudication of immigration benefits)", (_S, _I, _E), _FOREVER,
                     authoritative=True),
            Profile("SG", {"middle_name": 0.6, "date_of_birth": 0.99, "sex": 0.97, "a_number": 0.98,
                           "passport_number": 0.2, "address": 0.8, "phone": 0.3},
                    case="title", accents=0.8, a_styles=("dashed", "prefixed")),
        ),
        Source(
            _declare(REMOVALS, RecordKind.REMOVAL_ORDER, "8 U.S.C. 1229a", (_E, _S), _FOREVER),
            Profile("RO", {"middle_name": 0.3, "date_of_birth": 0.95, "sex": 0.9, "a_number": 0.97,
                           "address": 0.4},
                    case="upper", accents=0.3, a_styles=("prefixed", "spaced", "dashed")),
        ),
        Source(
            _declare(COURTS, RecordKind.CONVICTION, "28 U.S.C. 534", (_E,), _FOREVER, _COURT_COLUMNS),
            Profile("CD", {"middle_name": 0.5, "date_of_birth": 0.96, "sex": 0.98, "a_number": 0.05,
                           "address": 0.7},
                    case="upper", accents=0.1, a_styles=("bare",)),
        ),
    )
