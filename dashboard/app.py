"""Streamlit dashboard of diplomatic events: widgets and layout only.

    streamlit run dashboard/app.py -- --data DIR      (or env DATA_DIR; default data/)

Loading, filtering, aggregation, figures and exports live in the pure modules next to
this file.  Article strings (titles, sentences, outlets, URLs) are shown only through
st.text, st.dataframe and Plotly labels with HTML escaped, never as Markdown or HTML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ on the path, not the repo
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402


def start_page() -> Any:
    """Page settings, then (on a session's first run) an empty chart at once, so that the
    browser fetches and compiles Plotly (4.7 MB of JavaScript) while the server imports its
    libraries and reads the data. Returns the slot to clear once the timeline
    is sent. Runs before the heavy imports below."""
    # the emoji as a shortcode: a literal emoji makes Streamlit load its emoji catalogue (0.1 s)
    st.set_page_config(page_title="Diplomatic events", page_icon=":globe_with_meridians:", layout="wide")
    # st.dataframe's own "Download as CSV" writes cells as they are (=HYPERLINK(...) and all):
    # hide it; the download buttons below give the neutralized CSV/XLSX of the whole filter.
    # The browser learns the option on a run, so the first session reruns once to get it.
    if not st.get_option("client.disableDataExport"):
        st.set_option("client.disableDataExport", True)
        if not st.session_state.get("_export_rerun"):
            st.session_state["_export_rerun"] = True
            st.rerun()
    slot = st.empty()
    if st.session_state.get("_warmed"):
        return slot
    st.session_state["_warmed"] = True
    import plotly.graph_objects as go

    blank = go.Figure()  # tiny, no axes, no data
    blank.update_layout(height=10, margin=dict(l=0, r=0, t=0, b=0), xaxis_visible=False, yaxis_visible=False,
                        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")  # fmt: skip
    with slot.container():
        st.plotly_chart(blank, config={"staticPlot": True, "displayModeBar": False})
    return slot


WARM = start_page()

import pandas as pd  # noqa: E402

from dashboard import confidence, data, export, figures, filters, state, tables, upload  # noqa: E402
from dashboard.countries import country_label, country_name, is_known  # noqa: E402
from dashboard.filters import Filters, apply_with_hidden, with_selected  # noqa: E402
from etl.schema import EVENT_TYPES, STATUSES  # noqa: E402

TABS = ["Timeline", "Overview", "Add articles"]
W = {  # widget keys
    "countries": "f_countries",
    "a": "f_a",
    "b": "f_b",
    "dir": "f_dir",
    "types": "f_types",
    "status": "f_status",
    "dates": "f_dates",
    "lang": "f_lang",
    "src": "f_src",
    "min": "f_min",
    "q": "f_q",
    "conf": "f_conf",
    "from": "f_from_text",  # the range ends typed as text (apply on Enter / leaving the field)
    "to": "f_to_text",
}
SEL = "selected_event"
FAR_PAST, FAR_FUTURE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
CONF = confidence.model_default()  # the minimum confidence shown by default (read once per process)


def default_filters() -> Filters:
    """What "Clear filters" and a URL without filters give: everything at or above the default confidence."""
    return Filters(min_confidence=CONF.value)


# --------------------------------------------------------------------------- data
@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def load(data_dir: str, signature: tuple[Any, ...]) -> data.Dataset | None:
    """Cached per data dir and file signature: new ETL output is picked up by itself.
    Only the short columns are read here; titles, evidence etc. on first use (shared too)."""
    return data.load_dataset(Path(data_dir))


def search_texts(ds: data.Dataset) -> Callable[[Any], Any]:
    """Titles and evidence for the rows a text search looks at."""
    return lambda part: ds.with_text(part, ["title", "evidence"])


def clear_caches() -> None:
    load.clear()


# --------------------------------------------------------------------------- state <-> widgets
def _date_default(ds: data.Dataset) -> tuple[dt.date, dt.date]:
    b = ds.date_bounds
    return b if b else (dt.date.today(), dt.date.today())


def put_filters(f: Filters, ds: data.Dataset) -> None:
    """Set every filter widget's state from ``f`` (first run, URL, or "clear")."""
    ss = st.session_state
    d0, d1 = _date_default(ds)
    ss[W["countries"]] = list(f.countries)
    ss[W["a"]] = f.pair_a
    ss[W["b"]] = f.pair_b
    ss[W["dir"]] = f.directed
    ss[W["types"]] = list(f.event_types)
    ss[W["status"]] = list(f.statuses)
    ss[W["dates"]] = (f.date_from or d0, f.date_to or d1)
    ss[W["from"]] = f.date_from.isoformat() if f.date_from else ""
    ss[W["to"]] = f.date_to.isoformat() if f.date_to else ""
    ss[W["lang"]] = list(f.languages)
    ss[W["src"]] = list(f.sources)
    ss[W["min"]] = int(f.min_sources)
    ss[W["q"]] = f.text
    ss[W["conf"]] = float(f.min_confidence)


def get_filters(ds: data.Dataset) -> Filters:
    ss = st.session_state
    d0, d1 = _date_default(ds)
    dates = ss.get(W["dates"]) or ()
    if isinstance(dates, dt.date):
        dates = (dates,)
    dates = tuple(dates)
    date_from = dates[0] if len(dates) >= 1 and dates[0] != d0 else None
    date_to = dates[1] if len(dates) >= 2 and dates[1] != d1 else None
    return Filters(
        countries=tuple(ss.get(W["countries"]) or ()),
        pair_a=ss.get(W["a"]) or None,
        pair_b=ss.get(W["b"]) or None,
        directed=bool(ss.get(W["dir"])),
        event_types=tuple(ss.get(W["types"]) or ()),
        statuses=tuple(ss.get(W["status"]) or ()),
        date_from=date_from,
        date_to=date_to,
        languages=tuple(ss.get(W["lang"]) or ()),
        sources=tuple(ss.get(W["src"]) or ()),
        min_sources=int(ss.get(W["min"]) or 0),
        text=str(ss.get(W["q"]) or ""),
        min_confidence=confidence.snap(float(ss.get(W["conf"], CONF.value))),
    )


def follow_date_bounds(d0: dt.date, d1: dt.date) -> None:
    """When new data moves the date bounds, a range end that sat on the old bound (i.e. no
    limit on that side) moves with it, so new events are not silently cut off."""
    ss = st.session_state
    old = ss.get("_date_bounds")
    ss["_date_bounds"] = (d0, d1)
    if not old or old == (d0, d1):
        return
    picked = tuple(ss.get(W["dates"]) or ())
    if len(picked) == 2:
        a, b = picked
        ss[W["dates"]] = (d0 if a == old[0] else a, d1 if b == old[1] else b)
        calendar_changed()


def calendar_changed() -> None:
    """The calendar's range -> the typed fields (empty where the range is open)."""
    ss = st.session_state
    d0, d1 = ss.get("_date_bounds") or (None, None)
    picked = tuple(ss.get(W["dates"]) or ())
    ss[W["from"]] = picked[0].isoformat() if len(picked) >= 1 and picked[0] != d0 else ""
    ss[W["to"]] = picked[1].isoformat() if len(picked) >= 2 and picked[1] != d1 else ""
    ss["_typed_error"] = ""


def typed_dates_changed() -> None:
    """A typed date (YYYY, YYYY-MM or YYYY-MM-DD) -> the calendar's range, which the filter
    reads; it applies on Enter or on leaving the field, with the calendar closed or open."""
    ss = st.session_state
    d0, d1 = ss.get("_date_bounds") or (FAR_PAST, FAR_FUTURE)
    ok_a, a = state.parse_typed_date(ss.get(W["from"]))
    ok_b, b = state.parse_typed_date(ss.get(W["to"]), end=True)
    bad = [t for ok, t in ((ok_a, ss.get(W["from"])), (ok_b, ss.get(W["to"]))) if not ok]
    ss["_typed_error"] = f"Not a date: {', '.join(repr(t) for t in bad)} (type YYYY-MM-DD, YYYY-MM or YYYY)." if bad else ""
    if bad:
        return
    a, b = a or d0, b or d1
    ss[W["dates"]] = (min(a, b), max(a, b))


def in_data(ds: data.Dataset, code: str) -> bool:
    """Whether either actor column holds ``code`` (no names looked up: cheap at start-up)."""
    return any(code in set(ds.events[c].astype("category").cat.categories) for c in ("actor1", "actor2"))


def clear_filters(ds: data.Dataset) -> None:
    put_filters(default_filters(), ds)
    st.session_state[SEL] = None


def sync_url(f: Filters) -> None:
    """Write the filters (and the open event) to the URL, touching only our keys."""
    want = state.filters_to_params(f, default_conf=CONF.value)
    sel = st.session_state.get(SEL)
    if sel:
        want[state.EVENT_KEY] = sel
    current = state.read_query_params(st.query_params)
    if not state.params_differ(current, want):
        return
    for k in (*state.KEYS, state.EVENT_KEY):
        if k in current and k not in want:
            del st.query_params[k]
    for k, v in want.items():
        if current.get(k) != ([v] if isinstance(v, str) else list(v)):
            st.query_params[k] = v


# --------------------------------------------------------------------------- sidebar
def current_filters(ds: data.Dataset) -> Filters:
    """The filters of this run, from the URL on a session's first run, else from the
    widgets' state. Read before the widgets are drawn: the sidebar comes after the
    timeline, so that the chart reaches the browser first."""
    ss = st.session_state
    if not ss.get("_url_loaded"):
        params = state.read_query_params(st.query_params)
        known = lambda c: in_data(ds, c) or is_known(c)  # noqa: E731
        put_filters(state.params_to_filters(params, known=known, default_conf=CONF.value), ds)
        ss[SEL] = state.event_from_params(params)
        ss["_url_loaded"] = True
    d0, d1 = _date_default(ds)
    follow_date_bounds(d0, d1)
    return get_filters(ds)


def sidebar(ds: data.Dataset) -> None:
    ss = st.session_state
    d0, d1 = _date_default(ds)
    picked = ss.get(W["dates"]) or (d0, d1)
    lo = min([d0, *[d for d in picked if isinstance(d, dt.date)]])
    hi = max([d1, *[d for d in picked if isinstance(d, dt.date)]])
    codes = ds.countries
    with st.sidebar:
        st.header("Filters")
        confidence_slider()
        st.multiselect(
            "Countries (either side)",
            with_selected(codes, ss.get(W["countries"]) or []),
            key=W["countries"],
            format_func=country_label,
            placeholder="Any — type a name",
            help="An event matches when one of its two parties is any of these.",
        )
        st.caption("Country pair")
        c1 = c2 = st.container()
        pair_opts_a = with_selected([None, *codes], [x for x in [ss.get(W["a"])] if x])  # type: ignore[list-item]
        pair_opts_b = with_selected([None, *codes], [x for x in [ss.get(W["b"])] if x])  # type: ignore[list-item]
        c1.selectbox(
            "Country A", pair_opts_a, key=W["a"], placeholder="any",
            format_func=lambda c: "any" if c is None else country_label(c),
        )  # fmt: skip
        c2.selectbox(
            "Country B", pair_opts_b, key=W["b"], placeholder="any",
            format_func=lambda c: "any" if c is None else country_label(c),
        )  # fmt: skip
        st.toggle(
            "Direction: A → B only",
            key=W["dir"],
            help="Off: A and B in either role. On: A is the first party, e.g. A visits B.",
        )
        st.multiselect("Event type", list(EVENT_TYPES), key=W["types"], placeholder="Any type")
        st.multiselect("Status", list(STATUSES), key=W["status"], placeholder="Occurred and planned")
        st.date_input(
            "Date range",
            key=W["dates"],
            min_value=min(lo, FAR_PAST),
            max_value=max(hi, FAR_FUTURE),
            format="YYYY-MM-DD",
            on_change=calendar_changed,
            help="Events whose day, month or year overlaps the range. Undated events are left out "
            "once a range is set. Dates typed here apply when the calendar closes; the fields below "
            "apply on Enter.",
        )
        c_from, c_to = st.columns(2)
        c_from.text_input("From (typed)", key=W["from"], placeholder="YYYY-MM-DD", max_chars=10,
                          on_change=typed_dates_changed, help="YYYY-MM-DD, YYYY-MM or YYYY; Enter applies it")  # fmt: skip
        c_to.text_input("To (typed)", key=W["to"], placeholder="YYYY-MM-DD", max_chars=10,
                        on_change=typed_dates_changed, help="YYYY-MM-DD, YYYY-MM or YYYY; Enter applies it")  # fmt: skip
        if ss.get("_typed_error"):
            st.caption(ss["_typed_error"])
        st.multiselect(
            "Language", with_selected(ds.languages, ss.get(W["lang"]) or []), key=W["lang"], placeholder="Any"
        )
        st.multiselect(
            "Source / outlet", with_selected(ds.sources, ss.get(W["src"]) or []), key=W["src"], placeholder="Any"
        )
        st.number_input("Minimum number of sources", min_value=0, max_value=state.MAX_MIN_SOURCES, step=1, key=W["min"])
        st.text_input(
            "Search titles and evidence",
            key=W["q"],
            max_chars=state.MAX_TEXT,
            placeholder="plain text, any case",
        )
        st.button("Clear filters", key="clear_sidebar", on_click=clear_filters, args=(ds,))


def confidence_slider() -> None:
    st.slider(
        "Minimum confidence", min_value=0.0, max_value=1.0, step=confidence.STEP, key=W["conf"], format="%.2f",
        help=confidence.help_text(CONF),
    )  # fmt: skip
    st.caption(confidence.default_caption(CONF))


# --------------------------------------------------------------------------- selection
def pick(source: str, ids: list[str]) -> None:
    """Open the first of ``ids`` when the selection of ``source`` (chart or table) changed
    since the last run: the most recent click wins, a stale selection does not."""
    ss = st.session_state
    prev = ss.get(f"_prev_{source}")
    if ids != prev:
        ss[f"_prev_{source}"] = ids
        if ids:
            ss[SEL] = ids[0]
            ss["_many"] = len(ids) if source == "chart" else 0


def rows_selected(event: Any) -> list[int]:
    try:
        return [int(r) for r in event["selection"]["rows"]]
    except Exception:
        return []


# --------------------------------------------------------------------------- sections
def event_table(ds: data.Dataset, filtered: Any, f: Filters) -> None:
    st.subheader("Events")
    n = len(filtered)
    c1, c2, c3 = st.columns([2, 1, 3])
    how = c1.selectbox("Sort", list(tables.SORTS), key="sort")
    pages = tables.page_count(n)
    if not 1 <= int(st.session_state.get("page") or 1) <= pages:  # fewer pages after a filter
        st.session_state["page"] = 1
    number = c2.number_input("Page", min_value=1, max_value=pages, step=1, key="page") if pages > 1 else 1
    rows = tables.page_rows(ds.events, filtered, how, number, cache=ds.memo)
    shown = tables.table_frame(ds.with_text(rows))
    if pages > 1:
        c3.caption(
            f"Rows {(number - 1) * tables.PAGE_SIZE + 1:,}–{(number - 1) * tables.PAGE_SIZE + len(shown):,} "
            f"of {n:,}. The downloads hold all {n:,} rows."
        )
    event = st.dataframe(
        shown,
        key="table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn("link", help="Only http(s) addresses are clickable"),
            "evidence": st.column_config.TextColumn("evidence", width="large"),
            "title": st.column_config.TextColumn("title", width="medium"),
            "n_sources": st.column_config.NumberColumn("sources", format="%d"),
            "confidence": st.column_config.NumberColumn("confidence", format="%.2f"),
        },
    )
    ids = shown["event_id"].tolist()
    pick("table", [ids[r] for r in rows_selected(event) if 0 <= r < len(ids)])
    downloads(ds, tables.sorted_rows(ds.events, filtered, how, cache=ds.memo), f)


