"""A small world for the HTTP and page tests, set up through the services and the test factories:
a convicted person with three linked records, protected persons, a review task, the shipped model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docket.linkage import default_model
from docket.services import cases, requests
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.store import linkage_repo, persons_repo, reviews_repo
from tests.factories import CONVICTION_HEADER, GRANT_HEADER, IDENTITY_HEADER, ingest_rows, link_into

HOMICIDE = ["K1", "Ana", "Diaz", "1980-01-01", "A111111111", "2015-03-01", "homicide"]
IDENTITIES = [["I1", "Ana", "Díaz", "1980-01-01", "111111111"], ["I2", "Anna", "Diaz", "1980-01-10", "111111112"]]
STRANGER = ["I3", "Bruno", "Keller", "1975-06-30", "222222222"]
ROBBERY = ["K2", "Lena", "Ortiz", "1990-04-04", "A333333333", "2024-02-02", "robbery"]
CITIZEN = ["G1", "Ola", "Berg", "1970-07-07", "", "1970-07-07", "us_citizen"]
RESIDENT = ["G2", "Tom", "Reyes", "1985-03-03", "A444444444", "2010-01-01", "lawful_permanent_resident"]


@dataclass(frozen=True)
class World:
    convicted: str  # K1 + I1 (verified) + I2 (unverified): the case-file person
    other: str  # K2: a second convicted person, for a case outside someone's queue
    stranger: str  # I3 alone
    citizen: str  # an authoritative citizenship by birth: protected for good
    resident: str  # an authoritative permanent residence: protected, clearable by a legal reviewer


def seed_model(rt: Runtime) -> None:
    """Store the shipped linkage model, so explanations work without a linkage run."""
    model = default_model()
    with rt.engine.begin() as conn:
        linkage_repo.save_model(conn, model.version, model.to_json(), 0)


def build_world(rt: Runtime, folder: Path) -> World:
    seed_model(rt)
    convicted = ingest_rows(rt, folder, "court", "conviction", CONVICTION_HEADER, [HOMICIDE])[0]
    ingest_rows(rt, folder, "ids", "identity", IDENTITY_HEADER, [*IDENTITIES, STRANGER])
    link_into(rt, "ids", "I1", convicted)
    link_into(rt, "ids", "I2", convicted, verified=False)
    other = ingest_rows(rt, folder, "court", "conviction", CONVICTION_HEADER, [ROBBERY])[0]
    grants = ingest_rows(rt, folder, "grants", "status_grant", GRANT_HEADER, [CITIZEN, RESIDENT], authoritative=True)
    return World(convicted, other, _person_of(rt, "ids", "I3"), grants[0], grants[1])


def _person_of(rt: Runtime, source: str, record_id: str) -> str:
    with rt.engine.connect() as conn:
        found = persons_repo.person_of_record(conn, source, record_id)
    assert found is not None
    return found[1]


def supervisor(user: str = "sam", unit: str = "east") -> Context:
    return Context(Actor(user, "supervisor", unit))


def open_case(rt: Runtime, person_id: str, user: str = "sam", unit: str = "east") -> str:
    """A case opened by a supervisor (whose account must exist)."""
    return cases.open_case(rt, supervisor(user, unit), person_id, "public_safety").id


def link_task(rt: Runtime, left: tuple[str, str], right: tuple[str, str], role: str = "data_steward") -> str:
    """An open link review task on two records, as linkage raises one for a link it holds back."""
    with rt.engine.begin() as conn:
        found = [persons_repo.person_of_record(conn, *ref) for ref in (left, right)]
        keys = [f[0] for f in found if f]
        return reviews_repo.add_task(
            conn,
            kind="link",
            impact=80,
            person_id=found[0][1] if found[0] else None,
            record_a=min(keys),
            record_b=max(keys),
            probability="0.93",
            reason="would attach a record that supports an adverse fact",
            role_needed=role,
        )


def file_request(rt: Runtime, kind: str, person_id: str, detail: dict[str, object] | None = None) -> str:
    lee = Context(Actor("lee", "legal_reviewer"))
    return str(requests.file_request(rt, lee, kind, person_id, detail or {})["id"])


def departure_task(rt: Runtime, person_id: str) -> str:
    """An open task on weak departure evidence, as the services raise one."""
    with rt.engine.begin() as conn:
        reason = "weak departure evidence (name and birth date only)"
        return reviews_repo.add_task(conn, kind="departure", impact=40, person_id=person_id, reason=reason)
