"""Matching normalization: from ingest-normalized records to the columns the model compares.

Ingest has already made the fields canonical (NFC, collapsed whitespace, nine-digit A-numbers, ISO
dates). Here we derive *matching* keys beside them, keeping the originals: folded names (upper case,
no accents), the surnames of a compound family name and its first surname, the canonical given name
(nicknames), phonetic codes, generational suffix, date-of-birth parts, a five-digit postcode.

``prepare_frame`` (batch, for Splink) and ``prepare_record`` (one record, for incremental matching)
call the same per-field functions, so both sides of a comparison always see identical keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import jellyfish
import numpy as np
import pandas as pd
import pyarrow as pa

from docket.errors import Invalid
from docket.linkage import names

CARRIED = ("key", "source", "record_id", "kind", "protected_status", "adverse")
LIST_COLUMNS = ("given_phon", "family_tokens", "family_phon")
MATCH_COLUMNS = (
    "unique_id", "given_std", "given_first", "given_canon", "given_swap", "given_phon", "middle_std",
    "middle_initial", "family_std", "family_first", "family_swap", "family_tokens", "family_joined",
    "family_phon", "suffix", "initials", "family_key", "dob", "dob_y", "dob_m", "dob_d", "dob_sorted",
    "dob_y2", "dob_y2s", "sex",
    "a_number", "passport_number", "passport_country", "address_std", "city_std", "state", "postal5", "phone",
)
_A_NUMBER = re.compile(r"^\d{9}$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DIGITS = re.compile(r"\D+")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def _clean(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


@lru_cache(maxsize=200_000)
def given_parts(given: str | None, middle: str | None) -> dict[str, Any]:
    """Given name keys; extra given tokens stand in for a missing middle name."""
    # A hyphen joins one given name (Hye-jin, Jean-Pierre); a space separates two names.
    folded, given_suffix = names.split_suffix(names.fold(names.join_hyphens(given)))
    tokens = folded.split(" ") if folded else []
    first = tokens[0] if tokens else None
    canon = names.canonical_given(first)
    middle_std = names.fold(middle) or (" ".join(tokens[1:]) or None)
    return {
        "given_std": folded, "given_first": first, "given_canon": canon, "given_swap": names.swap_key(given),
        "given_phon": list(names.phonetic_codes(canon) or ()) or None,
        "middle_std": middle_std, "middle_initial": middle_std[0] if middle_std else None,
        "_given_suffix": given_suffix,
    }


@lru_cache(maxsize=200_000)
def family_parts(family: str | None) -> dict[str, Any]:
    """Family name keys: full folded name, surname tokens, first surname, joined form, phonetics.

    ``family_swap`` is the family field read by ``names.swap_key``, as ``given_swap`` is the given
    field: swapped name order is found by comparing each with the other record's, and both sides
    must be in one form, or "Jack Ryan" and "Ryan Jack" (JACK read as JOHN), or "Katelyn Slack-Smith"
    and "Slack-Smith Katelyn" (a compound name), would not look swapped."""
    folded, suffix = names.split_suffix(names.fold(family))
    tokens = names.surname_tokens(folded)
    phon = sorted({c for t in tokens or () for c in names.phonetic_codes(t) or ()})
    return {
        "family_std": folded, "family_first": tokens[0] if tokens else None,
        "family_swap": names.swap_key(family),
        "family_tokens": tokens, "family_joined": "".join(tokens) if tokens else None,
        "family_phon": phon or None, "_family_suffix": suffix,
    }


@lru_cache(maxsize=200_000)
def _name_keys(given_first: str | None, family_first: str | None) -> tuple[str | None, str | None]:
    return name_keys(given_first, family_first)


def name_keys(given_first: str | None, family_first: str | None) -> tuple[str | None, str | None]:
    """Blocking keys that survive typos and swapped name order: the two initials in alphabetical
    order, and the Metaphone code of the first surname."""
    if not given_first or not family_first:
        return None, (jellyfish.metaphone(family_first) or None) if family_first else None
    initials = "".join(sorted((given_first[0], family_first[0])))
    return initials, jellyfish.metaphone(family_first) or None


@lru_cache(maxsize=100_000)
def dob_parts(dob: str | None) -> dict[str, Any]:
    """ISO date of birth and its year, month and day as integers (None when unparseable)."""
    match = _DATE.match(dob or "")
    if not match:
        return {"dob": None, "dob_y": None, "dob_m": None, "dob_d": None, "dob_sorted": None,
                "dob_y2": None, "dob_y2s": None}
    year, month, day = (int(g) for g in match.groups())
    # Day and month in ascending order: a blocking key that survives a day/month swap.
    low, high = sorted((month, day))
    # Two-year buckets, one shifted by a year: two years one apart share a bucket in one of them,
    # so a birthday with the year off by one is found without pairing every year's birthdays.
    return {"dob": dob, "dob_y": year, "dob_m": month, "dob_d": day,
            "dob_sorted": f"{year:04d}-{low:02d}-{high:02d}", "dob_y2": year // 2,
            "dob_y2s": (year + 1) // 2}


def a_number(value: str | None) -> str | None:
    """A well-formed A-number (nine digits); anything else is treated as missing."""
    if not value:
        return None
    digits = value.upper().removeprefix("A").replace("-", "").replace(" ", "")
    return digits if _A_NUMBER.match(digits) else None


def phone(value: str | None) -> str | None:
    digits = _DIGITS.sub("", value or "")
    return digits[-10:] if len(digits) >= 7 else None


def _upper_alnum(value: str | None) -> str | None:
    cleaned = _NOT_ALNUM.sub("", (value or "").upper())
    return cleaned or None


def prepare_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The matching keys of one record (a mapping of canonical field names).

    A pure function of the fields it reads, so it is remembered by their values: incremental
    matching prepares every candidate it meets, and the records of a common name or birth date are
    candidates of many matches. A fresh dict each time (callers may add to it)."""
    try:
        return dict(_prepared((record["key"], *(record.get(k) for k in _READ))))
    except TypeError:  # a value that cannot be a memo key (prepared as is, not remembered)
        return _prepare(record)


