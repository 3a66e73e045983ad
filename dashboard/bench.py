"""Timings of the dashboard's pure path on synthetic events (no Streamlit, no browser).

    python -m dashboard.bench                 # 10k, 100k, 1M
    python -m dashboard.bench 1000000 --repeat 5

For each size: write the events as Parquet, then time
* cold load: ``data.load_dataset`` (Parquet -> duckdb -> pandas with derived columns),
* filter + timeline figure for one country pair (the busiest), and for no filter,
* filter by a text search, and the overview aggregations.
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
        out["text_filter_ms"] = _time(lambda: apply_filters(ev, Filters(text="phone call")), repeat)
        memo: dict[object, np.ndarray] = {}
        tables.page_rows(ev, ev, "Newest first", 1, cache=memo)  # the order is computed once per dataset
        out["table_page_ms"] = _time(
            lambda: tables.table_frame(tables.page_rows(ev, apply_filters(ev, fpair), "Newest first", 1, cache=memo)),
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
