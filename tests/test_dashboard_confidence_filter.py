"""The minimum-confidence filter (pure): which events pass, what the threshold hides, the
default read from the shipped model, and the texts that say so."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from fixtures_dashboard import confidence_tables, reference_ids

from dashboard import confidence
from dashboard.filters import Filters, apply_filters, apply_with_hidden, confidence_mask
from etl.decide import FLOOR, default_threshold


def frame(conf: list[float | None], dtype: str = "float32") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(len(conf))],
            "actor1": ["IDN"] * len(conf),
            "actor2": ["RUS" if i % 2 else "CHN" for i in range(len(conf))],
            "confidence": pd.Series(conf, dtype=dtype),
        }
    )


@pytest.mark.parametrize(
    ("conf", "threshold", "passing"),
    [
        ([0.2, 0.45, 0.5, 0.9], 0.45, [False, True, True, True]),  # float32 0.45 is 0.4499999: it passes
        ([0.2, 0.45, 0.5, 0.9], 0.5, [False, False, True, True]),
        ([0.2, 0.45, 0.5, 0.9], 0.95, [False, False, False, False]),
        ([0.2, 0.7, 1.0], 1.0, [False, False, True]),
        ([0.7, None, 0.3], 0.25, [True, False, True]),  # no confidence: below any threshold
        ([0.7, None, 0.3], 0.0, [True, True, True]),  # 0: no restriction at all
    ],
)
def test_confidence_filter(conf: list[float | None], threshold: float, passing: list[bool]) -> None:
    df = frame(conf)
    got = apply_filters(df, Filters(min_confidence=threshold))
    assert got["event_id"].tolist() == [f"e{i}" for i, ok in enumerate(passing) if ok]
    if threshold > 0:
        assert confidence_mask(df, threshold).tolist() == passing
        assert confidence_mask(frame(conf, "float64"), threshold).tolist() == passing


@pytest.mark.parametrize(
    ("f", "shown", "hidden"),
    [
        (Filters(min_confidence=0.5), ["e2", "e3"], 2),
        (Filters(min_confidence=0.5, pair_a="IDN", pair_b="RUS"), ["e3"], 1),  # only hidden events of the pair
        (Filters(min_confidence=0.0), ["e0", "e1", "e2", "e3"], 0),
        (Filters(min_confidence=0.2), ["e0", "e1", "e2", "e3"], 0),
        (Filters(min_confidence=1.0, countries=("QQQ",)), [], 0),  # nothing to hide: no other filter passes
    ],
)
def test_what_the_threshold_hides(f: Filters, shown: list[str], hidden: int) -> None:
    got, n_hidden = apply_with_hidden(frame([0.2, 0.45, 0.5, 0.9]), f)
    assert (got["event_id"].tolist(), n_hidden) == (shown, hidden)


def test_nothing_hidden_returns_the_table_itself() -> None:
    df = frame([0.5, 0.6])
    assert apply_with_hidden(df, Filters(min_confidence=0.45))[0] is df


@pytest.mark.parametrize("threshold", [0.0, 0.2, 0.3, 0.45, 0.5, 0.7, 0.95, 1.0])
def test_matches_the_reference_and_counts_the_rest(threshold: float) -> None:
    ev = confidence_tables()["events"]
    for f in (Filters(min_confidence=threshold), Filters(min_confidence=threshold, countries=("IDN",))):
        got, hidden = apply_with_hidden(ev, f)
        assert set(got["event_id"]) == reference_ids(ev, f)
        assert hidden == len(reference_ids(ev, f.with_(min_confidence=0.0))) - len(got)


@pytest.mark.parametrize(
    ("x", "snapped"),
    [(0.45, 0.45), (0.44999998, 0.45), (0.6000000000000001, 0.6), (0.63, 0.65), (0.62, 0.6), (0.0, 0.0),
     (1.0, 1.0), (1.3, 1.0), (-0.2, 0.0)],
)  # fmt: skip
def test_snap_to_the_slider_step(x: float, snapped: float) -> None:
    assert confidence.snap(x) == snapped
    assert confidence.snap(snapped) == snapped


def test_default_is_the_shipped_models_threshold() -> None:
    d = confidence.model_default()
    assert d.from_model and d.value == confidence.snap(default_threshold())
    assert FLOOR <= d.value <= 1.0
    assert d.f1 is None or 0.0 < d.f1 <= 1.0


@pytest.mark.parametrize(
    ("threshold", "meta", "value", "f1"),
    [(0.45, {"oof_strict_f1": 0.4395}, 0.45, 0.4395), (0.43, {}, 0.45, None), (0.37, {"oof_strict_f1": "x"}, 0.35, None),
     (0.5, {"oof_strict_f1": math.nan}, 0.5, None)],
)  # fmt: skip
def test_default_from_model(threshold: float, meta: dict[str, object], value: float, f1: float | None) -> None:
    assert confidence.from_model(threshold, meta) == confidence.ConfidenceDefault(value, f1)


def test_help_and_caption_give_the_meaning_and_the_default() -> None:
    d = confidence.ConfidenceDefault(0.45, 0.4395)
    text = confidence.help_text(d)
    assert "calibrated probability" in text and "7 in 10" in text and "0.45" in text
    assert "best cross-validated F1 (F1 = 0.44)" in text and "more events" in text and "doubtful" in text
    assert confidence.default_caption(d) == "Default 0.45: the threshold with the best cross-validated F1 (F1 = 0.44)"
    broken = confidence.ConfidenceDefault(0.0, None, from_model=False)
    assert "could not be read" in confidence.help_text(broken) and "0.00" in confidence.default_caption(broken)


@pytest.mark.parametrize(
    ("hidden", "threshold", "note"),
    [(0, 0.45, ""), (1, 0.45, "1 more event below confidence 0.45"), (12, 0.6, "12 more events below confidence 0.60"),
     (1234, 0.5, "1,234 more events below confidence 0.50")],
)  # fmt: skip
def test_hidden_note(hidden: int, threshold: float, note: str) -> None:
    assert confidence.hidden_note(hidden, threshold) == note


def test_mask_is_a_bool_array_of_the_frames_length() -> None:
    m = confidence_mask(frame([0.5, None, 0.1]), 0.3)
    assert m.dtype == np.bool_ and m.tolist() == [True, False, False]
