"""Demo only: find persons with a conviction record to open example cases on.

This is a query over the population, which Docket's users cannot run (no free search); it exists
for the demo's own setup and is not reachable from any interface but ``docket demo``.
"""

from __future__ import annotations

from sqlalchemy import select

from docket.services.runtime import Runtime
from docket.store.schema import memberships, records


def convicted_persons(rt: Runtime, limit: int) -> list[str]:
    query = (
        select(memberships.c.person_id)
        .join(records, records.c.id == memberships.c.record_key)
        .where(
            records.c.kind == "conviction",
            records.c.offense_category.in_(
                [
                    "homicide",
                    "aggravated_assault",
                    "robbery",
                    "weapons",
                    "drug_trafficking",
                    "sexual_assault",
                    "kidnapping",
                    "burglary",
                ]
            ),
        )
        .distinct()
        .limit(limit)
    )
    with rt.engine.connect() as conn:
        return [str(p) for p in conn.execute(query).scalars()]
