from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from fixtures_dashboard import loaded_events, make_data_dir

from dashboard import data, figures
from dashboard.data import add_derived
from dashboard.filters import Filters, apply_filters
from dashboard.fixtures import synthetic_events, to_arrow


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return loaded_events(tmp_path_factory.mktemp("g"))


def data_traces(fig: go.Figure) -> list:  # type: ignore[type-arg]
    """Traces that carry events (not legend keys, not the month/year bars)."""
    return [t for t in fig.data if t.mode == "markers" and t.customdata is not None]


def test_timeline_points(events: pd.DataFrame) -> None:
    df = apply_filters(events, Filters(pair_a="IDN", pair_b="RUS"))
    r = figures.timeline_figure(df)
    assert r.mode == "points" and r.n_events == len(df) and r.n_undated == 0
    traces = data_traces(r.figure)
    drawn = [row[0] for t in traces for row in t.customdata]
    assert sorted(drawn) == sorted(df["event_id"])
    assert sum(len(x) for x in r.event_ids) == len(df)
    lay = r.figure.layout
    assert lay.xaxis.type == "date" and lay.xaxis.rangeslider.visible
    assert lay.yaxis.type == "category" and list(lay.yaxis.categoryarray) == ["IDN-RUS"]
    for t in traces:
        # colour = event type, symbol = status, open symbol = month/year only
        etype = t.customdata[0][3]
        assert t.marker.color == figures.TYPE_COLORS[etype]
        status = t.customdata[0][6]
        assert t.marker.symbol.startswith(figures.STATUS_SYMBOLS[status])
        assert t.marker.symbol.endswith("-open") == (not t.meta["exact"])
    by_id = {row[0]: (t, row) for t in traces for row in t.customdata}
    t, row = by_id["x-002"]
    assert row[1] == "2025-02 (month)" and row[2] == "Russia → Indonesia"
    assert t.marker.symbol == "circle-open"
    t, row = by_id["x-001"]
    assert row[1] == "2025-03-14 (day)" and row[3] == "visit" and row[5] == "Example Daily"
    assert t.marker.symbol == "circle"
    # marker size grows with the number of sources
    sizes = {row[0]: s for t in traces for row, s in zip(t.customdata, t.marker.size, strict=True)}
    assert sizes["x-001"] > sizes["x-002"]  # 3 sources vs 1


def test_month_and_year_bars(events: pd.DataFrame) -> None:
    df = apply_filters(events, Filters(pair_a="IDN", pair_b="RUS"))
    r = figures.timeline_figure(df)
    bars = [t for t in r.figure.data if t.mode == "lines"]
    xs = [pd.Timestamp(x) for t in bars for x in t.x if not pd.isna(x)]
    # x-003 is dated "2024": its bar spans the whole year; x-002 "2025-02" spans February
    assert pd.Timestamp("2024-01-01") in xs and pd.Timestamp("2025-01-01") in xs
    assert pd.Timestamp("2025-02-01") in xs and pd.Timestamp("2025-03-01") in xs
    assert all(t.hoverinfo == "skip" for t in bars)


def test_undated_not_plotted(events: pd.DataFrame) -> None:
    df = apply_filters(events, Filters(pair_a="IDN", pair_b="CHN"))
    r = figures.timeline_figure(df)
    assert r.n_undated == 1
    drawn = {row[0] for t in data_traces(r.figure) for row in t.customdata}
    assert "x-004" not in drawn
    assert set(figures.undated(df)["event_id"]) == {"x-004"}
    only = figures.timeline_figure(df[df["event_id"] == "x-004"])
    assert only.mode == "empty" and only.n_undated == 1 and not data_traces(only.figure)


def test_hover_text_is_escaped(events: pd.DataFrame) -> None:
    r = figures.timeline_figure(apply_filters(events, Filters(countries=("EUR",))))
    rows = [row for t in data_traces(r.figure) for row in t.customdata if row[0] == "x-005"]
    title = rows[0][4]
    assert "<b>" not in title and "&lt;b&gt;EU&lt;/b&gt;" in title
    assert rows[0][2] == "European Union → Indonesia"


