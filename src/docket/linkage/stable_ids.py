"""Stable person ids across re-runs, and the merge/split events that explain every change.

Each new cluster inherits the previous person id it overlaps most (one id per cluster, one cluster
per id, largest overlaps decided first), so a person whose records did not change keeps their id.
A cluster gathering records of several previous persons is a merge; a previous person whose records
now sit in several clusters is a split. Clusters with no previous records get fresh ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class IdEvent:
    kind: str  # "merge" or "split"
    before: tuple[str, ...]
    after: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Assignment:
    person_of: dict[int, str]
    events: list[IdEvent]
    new_persons: list[str]


def assign_ids(previous: Mapping[int, str], clusters: Iterable[Iterable[int]],
               new_id: Callable[[], str], reason: str = "linkage re-run") -> Assignment:
    """Map every record of ``clusters`` to a person id, reusing ``previous`` ids where possible."""
    groups = sorted((sorted(int(k) for k in c) for c in clusters), key=lambda g: g[0])
    overlaps = _overlaps(previous, groups)
    owner = _inherit(overlaps)
    new_persons = []
    person_of: dict[int, str] = {}
    ids: list[str] = []
    for index, group in enumerate(groups):
        pid = owner.get(index)
        if pid is None:
            pid = new_id()
            new_persons.append(pid)
        ids.append(pid)
        person_of.update(dict.fromkeys(group, pid))
    events = _merges(overlaps, ids, reason) + _splits(overlaps, ids, reason)
    return Assignment(person_of, events, new_persons)


def _overlaps(previous: Mapping[int, str], groups: list[list[int]]) -> list[Counter[str]]:
    return [Counter(previous[k] for k in group if k in previous) for group in groups]


def _inherit(overlaps: list[Counter[str]]) -> dict[int, str]:
    """Greedy one-to-one matching of clusters to previous ids, biggest overlap first."""
    candidates = sorted(((n, pid, index) for index, c in enumerate(overlaps) for pid, n in c.items()),
                        key=lambda x: (-x[0], x[2], x[1]))
    owner: dict[int, str] = {}
    taken: set[str] = set()
    for _, pid, index in candidates:
        if index not in owner and pid not in taken:
            owner[index] = pid
            taken.add(pid)
    return owner


def _merges(overlaps: list[Counter[str]], ids: list[str], reason: str) -> list[IdEvent]:
    return [IdEvent("merge", tuple(sorted(c)), (ids[i],), reason)
            for i, c in enumerate(overlaps) if len(c) > 1]


def _splits(overlaps: list[Counter[str]], ids: list[str], reason: str) -> list[IdEvent]:
    spread: dict[str, set[str]] = {}
    for index, counts in enumerate(overlaps):
        for pid in counts:
            spread.setdefault(pid, set()).add(ids[index])
    return [IdEvent("split", (pid,), tuple(sorted(after)), reason)
            for pid, after in sorted(spread.items()) if len(after) > 1]
