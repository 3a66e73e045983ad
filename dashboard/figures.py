"""Aggregations and Plotly figures (pure: a DataFrame in, numbers or a figure out)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from etl.schema import EVENT_TYPES, ORG_CODES, STATUSES

from .countries import country_name

TYPE_COLORS = {"visit": "#1f77b4", "meeting": "#2ca02c", "agreement": "#d62728", "call": "#ff7f0e"}
OTHER_COLOR = "#7f7f7f"
STATUS_SYMBOLS = {"occurred": "circle", "planned": "diamond"}
MAX_POINTS = 20_000  # above this the timeline draws monthly counts instead of events
MAX_DYADS = 40  # pairs on the y axis at most (the busiest ones)
SVG_POINTS = 1_500  # above this the timeline uses WebGL (scattergl)
WORLD_GEOJSON = Path(__file__).with_name("world_110m.geojson")


# --------------------------------------------------------------------------- helpers
TYPE_NUDGE = {
    "visit": np.timedelta64(-9, "h"),
    "meeting": np.timedelta64(-3, "h"),
    "agreement": np.timedelta64(3, "h"),
    "call": np.timedelta64(9, "h"),
}
SAME_SPOT_SPREAD_H = 5.0  # several events of one type, pair and day: spread over 5 h of their 6 h slot
FOCUS_SHARE = 0.8  # the default view holds at least this share of the dated events ...
FOCUS_MAX_FRACTION = 0.5  # ... when that takes at most half of the full span (else: everything)
FEW_DAYS = np.timedelta64(60, "D")
FOCUS_SAMPLE = 50_000  # dates looked at to find the focus (every k-th of more)  # a span shorter than this is shown inside two months


def nudges(dyad: np.ndarray, mid: np.ndarray, etype: np.ndarray) -> np.ndarray:
    """Offsets (timedelta64[ns]) that keep events of one pair and day apart on the timeline:
    a few hours by type, and events of the same type spread evenly inside their type's
    slot (hover shows the real date). Pure."""
    if len(etype) == 0:
        return np.zeros(0, dtype="timedelta64[ns]")
    frame = pd.DataFrame({"d": dyad, "m": mid, "t": etype})
    base = frame["t"].map({t: v / np.timedelta64(1, "h") for t, v in TYPE_NUDGE.items()}).fillna(0.0)
    g = frame.groupby(["d", "m", "t"], sort=False, dropna=False)
    k = g.cumcount().to_numpy()
    n = g["d"].transform("size").to_numpy()
    frac = np.where(n > 1, k / np.maximum(n - 1, 1) - 0.5, 0.0)  # -0.5 .. 0.5
    hours = base.to_numpy(dtype=float) + frac * SAME_SPOT_SPREAD_H
    return np.round(hours * 3_600e9).astype("int64").astype("timedelta64[ns]")


def focus_range(dates: np.ndarray, share: float = FOCUS_SHARE) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The shortest span holding ``share`` of the dated events (the latest such span), widened
    by the events close to its ends, padded; None when that is not much narrower than all of
    them (nothing to focus on). Pure."""
    x = np.asarray(dates, dtype="datetime64[ns]")
    x = np.sort(x[:: max(1, len(x) // FOCUS_SAMPLE)])  # a fixed stride: the same answer, cheap at 1M
    x = x[~np.isnat(x)]
    n = len(x)
    k = int(np.ceil(share * n))
    if n < 3 or k >= n or x[-1] - x[0] < FEW_DAYS:
        return None
    widths = x[k - 1 :] - x[: n - k + 1]
    i = len(widths) - 1 - int(np.argmin(widths[::-1]))  # the latest of equally short spans
    j = i + k - 1
    # then take in neighbours closer than a tenth of the span, widening it by a quarter at most
    step, first, last = (x[j] - x[i]) / 10, x[i] - (x[j] - x[i]) / 4, x[j] + (x[j] - x[i]) / 4
    while i > 0 and x[i] - x[i - 1] <= step and x[i - 1] >= first:
        i -= 1
    while j < n - 1 and x[j + 1] - x[j] <= step and x[j + 1] <= last:
        j += 1
    lo, hi = x[i], x[j]
    if hi - lo > FOCUS_MAX_FRACTION * (x[-1] - x[0]):
        return None
    return _padded(lo, hi)


def span_label(lo: pd.Timestamp, hi: pd.Timestamp) -> str:
    """'2023–2026', or 'Mar 2025 – Jun 2025' for a span within a few years."""
    if hi.year - lo.year >= 3:
        return f"{lo.year}–{hi.year}"
    return f"{lo:%b %Y}" if (lo.year, lo.month) == (hi.year, hi.month) else f"{lo:%b %Y} – {hi:%b %Y}"


def _padded(lo: np.datetime64, hi: np.datetime64) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A few percent either side; a span of a few days is shown inside two months."""
    if hi - lo < FEW_DAYS:
        mid = lo + (hi - lo) / 2
        return pd.Timestamp(mid - FEW_DAYS / 2), pd.Timestamp(mid + FEW_DAYS / 2)
    pad = max((hi - lo) / 20, np.timedelta64(15, "D"))
    return pd.Timestamp(lo - pad), pd.Timestamp(hi + pad)


def _esc(s: pd.Series, limit: int = 160) -> pd.Series:
    """Plain text for Plotly labels: Plotly reads a subset of HTML in hover text, so
    article strings are entity-escaped (shown literally) and shortened."""
    s = s.astype(object).where(s.notna(), "").astype(str)
    s = s.where(s.str.len() <= limit, s.str.slice(0, limit - 1) + "…")
    return s.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False).str.replace(
        ">", "&gt;", regex=False
    )


def names_of(s: pd.Series) -> pd.Series:
    """Country names for a code column (computed once per distinct code)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.rename_categories(lambda c: f"{country_name(c)}\x00{c}").astype(str).str.split(
            "\x00"
        ).str[0]
    return s.astype(object).map(lambda c: country_name(c) if isinstance(c, str) else "")


def date_label(df: pd.DataFrame) -> pd.Series:
    """'2025-03-14 (day)', '2025-03 (month)', '2025 (year)', 'no date'."""
    prec = df["_prec"].astype(str)
    d = df["event_date"].astype(object).where(df["event_date"].notna(), "").astype(str)
    lab = d + " (" + prec + ")"
    return lab.where(prec != "none", "no date")


def marker_size(n_sources: pd.Series | np.ndarray) -> np.ndarray:
    """Marker diameter in px growing with the number of sources (1 -> 9 px, 12 -> ~21 px)."""
    n = np.clip(np.asarray(n_sources, dtype=float), 1, 50)
    return np.round(5 + 4 * np.sqrt(n), 1)


@dataclass
class TimelineResult:
    figure: go.Figure
    mode: str  # points | aggregated | empty
    n_events: int  # events given to the function
    n_dated: int
    n_undated: int
    n_plotted: int  # events drawn (in aggregated mode: counted into the drawn buckets)
    n_dyads: int
    n_dyads_shown: int
    notes: list[str] = field(default_factory=list)
    event_ids: list[list[str]] = field(default_factory=list)  # per trace, per point
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None  # first and last date drawn
    focus: tuple[pd.Timestamp, pd.Timestamp] | None = None  # where most events are (None: all)


def top_dyads(df: pd.DataFrame, k: int | None = None) -> list[str]:
    """Pairs by number of events, busiest first (all of them when ``k`` is None)."""
    vc = df["dyad"].value_counts(sort=True)
    vc = vc[vc > 0]
    idx = vc.index if k is None else vc.index[:k]
    return [str(x) for x in idx]


def undated(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["_start"].isna().to_numpy()]


def _base_layout(fig: go.Figure, dyads: list[str], height: int | None) -> None:
    h = height or int(min(1100, max(360, 170 + 26 * len(dyads))))
    fig.update_layout(
        height=h,
        margin=dict(l=10, r=10, t=30, b=10),
        hovermode="closest",
        dragmode="zoom",
        # above the plot, from the left; it wraps on narrow screens and pushes the plot down
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        clickmode="event+select",
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(reversed(dyads)),  # busiest pair on top
        title=None,
        automargin=True,
    )
    fig.update_xaxes(
        type="date",
        title=None,
        rangeslider=dict(visible=True, thickness=0.06),
    )


def codes_of(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(integer codes, labels) of a column; -1 for missing. Free for categoricals."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), np.asarray(s.cat.categories.astype(str))
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return codes, np.asarray(pd.Index(uniques).astype(str))


def timeline_figure(
    df: pd.DataFrame,
    *,
    max_points: int = MAX_POINTS,
    max_dyads: int = MAX_DYADS,
    height: int | None = None,
    texts: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    view: str = "focus",
) -> TimelineResult:
    """Scatter timeline: date on x, dyad on y, colour = type, symbol = status,
    size = number of sources; month/year dates as open markers with a bar over the
    month/year. Undated events are not drawn (counted in ``n_undated``). Above
    ``max_points`` events, monthly counts per pair and type are drawn instead.
    ``texts`` adds the ``title`` column (hover) to the rows drawn when ``df`` lacks it.
    ``view``: ``focus`` opens on the span where most events are (``focus_range``; the range
    slider still shows all), ``all`` on every date."""
    n = len(df)
    start = df["_start"].to_numpy()
    keep = ~np.isnat(start)
    n_dated = int(keep.sum())
    notes: list[str] = []
    fig = go.Figure()
    if n_dated == 0:
        _base_layout(fig, [], height)
        return TimelineResult(fig, "empty", n, 0, n - n_dated, 0, 0, 0, notes)

    dcodes, dlabels = codes_of(df["dyad"])
    valid = keep & (dcodes >= 0)
    per_dyad = np.bincount(dcodes[valid], minlength=len(dlabels))
    order = np.argsort(-per_dyad, kind="stable")
    order = order[per_dyad[order] > 0]
    n_dyads_all = len(order)
    top = order[:max_dyads]
    dyads = [str(dlabels[i]) for i in top]
    if n_dyads_all > max_dyads:
        wanted = np.zeros(len(dlabels), dtype=bool)
        wanted[top] = True
        keep = valid & wanted[np.where(dcodes >= 0, dcodes, 0)]
        notes.append(
            f"Showing the {max_dyads} busiest of {n_dyads_all:,} country pairs; "
            "filter by country or pair to see the others."
        )
    n_kept = int(keep.sum())
    if n_kept > max_points:
        pcodes, plabels = codes_of(df["_prec"])
        yearly = np.isin(pcodes, np.flatnonzero(plabels == "year"))
        n_year = int((keep & yearly).sum())
        keep = keep & ~yearly  # a year-only date has no month: not put in January
        event_ids: list[list[str]] = _aggregated(fig, df, keep, dcodes, dlabels)
        notes.append(
            f"{n_kept:,} events are too many to draw one by one: the timeline shows monthly counts "
            "per pair instead (hover a cell for the split by type). Narrow the filters to see events."
            + (f" {n_year:,} events dated only to a year are not in these monthly counts." if n_year else "")
        )
        n_kept -= n_year
        mode = "aggregated"
    else:
        d = df[keep] if n_kept < n else df
        if "title" not in d.columns and texts is not None:
            d = texts(d)
        event_ids = _points(fig, d)
        mode = "points"
    _base_layout(fig, dyads, height)
    lo, hi = start[keep].min(), start[keep].max()
    focus = focus_range(df["_mid"].to_numpy()[keep])
    if view == "focus" and focus is not None:
        fig.update_xaxes(range=list(focus))
    elif hi - lo < FEW_DAYS:
        fig.update_xaxes(range=list(_padded(lo, hi)))
    return TimelineResult(
        fig, mode, n, n_dated, n - n_dated, n_kept, n_dyads_all, len(dyads), notes, event_ids,
        span=(pd.Timestamp(lo), pd.Timestamp(hi)), focus=focus,
    )  # fmt: skip


def _points(fig: go.Figure, d: pd.DataFrame) -> list[list[str]]:
    big = len(d) > SVG_POINTS
    Trace = go.Scattergl if big else go.Scatter
    etype = d["event_type"].astype(str).to_numpy()
    status = d["status"].astype(str).to_numpy()
    exact = (d["_prec"].astype(str) == "day").to_numpy()
    types = [t for t in EVENT_TYPES if (etype == t).any()] + sorted(
        set(np.unique(etype)) - set(EVENT_TYPES)
    )
    statuses = [s for s in STATUSES if (status == s).any()] + sorted(set(np.unique(status)) - set(STATUSES))
    # hover text, built once for the rows drawn
    custom = pd.DataFrame(
        {
            "id": d["event_id"].astype(str).to_numpy(),
            "date": date_label(d).to_numpy(),
            "actors": (names_of(d["actor1"]) + " → " + names_of(d["actor2"])).to_numpy(),
            "type": etype,
            "title": _esc(d["title"] if "title" in d.columns else pd.Series("", index=d.index)).to_numpy(),
            "source": _esc(d["source"], 60).to_numpy(),
            "status": status,
            "n": d["n_sources"].astype(int).to_numpy(),
        }
    )
    hover = (
        "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]} · %{customdata[6]}"
        "<br>%{customdata[4]}<br>%{customdata[5]} · %{customdata[7]} source(s)<extra></extra>"
    )
    mid = d["_mid"].to_numpy()
    start_ = d["_start"].to_numpy()
    end_ = (d["_end"] + pd.Timedelta(days=1)).to_numpy()  # to the end of the last day
    size = marker_size(d["n_sources"].to_numpy())
    dyad = d["dyad"].astype(str).to_numpy()
    # a day's events around its noon (hover shows the real date); month/year ones at their middle
    x_at = mid + nudges(dyad, mid, etype) + np.where(exact, np.timedelta64(12, "h"), np.timedelta64(0, "h"))
    ids: list[list[str]] = []
    for t in types:  # legend keys: one filled square per type (clicking it hides the type)
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=t, legendgroup=t,
                marker=dict(symbol="square", color=TYPE_COLORS.get(t, OTHER_COLOR), size=11),
                hoverinfo="skip",
            )  # fmt: skip
        )
        ids.append([])
    for t in types:
        color = TYPE_COLORS.get(t, OTHER_COLOR)
        for s in statuses:
            for is_exact in (True, False):
                m = (etype == t) & (status == s) & (exact == is_exact)
                if not m.any():
                    continue
                sym = STATUS_SYMBOLS.get(s, "square")
                if not is_exact:
                    sym += "-open"
                    # the month/year the date stands for, as a bar (plotly.js draws no
                    # error bars on date axes, so explicit segments: start, end, gap)
                    k = int(m.sum())
                    xs = np.empty(3 * k, dtype="datetime64[ns]")
                    xs[0::3] = start_[m]
                    xs[1::3] = end_[m]
                    xs[2::3] = np.datetime64("NaT")
                    ys = np.empty(3 * k, dtype=object)
                    ys[0::3] = dyad[m]
                    ys[1::3] = dyad[m]
                    ys[2::3] = None
                    fig.add_trace(
                        Trace(
                            x=xs, y=ys, mode="lines", name=t, legendgroup=t, showlegend=False,
                            line=dict(color=color, width=2), opacity=0.45, hoverinfo="skip",
                            connectgaps=False,
                        )  # fmt: skip
                    )
                    ids.append([])
                fig.add_trace(
                    Trace(
                        # a few hours apart by type and within a type, so events of one pair
                        # and day stay apart when zoomed in (hover shows the real date)
                        x=x_at[m],
                        y=dyad[m],
                        mode="markers",
                        name=t,
                        legendgroup=t,
                        showlegend=False,
                        marker=dict(
                            color=color, symbol=sym, size=size[m], opacity=0.85,
                            line=dict(width=1.5 if not is_exact else 0.5, color=color if not is_exact else "white"),
                        ),  # fmt: skip
                        customdata=custom[m].to_numpy(),
                        hovertemplate=hover,
                        meta={"status": s, "exact": bool(is_exact)},
                    )
                )
                ids.append(custom["id"].to_numpy()[m].tolist())
    # legend keys for the symbols, not data
    for s in statuses:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=s, legendgroup=f"status-{s}",
                marker=dict(symbol=STATUS_SYMBOLS.get(s, "square"), color="#555", size=10),
                hoverinfo="skip",
            )  # fmt: skip
        )
        ids.append([])
    if (~exact).any():
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name="date known to month/year only",
                legendgroup="imprecise", marker=dict(symbol="circle-open", color="#555", size=10),
                hoverinfo="skip",
            )  # fmt: skip
        )
        ids.append([])
    return ids