def test_dyad_limit_and_aggregation() -> None:
    ev = add_derived(to_arrow(synthetic_events(3000, 5), "events"))
    r = figures.timeline_figure(ev, max_dyads=5)
    assert r.n_dyads_shown == 5 and r.n_dyads > 5 and r.notes
    assert len(r.figure.layout.yaxis.categoryarray) == 5
    agg = figures.timeline_figure(ev, max_points=100, max_dyads=10_000)
    assert agg.mode == "aggregated" and any("monthly counts" in n for n in agg.notes)
    n_year = int((ev["_prec"] == "year").sum())
    assert n_year and any(f"{n_year:,} events dated only to a year" in n for n in agg.notes)
    (heat,) = agg.figure.data
    assert isinstance(heat, go.Heatmap)
    assert np.nansum(np.array(heat.z, dtype=float)) == agg.n_plotted
    # the hover splits a cell's count by type, and the parts add up
    for zrow, trow in zip(heat.z, heat.text, strict=True):
        for zval, txt in zip(zrow, trow, strict=True):
            if zval == zval:  # not NaN
                assert sum(int(p.rsplit(" ", 1)[1]) for p in txt.split(" · ")) == zval
    # busy pair first: categoryarray is reversed so that it is drawn on top
    assert agg.figure.layout.yaxis.categoryarray[-1] == figures.top_dyads(ev, 1)[0]


def test_webgl_above_threshold() -> None:
    ev = add_derived(to_arrow(synthetic_events(figures.SVG_POINTS + 500, 2), "events"))
    r = figures.timeline_figure(ev, max_dyads=1000)
    assert any(isinstance(t, go.Scattergl) for t in r.figure.data)


def test_selected_event_ids(events: pd.DataFrame) -> None:
    r = figures.timeline_figure(apply_filters(events, Filters(pair_a="IDN", pair_b="RUS")))
    sel = {"selection": {"points": [{"customdata": ["x-001", "a"], "curve_number": 0, "point_index": 0}]}}
    assert figures.selected_event_ids(r, sel) == ["x-001"]
    # without customdata: curve and point numbers
    c = next(i for i, ids in enumerate(r.event_ids) if ids)
    sel2 = {"selection": {"points": [{"curve_number": c, "point_index": 0}, {"curve_number": 999, "point_index": 0}]}}
    assert figures.selected_event_ids(r, sel2) == [r.event_ids[c][0]]
    assert figures.selected_event_ids(r, {}) == []
    assert figures.selected_event_ids(r, {"selection": {"points": [{"x": 1}]}}) == []


def test_counts_over_time(events: pd.DataFrame) -> None:
    m, left_m = figures.counts_over_time(events, "M")
    w, left_w = figures.counts_over_time(events, "W")
    prec = events["_prec"].astype(str)
    assert m["count"].sum() == int(prec.isin(["day", "month"]).sum())
    assert left_m == int((prec == "year").sum())
    assert w["count"].sum() == int((prec == "day").sum())
    assert left_w == int(prec.isin(["month", "year"]).sum())
    assert (pd.to_datetime(w["period"]).dt.day_of_week == 0).all()  # weeks start on Monday
    assert (pd.to_datetime(m["period"]).dt.day == 1).all()
    x1 = m[(m["period"] == pd.Timestamp("2025-03-01")) & (m["event_type"] == "visit")]["count"].iloc[0]
    ref = ((events["event_type"] == "visit") & events["event_date"].astype(str).str.startswith("2025-03")).sum()
    assert x1 == ref
    assert isinstance(figures.counts_figure(m), go.Figure)
    with pytest.raises(ValueError):
        figures.counts_over_time(events, "D")


