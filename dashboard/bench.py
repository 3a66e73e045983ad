"""Timings of the dashboard on synthetic events.

    python -m dashboard.bench                 # 10k, 100k, 1M: the pure path (no Streamlit)
    python -m dashboard.bench 1000000 --repeat 5
    python benchmarks/cold_start.py           # the real app in headless Chromium, 1M events

Pure path, for each size: write the events as Parquet, then time
* cold load: ``data.load_dataset`` (the short columns, pandas with derived columns),
* the long texts (titles, evidence …) of 500 rows, and of every row,
* filter + timeline figure for one country pair (the busiest), and for no filter,
* filter by a text search, the first table page, and the overview aggregations.

Browser cold start (``browser_cold_start``): a fresh ``streamlit run`` per run, the page
opened in Debian's headless Chromium until the Plotly timeline is drawn.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from . import data, figures, tables
from .filters import Filters, apply_filters
from .fixtures import synthetic_events, to_arrow


def _time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time in milliseconds."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def bench(n: int, repeat: int = 3, seed: int = 0) -> dict[str, float]:
    out: dict[str, float] = {"n": float(n)}
    with tempfile.TemporaryDirectory() as tmp:
        df = synthetic_events(n, seed)
        pq.write_table(to_arrow(df, "events"), Path(tmp) / "events.parquet")
        del df
        out["cold_load_ms"] = _time(lambda: data.load_dataset(Path(tmp)), repeat)
        ds = data.load_dataset(Path(tmp))
        assert ds is not None
        ev = ds.events
        some = ev.iloc[:: max(1, len(ev) // 500)].head(500)
        out["texts_500_rows_ms"] = _time(lambda: ds.with_text(some), repeat)
        fresh = [data.load_dataset(Path(tmp)) for _ in range(repeat)]
        out["texts_all_rows_ms"] = _time(lambda: fresh.pop().rest(), repeat)  # type: ignore[union-attr]
        texts = lambda part: ds.with_text(part, ["title", "evidence"])  # noqa: E731
        pair = figures.top_dyads(ev, 1)[0].split("-")
        fpair = Filters(pair_a=pair[0], pair_b=pair[1])

        def pair_path() -> None:
            figures.timeline_figure(apply_filters(ev, fpair))

        out["pair_filter_timeline_ms"] = _time(pair_path, repeat)
        out["pair_rows"] = float(len(apply_filters(ev, fpair)))
        out["pair_filter_only_ms"] = _time(lambda: apply_filters(ev, fpair), repeat)
        out["all_timeline_ms"] = _time(lambda: figures.timeline_figure(ev), repeat)
        fdir = Filters(pair_a=pair[0], pair_b=pair[1], directed=True, event_types=("visit",), min_sources=2)
        out["pair_directed_type_min_ms"] = _time(lambda: figures.timeline_figure(apply_filters(ev, fdir)), repeat)
        out["text_filter_ms"] = _time(lambda: apply_filters(ev, Filters(text="phone call"), texts), repeat)
        memo: dict[object, np.ndarray] = {}
        tables.page_rows(ev, ev, "Newest first", 1, cache=memo)  # the order is computed once per dataset
        out["table_page_ms"] = _time(
            lambda: tables.table_frame(
                ds.with_text(tables.page_rows(ev, apply_filters(ev, fpair), "Newest first", 1, cache=memo))
            ),
            repeat,
        )

        def overview() -> None:
            figures.counts_over_time(ev, "M")
            figures.top_pairs(ev)
            figures.pair_matrix(ev)
            figures.world_map_figure(figures.country_counts(ev))

        out["overview_ms"] = _time(overview, repeat)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    keys = None
    for n in args.sizes:
        r = bench(n, args.repeat)
        if keys is None:
            keys = list(r)
            print("\t".join(keys))
        print("\t".join(f"{r[k]:.0f}" for k in keys), flush=True)


if __name__ == "__main__":
    main()


# --------------------------------------------------------------------------- browser cold start
# A timeline is drawn when plotly has put the first trace's data into the DOM: points
# (scatter/scattergl) or the heat map image of the aggregated view.
_TIMELINE_DRAWN = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(el =>
  el.data && el.data.length > 0 && el._fullLayout &&
  !!el.querySelector('.cartesianlayer .trace, .heatmaplayer image, .gl-canvas-context'))"""


def write_events_dir(root: Path, n: int, seed: int = 0) -> Path:
    """``root/events.parquet`` with ``n`` synthetic events, as the ETL writes it."""
    root.mkdir(parents=True, exist_ok=True)
    df = synthetic_events(n, seed)
    pq.write_table(to_arrow(df, "events"), root / "events.parquet")
    return root


def browser_cold_start(data_dir: Path, runs: int = 3, log_dir: Path | None = None, query: str = "") -> list[float]:
    """Seconds from opening the page (``query``: e.g. ``a=IDN&b=RUS``) to the drawn
    timeline, one per fresh server."""
    from playwright.sync_api import sync_playwright

    from .serve import launch_chromium, local_only, running_app

    out: list[float] = []
    for i in range(runs):
        log = (log_dir / f"streamlit-{i}.log") if log_dir else None
        with running_app(data_dir, log=log) as url, sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
                local_only(ctx, [])
                pg = ctx.new_page()
                pg.set_default_timeout(120_000)
                t = time.perf_counter()
                pg.goto(url + ("/?" + query if query else ""))
                pg.wait_for_function(_TIMELINE_DRAWN, polling=20)
                out.append(time.perf_counter() - t)
                ctx.close()
            finally:
                browser.close()
    return out


def cold_start_main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Dashboard cold start in headless Chromium (median of fresh servers)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=None, help="reuse this data dir (written when empty)")
    ap.add_argument("--logs", type=Path, default=None, help="keep each server's log here")
    ap.add_argument("--query", default="", help="open this view, e.g. 'a=IDN&b=RUS&type=visit'")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data or Path(tmp) / "data"
        if not (data_dir / "events.parquet").is_file():
            write_events_dir(data_dir, args.events, args.seed)
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
        secs = browser_cold_start(data_dir, args.runs, args.logs, args.query)
    print("runs (s): " + " ".join(f"{s:.2f}" for s in secs))
    print(f"median: {statistics.median(secs):.2f} s")
    return 0