def downloads(ds: data.Dataset, filtered: Any, f: Filters) -> None:
    """Every column of the schema for every filtered row (the texts read when clicked)."""
    c1, c2, c3, c4 = st.columns([1, 1, 1, 3])
    c1.download_button(
        "⬇ CSV", data=lambda: export.to_csv_bytes(ds.with_text(filtered)), file_name=export.export_filename(f, "csv"),
        mime=export.MIME["csv"], key="dl_csv", on_click="ignore",
    )  # fmt: skip
    too_big = len(filtered) > export.XLSX_MAX_ROWS
    c2.download_button(
        "⬇ Excel", data=lambda: export.to_xlsx_bytes(ds.with_text(filtered)), file_name=export.export_filename(f, "xlsx"),
        mime=export.MIME["xlsx"], key="dl_xlsx", on_click="ignore", disabled=too_big,
        help="More rows than a sheet holds: use CSV or Parquet" if too_big else None,
    )  # fmt: skip
    c3.download_button(
        "⬇ Parquet", data=lambda: export.to_parquet_bytes(ds.with_text(filtered)),
        file_name=export.export_filename(f, "parquet"), mime=export.MIME["parquet"], key="dl_parquet",
        on_click="ignore",
    )  # fmt: skip
    c4.caption(
        "Downloads hold exactly the filtered rows, in the table's order. In CSV and Excel a cell starting with = + - @ "
        "gets a leading ' so spreadsheets do not run it; Parquet keeps values as they are."
    )