def test_pairs_countries_matrix(events: pd.DataFrame) -> None:
    tp = figures.top_pairs(events, 3)
    assert tp.iloc[0]["dyad"] == "IDN-RUS" and tp.iloc[0]["label"] == "Indonesia – Russia"
    assert tp.iloc[0]["count"] == (events["dyad"] == "IDN-RUS").sum()
    cc = figures.country_counts(events).set_index("iso3")
    idn = ((events["actor1"] == "IDN") | (events["actor2"] == "IDN")).sum()
    assert cc.loc["IDN", "count"] == idn and cc.loc["IDN", "name"] == "Indonesia"
    assert cc.loc["EUR", "is_org"] and not cc.loc["IDN", "is_org"]
    mat = figures.pair_matrix(events, 5)
    assert mat.shape == (5, 5) and np.array_equal(mat.to_numpy(), mat.to_numpy().T)
    assert mat.loc["Indonesia", "Russia"] == (events["dyad"] == "IDN-RUS").sum()
    assert np.all(np.diag(mat.to_numpy()) == 0)
    assert isinstance(figures.pair_matrix_figure(mat), go.Figure)
    assert isinstance(figures.top_pairs_figure(tp), go.Figure)
    assert figures.pair_matrix(events.iloc[:0]).empty


def test_world_map_is_offline(events: pd.DataFrame) -> None:
    fig = figures.world_map_figure(figures.country_counts(events))
    assert all(isinstance(t, go.Choropleth) for t in fig.data)
    assert all(t.featureidkey == "properties.iso_a3" and t.geojson for t in fig.data)
    geo = fig.layout.geo
    assert geo.visible is False and not geo.showland and not geo.showcoastlines
    assert "IDN" in list(fig.data[1].locations) and "EUR" not in list(fig.data[1].locations)
    url = figures.MAP_CONFIG["topojsonURL"]
    assert url.startswith("data:application/json,") and url.endswith("#")
    topo = json.loads(urllib.parse.unquote(url[len("data:application/json,") : -1]))
    assert topo == {"type": "Topology", "objects": {}, "arcs": []}


def test_shipped_geojson_is_small_and_valid() -> None:
    assert figures.WORLD_GEOJSON.stat().st_size < 1_000_000
    gj = figures.world_geojson()
    ids = [f["properties"]["iso_a3"] for f in gj["features"]]
    assert len(ids) == len(set(ids)) > 170
    assert {"IDN", "RUS", "FRA", "NOR", "USA", "BRA"} <= set(ids)
    for f in gj["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for poly in polys:
            for ring in poly:
                # plotly.js stops drawing at a degenerate ring
                assert len(ring) >= 4 and ring[0] == ring[-1], f["id"]



def test_short_span_is_padded_so_the_axis_shows_dates_not_milliseconds() -> None:
    df = synthetic_events(5, seed=1)
    df["event_date"] = "2025-01-18"
    df["date_precision"] = "day"
    r = figures.timeline_figure(add_derived(to_arrow(df, "events")))
    lo, hi = (pd.Timestamp(x) for x in r.figure.layout.xaxis.range)
    assert lo <= pd.Timestamp("2025-01-18") <= hi
    assert (hi - lo).days >= 30


def test_hover_titles_come_from_the_texts_of_a_lean_table(tmp_path: Path) -> None:
    ds = data.load_dataset(make_data_dir(tmp_path))
    assert ds is not None and "title" not in ds.events.columns
    lean = figures.timeline_figure(ds.events, texts=lambda d: ds.with_text(d, ["title"]))
    full = figures.timeline_figure(ds.full())
    assert lean.mode == full.mode == "points"
    assert [t.customdata.tolist() for t in data_traces(lean.figure)] == [
        t.customdata.tolist() for t in data_traces(full.figure)
    ]


def test_counts_axis_shows_months_not_times() -> None:
    counts = pd.DataFrame({"period": [pd.Timestamp("2025-01-01")], "event_type": ["visit"], "count": [3]})
    fig = figures.counts_figure(counts, "M")
    assert fig.layout.xaxis.tickformat == "%b %Y"
    assert figures.counts_figure(counts, "W").layout.xaxis.tickformat == "%d %b %Y"
