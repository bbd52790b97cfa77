"""Text is stored exactly as given and ordered the same way on every back end.

Names arrive NFC-normalized from ingest, but the store must not rely on that: whatever it is given
comes back byte for byte. Timestamps are ISO-8601 UTC text of one fixed width, so text order is time
order, and comparisons (``failures_since``, ``admitted_until < today``) work on both back ends.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from sqlalchemy import Engine, insert, select

from docket.store import records_repo, sources_repo
from docket.store.clock import now_iso
from docket.store.schema import login_failures, records
from tests.store.rows import add_records, add_source, declaration

NAMES = [
    "José Ñúñez",
    "Zoë Ångström-Øster",
    "王小明",
    "山田 太郎",
    "김민준",
    "Nguyễn Văn Anh",
    "Ελένη Παπαδοπούλου",
    "Алексей Смирнов",
    "محمد عبد الله",
    "Dvořák Łukasz Ştefan",
    'O\'Brien "Ana" 👩🏽‍⚖️',
]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_round_trips_exactly(engine: Engine, name: str) -> None:
    given, _, family = name.partition(" ")
    with engine.begin() as conn:
        (key,) = add_records(conn, [f"R-{name}"], given_name=given, family_name=family)
    with engine.connect() as conn:
        found = records_repo.record_by_key(conn, key)
        by_value = conn.execute(select(records.c.id).where(records.c.family_name == family)).scalars().all()
    assert found is not None
    assert (found["record_id"], found["given_name"], found.get("family_name", "")) == (f"R-{name}", given, family)
    assert by_value == [key]


def test_composed_and_decomposed_forms_stay_distinct(engine: Engine) -> None:
    composed = unicodedata.normalize("NFC", "José")
    decomposed = unicodedata.normalize("NFD", "José")
    with engine.begin() as conn:
        add_records(conn, [composed, decomposed])
    with engine.connect() as conn:
        stored = set(conn.execute(select(records.c.record_id)).scalars())
    assert stored == {composed, decomposed} and len({s.encode() for s in stored}) == 2


def test_a_declaration_with_unicode_round_trips(engine: Engine) -> None:
    wanted = declaration(
        "état_civil", legal_authority="Code civil, art. 34 — « actes »", columns={"Prénom": "given_name"}
    )
    with engine.begin() as conn:
        sources_repo.add_source(conn, wanted, "ab" * 32, "opérateur")
    with engine.connect() as conn:
        found = sources_repo.find_source(conn, "état_civil")
    assert found is not None and found[1] == wanted


def test_text_orders_by_code_point_on_every_back_end(engine: Engine) -> None:
    """Exports and queues order by text; a PostgreSQL database must use the C collation (as SQLite does),
    or ``docket persons export`` would come out in a different order on each back end."""
    values = ["b", "B", "a", "A", "_x", "a b", "ab", "é", "z", "R10", "R9", "中", "Ω"]
    with engine.begin() as conn:
        add_source(conn, "ids")
        for value in values:
            add_source(conn, value)
    with engine.connect() as conn:
        listed = [d.name for _, d, _ in sources_repo.list_sources(conn)]
    assert listed == sorted([*values, "ids"])


def iso(year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{micro:06d}Z"


def test_iso_timestamps_sort_as_time(engine: Engine) -> None:
    times = [
        iso(1999, 12, 31, 23, 59, 59, 999999),
        iso(2000, 1, 1, 0, 0, 0, 0),
        iso(2024, 2, 29, 9, 5, 3, 7),
        iso(2024, 2, 29, 9, 5, 3, 10),
        iso(2024, 10, 1, 0, 0, 0, 0),
        iso(2024, 9, 30, 23, 0, 0, 0),
        now_iso(),
    ]
    shuffled = random.Random(7).sample(times, len(times))
    with engine.begin() as conn:
        conn.execute(insert(login_failures), [{"user_id": "ana", "at": at} for at in shuffled])
    with engine.connect() as conn:
        ordered = list(conn.execute(select(login_failures.c.at).order_by(login_failures.c.at)).scalars())
        newest = conn.execute(select(login_failures.c.at).order_by(login_failures.c.at.desc()).limit(1)).scalar_one()
        later = conn.execute(select(login_failures.c.at).where(login_failures.c.at >= times[4])).scalars().all()
    assert ordered == sorted(times, key=lambda t: t.replace("Z", "+00:00")) == sorted(times)
    assert newest == times[-1]
    assert sorted(later) == sorted([times[4], times[-1]])


def test_now_iso_is_fixed_width_and_increasing() -> None:
    stamps = [now_iso() for _ in range(1000)]
    assert {len(s) for s in stamps} == {27} and all(s.endswith("Z") for s in stamps)
    assert stamps == sorted(stamps)
