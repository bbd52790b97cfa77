"""The navigation of the pages. Extension point: a new page adds one ``NavEntry`` here.

The lead's pages plug in here: case queue (``/cases``), case file (``/cases/{id}``, reached from the
queue), review queue (``/reviews``), subject requests (``/requests``). Navigation only hides links a
role has no use for; what a role may see is decided by the services (Cedar), never here.
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


NAV: list[NavEntry] = [
    NavEntry("My work", "/"),
    NavEntry("Sources", "/sources", frozenset({"data_steward"})),
    NavEntry("Oversight", "/oversight", frozenset({"oversight"})),
    NavEntry("Accounts", "/accounts", frozenset({"admin"})),
]


def nav_for(role: str | None) -> list[NavEntry]:
    return [entry for entry in NAV if role and entry.shown_to(role)]
