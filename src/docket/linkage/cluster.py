"""Constraint-aware clustering of scored pairs, and the review items it leaves for people.

Splink's connected components join everything reachable above a threshold, so one bad link chains
two persons together and no constraint can stop it. Here links are taken one at a time in decreasing
match weight (reviewers' must-links first), and two groups join only when no hard constraint
(``constraints.py``) forbids it: a greedy best-first merge that cannot chain across an A-number,
citizenship, suffix or cannot-link conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from docket.errors import Conflict
from docket.linkage.constraints import Profile, conflict, pair_index, veto_reasons


@dataclass(frozen=True)
class Thresholds:
    """link: automatic link; review: lower edge of the uncertain band; verified: a link that
    supports an adverse fact (or joins a protected record) below this waits for a reviewer."""

    link: float = 0.99
    review: float = 0.5
    verified: float = 0.999


@dataclass(frozen=True, slots=True)
class Link:
    key_l: int
    key_r: int
    match_probability: float
    basis: str  # "model" or "must_link"


@dataclass(frozen=True, slots=True)
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


class _Records:
    """The constraint columns of a prepared frame (or ``prepare_table``'s table), and a record's
    ``Profile`` on demand: a million profiles made up front held ~1 GB, most for records no scored
    pair ever touches. Columns stay numpy or Arrow arrays: as Python lists they held ~150 MB."""

    def __init__(self, frame: pd.DataFrame | pa.Table) -> None:
        self.keys = np.asarray(_values(frame, "unique_id"), dtype=np.int64)
        self.row = pd.Index(self.keys)
        self.a_numbers = _values(frame, "a_number")
        self.statuses = _values(frame, "protected_status")
        self.suffixes = _values(frame, "suffix")
        self.adverse = _values(frame, "adverse").fill_null(False).to_numpy(zero_copy_only=False)

    def profile(self, key: int) -> Profile:
        i = self.row.get_loc(key)
        return Profile({key}, _present(self.a_numbers[i]), _present(self.statuses[i]),
                       _present(self.suffixes[i]), bool(self.adverse[i]))

    def suffixed(self) -> dict[int, bool]:
        return dict.fromkeys(self.keys[self.suffixes.is_valid().to_numpy(zero_copy_only=False)].tolist(), True)


def _values(frame: pd.DataFrame | pa.Table, name: str) -> pa.Array:
    """A column as one Arrow array, null where missing."""
    if isinstance(frame, pa.Table):
        return frame.column(name).combine_chunks()
    column = frame[name].astype(object)
    return pa.array(column.where(column.notna(), None).tolist())


def _present(value: pa.Scalar) -> set[str]:
    return set() if not value.is_valid else {str(value.as_py())}


class _Forest:
    """Union-find over record keys, each root of a joined group carrying its constraint profile; a
    record never joined is its own root, its profile made when asked for."""

    def __init__(self, records: _Records, cannot_link: Mapping[int, set[int]]) -> None:
        self.records = records
        self.parent: dict[int, int] = {}
        self.profile: dict[int, Profile] = {}
        self.cannot_link = cannot_link

    def root(self, key: int) -> int:
        parent = self.parent
        if key not in parent:
            return key
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def profile_of(self, root: int) -> Profile:
        found = self.profile.get(root)
        return found if found is not None else self.records.profile(root)

    def why_not(self, a: int, b: int) -> str | None:
        return conflict(self.profile_of(a), self.profile_of(b), self.cannot_link)

    def join(self, a: int, b: int) -> None:
        pa_, pb = self.profile_of(a), self.profile_of(b)
        if len(pa_.keys) < len(pb.keys):
            a, b, pa_, pb = b, a, pb, pa_
        self.parent[b] = a
        self.parent.setdefault(a, a)
        pa_.absorb(pb)
        self.profile[a] = pa_
        self.profile.pop(b, None)


def cluster(pairs: pd.DataFrame, frame: pd.DataFrame | pa.Table, thresholds: Thresholds | None = None, *,
            must_link: Iterable[tuple[int, int]] = (),
            cannot_link: Iterable[tuple[int, int]] = ()) -> Clustering:
    """Cluster a prepared ``frame`` (``prepare_frame`` or ``prepare_table``) given scored ``pairs``
    (``predict``)."""
    t = thresholds or Thresholds()
    records = _Records(frame)
    forest = _Forest(records, pair_index(cannot_link))
    links = _apply_must_links(forest, must_link)
    review: list[ReviewItem] = []
    keep = pairs["match_probability"].to_numpy() >= t.review
    if not keep.all():
        pairs = pairs[keep]
    reasons = veto_reasons(pairs, records.suffixed())
    links.extend(_strong_links(forest, pairs, reasons.notna().to_numpy(), t, review))
    review.extend(_uncertain(forest, pairs, reasons, t))
    cluster_of = _labels(forest, records.keys)
    review.sort(key=lambda r: (-r.impact, -r.match_probability, r.key_l, r.key_r))
    return Clustering(cluster_of, links, review)


def _strong_links(forest: _Forest, pairs: pd.DataFrame, vetoed: np.ndarray, t: Thresholds,
                  review: list[ReviewItem]) -> list[Link]:
    """The links the model makes on its own, by match weight, strongest first; ties in key order (a
    total order: the result is unique)."""
    key_l, key_r = pairs["key_l"].to_numpy(), pairs["key_r"].to_numpy()
    prob = pairs["match_probability"].to_numpy()
    strong = np.flatnonzero((prob >= t.link) & ~vetoed)
    strong = strong[np.lexsort((key_r[strong], key_l[strong], -pairs["match_weight"].to_numpy()[strong]))]
    links: list[Link] = []
    for rows in _chunks(strong):
        for a, b, p in zip(key_l[rows].tolist(), key_r[rows].tolist(), prob[rows].tolist(), strict=True):
            link = _try_link(forest, a, b, p, t, review)
            if link:
                links.append(link)
    return links


def _chunks(rows: np.ndarray, size: int = 100_000) -> Iterator[np.ndarray]:
    """Row positions a chunk at a time: Python values for a million pairs at once held ~100 MB."""
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


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
    pa_, pb = forest.profile_of(ra), forest.profile_of(rb)
    if prob < t.verified:
        reason = _unverified_reason(pa_, pb)
        if reason:
            # Not applied: a link that would attach an adverse record, or join a protected person's
            # records with another's, waits for a reviewer instead (DESIGN.md §6).
            review.append(_item(a, b, prob, reason, pa_, pb))
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
    key_l, key_r = pairs["key_l"].to_numpy(), pairs["key_r"].to_numpy()
    prob = pairs["match_probability"].to_numpy()
    best: dict[tuple[int, int], ReviewItem] = {}
    for rows in _chunks(np.flatnonzero((prob < t.link) | vetoes.notna().to_numpy())):
        why = vetoes.iloc[rows].fillna("uncertain").tolist()
        for a, b, p, reason in zip(key_l[rows].tolist(), key_r[rows].tolist(), prob[rows].tolist(), why,
                                   strict=True):
            ra, rb = forest.root(a), forest.root(b)
            if ra == rb or forest.why_not(ra, rb):
                continue
            key = (min(ra, rb), max(ra, rb))
            if key not in best or p > best[key].match_probability:
                best[key] = _item(a, b, p, reason, forest.profile_of(ra), forest.profile_of(rb))
    return list(best.values())


def _labels(forest: _Forest, keys: np.ndarray) -> dict[int, int]:
    """Every record's cluster label (the smallest key of its cluster), in the frame's order."""
    smallest: dict[int, int] = {}
    for key in forest.parent:
        root = forest.root(key)
        smallest[root] = min(smallest.get(root, key), key)
    parent = forest.parent
    return {key: smallest[forest.root(key)] if key in parent else key for key in keys.tolist()}
