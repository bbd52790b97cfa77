"""Field normalizers: accepted forms and the reasons for refusals."""

from __future__ import annotations

import pytest

from docket.ingest import normalize as n


@pytest.mark.parametrize("raw", ["A123456789", "a 123-456-789", "123456789", "A-123.456.789", " 123 456 789 "])
def test_a_number_forms_normalize_to_nine_digits(raw: str) -> None:
    assert n.a_number(raw) == "123456789"


def test_short_a_number_is_zero_padded() -> None:
    assert n.a_number("A12345678") == "012345678"


@pytest.mark.parametrize("raw", ["A12", "B123456789", "1234567890", "12345678X", "١٢٣٤٥٦٧٨٩"])
def test_bad_a_numbers_are_refused(raw: str) -> None:
    with pytest.raises(n.FieldRejected, match="not an A-number"):
        n.a_number(raw)


def test_dates() -> None:
    assert n.iso_date("19800211") == "1980-02-11"
    with pytest.raises(n.FieldRejected, match="not a real date"):
        n.iso_date("1980-02-30")
    with pytest.raises(n.FieldRejected, match="in the future"):
        n.birth_date("2099-01-01")


def test_names_are_nfc_and_whitespace_collapsed() -> None:
    assert n.name("  Jose\u0301   Maria ") == "Jos\u00e9 Maria"
    with pytest.raises(n.FieldRejected, match="digits"):
        n.name("R2D2")
    with pytest.raises(n.FieldRejected, match="control characters"):
        n.name("Ana\x00")


def test_enumerations_and_codes() -> None:
    assert n.NORMALIZERS["status"](" US_Citizen ") == "us_citizen"
    assert n.sex("female") == "F"
    assert n.country("mex") == "MEX"
    assert n.phone("+1 (555) 010-9999") == "5550109999"
    with pytest.raises(n.FieldRejected, match="ISO 3166"):
        n.country("XXX")
    with pytest.raises(n.FieldRejected, match="offense category"):
        n.NORMALIZERS["offense_category"]("jaywalking-ish")
