"""Decisions: calibrated probabilities from the shipped model, the rules as a baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.candidates import propose
from etl.decide import FLOOR, RuleDecider, calibrate, default_decider, load_decider
from etl.extract import extract_events


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.0, 0.1), (0.1, 0.1), (0.3, 0.2), (0.5, 0.3), (0.7, 0.6), (1.0, 0.9)],
)
def test_calibration_table_is_interpolated_and_clipped(p, expected):
    assert calibrate(p, (0.1, 0.5, 0.9), (0.1, 0.3, 0.9)) == pytest.approx(expected)


def test_shipped_model_is_sane():
    m = default_decider()
    assert 0 < m.threshold < 1 and m.threshold > FLOOR
    assert list(m.calib_x) == sorted(m.calib_x) and list(m.calib_y) == sorted(m.calib_y)
    assert m.meta["articles"] >= 1000


@given(st.dictionaries(st.text(max_size=12), st.floats(0, 1), max_size=30))
def test_probability_is_a_probability(features):
    p = default_decider().probability(features)
    assert 0.0 <= p <= 1.0


def test_a_broken_model_file_stops_with_a_clear_message(tmp_path):
    bad = tmp_path / "event.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuntimeError, match="python -m etl train"):
        load_decider(bad)
    with pytest.raises(RuntimeError, match="could not be loaded"):
        load_decider(tmp_path / "missing.json")


def test_rule_decider_keeps_what_no_cue_vetoes():
    pub = dt.date(2025, 6, 12)
    cands = propose("The Kenyan president will not visit Japan.", lang="en", published=pub)
    assert cands and not any(c.rule_ok for c in cands)
    assert all(c.features.get("v_negation") for c in cands)
    assert extract_events("The Kenyan president will not visit Japan.", lang="en", published=pub, decider=RuleDecider(), floor=0.5) == ()


def test_confidence_is_the_models_probability():
    text = "President Joko Widodo met Prime Minister Anthony Albanese of Australia in Jakarta on Tuesday."
    pub = dt.date(2025, 3, 6)
    m = default_decider()
    best = max(m.probability(c.features) for c in propose(text, lang="en", published=pub))
    events = extract_events(text, lang="en", published=pub, floor=0.0)
    assert max(e.confidence for e in events) == pytest.approx(best, abs=1e-3)