def event_detail(ds: data.Dataset, min_confidence: float = 0.0) -> None:
    sel = st.session_state.get(SEL)
    if not sel:
        st.caption("Click a point on the timeline or a row of the table to see every article that reports it.")
        return
    ev = ds.with_text(ds.events[(ds.events["event_id"] == sel).to_numpy()])
    st.subheader("Event detail")
    if len(ev) == 0:
        st.warning("The event of this link is not in the data.")
        st.text(f"event id: {sel}")
        return
    if st.session_state.get("_many", 0) > 1:
        st.caption(f"{st.session_state['_many']} points selected on the timeline; showing the first.")
    r = ev.iloc[0]
    label = figures.date_label(ev).iloc[0]
    with st.container(border=True):
        st.text(
            f"{country_name(r['actor1'])} → {country_name(r['actor2'])}   ·   {r['event_type']} ({r['status']})"
            f"   ·   {label}   ·   {int(r['n_sources'])} source(s)   ·   confidence {float(r['confidence']):.2f}"
        )
        st.text(f"Title: {r['title'] if isinstance(r['title'], str) else ''}")
        st.text(f"Evidence: {r['evidence'] if isinstance(r['evidence'], str) else ''}")
        if isinstance(r["date_text"], str) and r["date_text"]:
            st.text(f"Date as written: {r['date_text']}")
        st.text(tables.joined(f"Outlet: {r['source']}" if tables.has_text(r["source"]) else "", f"event id: {r['event_id']}"))
        link = tables.safe_link(r["url"])
        if link:
            st.link_button("Open the first article", link)
    if min_confidence > 0 and not filters.confidence_mask(ev, min_confidence)[0]:
        st.caption(f"Below the minimum confidence ({confidence.fmt(min_confidence)}): not in the table or on the timeline.")
    mentions = tables.mentions_frame(data.load_mentions(ds.data_dir, sel))
    st.caption(f"{len(mentions)} mention(s); the trigger word is marked «like this».")
    for m in mentions.head(30).itertuples(index=False):
        with st.container(border=True):
            st.text(tables.joined(m.published, m.source, m.title, tables.confidence_label(m.confidence), sep=" · "))
            st.text(m.sentence)
    if len(mentions):
        st.caption("The same mentions as a table, with links to the articles")
        st.dataframe(
            mentions, hide_index=True, width="stretch",
            column_config={"link": st.column_config.LinkColumn("link"),
                           "confidence": st.column_config.NumberColumn("confidence", format="%.2f"),
                           "sentence": st.column_config.TextColumn("sentence", width="large")},
        )  # fmt: skip


