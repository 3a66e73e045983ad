"""The Streamlit app run headless with AppTest on invented fixture data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from fixtures_dashboard import (
    APP,
    all_text,
    install_fake_etl,
    make_data_dir,
    markdown_text,
    reference_ids,
    tables,
)
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from dashboard.fixtures import synthetic_events, to_arrow

TIMEOUT = 60
N_EVENTS = len(tables()["events"])
ARTICLE_STRINGS = ("HYPERLINK", "<script>", "**meets**", "javascript:", "@SUM", "Carriage Return")


def app(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **params: Any) -> AppTest:
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def table(at: AppTest) -> pd.DataFrame:
    found = [d for d in at.dataframe if d.key == "table"]
    assert found, "no event table on the page"
    return found[0].value


def table_ids(at: AppTest) -> set[str]:
    return set(table(at)["event_id"])


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path)


def test_runs_on_fixture_data(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir)
    no_errors(at)
    assert at.title[0].value == "Diplomatic events"
    assert f"{N_EVENTS} of {N_EVENTS} events match" in all_text(at)
    assert table_ids(at) == set(tables()["events"]["event_id"])
    assert [c.key for c in at.get("plotly_chart")] == ["timeline"]
    assert "2 event(s) without a date" in [e.label for e in at.expander][0]
    assert {b.key for b in at.download_button} == {"dl_csv", "dl_xlsx", "dl_parquet"}
    assert dict(at.query_params) == {}


def test_filters_change_the_table_and_the_url(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir)
    ev = tables()["events"]
    at.multiselect(key="f_countries").set_value(["RUS"]).run()
    no_errors(at)
    assert table_ids(at) == reference_ids(ev, Filters(countries=("RUS",)))
    assert at.query_params["country"] == "RUS"

    at.multiselect(key="f_countries").set_value([]).run()
    at.selectbox(key="f_a").set_value("IDN").run()
    at.selectbox(key="f_b").set_value("RUS").run()
    undirected = reference_ids(ev, Filters(pair_a="IDN", pair_b="RUS"))
    assert table_ids(at) == undirected
    at.toggle(key="f_dir").set_value(True).run()
    directed = reference_ids(ev, Filters(pair_a="IDN", pair_b="RUS", directed=True))
    assert table_ids(at) == directed and directed < undirected
    assert {k: at.query_params[k] for k in ("a", "b", "dir")} == {"a": "IDN", "b": "RUS", "dir": "1"}

    at.text_input(key="f_q").input("moscow").run()
    assert table_ids(at) == {"x-001"}
    assert at.query_params["q"] == "moscow"


def test_other_filter_widgets(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir)
    ev = tables()["events"]
    at.multiselect(key="f_types").set_value(["call"]).run()
    at.multiselect(key="f_status").set_value(["occurred"]).run()
    at.number_input(key="f_min").set_value(1).run()
    want = Filters(event_types=("call",), statuses=("occurred",), min_sources=1)
    assert table_ids(at) == reference_ids(ev, want)
    at.date_input(key="f_dates").set_value((dt.date(2025, 2, 1), dt.date(2025, 3, 31))).run()
    want = want.with_(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 3, 31))
    assert table_ids(at) == reference_ids(ev, want)
    assert at.query_params["from"] == "2025-02-01" and at.query_params["to"] == "2025-03-31"
    at.multiselect(key="f_lang").set_value(["en"]).run()
    at.multiselect(key="f_src").set_value(["Mock Herald"]).run()
    no_errors(at)
    assert table_ids(at) == reference_ids(ev, want.with_(languages=("en",), sources=("Mock Herald",)))


def test_query_params_restore_a_view(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, a="RUS", b="IDN", dir="1", type=["call", "visit"])
    no_errors(at)
    want = reference_ids(tables()["events"], Filters(pair_a="RUS", pair_b="IDN", directed=True, event_types=("call", "visit")))
    assert "x-002" in want and "x-001" not in want
    assert table_ids(at) == want
    assert at.selectbox(key="f_a").value == "RUS" and at.selectbox(key="f_b").value == "IDN"
    assert at.toggle(key="f_dir").value is True
    assert at.multiselect(key="f_types").value == ["call", "visit"]
    # the URL is kept as it was given (nothing to rewrite)
    assert at.query_params["a"] == "RUS" and at.query_params["type"] == ["call", "visit"]


def test_dates_and_text_from_the_url(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, **{"from": "2024-06-01", "to": "2024-06-30", "q": "Indonesia"})
    no_errors(at)
    f = Filters(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 6, 30), text="Indonesia")
    assert table_ids(at) == reference_ids(tables()["events"], f)
    assert at.date_input(key="f_dates").value == (dt.date(2024, 6, 1), dt.date(2024, 6, 30))


def test_garbage_query_params(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(
        monkeypatch, data_dir,
        country=["../etc", "<script>", "IDN"], a="x" * 5000, type="drop table", min="-1e9",
        **{"from": "yesterday", "to": "2025-13-45", "ev": "nope", "zzz": "1"},
    )  # fmt: skip
    no_errors(at)
    assert table_ids(at) == reference_ids(tables()["events"], Filters(countries=("IDN",)))
    assert "not in the data" in all_text(at)  # ev=nope


def test_country_absent_from_the_data_filters_to_nothing(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, country="NOR")  # a real country, no event of it here
    no_errors(at)
    assert "No event matches these filters." in all_text(at)
    assert at.multiselect(key="f_countries").value == ["NOR"]


def test_no_result_offers_to_clear(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, q="no such words anywhere", country="IDN")
    no_errors(at)
    assert "No event matches these filters." in all_text(at)
    assert not [d for d in at.dataframe if d.key == "table"]
    at.button(key="clear_empty").click().run()
    no_errors(at)
    assert len(table_ids(at)) == N_EVENTS
    assert "q" not in at.query_params and "country" not in at.query_params


def test_event_detail_from_the_url_is_plain_text(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, ev="x-001")
    no_errors(at)
    texts = [t.value for t in at.text]
    assert any(t.startswith("Evidence: =HYPERLINK(") for t in texts)
    assert any("«visited»" in t for t in texts)
    assert sum("«visited»" in t for t in texts) == 3  # every mention, trigger marked
    md = markdown_text(at)
    assert not any(s in md for s in ARTICLE_STRINGS), md
    assert not at.get("link_button")  # javascript: URL: no button
    at2 = app(monkeypatch, data_dir, ev="x-005")
    assert any("<script>alert('x')</script>" in t.value for t in at2.text)  # shown literally
    assert not any(s in markdown_text(at2) for s in ARTICLE_STRINGS)


def test_selecting_a_table_row_opens_its_detail(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, a="IDN", b="RUS")
    first = table(at).iloc[1]["event_id"]
    at.session_state["table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    no_errors(at)
    assert at.query_params["ev"] == first
    assert any(t.value.endswith(f"event id: {first}") for t in at.text)


def test_article_strings_never_reach_markdown(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, country="EUR")
    no_errors(at)
    assert not any(s in markdown_text(at) for s in ARTICLE_STRINGS)
    at = app(monkeypatch, data_dir, tab="Overview")
    no_errors(at)
    assert not any(s in markdown_text(at) for s in ARTICLE_STRINGS)


def test_overview_tab(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    at = app(monkeypatch, data_dir, tab="Overview", country="IDN")
    no_errors(at)
    keys = [c.key for c in at.get("plotly_chart")]
    assert keys == ["ov_counts", "ov_pairs", "ov_matrix", "ov_map"]
    assert "Organisations (not on the map)" in all_text(at)
    at.radio(key="ov_freq").set_value("week").run()
    no_errors(at)
    assert "not counted here" in all_text(at)


@pytest.mark.parametrize("layout", ["partitioned", "csv"])
def test_other_layouts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, layout: str) -> None:
    at = app(monkeypatch, make_data_dir(tmp_path, layout), country="RUS")
    no_errors(at)
    assert table_ids(at) == reference_ids(tables()["events"], Filters(countries=("RUS",)))


def test_first_run_without_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = install_fake_etl(monkeypatch)
    at = app(monkeypatch, tmp_path / "data")
    no_errors(at)
    text = all_text(at)
    assert "No data yet" in text and "make etl" in text and "python -m etl run seeds/" in text
    at.button(key="run_seeds").click().run()
    no_errors(at)
    assert calls and calls[0]["append"] is False
    assert all(p.parent.name == "seeds" for p in calls[0]["inputs"])
    assert (tmp_path / "data" / "events.parquet").exists()
    # the new events are on the page at once
    assert len(table(at)) == len([p for p in calls[0]["inputs"] if "broken" not in p.name])


def test_first_run_etl_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "etl.pipeline", None)  # type: ignore[arg-type]
    at = app(monkeypatch, tmp_path / "data")
    at.button(key="run_seeds").click().run()
    assert "The ETL is not installed here" in all_text(at)


def test_empty_events_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pq.write_table(to_arrow(pd.DataFrame({"event_id": []}), "events"), tmp_path / "events.parquet")
    at = app(monkeypatch, tmp_path)
    no_errors(at)
    assert "is empty" in all_text(at)


def test_upload_adds_events_and_lists_failures(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    calls = install_fake_etl(monkeypatch)
    at = app(monkeypatch, data_dir, tab="Add articles")
    no_errors(at)
    up = at.file_uploader(key="uploads")
    assert set(up.allowed_type) >= {".txt", ".jsonl", ".html", ".htm"}
    # the size limit is stated once, by the widget itself ("50MB per file")
    assert up.proto.max_upload_size_mb == 50 and "MB" not in up.label and "MB" not in all_text(at)
    assert str(data_dir / "inbox") in all_text(at)  # where the files are kept is said
    up.set_value([("news one.txt", b"Brazil visited Kenya.", "text/plain"),
                  ("broken.txt", b"\xff\xfe", "text/plain")]).run()  # fmt: skip
    at.button(key="run_upload").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls and calls[0]["append"] is True and calls[0]["out"] == data_dir
    assert [p.name for p in calls[0]["inputs"]] == ["news_one.txt", "broken.txt"]
    assert all(p.parent == data_dir / "inbox" and p.exists() for p in calls[0]["inputs"])  # kept
    assert not at.success  # not green: a file failed
    assert [w.value for w in at.warning] == [
        "This upload: 1 new article(s), 0 duplicate(s), 1 failed; 1 event(s) added to the timeline"
        + at.warning[0].value.split("added to the timeline", 1)[1]
    ]
    failed = [d.value for d in at.dataframe if "error" in d.value.columns]
    assert failed and failed[0]["error"].tolist() == ["could not read this file (fake ETL)"]
    assert failed[0]["file"].tolist() == ["broken.txt"]
    # the date range (no limit set) follows the new data: the June event is not cut off
    assert at.date_input(key="f_dates").value[1] >= dt.date(2025, 6, 1)
    assert "to" not in at.query_params
    # the timeline now includes the new event
    at2 = app(monkeypatch, data_dir, country="KEN")
    assert any(i.startswith("ev-news_one") for i in table_ids(at2))


def test_uploading_the_same_files_again_adds_nothing(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    calls = install_fake_etl(monkeypatch)
    at = app(monkeypatch, data_dir, tab="Add articles")
    files = [("one.txt", b"Brazil visited Kenya.", "text/plain"), ("two.txt", b"Kenya visited Brazil.", "text/plain")]
    at.file_uploader(key="uploads").set_value(files).run()
    at.button(key="run_upload").click().run()
    assert [s.value for s in at.success][0].startswith("This upload: 2 new article(s), 0 duplicate(s), 0 failed;")
    at.button(key="run_upload").click().run()  # the files are still in the widget
    no_errors(at)
    assert len(calls) == 1  # no second run
    assert not at.success and at.info[0].value.startswith("This upload: 0 new article(s)")
    assert "2 file(s) already in the inbox, not added again" in at.info[0].value
    dup = [d.value for d in at.dataframe if "same content as" in d.value.columns][0]
    assert dup.to_dict("records") == [{"file": "one.txt", "same content as": "one.txt"},
                                      {"file": "two.txt", "same content as": "two.txt"}]  # fmt: skip
    assert sorted(p.name for p in (data_dir / "inbox").iterdir()) == ["one.txt", "two.txt"]


def test_large_data_is_aggregated_and_paged(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pq.write_table(to_arrow(synthetic_events(60_000, 11), "events"), tmp_path / "events.parquet")
    at = app(monkeypatch, tmp_path)
    no_errors(at)
    text = all_text(at)
    assert "too many to draw one by one" in text
    assert "busiest of" in text
    assert len(table(at)) == 500
    assert "The downloads hold all 60,000 rows." in text
    at.number_input(key="page").set_value(50).run()
    assert len(table(at)) == 500
    # a filter leaving fewer pages brings the table back to page 1 (no error)
    at.multiselect(key="f_countries").set_value(["KEN"]).run()
    no_errors(at)
    assert 0 < len(table(at)) <= 500


def test_upload_with_the_real_etl(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The real etl.pipeline, when it is installed: an invented article in, no crash, the
    summary shown and the table reloaded from what the ETL wrote."""
    pytest.importorskip("etl.pipeline")
    at = app(monkeypatch, tmp_path / "data", tab="Add articles")
    no_errors(at)
    text = (
        "Invented minister visits Moscow\n"
        "Jakarta, 14 March 2025. Indonesia's foreign minister visited Moscow on 14 March 2025 "
        "and met his Russian counterpart, the ministry said in an invented statement."
    )
    at.file_uploader(key="uploads").set_value(("invented.txt", text.encode(), "text/plain")).run()
    at.button(key="run_upload").click().run()
    no_errors(at)
    assert "This upload: 1 new article(s), 0 duplicate(s), 0 failed;" in all_text(at)
    assert (tmp_path / "data" / "events.parquet").exists() or (tmp_path / "data" / "events").exists()
    assert (tmp_path / "data" / "inbox" / "invented.txt").read_text() == text
