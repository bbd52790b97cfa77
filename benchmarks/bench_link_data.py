"""Synthetic populations as linkage input, with the ingest layer's simple normalization applied.

Shared by the linkage benchmarks. Not a test: builds data and measures.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from itertools import combinations
from typing import Any

import pandas as pd

from docket.domain.vocabulary import IDENTITY_FIELDS, PROTECTIVE_STATUSES
from docket.linkage.blocking import blocked
from docket.synth import generate

AS_OF = date(2025, 1, 1)


def _normalize(field: str, value: str | None) -> str | None:
    """What ingest does: NFC, collapsed whitespace, nine-digit A-numbers, digits-only phones."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if field == "a_number":
        digits = re.sub(r"[^0-9]", "", text)
        return digits if len(digits) == 9 else None
    if field == "phone":
        return re.sub(r"\D", "", text) or None
    if field in ("state", "passport_number", "passport_country"):
        return text.upper()
    return text or None


def _adverse(kind: str, rec: dict[str, str]) -> bool:
    if kind == "conviction":
        return True
    if kind == "removal_order":
        return rec.get("order_type") == "final_order"
    return kind == "entry" and bool(rec.get("admitted_until")) and rec["admitted_until"] < AS_OF.isoformat()


def synth_frame(persons: int, seed: int = 0) -> tuple[pd.DataFrame, dict[int, str], dict[str, bool]]:
    """(records, truth {key: person}, protected {person: bool}) for a synthetic population."""
    pop = generate(persons=persons, seed=seed)
    rows: list[dict[str, Any]] = []
    truth: dict[int, str] = {}
    for source, records in pop.records.items():
        decl = pop.sources[source]
        for rec in records:
            key = len(rows) + 1
            status = rec.get("status")
            row = {"key": key, "source": source, "record_id": rec["record_id"], "kind": str(decl.kind),
                   "protected_status": status if decl.authoritative_for_status
                   and status in PROTECTIVE_STATUSES else None,
                   "adverse": _adverse(str(decl.kind), rec)}
            row.update({f: _normalize(f, rec.get(f)) for f in IDENTITY_FIELDS})
            rows.append(row)
            truth[key] = pop.truth[(source, rec["record_id"])]
    return pd.DataFrame(rows), truth, dict(pop.protected)


def true_pairs(truth: dict[int, str]) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = {}
    for key, person in truth.items():
        groups.setdefault(person, []).append(key)
    return {pair for keys in groups.values() for pair in combinations(sorted(keys), 2)}


def blocking_recall(prepared: list[dict[str, Any]], truth: dict[int, str]) -> tuple[float, list]:
    """Share of true pairs that some blocking rule puts together, and the missed pairs."""
    by_key = {r["unique_id"]: r for r in prepared}
    missed = []
    pairs = true_pairs(truth)
    for a, b in pairs:
        ra, rb = by_key[a], by_key[b]
        if not blocked(ra, rb):
            missed.append((a, b))
    return 1 - len(missed) / max(1, len(pairs)), missed
