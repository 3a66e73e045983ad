"""Helpers shared by the dashboard tests (not a conftest: imported explicitly).

All data here is invented (dashboard.fixtures): no corpus article is used.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import data
from dashboard.filters import Filters
from dashboard.fixtures import fixture_tables, to_arrow, write_tables

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"


@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    return fixture_tables()


def tables() -> dict[str, pd.DataFrame]:
    """Fresh copies of the invented fixture tables (events, mentions, articles)."""
    return {k: v.copy() for k, v in _tables().items()}


def make_data_dir(root: Path, layout: str = "parquet", tbls: dict[str, pd.DataFrame] | None = None) -> Path:
    out = Path(root) / f"data_{layout}"
    write_tables(tbls or tables(), out, layout)
    return out


def loaded_events(root: Path, layout: str = "parquet") -> pd.DataFrame:
    ds = data.load_dataset(make_data_dir(root, layout))
    assert ds is not None
    return ds.full()


# --------------------------------------------------------------------------- reference filter
def _interval(date: Any) -> tuple[dt.date, dt.date] | None:
    if not isinstance(date, str):
        return None
    if len(date) == 10:
        d = dt.date.fromisoformat(date)
        return d, d
    if len(date) == 7:
        y, m = int(date[:4]), int(date[5:])
        start = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    if len(date) == 4:
        y = int(date)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None


def reference_ids(events: pd.DataFrame, f: Filters) -> set[str]:
    """The filter's meaning, written as plainly as possible, row by row."""
    out = set()
    for r in events.to_dict("records"):
        a1, a2 = r["actor1"], r["actor2"]
        if f.countries and a1 not in f.countries and a2 not in f.countries:
            continue
        if f.pair_a and f.pair_b:
            if f.directed:
                if not (a1 == f.pair_a and a2 == f.pair_b):
                    continue
            elif {a1, a2} != {f.pair_a, f.pair_b}:
                continue
        elif f.pair_a:
            if (a1 != f.pair_a) if f.directed else (f.pair_a not in (a1, a2)):
                continue
        elif f.pair_b and ((a2 != f.pair_b) if f.directed else (f.pair_b not in (a1, a2))):
            continue
        if f.event_types and r["event_type"] not in f.event_types:
            continue
        if f.statuses and r["status"] not in f.statuses:
            continue
        if f.languages and r["language"] not in f.languages:
            continue
        if f.sources and r["source"] not in f.sources:
            continue
        if f.min_sources and (r["n_sources"] or 0) < f.min_sources:
            continue
        if f.date_from or f.date_to:
            iv = _interval(r["event_date"])
            if iv is None:
                continue
            if f.date_from and iv[1] < f.date_from:
                continue
            if f.date_to and iv[0] > f.date_to:
                continue
        if f.min_confidence > 0 and not round(float(r["confidence"]), 6) >= f.min_confidence:
            continue  # NaN (no confidence) is never at least anything
        if f.text:
            hay = [x for x in (r["title"], r["evidence"]) if isinstance(x, str)]
            if not any(f.text.lower() in h.lower() for h in hay):
                continue
        out.add(r["event_id"])
    return out


# --------------------------------------------------------------------------- fake ETL
def install_fake_etl(monkeypatch: Any, calls: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Put a fake ``etl.pipeline`` module in place. Its ``run`` makes one invented event
    per readable input file, a failed article for every file whose name has "broken", and
    merges into ``out`` when append=True (replaces otherwise)."""
    calls = [] if calls is None else calls

    def run(
        inputs: list[Path],
        out: Path,
        *,
        append: bool = False,
        progress: Callable[[int, int], None] | None = None,
        columns: dict[str, str] | None = None,
    ) -> Any:
        calls.append({"inputs": list(inputs), "out": Path(out), "append": append, "columns": columns})
        events, articles, mentions = [], [], []
        for i, p in enumerate(inputs):
            p = Path(p)
            aid = f"up-{p.stem}-{i}"
            if "broken" in p.name:
                articles.append(dict(article_id=aid, origin=str(p), title="", status="failed",
                                     error="could not read this file (fake ETL)", n_events=0))  # fmt: skip
            else:
                eid = f"ev-{p.stem}-{i}"
                events.append(dict(
                    event_id=eid, event_type="visit", status="occurred", cameo_code="042",
                    event_date="2025-06-01", date_precision="day", date_text="on 1 June 2025",
                    actor1="BRA", actor2="KEN", actor1_name="Brazil", actor2_name="Kenya",
                    dyad="BRA-KEN", evidence=f"Uploaded: {p.read_text(errors='replace')[:60]}",
                    language="en", article_id=aid, title=f"Uploaded file {p.name}",
                    url="https://upload.example/" + p.name, source="Upload Test Wire",
                    published="2025-06-02", n_articles=1, n_sources=1, confidence=0.9,
                ))  # fmt: skip
                articles.append(dict(article_id=aid, origin=str(p), title=p.name, status="ok", n_events=1))
                mentions.append(dict(event_id=eid, article_id=aid, sentence="Brazil visited Kenya.",
                                     trigger="visited"))  # fmt: skip
            if progress:
                progress(i + 1, len(inputs))
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in (("events", events), ("articles", articles), ("mentions", mentions)):
            new = to_arrow(pd.DataFrame(rows), name)
            path = out / f"{name}.parquet"
            if append and path.exists():
                new = pa.concat_tables([pq.read_table(path), new])
            pq.write_table(new, path)
            (out / f"{name}.csv").unlink(missing_ok=True)
        return types.SimpleNamespace(
            articles_read=len(inputs), articles_failed=sum("broken" in Path(p).name for p in inputs),
            events=len(events), mentions=len(mentions), seconds=0.01,
        )  # fmt: skip

    mod = types.ModuleType("etl.pipeline")
    mod.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "etl.pipeline", mod)
    return calls


def all_text(at: Any) -> str:
    """Every piece of visible text of an AppTest run (for 'says so' assertions)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning",
                 "error", "success", "code"):  # fmt: skip
        parts.extend(str(x.value) for x in getattr(at, kind))
    return "\n".join(parts)


