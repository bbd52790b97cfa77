"""Constraint-aware clustering of scored pairs, and the review items it leaves for people.

Splink's connected components join everything reachable above a threshold, so one bad link chains
two persons together and no constraint can stop it. Here links are taken one at a time in decreasing
match weight (reviewers' must-links first), and two groups join only when no hard constraint
(``constraints.py``) forbids it: a greedy best-first merge that cannot chain across an A-number,
citizenship, suffix or cannot-link conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from docket.errors import Conflict
from docket.linkage.constraints import Profile, conflict, pair_index, veto_reasons


@dataclass(frozen=True)
class Thresholds:
    """link: automatic link; review: lower edge of the uncertain band; verified: a link that
    supports an adverse fact (or joins a protected record) below this waits for a reviewer."""

    link: float = 0.99
    review: float = 0.5
    verified: float = 0.999


@dataclass(frozen=True)
class Link:
    key_l: int
    key_r: int
    match_probability: float
    basis: str  # "model" or "must_link"


@dataclass(frozen=True)
class ReviewItem:
    key_l: int
    key_r: int
    match_probability: float
    reason: str
    impact: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_REASON_RANK = {"protected_link_unverified": 5, "adverse_link_unverified": 4}


@dataclass
class Clustering:
    cluster_of: dict[int, int]  # record key -> cluster label (the smallest key in the cluster)
    links: list[Link] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)

    def clusters(self) -> list[set[int]]:
        groups: dict[int, set[int]] = {}
        for key, label in self.cluster_of.items():
            groups.setdefault(label, set()).add(key)
        return sorted(groups.values(), key=min)


class _Forest:
    """Union-find over record keys, each root carrying its group's constraint profile."""

    def __init__(self, profiles: Mapping[int, Profile], cannot_link: Mapping[int, set[int]]) -> None:
        self.parent = {k: k for k in profiles}
        self.profile = dict(profiles)
        self.cannot_link = cannot_link

    def root(self, key: int) -> int:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def why_not(self, a: int, b: int) -> str | None:
        return conflict(self.profile[a], self.profile[b], self.cannot_link)

    def join(self, a: int, b: int) -> None:
        if len(self.profile[a].keys) < len(self.profile[b].keys):
            a, b = b, a
        self.parent[b] = a
        self.profile[a].absorb(self.profile.pop(b))


def cluster(pairs: pd.DataFrame, frame: pd.DataFrame, thresholds: Thresholds | None = None, *,
            must_link: Iterable[tuple[int, int]] = (),
            cannot_link: Iterable[tuple[int, int]] = ()) -> Clustering:
    """Cluster a prepared ``frame`` (from ``prepare_frame``) given scored ``pairs`` (``predict``)."""
    t = thresholds or Thresholds()
    forest = _Forest(_profiles(frame), pair_index(cannot_link))
    links = _apply_must_links(forest, must_link)
    review: list[ReviewItem] = []
    pairs = pairs[pairs["match_probability"] >= t.review]
    reasons = veto_reasons(pairs, dict(zip(frame["unique_id"], frame["suffix"].notna(), strict=True)))
    vetoed = reasons.notna()
    strong = pairs[(pairs["match_probability"] >= t.link) & ~vetoed].sort_values(
        ["match_weight", "key_l", "key_r"], ascending=[False, True, True])
    for a, b, prob in zip(strong["key_l"], strong["key_r"], strong["match_probability"], strict=True):
        link = _try_link(forest, int(a), int(b), float(prob), t, review)
        if link:
            links.append(link)
    review.extend(_uncertain(forest, pairs, reasons, t))
    cluster_of = _labels(forest)
    review.sort(key=lambda r: (-r.impact, -r.match_probability, r.key_l, r.key_r))
    return Clustering(cluster_of, links, review)


