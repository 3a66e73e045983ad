"""Dates inside the text, resolved against the publication date (never against now)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.lexicon import load_lexicon
from etl.textdates import find_dates, resolve

SAT_18_JAN_2025 = dt.date(2025, 1, 18)
SUN_22_MAR_1987 = dt.date(1987, 3, 22)
TUE_21_OCT_2025 = dt.date(2025, 10, 21)

CASES = [
    # lang, sentence, publication date, tense (-1 past / +1 future), expected (date, precision)
    ("id", "Menteri itu tiba di Tokyo, Rabu (9/7/2025) pagi.", SAT_18_JAN_2025, -1, ("2025-07-09", "day")),
    ("id", "Keduanya bertemu pada Senin (20/10) di Washington.", TUE_21_OCT_2025, -1, ("2025-10-20", "day")),
    ("id", "Perjanjian diteken pada 11 November 2024 di Bali.", SAT_18_JAN_2025, -1, ("2024-11-11", "day")),
    ("id", "Ia sudah menjabat sejak Juli lalu.", SAT_18_JAN_2025, -1, ("2024-07", "month")),
    ("id", "Menlu akan berkunjung bulan depan.", SAT_18_JAN_2025, 1, ("2025-02", "month")),
    ("id", "Delegasi itu tiba kemarin.", SAT_18_JAN_2025, -1, ("2025-01-17", "day")),
    ("id", "Presiden akan berangkat besok pagi.", SAT_18_JAN_2025, 1, ("2025-01-19", "day")),
    ("id", "Pertemuan berlangsung hari ini di Istana.", SAT_18_JAN_2025, -1, ("2025-01-18", "day")),
    ("id", "Mereka bertemu pada Kamis lalu.", SAT_18_JAN_2025, -1, ("2025-01-16", "day")),
    ("id", "Kesepakatan itu dicapai pada 2019.", SAT_18_JAN_2025, -1, ("2019", "year")),
    ("id", "Kunjungan serupa terjadi tahun lalu.", SAT_18_JAN_2025, -1, ("2024", "year")),
    ("id", "Presiden akan ke Jepang pada Desember mendatang.", SAT_18_JAN_2025, 1, ("2025-12", "month")),
    ("en", "The minister arrives on Tuesday for talks.", SUN_22_MAR_1987, 1, ("1987-03-24", "day")),
    ("en", "The two leaders met on Friday in Paris.", SUN_22_MAR_1987, -1, ("1987-03-20", "day")),
    ("en", "He will travel to Tokyo from April 29.", SUN_22_MAR_1987, 1, ("1987-04-29", "day")),
    ("en", "The treaty was signed on March 16, 1987.", SUN_22_MAR_1987, -1, ("1987-03-16", "day")),
    ("en", "He first visited in June 1982.", SUN_22_MAR_1987, -1, ("1982-06", "month")),
    ("en", "Officials met there last July.", SUN_22_MAR_1987, -1, ("1986-07", "month")),
    ("en", "They spoke by telephone yesterday.", SUN_22_MAR_1987, -1, ("1987-03-21", "day")),
    ("en", "A deal was signed last year.", SUN_22_MAR_1987, -1, ("1986", "year")),
    ("en", "The talks are planned for next month.", SUN_22_MAR_1987, 1, ("1987-04", "month")),
    ("en", "The envoy arrived today.", SUN_22_MAR_1987, -1, ("1987-03-22", "day")),
]


@pytest.mark.parametrize(("lang", "sentence", "pub", "tense", "expected"), CASES)
def test_resolves_expression_nearest_to_meaning(lang, sentence, pub, tense, expected):
    lex = load_lexicon(lang)
    found = [resolve(d, pub, tense) for d in find_dates(sentence, lex)]
    dated = [(e.date, e.precision) for e in found if e.precision != "none"]
    assert dated and dated[0] == expected, found


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "Britain may ask for more time."),  # "may" the verb, not the month
        ("id", "Ia bekerja dua minggu di sana."),  # "minggu" = week, not Sunday
        ("id", "Harga naik 20.10 persen."),  # a number, not a date
        ("en", "The vote was 12/5 in favour."),  # a ratio without a weekday or brackets
    ],
)
def test_ordinary_words_are_not_dates(lang, sentence):
    assert [d for d in find_dates(sentence, load_lexicon(lang)) if d.kind != "year"] == []


def test_next_week_has_no_day():
    lex = load_lexicon("en")
    (d,) = find_dates("He will visit next week.", lex)
    assert resolve(d, SUN_22_MAR_1987, 1).precision == "none"


def test_relative_words_need_a_publication_date():
    lex = load_lexicon("id")
    (d,) = find_dates("Mereka bertemu kemarin.", lex)
    assert resolve(d, None, -1).date is None


def test_multi_day_range_takes_first_day():
    lex = load_lexicon("id")
    (d,) = find_dates("Kunjungan berlangsung 17-18 Juni 2024.", lex)
    assert resolve(d, dt.date(2024, 6, 15), 1).date == "2024-06-17"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["id", "en"]), st.integers(-1, 1))
def test_never_crashes(text, lang, tense):
    lex = load_lexicon(lang)
    for d in find_dates(text, lex):
        resolve(d, SAT_18_JAN_2025, tense)
        resolve(d, None, tense)