def _aggregated(
    fig: go.Figure, df: pd.DataFrame, keep: np.ndarray, dcodes: np.ndarray, dlabels: np.ndarray
) -> list[list[str]]:
    """Monthly counts per pair as a heatmap (one cell per pair and month; the hover
    splits the count by event type): light to draw whatever the number of events."""
    tcodes, tlabels = codes_of(df["event_type"])
    month = df["_start"].to_numpy()[keep].astype("datetime64[M]")
    g = (
        pd.DataFrame({"d": dcodes[keep], "m": month, "t": tcodes[keep]})
        .groupby(["d", "m", "t"], sort=True)
        .size()
        .rename("n")
        .reset_index()
    )
    rows = np.unique(g["d"].to_numpy())
    months = np.unique(g["m"].to_numpy())
    ri = np.searchsorted(rows, g["d"].to_numpy())
    mi = np.searchsorted(months, g["m"].to_numpy())
    z = np.zeros((len(rows), len(months)))
    np.add.at(z, (ri, mi), g["n"].to_numpy())
    parts: list[list[list[str]]] = [[[] for _ in months] for _ in rows]
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    for r, m, t, k in zip(ri, mi, g["t"].to_numpy(), g["n"].to_numpy(), strict=True):
        name = str(tlabels[t]) if t >= 0 else "?"
        parts[r][m].append(f"{order.get(name, 9)}{name} {k}")
    text = [[" · ".join(p[1:] for p in sorted(cell)) for cell in row] for row in parts]
    z[z == 0] = np.nan
    fig.add_trace(
        go.Heatmap(
            x=months.astype("datetime64[D]") + np.timedelta64(14, "D"),
            y=[str(dlabels[d]) for d in rows],
            z=z, text=text, colorscale="YlOrRd", zmin=0, xgap=1, ygap=1,
            colorbar=dict(title="events", thickness=12),
            hovertemplate="%{x|%Y-%m} · %{y}<br>%{z} events<br>%{text}<extra></extra>",
        )  # fmt: skip
    )
    return [[]]


