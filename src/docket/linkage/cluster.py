"""Constraint-aware clustering of scored pairs, and the review items it leaves for people.

Splink's connected components join everything reachable above a threshold, so one bad link chains
two persons together and no constraint can stop it. Here links are taken one at a time in decreasing
match weight (reviewers' must-links first), and two groups join only when no hard constraint
(``constraints.py``) forbids it: a greedy best-first merge that cannot chain across an A-number,
citizenship, suffix or cannot-link conflict.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from docket import collector
from docket.errors import Conflict
from docket.linkage.columnar import factorize
from docket.linkage.constraints import (
    Profile,
    birth_citizen_meets_a_number,
    conflict,
    firm_pairs,
    pair_index,
    veto_reasons,
)


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


CITIZEN_MEETS_A_NUMBER = "citizen_meets_a_number"
_REASON_RANK = {CITIZEN_MEETS_A_NUMBER: 6, "protected_link_unverified": 5, "adverse_link_unverified": 4}


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
    pair ever touches. Records are known by row (position in the frame); columns are kept as compact
    codes a Python loop reads cheaply (a Profile built from Arrow scalars and a pandas index lookup
    cost ~7 µs, most of the clustering time at 1M records)."""

    def __init__(self, frame: pd.DataFrame | pa.Table) -> None:
        self.keys = np.asarray(_values(frame, "unique_id"), dtype=np.int64)
        self.order = np.argsort(self.keys, kind="stable")
        self.sorted_keys = self.keys[self.order]
        self.a_numbers = _Coded(_values(frame, "a_number"))
        self.statuses = _Coded(_values(frame, "protected_status"))
        self.suffixes = _Coded(_values(frame, "suffix"))
        adverse = _values(frame, "adverse").fill_null(False).to_numpy(zero_copy_only=False)
        self.adverse = np.asarray(adverse, dtype=bool).tobytes()

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The row of each key (KeyError for a key that is not a record of the frame)."""
        if len(keys) and not len(self.keys):
            raise KeyError(int(keys[0]))
        at = np.minimum(np.searchsorted(self.sorted_keys, keys), max(len(self.keys) - 1, 0))
        missing = np.flatnonzero(self.sorted_keys[at] != keys)
        if len(missing):
            raise KeyError(int(keys[missing[0]]))
        return self.order[at]

    def profile(self, row: int, key: int) -> Profile:
        return Profile({key}, self.a_numbers.at(row), self.statuses.at(row), self.suffixes.at(row),
                       bool(self.adverse[row]))

    def suffixed(self) -> dict[int, bool]:
        return dict.fromkeys(self.keys[self.suffixes.present()].tolist(), True)


class _Coded:
    """A column as a code per row (-1 where missing) into its distinct values, as Python strings:
    the profiles share these (a string made per profile cost more time, and as much memory)."""

    def __init__(self, values: pa.Array) -> None:
        codes, uniques = factorize(values)
        self.codes = array("i", codes.astype(np.int32).tobytes())
        self.names = [str(v) for v in uniques]

    def at(self, row: int) -> set[str]:
        code = self.codes[row]
        return set() if code < 0 else {self.names[code]}

    def present(self) -> np.ndarray:
        return np.frombuffer(self.codes, dtype=np.int32) >= 0


def _values(frame: pd.DataFrame | pa.Table, name: str) -> pa.Array:
    """A column as one Arrow array, null where missing."""
    if isinstance(frame, pa.Table):
        return frame.column(name).combine_chunks()
    column = frame[name].astype(object)
    return pa.array(column.where(column.notna(), None).tolist())


class _Forest:
    """Union-find over record rows, each root of a joined group carrying its constraint profile; a
    record never joined is its own root, its profile made when asked for. Parents are one array of
    machine integers (a dict of the joined records held ~60 MB at 1M records)."""

    def __init__(self, records: _Records, cannot_link: Mapping[int, set[int]]) -> None:
        self.records = records
        self.parent = array("q", np.arange(len(records.keys), dtype=np.int64).tobytes())
        self.profile: dict[int, Profile] = {}
        self.cannot_link = cannot_link

    def root(self, row: int) -> int:
        parent = self.parent
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    def group(self, row: int, key: int) -> tuple[int, Profile]:
        """The root of the record's group, and the group's profile (``key`` is the record's)."""
        root = row if self.parent[row] == row else self.root(row)
        found = self.profile.get(root)
        return root, found if found is not None else self.records.profile(row, key)

    def join(self, a: int, b: int, pa_: Profile, pb: Profile) -> None:
        """Join the groups of roots ``a`` and ``b`` (profiles ``pa_``, ``pb``): the larger one's
        root stays root, ``a`` on a tie."""
        if len(pa_.keys) < len(pb.keys):
            a, b, pa_, pb = b, a, pb, pa_
        self.parent[b] = a
        pa_.absorb(pb)
        self.profile[a] = pa_
        self.profile.pop(b, None)

    def roots(self) -> np.ndarray:
        """Every row's root, by pointer jumping over the parent array."""
        parent = np.frombuffer(self.parent, dtype=np.int64)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                return parent
            parent = grand


def cluster(pairs: pd.DataFrame, frame: pd.DataFrame | pa.Table, thresholds: Thresholds | None = None, *,
            must_link: Iterable[tuple[int, int]] = (),
            cannot_link: Iterable[tuple[int, int]] = ()) -> Clustering:
    """Cluster a prepared ``frame`` (``prepare_frame`` or ``prepare_table``) given scored ``pairs``
    (``predict``)."""
    t = thresholds or Thresholds()
    records = _Records(frame)
    with collector.paused():
        links, review, roots = _merge(pairs, records, t, must_link, pair_index(cannot_link))
        review = _one_per_cluster_pair(review, roots, records)
        review.sort(key=lambda r: (-r.impact, -r.match_probability, r.key_l, r.key_r))
        return Clustering(_labels(roots, records.keys), links, review)


def _merge(pairs: pd.DataFrame, records: _Records, t: Thresholds, must_link: Iterable[tuple[int, int]],
           cannot_link: Mapping[int, set[int]]) -> tuple[list[Link], list[ReviewItem], np.ndarray]:
    """The links made, the review items left and every record's root row; the groups' profiles
    (~300 MB at 1M records) are freed on return, before the labels are made."""
    forest = _Forest(records, cannot_link)
    links = _apply_must_links(forest, must_link)
    review: list[ReviewItem] = []
    keep = pairs["match_probability"].to_numpy() >= t.review
    if not keep.all():
        pairs = pairs[keep]
    reasons = veto_reasons(pairs, records.suffixed())
    links.extend(_strong_links(forest, pairs, reasons.notna().to_numpy(), t, review))
    review.extend(_uncertain(forest, pairs, reasons, t))
    return links, review, forest.roots()


def _strong_links(forest: _Forest, pairs: pd.DataFrame, vetoed: np.ndarray, t: Thresholds,
                  review: list[ReviewItem]) -> list[Link]:
    """The links the model makes on its own, by match weight, strongest first; ties in key order (a
    total order: the result is unique)."""
    key_l, key_r = pairs["key_l"].to_numpy(), pairs["key_r"].to_numpy()
    prob = pairs["match_probability"].to_numpy()
    strong = np.flatnonzero((prob >= t.link) & ~vetoed)
    strong = strong[np.lexsort((key_r[strong], key_l[strong], -pairs["match_weight"].to_numpy()[strong]))]
    verified = (prob >= t.verified) & firm_pairs(pairs)
    links: list[Link] = []
    for rows in _chunks(strong):
        pairs_here = _pairs_of(forest.records, key_l[rows], key_r[rows], prob[rows])
        for (a, row_a, b, row_b, p), ok in zip(pairs_here, verified[rows].tolist(), strict=True):
            link = _try_link(forest, (a, row_a), (b, row_b), p, ok, review)
            if link:
                links.append(link)
    return links


def _chunks(rows: np.ndarray, size: int = 100_000) -> Iterator[np.ndarray]:
    """Row positions a chunk at a time: Python values for a million pairs at once held ~100 MB."""
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _pairs_of(records: _Records, key_l: np.ndarray, key_r: np.ndarray,
              prob: np.ndarray) -> Iterator[tuple[int, int, int, int, float]]:
    """Each pair as Python values: left key and row, right key and row, probability."""
    return zip(key_l.tolist(), records.rows(key_l).tolist(), key_r.tolist(), records.rows(key_r).tolist(),
               prob.tolist(), strict=True)


def _apply_must_links(forest: _Forest, must_link: Iterable[tuple[int, int]]) -> list[Link]:
    links = []
    for a, b in must_link:
        if int(a) == int(b):
            continue
        rows = forest.records.rows(np.array([a, b], dtype=np.int64)).tolist()
        (ra, pa_), (rb, pb) = forest.group(rows[0], int(a)), forest.group(rows[1], int(b))
        if ra == rb:
            continue
        if conflict(pa_, pb, forest.cannot_link) == "cannot_link":
            raise Conflict(f"must-link {a}-{b} contradicts a cannot-link decision")
        forest.join(ra, rb, pa_, pb)
        links.append(Link(int(a), int(b), 1.0, "must_link"))
    return links


def _try_link(forest: _Forest, left: tuple[int, int], right: tuple[int, int], prob: float, verified: bool,
              review: list[ReviewItem]) -> Link | None:
    """Join two records' groups (key, row each) unless a constraint forbids it or the link is not
    verified (at the verified threshold and ``constraints.firm``) where protection or an adverse
    fact is at stake."""
    (a, row_a), (b, row_b) = left, right
    (ra, pa_), (rb, pb) = forest.group(row_a, a), forest.group(row_b, b)
    if ra == rb or conflict(pa_, pb, forest.cannot_link):
        return None
    reason = held_reason(pa_, pb, verified)
    if reason:
        review.append(_item(a, b, prob, reason, pa_, pb))
        return None
    forest.join(ra, rb, pa_, pb)
    return Link(a, b, prob, "model")


def held_reason(pa: Profile, pb: Profile, verified: bool) -> str | None:
    """Why a link the model would make between two groups waits for a reviewer instead (DESIGN.md
    §6), or None to apply it: a citizen by birth meeting an A-number, however verified (see
    ``constraints.birth_citizen_meets_a_number``); else, not verified, a protected person's records
    joined with another's, or an adverse record attached."""
    if birth_citizen_meets_a_number(pa, pb):
        return CITIZEN_MEETS_A_NUMBER
    return None if verified else _unverified_reason(pa, pb)


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
        for (a, row_a, b, row_b, p), reason in zip(_pairs_of(forest.records, key_l[rows], key_r[rows], prob[rows]),
                                                   why, strict=True):
            (ra, pa_), (rb, pb) = forest.group(row_a, a), forest.group(row_b, b)
            if ra == rb or conflict(pa_, pb, forest.cannot_link):
                continue
            key = (min(ra, rb), max(ra, rb))
            if key not in best or p > best[key].match_probability:
                best[key] = _item(a, b, p, reason, pa_, pb)
    return list(best.values())


def _one_per_cluster_pair(review: list[ReviewItem], roots: np.ndarray, records: _Records) -> list[ReviewItem]:
    """The first item by impact, then probability, between each two final clusters; none within one.

    A link is refused pair by pair, so two persons could come with one item for each pair of their
    records; a reviewer's answer to one settles them all (a must-link joins the two clusters, a
    cannot-link keeps them apart), and the rest would ask the same question again (a fifth of the
    items on the generator). An item whose records a verified link joined later, through another
    record, asks nothing at all. ``_uncertain`` already keeps one item per two clusters as it goes
    (an item made for every pair in the band would cost time and memory at a million records); here
    its items meet the refused strong links'."""
    if not review:
        return review
    rows = [records.rows(np.array([getattr(r, side) for r in review], dtype=np.int64)) for side in ("key_l", "key_r")]
    best: dict[tuple[int, int], ReviewItem] = {}
    for item, a, b in zip(review, roots[rows[0]].tolist(), roots[rows[1]].tolist(), strict=True):
        kept = best.get((min(a, b), max(a, b)))
        if a != b and (kept is None or (item.impact, item.match_probability) > (kept.impact, kept.match_probability)):
            best[(min(a, b), max(a, b))] = item
    return list(best.values())


def _labels(roots: np.ndarray, keys: np.ndarray) -> dict[int, int]:
    """Every record's cluster label (the smallest key of its cluster), in the frame's order."""
    smallest = keys.copy()
    np.minimum.at(smallest, roots, keys)
    labels = smallest[roots]
    cluster_of: dict[int, int] = {}
    for some_keys, their_labels in zip(_chunks(keys), _chunks(labels), strict=True):
        cluster_of.update(zip(some_keys.tolist(), their_labels.tolist(), strict=True))
    return cluster_of
