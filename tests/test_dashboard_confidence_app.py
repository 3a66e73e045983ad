"""The "Minimum confidence" slider in the running app (AppTest, invented data with
confidences from 0.2 to 0.95): its default, the table, the URL, the counts, the detail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures_dashboard import APP, all_text, confidence_tables, make_data_dir, reference_ids
from streamlit.testing.v1 import AppTest

from dashboard.confidence import model_default
from dashboard.filters import Filters

DEFAULT = model_default().value
EVENTS = confidence_tables()["events"]


def n_at_least(threshold: float, **kw: Any) -> int:
    return len(reference_ids(EVENTS, Filters(min_confidence=threshold, **kw)))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("conf"), tbls=confidence_tables())


def run(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **params: Any) -> AppTest:
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest) -> Any:
    return next(d for d in at.dataframe if d.key == "table")


def test_default_is_the_models_threshold_and_is_shown(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir)
    slider = at.slider(key="f_conf")
    assert slider.label == "Minimum confidence" and slider.value == DEFAULT
    assert "calibrated probability" in slider.help and f"{DEFAULT:.2f}" in slider.help
    assert f"Default {DEFAULT:.2f}" in all_text(at)
    assert len(table(at).value) == n_at_least(DEFAULT) < len(EVENTS)
    hidden = len(EVENTS) - n_at_least(DEFAULT)
    assert f"{n_at_least(DEFAULT)} of {len(EVENTS)} events match the filters; {hidden} more events below confidence {DEFAULT:.2f}." in all_text(at)
    assert "minconf" not in at.query_params  # the default is not written


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.7, 0.95])
def test_moving_the_slider_changes_the_rows_and_the_url(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, threshold: float
) -> None:
    at = run(monkeypatch, data_dir)
    before = len(table(at).value)
    at.slider(key="f_conf").set_value(threshold).run()
    rows = table(at).value
    assert len(rows) == n_at_least(threshold) != before
    assert (rows["confidence"] >= threshold).all()
    assert at.query_params["minconf"] == f"{threshold:.2f}".rstrip("0").rstrip(".")
    assert f"Default {DEFAULT:.2f}" in all_text(at)  # still shown after the move
    assert ("below confidence" in all_text(at)) == (n_at_least(threshold) < len(EVENTS))


@pytest.mark.parametrize(("value", "expect"), [("0.6", 0.6), ("0.63", 0.65), ("abc", DEFAULT), ("2", DEFAULT)])
def test_the_url_sets_the_slider(monkeypatch: pytest.MonkeyPatch, data_dir: Path, value: str, expect: float) -> None:
    at = run(monkeypatch, data_dir, minconf=value)
    assert at.slider(key="f_conf").value == expect
    assert len(table(at).value) == n_at_least(expect)


def test_the_threshold_combines_with_other_filters(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir, country="IDN", minconf="0.5")
    assert len(table(at).value) == n_at_least(0.5, countries=("IDN",))
    hidden = n_at_least(0.0, countries=("IDN",)) - n_at_least(0.5, countries=("IDN",))
    assert f"; {hidden} more events below confidence 0.50." in all_text(at)


def test_empty_state_says_the_threshold_hides_events(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir, minconf="1")
    info = [i.value for i in at.info]
    assert f"No event matches these filters; {len(EVENTS)} more events below confidence 1.00: lower \"Minimum confidence\" to see them." in info
    at.button(key="clear_empty").click().run()
    assert at.slider(key="f_conf").value == DEFAULT and "minconf" not in at.query_params


def test_overview_counts_follow_the_threshold(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir, tab="Overview", minconf="0.7")
    assert f"{n_at_least(0.7)} events counted here; " in all_text(at)


def test_table_shows_confidence_with_two_decimals(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir, minconf="0")
    t = table(at)
    assert (t.value["confidence"].round(2) == t.value["confidence"]).all()
    assert json.loads(t.proto.columns)["confidence"]["type_config"]["format"] == "%.2f"


def test_detail_shows_confidence_per_mention(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir, ev="x-001")
    texts = [t.value for t in at.text]
    assert any(t.endswith("confidence 0.90") and "→" in t for t in texts)  # the event
    assert sum("· confidence 0.80" in t for t in texts) == 1 and sum("· confidence 0.70" in t for t in texts) == 1
    mentions = next(d for d in at.dataframe if "sentence" in d.value.columns)
    assert sorted(mentions.value["confidence"].tolist()) == [0.7, 0.8, 0.9]
    assert "Below the minimum confidence" not in all_text(at)


def test_detail_of_an_event_below_the_threshold_says_so(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = run(monkeypatch, data_dir, ev="x-002")  # confidence 0.3
    assert "x-002" not in set(table(at).value["event_id"])
    assert f"Below the minimum confidence ({DEFAULT:.2f}): not in the table or on the timeline." in all_text(at)