def timeline_tab(
    ds: data.Dataset, filtered: Any, f: Filters, note: str = "", after_chart: Callable[[], None] = lambda: None
) -> None:
    """``note``: what the confidence threshold hides ('' when nothing)."""
    n, total = len(filtered), len(ds.events)
    st.caption(f"{n:,} of {total:,} events match the filters" + (f"; {note}." if note else "."))
    if n == 0:
        empty_state(note)
        st.button("Clear filters", key="clear_empty", on_click=clear_filters, args=(ds,))
        return
    view = st.session_state.get("tl_view") or "focus"
    tl = figures.timeline_figure(filtered, texts=lambda d: ds.with_text(d, ["title"]), view=view)
    for msg in tl.notes:
        st.info(msg)
    if tl.focus is not None and tl.span is not None:
        spans = {"focus": tl.focus, "all": tl.span}
        st.radio(
            "Time span", list(spans), key="tl_view", horizontal=True, label_visibility="collapsed",
            format_func=lambda v: ("Most events: " if v == "focus" else "All dates: ") + figures.span_label(*spans[v]),
        )  # fmt: skip
    if tl.n_dated:
        chart = st.plotly_chart(
            tl.figure, key="timeline", on_select="rerun", selection_mode=("points", "box", "lasso"),
            config={"displaylogo": False, "scrollZoom": True}, width="stretch",
        )  # fmt: skip
        after_chart()
        pick("chart", figures.selected_event_ids(tl, chart))
        st.caption(
            "Colour: event type · ● occurred ◆ planned · size: number of sources · open marker with a bar: "
            "date known only to the month or year (the bar spans it). Drag to zoom, use the slider below "
            "the chart to pan, click a point for its detail."
        )
    if tl.n_undated:
        undated_box = st.expander(
            f"{tl.n_undated:,} event(s) without a date: not on the timeline", key="undated", on_change="rerun"
        )
        if undated_box.open:  # filled only when opened
            with undated_box:
                und = figures.undated(filtered)
                st.dataframe(tables.table_frame(ds.with_text(und.head(tables.PAGE_SIZE))), hide_index=True, width="stretch",
                             column_config={"link": st.column_config.LinkColumn("link")})  # fmt: skip
    event_table(ds, filtered, f)
    event_detail(ds, f.min_confidence)


