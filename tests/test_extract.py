"""Event extraction per type and status, Indonesian and English, on sentences we wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.decide import RuleDecider
from etl.extract import extract_events as _extract_all

PUB = dt.date(2025, 3, 12)  # a Wednesday


def extract_events(text, **kw):
    """The rules' reading of a text: the candidates no cue vetoes (the model decides among
    candidates on real articles; tests/test_decide.py covers it)."""
    return _extract_all(text, decider=RuleDecider(), floor=0.5, **kw)


def _events(text, lang, title=""):
    return {
        (e.event_type, e.status, e.actor1, e.actor2, e.date.date)
        for e in extract_events(text, title=title, lang=lang, published=PUB)
    }


POSITIVE = [
    # Indonesian
    ("id", "Presiden Prancis berkunjung ke Indonesia pada Senin (10/3/2025).",
     ("visit", "occurred", "FRA", "IDN", "2025-03-10")),
    ("id", "Menteri Luar Negeri Jepang akan berkunjung ke Malaysia pekan depan.",
     ("visit", "planned", "JPN", "MYS", None)),
    ("id", "Menlu Indonesia bertemu dengan Menlu Vietnam di Hanoi, Selasa (11/3/2025).",
     ("meeting", "occurred", "IDN", "VNM", "2025-03-11")),
    ("id", "Indonesia dan Singapura menandatangani nota kesepahaman di bidang energi, Senin (10/3/2025).",
     ("agreement", "occurred", "IDN", "SGP", "2025-03-10")),
    ("id", "Presiden Indonesia melakukan sambungan telepon dengan Kanselir Jerman kemarin.",
     ("call", "occurred", "IDN", "DEU", "2025-03-11")),
    ("id", "Perdana Menteri India dijadwalkan bertemu Presiden Indonesia pada Jumat (14/3/2025).",
     ("meeting", "planned", "IND", "IDN", "2025-03-14")),
    # English
    ("en", "The Japanese prime minister visited Canada on Monday.",
     ("visit", "occurred", "JPN", "CAN", "2025-03-10")),
    ("en", "The Brazilian foreign minister will visit Egypt on Friday.",
     ("visit", "planned", "BRA", "EGY", "2025-03-14")),
    ("en", "The foreign ministers of Chile and Peru met in Lima on Tuesday.",
     ("meeting", "occurred", "CHL", "PER", "2025-03-11")),
    ("en", "Kenya and Ethiopia signed a border agreement on March 10.",
     ("agreement", "occurred", "KEN", "ETH", "2025-03-10")),
    ("en", "The Polish president held a phone call with the Canadian prime minister on Sunday.",
     ("call", "occurred", "POL", "CAN", "2025-03-09")),
    ("en", "The Mexican president is scheduled to meet the Argentine president next Monday.",
     ("meeting", "planned", "MEX", "ARG", "2025-03-17")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), POSITIVE)
def test_finds_event(lang, text, expected):
    assert expected in _events(text, lang)


NEGATIVE = [
    ("id", "Pemerintah Indonesia berharap Presiden Brasil bisa berkunjung tahun depan."),  # wish
    ("id", "Presiden Indonesia mengundang Perdana Menteri Jepang untuk berkunjung."),  # invitation
    ("id", "Seorang pencuri motor ditangkap warga di Bogor, Selasa (11/3/2025)."),  # domestic
    ("id", "Menlu Iran mengatakan Amerika Serikat bisa menghentikan perang dengan satu panggilan telepon."),
    ("en", "The Kenyan president hopes to visit Japan one day."),  # wish
    ("en", "Officials said Canada and Mexico could sign a deal if talks succeed."),  # hypothetical
    ("en", "The minister did not meet his French counterpart."),  # one country only, negated
    ("en", "The central bank bought dollars on Tuesday."),  # no countries
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVE)
def test_no_event(lang, text):
    assert _events(text, lang) == set()


def test_visit_direction_follows_host_first_verbs():
    evs = _events("The Indian prime minister hosted the Australian foreign minister in New Delhi on Tuesday.", "en")
    assert ("visit", "occurred", "AUS", "IND", "2025-03-11") in evs


def test_both_countries_from_previous_sentence():
    text = ("Presiden Turki tiba di Mesir pada Senin (10/3/2025). "
            "Keduanya kemudian menandatangani perjanjian perdagangan.")
    evs = _events(text, "id")
    assert any(e[0] == "agreement" and {e[2], e[3]} == {"TUR", "EGY"} for e in evs)


def test_recalled_event_is_dated_by_its_year_not_the_report_day():
    evs = _events("Indonesia and Japan signed a similar treaty in 2008.", "en")
    assert ("agreement", "occurred", "IDN", "JPN", "2008") in evs


def test_one_event_mentioned_twice_is_one_row():
    text = ("The Thai prime minister visited Vietnam on Monday. "
            "During the visit to Vietnam on Monday the Thai leader toured a factory.")
    visits = [e for e in extract_events(text, lang="en", published=PUB) if e.event_type == "visit"]
    assert len(visits) == 1


def test_evidence_offsets_point_at_the_sentence():
    text = "Intro line here.\nThe Japanese prime minister visited Canada on Monday."
    (ev,) = [e for e in extract_events(text, lang="en", published=PUB) if e.event_type == "visit"]
    assert text[ev.char_start : ev.char_end] == ev.sentence
    assert "visited" in ev.sentence and ev.trigger.lower().startswith("visit")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["id", "en"]))
def test_never_crashes(text, lang):
    extract_events(text, title=text[:50], lang=lang, published=PUB)
    extract_events(text, lang=lang, published=None)


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        ("de", "Am Freitag will Bundeskanzler Merz nach Polen reisen.", ("DEU", "POL")),
        ("de", "Der polnische Außenminister ist gestern nach Berlin gereist.", ("POL", "DEU")),
        ("id", "Menlu Jepang bertolak ke Filipina untuk kunjungan kerja.", ("JPN", "PHL")),
        ("en", "The Indian foreign minister flew to Tokyo on Monday.", ("IND", "JPN")),
    ],
)
def test_visit_goes_to_the_destination(lang, text, pair):
    visits = [
        (e.actor1, e.actor2)
        for e in extract_events(text, lang=lang, published=dt.date(2025, 5, 9))
        if e.event_type == "visit"
    ]
    assert visits == [pair]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # receiving a visitor is also meeting them
        ("id", "Presiden Indonesia menerima kunjungan Perdana Menteri Malaysia di Istana, Rabu (11/6/2025).",
         {("visit", "MYS", "IDN"), ("meeting", "MYS", "IDN")}),
        # talks held in one side's capital: the other side visited
        ("en", "The Chinese foreign minister met his Australian counterpart in Canberra on Monday.",
         {("meeting", "CHN", "AUS"), ("visit", "CHN", "AUS")}),
        ("de", "Der Bundeskanzler hat am Dienstag in Paris den französischen Präsidenten getroffen.",
         {("meeting", "DEU", "FRA"), ("visit", "DEU", "FRA")}),
        # a resident ambassador's meeting implies no visit
        ("en", "The Japanese ambassador met the Indonesian foreign minister in Jakarta on Monday.",
         {("meeting", "JPN", "IDN")}),
        # talks on the sidelines of a summit are a meeting, but imply no bilateral visit
        ("en", "The Chinese president met the Brazilian president in Rio on the sidelines of the G20 summit.",
         {("meeting", "CHN", "BRA")}),
    ],
)
def test_implied_events(lang, text, expected):
    got = {(e.event_type, e.actor1, e.actor2) for e in extract_events(text, lang=lang, published=dt.date(2025, 6, 12))}
    assert got == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Officials from Bangladesh, Bhutan, India, Nepal and Pakistan met in Geneva on Monday."),
        ("en", "<Acme Co> of the United States signed a supply contract with a Chinese buyer."),
        ("en", "Oil ministers met at an OPEC meeting in Vienna on Monday to discuss output."),
        ("id", "Menteri dari Malaysia, Thailand, Vietnam dan Filipina bertemu di Jakarta, Senin (10/3/2025)."),
    ],
)
def test_lists_firms_and_organisations_are_not_bilateral(lang, text):
    assert _events(text, lang) == set()


def test_visiting_official_is_the_visitor():
    evs = _events("The Chinese premier told the visiting Japanese foreign minister that ties had improved.", "en")
    assert ("visit", "occurred", "JPN", "CHN", PUB.isoformat()) in evs


def test_multi_day_visit_is_one_event_dated_by_its_first_day():
    text = ("Presiden Vietnam tiba di Jakarta, Senin (10/3/2025), untuk kunjungan kenegaraan. "
            "Presiden Vietnam kemudian mengunjungi Indonesia bagian timur, Rabu (12/3/2025).")
    visits = [e for e in extract_events(text, lang="id", published=PUB) if e.event_type == "visit"]
    assert [(v.actor1, v.actor2, v.date.date) for v in visits] == [("VNM", "IDN", "2025-03-10")]


def test_future_verb_before_a_weekday_resolves_it_forward():
    evs = _events("El presidente de Chile viajará a Perú el viernes para una visita oficial.", "es")
    assert ("visit", "planned", "CHL", "PER", "2025-03-14") in evs


def test_welcomed_by_students_is_a_visit_without_a_meeting():
    text = ("Seorang mahasiswa yang menyambut kedatangan Presiden Indonesia di Islamabad "
            "berharap hubungan Indonesia dan Pakistan makin erat.")
    assert {e[0] for e in _events(text, "id")} == {"visit"}
