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