def empty_state(note: str) -> None:
    if note:
        st.info(f"No event matches these filters; {note}: lower \"Minimum confidence\" to see them.")
    else:
        st.info("No event matches these filters.")


def overview_tab(filtered: Any, note: str = "") -> None:
    if len(filtered) == 0:
        empty_state(note)
        return
    if note:
        st.caption(f"{len(filtered):,} events counted here; {note}.")
    freq_label = st.radio("Counts per", ["month", "week"], horizontal=True, key="ov_freq")
    freq = "W" if freq_label == "week" else "M"
    counts, left_out = figures.counts_over_time(filtered, freq)
    st.subheader("Events over time, by type")
    st.plotly_chart(figures.counts_figure(counts, freq), key="ov_counts", width="stretch")
    if left_out:
        st.caption(f"{left_out:,} event(s) dated only to a {'month or year' if freq == 'W' else 'year'} are not counted here.")
    c1, c2 = st.columns(2)
    with c1:
        st.subheader("Top country pairs")
        st.plotly_chart(figures.top_pairs_figure(figures.top_pairs(filtered, 15)), key="ov_pairs", width="stretch")
    with c2:
        st.subheader("Pair matrix")
        mat = figures.pair_matrix(filtered, 15)
        if len(mat):
            st.plotly_chart(figures.pair_matrix_figure(mat), key="ov_matrix", width="stretch")
    st.subheader("Events per country")
    cc = figures.country_counts(filtered)
    st.plotly_chart(figures.world_map_figure(cc), key="ov_map", width="stretch", config=figures.MAP_CONFIG)
    orgs = cc[cc["is_org"]]
    if len(orgs):
        st.caption("Organisations (not on the map)")
        st.dataframe(orgs[["name", "iso3", "count"]], hide_index=True)


