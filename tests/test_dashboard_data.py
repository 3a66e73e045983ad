from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fixtures_dashboard import make_data_dir, tables

from dashboard import data
from dashboard.fixtures import synthetic_events, to_arrow
from etl.schema import EVENT_COLUMNS


def test_resolve_data_dir_order() -> None:
    assert data.resolve_data_dir([], {}) == Path("data")
    assert data.resolve_data_dir([], {"DATA_DIR": "/x"}) == Path("/x")
    assert data.resolve_data_dir(["--data", "/y"], {"DATA_DIR": "/x"}) == Path("/y")
    assert data.resolve_data_dir(["--data=/z", "--other", "1"], {}) == Path("/z")


@pytest.mark.parametrize("layout", ["parquet", "csv", "partitioned"])
def test_every_layout_loads_the_same_events(tmp_path: Path, layout: str) -> None:
    d = make_data_dir(tmp_path, layout)
    ds = data.load_dataset(d)
    assert ds is not None
    ev = ds.full().sort_values("event_id").reset_index(drop=True)
    want = tables()["events"].sort_values("event_id").reset_index(drop=True)
    assert list(ev.columns[: len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    assert len(ev) == len(want)
    for col in EVENT_COLUMNS:
        got = ev[col].astype(object).where(ev[col].notna(), None).tolist()
        exp = want[col].astype(object).where(want[col].notna(), None).tolist()
        if col == "confidence":
            assert got == pytest.approx(exp, abs=1e-6)
        else:
            assert got == exp, col
    # strings with CR, tab and markup survive every layout
    src = ev.set_index("event_id")
    assert src.loc["x-005", "source"] == "\rCarriage Return Weekly"
    assert src.loc["x-004", "evidence"].startswith("\tTab-led")


def test_source_preference_and_absence(tmp_path: Path) -> None:
    assert data.find_source(tmp_path, "events") is None
    assert data.load_dataset(tmp_path) is None
    make_data_dir(tmp_path, "partitioned")
    src = data.find_source(tmp_path / "data_partitioned", "events")
    assert src is not None and src.kind == "parquet" and src.pattern.endswith("*.parquet")
    d = make_data_dir(tmp_path, "parquet")
    assert data.find_source(d, "events") == data.Source("parquet", str(d / "events.parquet"))
    (d / "events.parquet").unlink()
    assert data.find_source(d, "events") == data.Source("csv", str(d / "events.csv"))


def test_derived_dates() -> None:
    t = to_arrow(
        pd.DataFrame(
            {
                "event_id": ["d", "m", "y", "n", "bad", "dec"],
                "event_date": ["2025-03-14", "2024-02", "2023", None, "someday", "2024-12"],
                "date_precision": ["day", "month", "year", "none", "day", "month"],
            }
        ),
        "events",
    )
    ev = data.add_derived(t).set_index("event_id")
    assert list(ev["_prec"].astype(str)) == ["day", "month", "year", "none", "none", "month"]
    assert ev.loc["d", "_start"] == ev.loc["d", "_end"] == pd.Timestamp("2025-03-14")
    assert ev.loc["m", "_start"] == pd.Timestamp("2024-02-01")
    assert ev.loc["m", "_end"] == pd.Timestamp("2024-02-29")  # leap year
    assert ev.loc["y", "_end"] == pd.Timestamp("2023-12-31")
    assert ev.loc["dec", "_end"] == pd.Timestamp("2024-12-31")
    assert pd.isna(ev.loc["n", "_start"]) and pd.isna(ev.loc["bad", "_mid"])
    assert ev.loc["m", "_start"] < ev.loc["m", "_mid"] < ev.loc["m", "_end"]
    assert ev["n_sources"].tolist() == [0] * 6  # nulls read as 0


def test_missing_and_extra_columns(tmp_path: Path) -> None:
    """Older/newer files: absent schema columns come back null, unknown ones are dropped,
    and files of a partitioned dataset may differ in their columns (union by name)."""
    ev = synthetic_events(20, 3)
    folder = tmp_path / "events" / "year=2024"
    folder.mkdir(parents=True)
    a = pa.Table.from_pandas(ev.iloc[:10].drop(columns=["confidence", "location"]), preserve_index=False)
    b = pa.Table.from_pandas(ev.iloc[10:].assign(extra_col="x"), preserve_index=False)
    pq.write_table(a, folder / "a.parquet")
    pq.write_table(b, folder / "b.parquet")
    ds = data.load_dataset(tmp_path)
    assert ds is not None
    e = ds.full()
    assert len(e) == 20
    assert "extra_col" not in e.columns and "year" not in e.columns
    got = e.set_index("event_id")
    assert got.loc[ev.event_id[0], "confidence"] != got.loc[ev.event_id[0], "confidence"]  # NaN
    assert got.loc[ev.event_id[15], "confidence"] == pytest.approx(float(ev.confidence[15]))


def test_signature_changes_when_tables_change(tmp_path: Path) -> None:
    d = make_data_dir(tmp_path)
    s1 = data.data_signature(d)
    assert len(s1) >= 3
    time.sleep(0.01)
    p = d / "events.parquet"
    pq.write_table(pq.read_table(p).slice(0, 3), p)
    os.utime(p, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert data.data_signature(d) != s1
    assert data.data_signature(tmp_path / "nothing") == ()


@pytest.mark.parametrize("layout", ["parquet", "csv", "partitioned"])
def test_mentions_of_an_event(tmp_path: Path, layout: str) -> None:
    d = make_data_dir(tmp_path, layout)
    m = data.load_mentions(d, "x-001")
    assert len(m) == 3
    assert set(m["event_id"]) == {"x-001"}
    first = m[m["article_id"] == "art-x-001"].iloc[0]
    assert first["source"] == "Example Daily"
    assert first["title"] == "+Indonesian president visits Moscow"
    assert first["trigger"] == "visited"
    assert data.load_mentions(d, "no-such-event").empty
    assert data.load_mentions(d, "x-001' OR '1'='1").empty  # a parameter, not SQL


def test_mentions_without_tables(tmp_path: Path) -> None:
    assert data.load_mentions(tmp_path, "x").empty


def test_table_frame_and_row_counts(tmp_path: Path) -> None:
    d = make_data_dir(tmp_path)
    arts = data.load_table_frame(d, "articles", ["origin", "status", "error"])
    assert list(arts.columns) == ["origin", "status", "error"]
    failed = arts[arts["status"] == "failed"]
    assert sorted(failed["error"]) == ["could not decode bytes as UTF-8", "empty text after extraction"]
    assert data.count_rows(d, "events") == len(tables()["events"])
    assert data.count_rows(d, "articles") == len(arts)
    assert data.count_rows(tmp_path / "none", "events") == 0
    assert data.load_table_frame(tmp_path / "none", "articles", ["origin"]).columns.tolist() == ["origin"]


def test_dataset_options(tmp_path: Path) -> None:
    ds = data.load_dataset(make_data_dir(tmp_path))
    assert ds is not None
    assert "IDN" in ds.countries and "EUR" in ds.countries
    assert ds.countries.index("CHN") < ds.countries.index("IDN")  # sorted by name
    assert "en" in ds.languages
    assert "Example Daily" in ds.sources
    lo, hi = ds.date_bounds  # type: ignore[misc]
    assert lo == dt.date(2024, 1, 1)  # the year-dated x-003 starts the range
    assert hi >= dt.date(2025, 5, 20)


def test_empty_events_table(tmp_path: Path) -> None:
    pq.write_table(to_arrow(pd.DataFrame({"event_id": []}), "events"), tmp_path / "events.parquet")
    ds = data.load_dataset(tmp_path)
    assert ds is not None and ds.empty and ds.date_bounds is None and ds.countries == []
    assert data.empty_events().empty


def test_long_texts_are_read_on_first_use(tmp_path: Path) -> None:
    """Start-up reads only the CORE columns; the texts come for the rows asked, aligned."""
    d = make_data_dir(tmp_path)
    ds = data.load_dataset(d)
    assert ds is not None
    assert set(ds.events.columns) == {*data.CORE, *data.DERIVED}
    assert ds._rest is None  # nothing read yet
    want = tables()["events"].set_index("event_id")
    some = ds.events.iloc[[5, 0, 3]]
    got = ds.with_text(some)
    assert list(got.columns[: len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    assert list(got.index) == list(some.index)
    for _, r in got.iterrows():
        for c in ("title", "evidence", "url", "date_text", "actor1_name"):
            exp = want.loc[r["event_id"], c]
            assert (r[c] == exp) or (pd.isna(r[c]) and pd.isna(exp)), c
    assert ds._rest is None  # a few rows: read on their own
    none = ds.with_text(ds.events.iloc[[]])
    assert len(none) == 0 and list(none.columns[: len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    assert ds._rest is None
    assert list(ds.with_text(some, ["title"]).columns).count("title") == 1
    assert "evidence" not in ds.with_text(some, ["title"]).columns
    eager = data.load_dataset(d, lazy=False)
    assert eager is not None and eager.missing == [] and eager.full() is eager.events


def test_texts_follow_the_event_ids_when_the_file_was_rewritten(tmp_path: Path) -> None:
    d = make_data_dir(tmp_path)
    ds = data.load_dataset(d)
    assert ds is not None
    p = d / "events.parquet"
    t = pq.read_table(p)
    pq.write_table(t.take(list(reversed(range(1, t.num_rows)))), p)  # reordered, one row gone
    full = ds.full()
    want = tables()["events"].set_index("event_id")
    gone = t.column("event_id")[0].as_py()
    for _, r in full.iterrows():
        if r["event_id"] == gone:
            assert pd.isna(r["title"])
        else:
            exp = want.loc[r["event_id"], "title"]
            assert r["title"] == exp or (pd.isna(r["title"]) and pd.isna(exp))


@pytest.mark.parametrize("layout", ["parquet", "partitioned", "csv"])
def test_texts_of_a_few_rows_match_the_full_read(tmp_path: Path, layout: str) -> None:
    d = make_data_dir(tmp_path, layout)
    lazy, eager = data.load_dataset(d), data.load_dataset(d, lazy=False)
    assert lazy is not None and eager is not None
    some = lazy.events.iloc[[7, 2, 11, 0]]
    got = lazy.with_text(some)
    want = eager.events.set_index("event_id").loc[some["event_id"]]
    for c in EVENT_COLUMNS[1:]:
        g = got[c].astype(object).where(got[c].notna(), None).tolist()
        w = want[c].astype(object).where(want[c].notna(), None).tolist()
        assert g == pytest.approx(w) if c == "confidence" else g == w, c
    p = d / "events.parquet"
    if layout == "parquet":  # rewritten in another order: the rows are matched by event id
        t = pq.read_table(p)
        pq.write_table(t.take(list(reversed(range(t.num_rows)))), p)
        assert lazy.with_text(some)["title"].tolist() == got["title"].tolist()


def test_texts_when_the_events_file_was_emptied(tmp_path: Path) -> None:
    d = make_data_dir(tmp_path)
    ds = data.load_dataset(d)
    assert ds is not None
    p = d / "events.parquet"
    pq.write_table(pq.read_table(p).slice(0, 0), p)
    full = ds.full()
    assert len(full) == len(ds.events) and full["title"].isna().all()
