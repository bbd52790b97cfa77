"""Per-field validation and normalization.

Each normalizer takes the raw text of one cell and returns the normalized value, or raises
``FieldRejected`` with a reason a person can act on. Values repeat a great deal in agency files
(dates, names, states), so the normalizers are memoized: this is what lets a Python loop ingest
hundreds of thousands of rows a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from docket.domain.countries import ISO_ALPHA3
from docket.domain.vocabulary import OFFENSE_CATEGORIES, OrderType, Sex, Status

_SPACE = re.compile(r"\s+")
_A_NUMBER_SEPARATORS = re.compile(r"[\s\-.]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BASIC_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PASSPORT = re.compile(r"[A-Z0-9]{5,20}")
_POSTAL = re.compile(r"\d{5}(-\d{4})?")
_ADMISSION_CLASS = re.compile(r"[A-Z0-9]{1,6}")
_STATE = re.compile(r"[A-Z]{2}")
MAX_FIELD_LENGTH = 200
CACHE = 1 << 16


class FieldRejected(ValueError):
    """A cell's value is not acceptable; the message is the reason."""


def text(raw: str) -> str:
    """Unicode NFC, whitespace collapsed; control characters and over-long values refused."""
    if _CONTROL.search(raw):
        raise FieldRejected("contains control characters")
    value = _SPACE.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    if len(value) > MAX_FIELD_LENGTH:
        raise FieldRejected(f"longer than {MAX_FIELD_LENGTH} characters")
    return value


@lru_cache(maxsize=CACHE)
def name(raw: str) -> str:
    value = text(raw)
    if any(ch.isdigit() for ch in value):
        raise FieldRejected(f"a name may not contain digits: {value!r}")
    return value


@lru_cache(maxsize=CACHE)
def iso_date(raw: str) -> str:
    """ISO 8601 calendar date (YYYY-MM-DD, or the basic form YYYYMMDD), between 1880 and 2100."""
    value = raw.strip()
    match = _ISO_DATE.fullmatch(value) or _BASIC_DATE.fullmatch(value)
    if not match:
        raise FieldRejected(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    year, month, day = (int(part) for part in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise FieldRejected(f"{value!r} is not a real date ({exc})") from exc
    if not 1880 <= year <= 2100:
        raise FieldRejected(f"{value!r} is outside the years 1880-2100")
    return parsed.isoformat()


@lru_cache(maxsize=CACHE)
def birth_date(raw: str) -> str:
    value = iso_date(raw)
    if value > date.today().isoformat():
        raise FieldRejected(f"{value} is in the future")
    return value


@lru_cache(maxsize=CACHE)
def a_number(raw: str) -> str:
    """Alien registration number: an optional ``A``, spaces, dashes or dots, then 7-9 digits; stored as 9."""
    value = _A_NUMBER_SEPARATORS.sub("", raw.strip())
    if value[:1] in ("A", "a"):
        value = value[1:]
    if not value.isascii() or not value.isdigit() or not 7 <= len(value) <= 9:
        raise FieldRejected(f"{raw.strip()!r} is not an A-number (A followed by 7 to 9 digits)")
    return value.zfill(9)


@lru_cache(maxsize=CACHE)
def sex(raw: str) -> str:
    value = raw.strip().upper()
    value = {"MALE": "M", "FEMALE": "F"}.get(value, value)
    if value not in Sex.__members__:
        raise FieldRejected(f"{raw.strip()!r} is not one of M, F, X")
    return value


@lru_cache(maxsize=CACHE)
def passport_number(raw: str) -> str:
    value = raw.strip().upper().replace(" ", "").replace("-", "")
    if not _PASSPORT.fullmatch(value):
        raise FieldRejected(f"{raw.strip()!r} is not a passport number (5-20 letters and digits)")
    return value


@lru_cache(maxsize=1024)
def country(raw: str) -> str:
    value = raw.strip().upper()
    if value not in ISO_ALPHA3:
        raise FieldRejected(f"{raw.strip()!r} is not an ISO 3166 alpha-3 country code")
    return value


@lru_cache(maxsize=1024)
def state(raw: str) -> str:
    value = raw.strip().upper()
    if not _STATE.fullmatch(value):
        raise FieldRejected(f"{raw.strip()!r} is not a two-letter state code")
    return value


@lru_cache(maxsize=CACHE)
def postal_code(raw: str) -> str:
    value = raw.strip()
    if not _POSTAL.fullmatch(value):
        raise FieldRejected(f"{value!r} is not a ZIP code (12345 or 12345-6789)")
    return value


@lru_cache(maxsize=CACHE)
def phone(raw: str) -> str:
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if not 7 <= len(digits) <= 15 or not digits.isascii():
        raise FieldRejected(f"{raw.strip()!r} is not a phone number (7-15 digits)")
    return digits


def _enumeration(allowed: tuple[str, ...], what: str) -> Callable[[str], str]:
    allowed_set = frozenset(allowed)

    @lru_cache(maxsize=256)
    def check(raw: str) -> str:
        value = raw.strip().lower()
        if value not in allowed_set:
            raise FieldRejected(f"{raw.strip()!r} is not a {what} (one of {', '.join(allowed)})")
        return value

    return check


@lru_cache(maxsize=1024)
def admission_class(raw: str) -> str:
    value = raw.strip().upper().replace("-", "")
    if not _ADMISSION_CLASS.fullmatch(value):
        raise FieldRejected(f"{raw.strip()!r} is not an admission class code (1-6 letters and digits)")
    return value


def record_id(raw: str) -> str:
    """Not memoized: record ids are unique, a cache would only churn."""
    value = raw.strip()
    if not value:
        raise FieldRejected("record_id is required")
    if len(value) > 100 or _CONTROL.search(value):
        raise FieldRejected("record_id must be at most 100 printable characters")
    return value


@lru_cache(maxsize=CACHE)
def free_text(raw: str) -> str:
    return text(raw)


NORMALIZERS: dict[str, Callable[[str], str]] = {
    "record_id": record_id,
    "given_name": name,
    "middle_name": name,
    "family_name": name,
    "date_of_birth": birth_date,
    "sex": sex,
    "a_number": a_number,
    "passport_number": passport_number,
    "passport_country": country,
    "address": free_text,
    "city": free_text,
    "state": state,
    "postal_code": postal_code,
    "phone": phone,
    "event_date": iso_date,
    "admission_class": admission_class,
    "admitted_until": iso_date,
    "status": _enumeration(tuple(s.value for s in Status), "status"),
    "order_type": _enumeration(tuple(o.value for o in OrderType), "removal order type"),
    "offense_category": _enumeration(OFFENSE_CATEGORIES, "offense category"),
}