def upload_section(data_dir: Path) -> None:
    st.subheader("Add articles")
    inbox = upload.inbox_dir(data_dir)
    st.caption(
        "The files are kept in the inbox folder below and merged into the tables in the data folder. "
        "`make etl` and `make run` read the inbox again with seeds/, so nothing added here is lost; a "
        "file already in the inbox is recognised and not added twice. To remove an article, delete "
        "its file there and run `make etl`."
    )
    st.code(str(inbox.resolve()), language=None)
    files = st.file_uploader(
        "Article files",
        type=list(upload.ALLOWED_TYPES),
        accept_multiple_files=True,
        key="uploads",
        max_upload_size=upload.MAX_FILE_MB,
    )
    with st.expander("Column names for CSV / TSV / JSON files (optional)"):
        cols = {
            k: st.text_input(k, key=f"col_{k}", placeholder="auto")
            for k in ("text", "title", "url", "source", "published", "language", "id")
        }
    if st.button("Add to the timeline", key="run_upload", disabled=not files, type="primary"):
        items = [upload.Upload(f.name, f.getvalue()) for f in files or []]
        errors = upload.check_uploads([(u.name, u.size) for u in items])
        if errors:
            st.error("These files cannot be added:")
            st.text("\n".join(errors))
        else:
            add_uploads(items, data_dir, upload.column_mapping(cols))
    show_last_import()