def _profiles(frame: pd.DataFrame) -> dict[int, Profile]:
    """``Profile.of`` every record, column-wise (a million records: seconds, not a minute)."""
    def present(name: str) -> list[set[str]]:
        column = frame[name].astype(object)
        return [set() if v is None else {str(v)} for v in column.where(column.notna(), None).tolist()]

    keys = frame["unique_id"].astype("int64").tolist()
    adverse = frame["adverse"].fillna(False).astype(bool).tolist()
    columns = zip(keys, present("a_number"), present("protected_status"), present("suffix"), adverse, strict=True)
    return {key: Profile({key}, a, p, s, bad) for key, a, p, s, bad in columns}


def _apply_must_links(forest: _Forest, must_link: Iterable[tuple[int, int]]) -> list[Link]:
    links = []
    for a, b in must_link:
        ra, rb = forest.root(int(a)), forest.root(int(b))
        if ra == rb:
            continue
        if forest.why_not(ra, rb) == "cannot_link":
            raise Conflict(f"must-link {a}-{b} contradicts a cannot-link decision")
        forest.join(ra, rb)
        links.append(Link(int(a), int(b), 1.0, "must_link"))
    return links


def _try_link(forest: _Forest, a: int, b: int, prob: float, t: Thresholds,
              review: list[ReviewItem]) -> Link | None:
    ra, rb = forest.root(a), forest.root(b)
    if ra == rb or forest.why_not(ra, rb):
        return None
    pa, pb = forest.profile[ra], forest.profile[rb]
    if prob < t.verified:
        reason = _unverified_reason(pa, pb)
        if reason:
            # Not applied: a link that would attach an adverse record, or join a protected person's
            # records with another's, waits for a reviewer instead (DESIGN.md §6).
            review.append(_item(a, b, prob, reason, pa, pb))
            return None
    forest.join(ra, rb)
    return Link(a, b, prob, "model")


def _unverified_reason(pa: Profile, pb: Profile) -> str | None:
    if pa.protected != pb.protected or (pa.protected and pb.protected and pa.statuses != pb.statuses):
        return "protected_link_unverified"
    if pa.adverse or pb.adverse:
        return "adverse_link_unverified"
    return None


def _item(a: int, b: int, prob: float, reason: str, pa: Profile, pb: Profile) -> ReviewItem:
    """Impact: the reason's rank, then whether protection or an adverse fact is at stake."""
    stakes = 2 * (pa.protected or pb.protected) + (pa.adverse or pb.adverse)
    impact = _REASON_RANK.get(reason, 3) * 10 + stakes
    return ReviewItem(min(a, b), max(a, b), prob, reason, impact)


def _uncertain(forest: _Forest, pairs: pd.DataFrame, vetoes: pd.Series,
               t: Thresholds) -> list[ReviewItem]:
    """The best pair between each two final clusters that the model could not settle: in the
    uncertain band, or above it but vetoed (``pair_veto``); never one a constraint forbids."""
    band = pairs[(pairs["match_probability"] < t.link) | vetoes.notna()]
    reasons = vetoes[band.index].fillna("uncertain")
    best: dict[tuple[int, int], ReviewItem] = {}
    rows = zip(band["key_l"], band["key_r"], band["match_probability"], reasons, strict=True)
    for a, b, prob, reason in rows:
        ra, rb = forest.root(int(a)), forest.root(int(b))
        if ra == rb or forest.why_not(ra, rb):
            continue
        key = (min(ra, rb), max(ra, rb))
        if key not in best or prob > best[key].match_probability:
            best[key] = _item(int(a), int(b), float(prob), reason, forest.profile[ra],
                              forest.profile[rb])
    return list(best.values())


def _labels(forest: _Forest) -> dict[int, int]:
    smallest: dict[int, int] = {}
    for key in forest.parent:
        root = forest.root(key)
        smallest[root] = min(smallest.get(root, key), key)
    return {key: smallest[forest.root(key)] for key in forest.parent}