def selected_event_ids(result: TimelineResult, selection: Any) -> list[str]:
    """Event ids of the points in a ``st.plotly_chart`` selection (via customdata, else
    curve/point numbers)."""
    out: list[str] = []
    try:
        points = selection["selection"]["points"] if "selection" in selection else selection["points"]
    except Exception:
        return out
    for p in points or []:
        try:
            cd = p.get("customdata")
            if result.mode == "points" and isinstance(cd, (list, tuple)) and cd and isinstance(cd[0], str):
                out.append(cd[0])
                continue
            c = int(p.get("curve_number"))
            i = int(p.get("point_index", p.get("point_number")))
            if 0 <= c < len(result.event_ids) and 0 <= i < len(result.event_ids[c]):
                out.append(result.event_ids[c][i])
        except Exception:
            continue
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- overview
def counts_over_time(df: pd.DataFrame, freq: str = "M") -> tuple[pd.DataFrame, int]:
    """Counts per period ('W' weeks starting Monday, 'M' months) and event type.

    Only events dated at least as finely as the period are counted (a month-dated event
    has no week); the second value is how many were left out for that reason."""
    if freq not in ("W", "M"):
        raise ValueError("freq must be 'W' or 'M'")
    pcodes, plabels = codes_of(df["_prec"])
    fine = {"day"} if freq == "W" else {"day", "month"}
    ok_code = np.array([lab in fine for lab in plabels], dtype=bool)
    dated_code = np.array([lab != "none" for lab in plabels], dtype=bool)
    safe = np.maximum(pcodes, 0)
    has = pcodes >= 0
    ok = has & ok_code[safe] if len(plabels) else np.zeros(len(df), dtype=bool)
    dated = has & dated_code[safe] if len(plabels) else np.zeros(len(df), dtype=bool)
    left_out = int((dated & ~ok).sum())
    start = df["_start"].to_numpy()[ok]
    if freq == "M":
        period = start.astype("datetime64[M]").astype("datetime64[ns]")
    else:
        days = start.astype("datetime64[D]")
        # 1970-01-01 was a Thursday: shift so weeks start on Monday
        period = (days - ((days.astype("int64") + 3) % 7)).astype("datetime64[ns]")
    tcodes, tlabels = codes_of(df["event_type"])
    g = (
        pd.DataFrame({"period": period, "t": tcodes[ok]})
        .groupby(["period", "t"], sort=True)
        .size()
        .rename("count")
        .reset_index()
    )
    g["event_type"] = np.where(g["t"] >= 0, tlabels[np.maximum(g["t"].to_numpy(), 0)] if len(tlabels) else "", "")
    return g[["period", "event_type", "count"]], left_out