def add_uploads(items: list[upload.Upload], data_dir: Path, columns: dict[str, str] | None) -> None:
    """Keep the new files in the inbox and run the ETL on them; duplicates are only reported."""
    inbox = upload.inbox_dir(data_dir)
    plan = upload.plan_uploads(items, upload.known_hashes(inbox))
    if not plan.new:
        st.session_state["_last_import"] = upload.ImportResult(files_duplicate=list(plan.duplicates))
        return
    saved = upload.save_uploads(plan.new, inbox)
    run_etl(list(saved), data_dir, append=True, columns=columns, names=saved, duplicates=plan.duplicates)


def run_etl(paths: list[Path], data_dir: Path, *, append: bool, columns: dict[str, str] | None = None,
            names: dict[Path, str] | None = None, duplicates: tuple[tuple[str, str], ...] = ()) -> None:  # fmt: skip
    bar = st.progress(0.0, text="Starting the ETL…")

    def progress(done: int, total: int) -> None:
        with contextlib.suppress(Exception):  # e.g. called from a thread without a script context
            bar.progress(min(1.0, done / max(total, 1)), text=f"{done} of {total}")

    try:
        res = upload.run_import(paths, data_dir, append=append, progress=progress, columns=columns, names=names)
    except ImportError as exc:
        st.error("The ETL is not installed here (etl.pipeline could not be imported).")
        st.text(str(exc))
        return
    except Exception as exc:
        st.error("The ETL stopped with an error. Files added are kept in the inbox; `make etl` reads them again.")
        st.text(f"{type(exc).__name__}: {exc}")
        return
    bar.progress(1.0, text="Done")
    res.files_duplicate = list(duplicates)
    clear_caches()
    st.session_state["_last_import"] = res
    st.rerun()