def markdown_text(at: Any) -> str:
    """Text of every element that renders Markdown (article strings must never be there)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(x.value) for x in getattr(at, kind))
    return "\n".join(parts)


# --------------------------------------------------------------------------- timeline edge data
SAME_DAY = "2025-04-10"  # 12 events of one pair on this day (5 visits, 4 meetings, 2 calls, 1 agreement)
SAME_DAY_TYPES = ["visit"] * 5 + ["meeting"] * 4 + ["call"] * 2 + ["agreement"]
HISTORY = ["1920-05-01", "1938", "1955-07", "1962-10-20"]  # recalled events, long before the news


def timeline_tables() -> dict[str, pd.DataFrame]:
    """The fixture tables plus: recalled historical events, 12 same-day events of one pair
    (CAN-MEX) and one event without an outlet (x-nosrc). Invented."""
    t = tables()
    ev = t["events"]
    base = ev[ev["event_id"] == "x-001"].iloc[0].to_dict()
    rows = []
    for i, typ in enumerate(SAME_DAY_TYPES):
        rows.append({**base, "event_id": f"sd-{i:02d}", "event_type": typ, "event_date": SAME_DAY,
                     "date_precision": "day", "actor1": "CAN", "actor2": "MEX", "dyad": "CAN-MEX",
                     "actor1_name": "Canada", "actor2_name": "Mexico", "source": "Fixture Tribune"})  # fmt: skip
    for i, d in enumerate(HISTORY):
        prec = {10: "day", 7: "month", 4: "year"}[len(d)]
        rows.append({**base, "event_id": f"hist-{i}", "event_date": d, "date_precision": prec,
                     "status": "occurred", "event_type": "agreement"})  # fmt: skip
    rows.append({**base, "event_id": "x-nosrc", "source": None, "event_date": "2025-01-09"})
    extra = pd.DataFrame(rows)[ev.columns]
    for c in ("n_articles", "n_sources"):
        extra[c] = extra[c].astype("int32")
    extra["confidence"] = extra["confidence"].astype("float32")
    t["events"] = pd.concat([ev, extra], ignore_index=True)
    return t


# --------------------------------------------------------------------------- confidence spread
CONF_LADDER = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]


def confidence_tables() -> dict[str, pd.DataFrame]:
    """The fixture tables with confidences spread from the ETL's floor (0.2) to 0.95, as the
    model writes them; x-001 at 0.9 (its mentions 0.9, 0.8, 0.7), x-002 at 0.3. Invented."""
    t = tables()
    ev = t["events"]
    conf = [CONF_LADDER[i % len(CONF_LADDER)] for i in range(len(ev))]
    ev["confidence"] = pd.Series(conf, index=ev.index).astype("float32")
    ev.loc[ev["event_id"] == "x-001", "confidence"] = 0.9
    ev.loc[ev["event_id"] == "x-002", "confidence"] = 0.3
    m = t["mentions"].merge(ev[["event_id", "confidence"]], on="event_id", suffixes=("_old", ""))
    m["confidence"] = (m["confidence"] - 0.1 * m.groupby("event_id").cumcount()).clip(lower=0.2).astype("float32")
    t["mentions"] = m[t["mentions"].columns]
    return t
