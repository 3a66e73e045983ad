from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.sentences import clean_text, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. envoy met Mr. Lee. They talked.", ["The U.S. envoy met Mr. Lee.", "They talked."]),
        ("Presiden tiba. Ia disambut menteri.", ["Presiden tiba.", "Ia disambut menteri."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ('He said: "We agree." Then he left.', ['He said: "We agree."', "Then he left."]),
        ("J. Smith arrived. Talks began.", ["J. Smith arrived.", "Talks began."]),
    ],
)
def test_split(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_text():
    text = "  First one.  Second one!\n\nThird?"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_clean_text_removes_markup_but_keeps_words():
    raw = "![Photo caption](https://x.test/a.jpg) Leaders &amp; envoys met [here](https://x.test) **today**."
    out = clean_text(raw)
    assert "https" not in out and "&amp;" not in out and "**" not in out
    assert "Leaders & envoys met here today." in out


@given(st.text(max_size=500))
def test_split_never_loses_offsets(text):
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_wrapped_newswire_lines_join_but_paragraphs_split():
    text = (
        "    TOKYO, May 2 - The Thai prime minister will make a\n"
        "week-long visit to Japan from May 10, officials said.\n"
        "    He will hold talks with the Japanese prime minister.\n"
    )
    got = [s.text for s in split_sentences(text)]
    assert got[0].startswith("TOKYO") and got[0].endswith("officials said.")
    assert got[1] == "He will hold talks with the Japanese prime minister."


def test_heading_line_without_stop_is_its_own_sentence():
    got = [s.text for s in split_sentences("Leaders meet in Rome\nThe two presidents met on Monday.")]
    assert got == ["Leaders meet in Rome", "The two presidents met on Monday."]
