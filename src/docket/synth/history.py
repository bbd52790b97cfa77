"""Life histories: the events agencies recorded about a true person, with consistent dates.

Each category (see ``person.CATEGORY_WEIGHTS``) plans its core events (entries, grants, departures);
overlays then add convictions, removal orders and identity registrations. Dates always follow each
other sensibly: nobody enters before birth, a grant follows the entry it rests on, naturalization
comes five years after permanent residence, a vacated order follows the order it vacates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from docket.domain.vocabulary import OFFENSE_CATEGORIES, OrderType, Status
from docket.synth import sources as src
from docket.synth.person import Person

_YEAR = timedelta(days=365)
_DAY = timedelta(days=1)
# Non-immigrant classes of admission: (class, length of the admission in days, weight)
_VISITS = (
    ("B2", 180, 35), ("WT", 90, 15), ("F1", 1460, 15), ("H1B", 1095, 12), ("B1", 180, 5),
    ("J1", 730, 7), ("L1", 1095, 4), ("TN", 1095, 3), ("H2A", 300, 4),
)
_IMMIGRANT_CLASSES = ("IR1", "CR1", "IR5", "F21", "E21", "EB2", "DV1")
# Offense categories by how often courts see them (names come from the closed vocabulary).
OFFENSE_WEIGHTS: dict[str, float] = {
    "terrorism": 0.05, "espionage": 0.03, "homicide": 0.5, "sexual_assault": 1, "kidnapping": 0.3,
    "aggravated_assault": 5, "weapons": 3, "drug_trafficking": 3, "human_trafficking": 0.3,
    "smuggling": 1, "burglary": 5, "robbery": 3, "fraud": 6, "theft": 12, "dui": 14,
    "drug_possession": 12, "immigration_offense": 4, "traffic": 20, "public_order": 12,
}
_CONVICTION_RATE = {
    "citizen_birth": 0.04, "naturalized": 0.03, "lpr": 0.06, "visa_valid": 0.01, "overstay": 0.07,
    "departed": 0.01, "humanitarian": 0.03, "pending": 0.04, "ewi": 0.12,
}
_REMOVAL_RATE = {"overstay": 0.35, "ewi": 0.5, "pending": 0.1}
_IDENTITY_RATE = {"citizen_birth": 0.45, "ewi": 0.9}
_BENEFITS_RATE = {
    "citizen_birth": 0.3, "naturalized": 0.35, "lpr": 0.35, "humanitarian": 0.4, "pending": 0.15,
}
# When a person has more events than records allowed, lower ranks are kept first.
_RANK = {src.GRANTS: 0, src.REMOVALS: 1, src.COURTS: 1, src.ENTRIES: 2, src.EXITS: 2,
         src.IDENTITY: 3, src.BENEFITS: 4}


@dataclass(frozen=True)
class Event:
    """One thing an agency recorded: the source, the date it happened and the event fields."""

    source: str
    on: date | None
    fields: dict[str, str]


class Life:
    def __init__(self, person: Person, rng: random.Random, as_of: date) -> None:
        self.person, self.rng, self.as_of = person, rng, as_of
        self.events: list[Event] = []
        self.arrival = person.date_of_birth + _DAY  # first day in the country
        self.latest = self.arrival  # date of the latest event so far
        self.convicted = False

    def day(self, start: date, end: date) -> date:
        """A day between start and end (both included); start when the range is empty."""
        if end <= start:
            return start
        return start + timedelta(days=int(self.rng.random() * ((end - start).days + 1)))

    def add(self, source: str, on: date | None, **fields: str) -> None:
        if on is not None:
            fields = {"event_date": on.isoformat(), **fields}
            self.latest = max(self.latest, on)
        self.events.append(Event(source, on, fields))

    def entry(self, on: date, admission_class: str, until: date | None = None) -> None:
        extra = {"admitted_until": until.isoformat()} if until else {}
        self.add(src.ENTRIES, on, admission_class=admission_class, **extra)

    def grant(self, on: date, status: Status) -> None:
        self.add(src.GRANTS, on, status=status.value)

    def visit_class(self) -> tuple[str, int]:
        choice = self.rng.choices(_VISITS, weights=[v[2] for v in _VISITS])[0]
        return choice[0], choice[1]

    def earliest(self, years_back: float) -> date:
        return max(self.arrival, self.as_of - timedelta(days=int(years_back * 365)))


def life_events(person: Person, rng: random.Random, as_of: date, max_records: int) -> list[Event]:
    life = Life(person, rng, as_of)
    _PLANS[person.category](life)
    _conviction(life)
    _removal(life)
    _registrations(life)
    ranked = sorted(range(len(life.events)), key=lambda i: _RANK[life.events[i].source])
    return [life.events[i] for i in sorted(ranked[:max_records])]


def _citizen_birth(life: Life) -> None:
    if life.rng.random() < 0.85:
        life.grant(life.person.date_of_birth, Status.US_CITIZEN)
    if life.rng.random() < 0.25 and life.earliest(10) < life.as_of - 40 * _DAY:
        out = life.day(life.earliest(10), life.as_of - 40 * _DAY)
        life.add(src.EXITS, out)
        life.entry(life.day(out + 3 * _DAY, out + 30 * _DAY), "USC")


def _immigrant_arrival(life: Life, start: date, end: date) -> date:
    """An entry as an immigrant (permanent resident on arrival) or on a visa, adjusted later."""
    arrival = life.day(start, end)
    life.arrival = arrival
    if life.rng.random() < 0.8:
        life.entry(arrival, life.rng.choice(_IMMIGRANT_CLASSES))
        residence = life.day(arrival, arrival + 180 * _DAY)
    else:
        cls, days = life.visit_class()
        life.entry(arrival, cls, arrival + timedelta(days=days))
        residence = life.day(arrival + 200 * _DAY, arrival + 4 * _YEAR)
    residence = min(residence, life.as_of)
    life.grant(residence, Status.LAWFUL_PERMANENT_RESIDENT)
    return residence


def _naturalized(life: Life) -> None:
    start, end = life.earliest(35), life.as_of - 6 * _YEAR
    if end < start:
        life.person.category = "lpr"
        return _lpr(life)
    residence = _immigrant_arrival(life, start, end)
    eligible = max(residence + 5 * _YEAR, life.person.date_of_birth + 18 * _YEAR + 5 * _DAY)
    if eligible < life.as_of:
        life.grant(life.day(eligible, life.as_of), Status.NATURALIZED_CITIZEN)
    else:
        life.person.category = "lpr"


def _lpr(life: Life) -> None:
    _immigrant_arrival(life, life.earliest(35), life.as_of - 30 * _DAY)


def _visa_valid(life: Life) -> None:
    cls, days = life.visit_class()
    arrival = life.day(max(life.arrival, life.as_of - timedelta(days=days - 1)), life.as_of - _DAY)
    life.entry(arrival, cls, arrival + timedelta(days=days))
    if life.rng.random() < 0.3:
        _visit(life, life.earliest(8), arrival - 400 * _DAY, late=False, before=arrival)
    life.arrival = min(e.on for e in life.events if e.on)
    if life.rng.random() < 0.3:
        life.grant(life.day(arrival + _DAY, life.as_of), Status.VALID_VISA)


def _visit(life: Life, start: date, end: date, late: bool, before: date | None = None) -> None:
    """A completed visit: an entry and the departure that closed it (late: after admitted-until)."""
    if end <= start:
        return
    cls, days = life.visit_class()
    arrival = life.day(start, end)
    until = arrival + timedelta(days=days)
    left = life.day(until + _DAY, until + 120 * _DAY) if late else life.day(arrival + _DAY, until)
    left = min(left, (before or life.as_of) - _DAY)
    if left <= arrival:
        return
    life.entry(arrival, cls, until)
    life.add(src.EXITS, left)


def _overstay(life: Life) -> None:
    cls, days = life.visit_class()
    end = life.as_of - timedelta(days=days + 30)
    start = life.earliest(20)
    if end < start:
        cls, days, end = "WT", 90, life.as_of - 120 * _DAY
    arrival = life.day(start, end)
    life.arrival = arrival
    life.entry(arrival, cls, arrival + timedelta(days=days))


def _departed(life: Life) -> None:
    late = life.rng.random() < 0.1
    if life.rng.random() < 0.3:
        _visit(life, life.earliest(15), life.as_of - 6 * _YEAR, late=False, before=life.as_of - 5 * _YEAR)
        _visit(life, life.as_of - 5 * _YEAR, life.as_of - 30 * _DAY, late=late)
    else:
        _visit(life, life.earliest(15), life.as_of - 30 * _DAY, late=late)
    life.arrival = min([life.latest, *(e.on for e in life.events if e.on)])


def _humanitarian(life: Life) -> None:
    arrival = life.day(life.earliest(20), life.as_of - _YEAR)
    life.arrival = arrival
    kind = life.rng.choices(("asylee", "refugee", "tps"), weights=(45, 30, 25))[0]
    if kind == "refugee":
        life.entry(arrival, "RE")
        life.grant(arrival, Status.REFUGEE)
        if life.rng.random() < 0.5 and arrival + _YEAR < life.as_of:
            life.grant(life.day(arrival + _YEAR, life.as_of), Status.LAWFUL_PERMANENT_RESIDENT)
        return
    if life.rng.random() < 0.6:
        life.entry(arrival, "B2", arrival + 180 * _DAY)
    status = Status.ASYLEE if kind == "asylee" else Status.TPS
    life.grant(life.day(arrival + 30 * _DAY, min(arrival + 5 * _YEAR, life.as_of)), status)


def _pending(life: Life) -> None:
    arrival = life.day(life.earliest(10), life.as_of - 90 * _DAY)
    life.arrival = arrival
    if life.rng.random() < 0.65:
        cls, days = life.visit_class()
        life.entry(arrival, cls, arrival + timedelta(days=days))
    life.grant(life.day(arrival + 30 * _DAY, life.as_of), Status.PENDING_APPLICATION)


def _ewi(life: Life) -> None:
    """Entered without inspection: no entry record, only what came after."""
    life.arrival = life.latest = life.day(life.earliest(20), life.as_of - 30 * _DAY)


_PLANS = {
    "citizen_birth": _citizen_birth, "naturalized": _naturalized, "lpr": _lpr,
    "visa_valid": _visa_valid, "overstay": _overstay, "departed": _departed,
    "humanitarian": _humanitarian, "pending": _pending, "ewi": _ewi,
}


def _conviction(life: Life) -> None:
    if life.rng.random() >= _CONVICTION_RATE[life.person.category]:
        return
    start = max(life.arrival, life.person.date_of_birth + 18 * _YEAR + 5 * _DAY)
    if start >= life.as_of:
        return
    for _ in range(2 if life.rng.random() < 0.2 else 1):
        offense = life.rng.choices(OFFENSE_CATEGORIES, weights=[OFFENSE_WEIGHTS[o] for o in OFFENSE_CATEGORIES])
        life.add(src.COURTS, life.day(start, life.as_of - _DAY), offense_category=offense[0])
        life.convicted = True


def _removal(life: Life) -> None:
    category = life.person.category
    rate = 0.5 if category == "lpr" and life.convicted else _REMOVAL_RATE.get(category, 0.0)
    start = life.latest + 30 * _DAY
    if life.rng.random() >= rate or start >= life.as_of:
        return
    ordered = life.day(start, life.as_of)
    kind = life.rng.choices(("final", "voluntary", "vacated"), weights=(60, 25, 15))[0]
    if kind == "voluntary":
        life.add(src.REMOVALS, ordered, order_type=OrderType.VOLUNTARY_DEPARTURE.value)
        if life.rng.random() < 0.6 and ordered + 7 * _DAY < life.as_of:
            life.add(src.EXITS, life.day(ordered + 7 * _DAY, min(ordered + 120 * _DAY, life.as_of)))
        return
    life.add(src.REMOVALS, ordered, order_type=OrderType.FINAL_ORDER.value)
    if kind == "vacated" and ordered + 30 * _DAY < life.as_of:
        life.add(src.REMOVALS, life.day(ordered + 30 * _DAY, life.as_of),
                 order_type=OrderType.ORDER_VACATED.value)
    elif life.rng.random() < 0.3 and ordered + 14 * _DAY < life.as_of:
        life.add(src.EXITS, life.day(ordered + 14 * _DAY, life.as_of))


def _registrations(life: Life) -> None:
    """Identity registers: most people are in one, some twice; everyone is somewhere."""
    category = life.person.category
    if life.rng.random() < _IDENTITY_RATE.get(category, 0.7):
        life.add(src.IDENTITY, None)
        if life.rng.random() < 0.08:
            life.add(src.IDENTITY, None)
    if life.rng.random() < _BENEFITS_RATE.get(category, 0.05):
        life.add(src.BENEFITS, None)
    if not life.events:
        life.add(src.IDENTITY, None)
