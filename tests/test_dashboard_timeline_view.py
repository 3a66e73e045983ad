"""The timeline opens where most events are; same-day events of one pair stay apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures_dashboard import APP, HISTORY, SAME_DAY, make_data_dir, timeline_tables
from streamlit.testing.v1 import AppTest

from dashboard import data, figures


def days(*iso: str) -> np.ndarray:
    return np.array(iso, dtype="datetime64[ns]")


def test_focus_leaves_out_recalled_history() -> None:
    news = pd.date_range("2023-01-01", "2025-12-31", periods=40).to_numpy()
    lo, hi = figures.focus_range(np.concatenate([days("1920-05-01", "1955-07-15"), news]))  # type: ignore[misc]
    assert lo.year == 2022 and hi.year == 2026  # 2023-2025, padded
    assert lo <= pd.Timestamp(news[0]) and hi >= pd.Timestamp(news[-1])


def test_no_focus_when_events_are_spread_or_few() -> None:
    assert figures.focus_range(pd.date_range("1990-01-01", "2025-01-01", periods=50).to_numpy()) is None
    assert figures.focus_range(days("1920-01-01", "2025-01-01")) is None
    assert figures.focus_range(days()) is None
    assert figures.focus_range(days(*["2025-04-10"] * 12, "2025-04-11")) is None  # a few days: all of them


def test_same_day_events_of_one_pair_are_spread() -> None:
    types = np.array(["visit"] * 5 + ["meeting"] * 4 + ["call"] * 2 + ["agreement"])
    mid = np.full(12, np.datetime64("2025-04-10T00:00", "ns"))
    off = figures.nudges(np.array(["CAN-MEX"] * 12), mid, types)
    assert len(set(off.tolist())) == 12  # 12 events, 12 places
    hours = off / np.timedelta64(1, "h")
    assert hours.min() >= -12 and hours.max() <= 12  # all inside their day
    visits = hours[types == "visit"]
    assert visits.min() == -11.5 and visits.max() == -6.5  # the visits' slot, evenly
    other_pair = figures.nudges(np.array(["IDN-RUS"]), mid[:1], types[:1])
    assert other_pair[0] == np.timedelta64(-9, "h")  # a lone event keeps its type's place


def points(fig: object) -> list[tuple[object, object]]:
    out = []
    for tr in fig.data:  # type: ignore[attr-defined]
        if tr.mode == "markers" and tr.customdata is not None:
            out.extend(zip(tr.x, tr.y, strict=True))
    return out


def test_timeline_figure_opens_on_the_news(tmp_path: Path) -> None:
    ds = data.load_dataset(make_data_dir(tmp_path, tbls=timeline_tables()))
    assert ds is not None
    tl = figures.timeline_figure(ds.events)
    assert tl.focus is not None and tl.span is not None
    assert tl.span[0].year == 1920 and tl.focus[0].year >= 2023
    assert [pd.Timestamp(x) for x in tl.figure.layout.xaxis.range] == list(tl.focus)
    every = figures.timeline_figure(ds.events, view="all")
    assert every.figure.layout.xaxis.range is None  # all dates
    same_day = [p for p in points(tl.figure) if p[1] == "CAN-MEX"]
    assert len(same_day) == 12 and len(set(same_day)) == 12
    assert all(str(x)[:10] == SAME_DAY for x, _ in same_day)  # drawn inside their day
    assert len(HISTORY) == sum(1 for x, _ in points(tl.figure) if pd.Timestamp(x).year < 2000)


def test_the_full_range_is_one_click_away(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(make_data_dir(tmp_path, tbls=timeline_tables())))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    radio = at.radio(key="tl_view")
    assert radio.value == "focus"
    labels = radio.options  # as shown
    assert any("1920" in str(x) for x in labels) and any("Most events" in str(x) for x in labels)
    radio.set_value("all").run()
    assert not at.exception
    fig = at.get("plotly_chart")[0].proto.spec
    assert '"range"' not in fig.split('"xaxis"', 1)[1].split('"yaxis"', 1)[0]
