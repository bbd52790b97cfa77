"""The navigation of the pages. Extension point: a new page adds one ``NavEntry`` here.

The case file (``/cases/{id}``), a review task (``/reviews/{id}``) and link explanations are reached
from the queues, not from here. Navigation only hides links a role has no use for; what a role may
see is decided by the services (Cedar), never here.
"""

from __future__ import annotations

from dataclasses import dataclass

ANY_ROLE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str
    roles: frozenset[str] = ANY_ROLE  # empty: every role

    def shown_to(self, role: str) -> bool:
        return not self.roles or role in self.roles


CASE_WORKERS = frozenset({"analyst", "supervisor"})
REVIEWERS = frozenset({"data_steward", "legal_reviewer"})

NAV: list[NavEntry] = [
    NavEntry("My work", "/"),
    NavEntry("My cases", "/cases", CASE_WORKERS),
    NavEntry("Open a case", "/cases/new", CASE_WORKERS),
    NavEntry("Review queue", "/reviews", REVIEWERS),
    NavEntry("Subject requests", "/requests", frozenset({"legal_reviewer"})),
    NavEntry("Sources", "/sources", frozenset({"data_steward"})),
    NavEntry("Oversight", "/oversight", frozenset({"oversight"})),
    NavEntry("Accounts", "/accounts", frozenset({"admin"})),
]


def nav_for(role: str | None) -> list[NavEntry]:
    return [entry for entry in NAV if role and entry.shown_to(role)]