def show_last_import() -> None:
    res = st.session_state.get("_last_import")
    if res is None:
        return
    if res.articles_failed:
        st.warning(res.summary())
    elif res.articles_new == 0:
        st.info(res.summary())
    else:
        st.success(res.summary())
    if res.files_duplicate:
        st.caption("Files already in the inbox (same content), not added again")
        dup = pd.DataFrame(res.files_duplicate, columns=["file", "same content as"])
        st.dataframe(dup, hide_index=True, width="stretch")
    if len(res.failed):
        st.caption("Articles that could not be read, and why")
        st.dataframe(res.failed, hide_index=True, width="stretch")


def first_run(data_dir: Path, ds: data.Dataset | None) -> None:
    if ds is None:
        st.info("No data yet: the events table was not found in the data folder below.")
    else:
        st.info("The events table in the data folder below is empty.")
    st.code(str(data_dir.resolve()), language=None)
    st.markdown("Run the ETL on the seed articles (or on your own files), then reload this page:")
    st.code("make etl\n# or\npython -m etl run seeds/ --out " + str(data_dir), language="bash")
    if st.button("Run the ETL on seeds/ now", key="run_seeds", type="primary"):
        inputs = upload.default_inputs(data_dir)
        if not upload.seed_inputs():
            st.error("The seeds/ folder is missing or empty.")
        else:
            run_etl(inputs, data_dir, append=False)
    st.divider()
    upload_section(data_dir)


# --------------------------------------------------------------------------- page
def main(warm: Any) -> None:
    lap = _timer()
    data_dir = data.resolve_data_dir(sys.argv[1:])
    st.title("Diplomatic events")
    signature = data.data_signature(data_dir)
    ds = load(str(data_dir), signature) if signature else None
    lap("load")
    if ds is None or ds.empty:
        warm.empty()
        first_run(data_dir, ds)
        return
    f = current_filters(ds)
    filtered, hidden = apply_with_hidden(ds.events, f, texts=search_texts(ds))
    note = confidence.hidden_note(hidden, f.min_confidence)
    lap("filter")
    drawn: list[bool] = []

    def after_chart() -> None:
        """Once the timeline is sent (or at the end): the warm-up goes, the sidebar comes."""
        if not drawn:
            drawn.append(True)
            warm.empty()
            sidebar(ds)

    t_timeline, t_overview, t_upload = st.tabs(TABS, key="tab", bind="query-params")
    try:
        if t_timeline.open is not False:
            with t_timeline:
                timeline_tab(ds, filtered, f, note, after_chart)
            lap("timeline tab")
        if t_overview.open is not False:
            with t_overview:
                overview_tab(filtered, note)
            lap("overview tab")
        if t_upload.open is not False:
            with t_upload:
                upload_section(data_dir)
    finally:  # the filter widgets exist in every run, whatever stopped it (or their state goes)
        after_chart()
    sync_url(f)  # last: the filters and the event opened in this run
    lap("total", total=True)


def _timer() -> Callable[..., None]:
    """With env DASHBOARD_TIMINGS=1, print how long each part of a run took (stderr)."""
    t0 = t = time.perf_counter()

    def lap(name: str, total: bool = False) -> None:
        nonlocal t
        now = time.perf_counter()
        if os.environ.get("DASHBOARD_TIMINGS"):
            print(f"[dashboard] {name}: {1000 * ((now - t0) if total else (now - t)):.0f} ms", file=sys.stderr)
        t = now

    return lap


main(WARM)