def counts_figure(counts: pd.DataFrame, freq: str = "M") -> go.Figure:
    fig = go.Figure()
    for t in [*EVENT_TYPES, *sorted(set(counts["event_type"]) - set(EVENT_TYPES))]:
        c = counts[counts["event_type"] == t]
        if len(c):
            fig.add_trace(go.Bar(x=c["period"], y=c["count"], name=t, marker_color=TYPE_COLORS.get(t, OTHER_COLOR)))
    fig.update_layout(
        barmode="stack", height=340, margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, traceorder="normal"),
        yaxis_title="events per " + ("week" if freq == "W" else "month"),
    )  # fmt: skip
    # Label periods as dates, never as times (a single bucket otherwise shows "00:00:00").
    fig.update_xaxes(tickformat="%d %b %Y" if freq == "W" else "%b %Y", type="date")
    return fig


def top_pairs(df: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The n most frequent (undirected) pairs: dyad, label with names, count."""
    vc = df["dyad"].value_counts().head(n)
    vc = vc[vc > 0]
    out = pd.DataFrame({"dyad": vc.index.astype(str).to_numpy(), "count": vc.to_numpy()})
    parts = out["dyad"].str.split("-", n=1, expand=True) if len(out) else None
    if parts is not None and parts.shape[1] == 2:
        out["label"] = [
            f"{country_name(a)} – {country_name(b)}" if isinstance(b, str) else country_name(a)
            for a, b in zip(parts[0], parts[1], strict=True)
        ]
    else:
        out["label"] = out["dyad"]
    return out[["dyad", "label", "count"]]


def top_pairs_figure(tp: pd.DataFrame) -> go.Figure:
    fig = go.Figure(
        go.Bar(x=tp["count"][::-1], y=tp["label"][::-1], orientation="h", marker_color="#4c78a8",
               hovertemplate="%{y}: %{x} events<extra></extra>")
    )  # fmt: skip
    fig.update_layout(height=max(260, 60 + 24 * len(tp)), margin=dict(l=10, r=10, t=30, b=10))
    fig.update_yaxes(automargin=True)
    return fig


def country_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Events per country (as either actor): iso3, name, count, is_org."""
    a = df["actor1"].value_counts()
    b = df["actor2"].value_counts()
    a.index = a.index.astype(str)
    b.index = b.index.astype(str)
    total = a.add(b, fill_value=0).astype(int)
    total = total[total > 0]
    total = total.iloc[np.lexsort((total.index.to_numpy(), -total.to_numpy()))]
    out = pd.DataFrame({"iso3": total.index.to_numpy(), "count": total.to_numpy()})
    out["name"] = out["iso3"].map(country_name)
    out["is_org"] = out["iso3"].isin(list(ORG_CODES))
    return out[["iso3", "name", "count", "is_org"]]


def pair_matrix(df: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Symmetric matrix of event counts between the ``top`` busiest countries."""
    cc = country_counts(df)
    keep = cc["iso3"].head(top).tolist()
    if not keep:
        return pd.DataFrame()
    pos = {c: i for i, c in enumerate(keep)}
    k = len(keep)
    ac, al = codes_of(df["actor1"])
    bc, bl = codes_of(df["actor2"])
    amap = np.array([pos.get(str(x), -1) for x in al] + [-1], dtype=np.int64)
    bmap = np.array([pos.get(str(x), -1) for x in bl] + [-1], dtype=np.int64)
    ai = amap[np.where(ac >= 0, ac, len(al))]
    bi = bmap[np.where(bc >= 0, bc, len(bl))]
    m = (ai >= 0) & (bi >= 0)
    cnt = np.bincount(ai[m] * k + bi[m], minlength=k * k).reshape(k, k)
    sym = pd.DataFrame(cnt + cnt.T)
    sym.index = [country_name(c) for c in keep]
    sym.columns = list(sym.index)
    return sym


def pair_matrix_figure(mat: pd.DataFrame) -> go.Figure:
    fig = go.Figure(
        go.Heatmap(z=mat.to_numpy(), x=list(mat.columns), y=list(mat.index), colorscale="Blues",
                   hovertemplate="%{y} – %{x}: %{z} events<extra></extra>")
    )  # fmt: skip
    fig.update_layout(height=max(320, 80 + 26 * len(mat)), margin=dict(l=10, r=10, t=30, b=10))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True)
    return fig


# plotly.js asks for a base-map topojson whenever a geo trace has a ``locationmode``, and a
# choropleth with inline GeoJSON has one ("geojson-id"), even with every base layer off.
# It fetches ``{topojsonURL}/{scope}_{resolution}m.json``; pointing topojsonURL at an inline
# empty Topology (the "#" turns the appended file name into a URL fragment) answers that
# request from the page itself: no CDN, and nothing of it is drawn (geo.visible=False).
EMPTY_TOPOJSON_URL = (
    "data:application/json,"
    + "%7B%22type%22%3A%22Topology%22%2C%22objects%22%3A%7B%7D%2C%22arcs%22%3A%5B%5D%7D"
    + "#"
)
MAP_CONFIG = {"topojsonURL": EMPTY_TOPOJSON_URL, "displaylogo": False}


@lru_cache(maxsize=1)
def world_geojson() -> dict[str, Any]:
    """Natural Earth 1:110m countries shipped with the dashboard (no network)."""
    with open(WORLD_GEOJSON, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def world_map_figure(counts: pd.DataFrame) -> go.Figure:
    """Choropleth of events per country, drawn from the shipped GeoJSON only (no base
    layers: ``geo.visible=False``). Show it with ``config=MAP_CONFIG`` so plotly.js does
    not fetch its topojson from the CDN."""
    gj = world_geojson()
    all_iso = [f["properties"]["iso_a3"] for f in gj["features"]]
    names = {f["properties"]["iso_a3"]: f["properties"]["name"] for f in gj["features"]}
    c = counts[counts["iso3"].isin(all_iso)]
    fig = go.Figure()
    fig.add_trace(  # every country in light grey, so the map reads as a map
        go.Choropleth(
            geojson=gj, featureidkey="properties.iso_a3", locations=all_iso, z=[0] * len(all_iso),
            colorscale=[[0, "#e8e8e8"], [1, "#e8e8e8"]], showscale=False, marker_line_color="white",
            marker_line_width=0.4, text=[names[i] for i in all_iso],
            hovertemplate="%{text}: 0 events<extra></extra>",
        )  # fmt: skip
    )
    if len(c):
        fig.add_trace(
            go.Choropleth(
                geojson=gj, featureidkey="properties.iso_a3", locations=c["iso3"], z=c["count"],
                colorscale=[[0, "#fcae91"], [0.5, "#fb6a4a"], [1, "#99000d"]], zmin=1,
                marker_line_color="white", marker_line_width=0.4,
                text=c["name"], colorbar=dict(title="events", thickness=12),
                hovertemplate="%{text}: %{z} events<extra></extra>",
            )  # fmt: skip
        )
    fig.update_geos(
        visible=False, projection_type="natural earth", showframe=False, showcoastlines=False,
        showland=False, showcountries=False, showocean=False, showlakes=False, showrivers=False,
        lataxis_range=[-58, 85],
    )  # fmt: skip
    fig.update_layout(height=440, margin=dict(l=0, r=0, t=10, b=0))
    return fig
