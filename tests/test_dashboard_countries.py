from __future__ import annotations

import pytest

from dashboard.countries import country_label, country_name, dyad_label, is_code, names_for


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("IDN", "Indonesia"),
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("USA", "United States"),
        ("KOR", "South Korea"),
        ("COD", "DR Congo"),
        ("XKX", "Kosovo"),
        ("EUR", "European Union"),
        ("UNO", "United Nations"),
        ("ASN", "ASEAN"),
        ("NAT", "NATO"),
        ("AFU", "African Union"),
    ],
)
def test_country_names(code: str, name: str) -> None:
    assert country_name(code) == name


def test_unknown_and_odd_codes_fall_back_to_the_code() -> None:
    assert country_name("QQQ") == "QQQ"
    assert country_name("") == ""
    assert country_name(None) == ""
    assert country_name("idn") == "Indonesia"  # case-insensitive
    assert country_name("not a code") == "not a code"


def test_labels() -> None:
    assert country_label("IDN") == "Indonesia (IDN)"
    assert country_label("QQQ") == "QQQ"
    assert dyad_label("IDN", "RUS") == "Indonesia – Russia"
    assert dyad_label("IDN", "RUS", directed=True) == "Indonesia → Russia"
    assert names_for(["EUR", "IDN"]) == {"EUR": "European Union", "IDN": "Indonesia"}


def test_is_code() -> None:
    assert is_code("IDN")
    assert not is_code("idn")
    assert not is_code("IDNX")
    assert not is_code("")
