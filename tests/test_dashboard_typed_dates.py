"""Typed dates apply at once (Enter / leaving the field), not when a calendar closes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fixtures_dashboard import APP, make_data_dir, reference_ids, tables
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from dashboard.state import parse_typed_date


def test_parse_typed_date() -> None:
    assert parse_typed_date("2025-03-07") == (True, dt.date(2025, 3, 7))
    assert parse_typed_date(" 2025/3/7 ") == (True, dt.date(2025, 3, 7))
    assert parse_typed_date("2025-02", end=True) == (True, dt.date(2025, 2, 28))
    assert parse_typed_date("2024-12", end=True) == (True, dt.date(2024, 12, 31))
    assert parse_typed_date("2025") == (True, dt.date(2025, 1, 1))
    assert parse_typed_date("2025", end=True) == (True, dt.date(2025, 12, 31))
    assert parse_typed_date("") == (True, None)
    assert parse_typed_date("2025-02-30") == (False, None)
    assert parse_typed_date("March") == (False, None)


def test_typed_dates_filter_and_follow_the_calendar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(make_data_dir(tmp_path)))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    ev = tables()["events"]
    at.text_input(key="f_from_text").input("2025-02").run()  # one rerun, as Enter gives
    at.text_input(key="f_to_text").input("2025-03").run()
    assert not at.exception
    want = reference_ids(ev, Filters(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 3, 31)))
    assert set(next(d for d in at.dataframe if d.key == "table").value["event_id"]) == want
    assert at.query_params["from"] == "2025-02-01" and at.query_params["to"] == "2025-03-31"
    assert at.date_input(key="f_dates").value == (dt.date(2025, 2, 1), dt.date(2025, 3, 31))
    # the calendar moves the typed fields
    at.date_input(key="f_dates").set_value((dt.date(2024, 7, 1), dt.date(2024, 8, 31))).run()
    assert at.text_input(key="f_from_text").value == "2024-07-01"
    assert at.text_input(key="f_to_text").value == "2024-08-31"
    # a typo is said, and changes nothing
    at.text_input(key="f_from_text").input("2024-13").run()
    assert any("Not a date: '2024-13'" in c.value for c in at.caption)
    assert at.date_input(key="f_dates").value == (dt.date(2024, 7, 1), dt.date(2024, 8, 31))
    # emptied: no limit on that side
    at.text_input(key="f_from_text").input("").run()
    at.text_input(key="f_to_text").input("").run()
    assert "from" not in at.query_params and "to" not in at.query_params