@lru_cache(maxsize=32_768)
def _prepared(values: tuple[Any, ...]) -> dict[str, Any]:
    return _prepare(dict(zip(("key", *_READ), values, strict=True)))


def _prepare(record: Mapping[str, Any]) -> dict[str, Any]:
    raw = {k: _clean(record.get(k)) for k in _RAW_FIELDS}
    out: dict[str, Any] = {"unique_id": int(record["key"])}
    out.update(given_parts(raw["given_name"], raw["middle_name"]))
    out.update(family_parts(raw["family_name"]))
    out["suffix"] = out.pop("_family_suffix") or out.pop("_given_suffix")
    out.pop("_given_suffix", None)
    out["initials"], out["family_key"] = name_keys(out["given_first"], out["family_first"])
    out.update(dob_parts(raw["date_of_birth"]))
    out.update(_simple_fields(raw))
    for name in CARRIED:
        out[name] = record.get(name)
    out["adverse"] = bool(out["adverse"])
    return out


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


def postal5(value: str | None) -> str | None:
    postal = _DIGITS.sub("", value or "")[:5]
    return postal if len(postal) == 5 else None


def _address(value: str | None) -> str | None:
    return names.fold(value, keep_digits=True)


# (matching column, raw field, function of that one field)
_SIMPLE: tuple[tuple[str, str, Callable[[str | None], Any]], ...] = (
    ("sex", "sex", _upper), ("a_number", "a_number", a_number),
    ("passport_number", "passport_number", _upper_alnum),
    ("passport_country", "passport_country", _upper), ("address_std", "address", _address),
    ("city_std", "city", names.fold), ("state", "state", _upper),
    ("postal5", "postal_code", postal5), ("phone", "phone", phone),
)


def _simple_fields(raw: dict[str, str | None]) -> dict[str, Any]:
    return {column: fn(raw[field]) for column, field, fn in _SIMPLE}


_RAW_FIELDS = ("given_name", "middle_name", "family_name", "date_of_birth", "sex", "a_number",
               "passport_number", "passport_country", "address", "city", "state", "postal_code",
               "phone")
_READ = tuple(dict.fromkeys(f for f in (*_RAW_FIELDS, *CARRIED) if f != "key"))


def _expand(series: pd.Series, fn: Callable[[Any], dict[str, Any]]) -> pd.DataFrame:
    """Apply a per-value function once per distinct value, then spread its dict over the rows."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    rows = [fn(v) for v in uniques] + [fn(None)]
    table = pd.DataFrame(rows)
    return table.iloc[codes].reset_index(drop=True)


def prepare_frame(records: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """The matching frame for Splink: one row per record, ``unique_id`` = ``key``."""
    df = records.to_pandas() if isinstance(records, pa.Table) else records.reset_index(drop=True)
    _check_input(df)
    df = df.reindex(columns=list(dict.fromkeys((*CARRIED, *_RAW_FIELDS))))
    pairs = pd.Series(list(zip(df["given_name"].map(_clean), df["middle_name"].map(_clean),
                               strict=True)))
    given = _expand(pairs, lambda p: given_parts(*(p or (None, None))))
    family = _expand(df["family_name"].map(_clean), family_parts)
    out = pd.concat([given, family, _expand(df["date_of_birth"].map(_clean), dob_parts)], axis=1)
    out["suffix"] = out.pop("_family_suffix").fillna(out.pop("_given_suffix"))
    keys = [_name_keys(g, f) for g, f in zip(out["given_first"], out["family_first"], strict=True)]
    out["initials"] = [k[0] for k in keys]
    out["family_key"] = [k[1] for k in keys]
    for column, field, fn in _SIMPLE:
        out[column] = _per_value(df[field], fn)
    out.insert(0, "unique_id", df["key"].astype("int64").to_numpy())
    for name in CARRIED:
        out[name] = df[name].to_numpy()
    out["adverse"] = out["adverse"].astype("boolean").fillna(False).astype(bool)
    for col in ("dob_y", "dob_m", "dob_d", "dob_y2", "dob_y2s"):
        out[col] = out[col].astype("Int64")
    return out


def _per_value(series: pd.Series, fn: Callable[[str | None], Any]) -> np.ndarray:
    """``fn(_clean(value))`` for every row, computed once per distinct value (a million records
    hold far fewer distinct sexes, states, postcodes or phone numbers)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = np.empty(len(uniques) + 1, dtype=object)
    values[:-1] = [fn(_clean(v)) for v in uniques]
    values[-1] = fn(None)
    return values[codes]


def _check_input(df: pd.DataFrame) -> None:
    if "key" not in df.columns:
        raise Invalid("linkage input needs a 'key' column")
    if df["key"].duplicated().any():
        raise Invalid("linkage input keys must be unique")


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A prepared frame as plain dicts (pandas' missing markers turned into None, ints into int)."""
    columns = {}
    for name in frame.columns:
        series = frame[name]
        if str(series.dtype) == "Int64":
            columns[name] = [None if v is pd.NA else int(v) for v in series.tolist()]
        else:
            columns[name] = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                             else v for v in series.tolist()]
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
