"""Property tests (Hypothesis): no input makes a stage raise, and what comes out keeps its
contract.  Complements the never-crash tests of test_readers, test_pubdate, test_extract and
test_textdates with: process_record on arbitrary RawRecords, the shape of every publication
date, round trips of arbitrary CSV/JSONL content through the readers, and formula
neutralization of every string the ETL writes to CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.process import process_record
from etl.pubdate import normalize_published, parse_numeric_date
from etl.readers import iter_records
from etl.readers.common import clean
from etl.schema import EVENT_TYPES, PRECISIONS, PUBLISHED_BASES, STATUSES, RawRecord
from etl.writer import TableWriter, neutralize

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ISO = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
FIXTURE = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Pieces that steer generated text into the interesting paths (countries, triggers, dates,
# markup, bidi and zero-width characters, formula prefixes), mixed with arbitrary text.
FRAGMENTS = [
    "Japan", "Canada", "Indonesia", "Vietnam", "Russia", "the European Union", "NATO",
    " signed an agreement with ", " met ", " visited ", " will visit ", " held a phone call with ",
    "Presiden ", " bertemu ", " berkunjung ke ", " menandatangani perjanjian dengan ",
    " on 3 March 2025", " next week", " yesterday", " in 1987", " Selasa (11/3/2025)",
    " 00/00/0000", " 31/02/2025", " 9999-12-31", ". ", "\n", "\n\n", "WASHINGTON, March 16 - ",
    "=HYPERLINK(\"x\")", "<script>alert(1)</script>", "&amp;", "[a](b)", "**",
    "\u202e", "\u200b", "\u200d", "\ufeff", "\u2066", "\x00", "\r\n", "\ud800",
]  # fmt: skip
texty = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=25), max_size=25).map("".join)
dates = st.sampled_from(
    ["", "2025-03-03", "03/04/2025", "10/21/2025 20:43", "19 Juni 2025", "00/00/0000", "2025-13-45",
     "9999-12-31", "-1", "NaN", "Senin, 01 Jan 2100 00:00 WIB", "1e308", "0000-00-00"]
) | st.text(max_size=40)  # fmt: skip

records = st.builds(
    RawRecord,
    origin=st.text(max_size=30),
    record_id=st.none() | st.text(max_size=10),
    title=texty,
    text=texty,
    url=st.sampled_from(["", "https://x.test/2025/03/04/a", "javascript:alert(1)"])
    | st.text(max_size=40),
    source=st.text(max_size=20),
    published_raw=dates,
    language=st.sampled_from(["", "en", "id", "ru", "xx", "<b>", "EN_us"]),
    date_order=st.sampled_from(["", "DMY", "MDY", "YMD", "zzz"]),
    error=st.none() | st.sampled_from(["no text", "invalid JSON: x"]),
)


def valid_iso(date: str | None, precision: str) -> bool:
    if date is None:
        return precision == "none"
    if not re.fullmatch(ISO.get(precision, "$^"), date):
        return False
    y, m, d = (date.split("-") + ["01", "01"])[:3]
    return 1900 <= dt.date(int(y), int(m), int(d)).year <= 2100


@settings(max_examples=300, deadline=None)
@given(records)
def test_process_record_never_raises_and_keeps_the_contract(rec: RawRecord):
    art = process_record(rec)
    assert art.status in ("ok", "failed")
    if art.status == "failed":
        assert isinstance(art.error, str) and art.error and not art.events
        assert rec.error is None or art.error == rec.error
        return
    assert rec.error is None and art.error is None and (art.text.strip() or art.title)
    assert art.published.basis in PUBLISHED_BASES
    assert valid_iso(art.published.date, art.published.precision)
    for ev in art.events:
        assert ev.event_type in EVENT_TYPES and ev.status in STATUSES
        assert ev.date.precision in PRECISIONS and valid_iso(ev.date.date, ev.date.precision)
        assert 0 <= ev.char_start <= ev.char_end <= len(art.text)
        assert ev.actor1 and ev.actor2 and 0.0 <= ev.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(raw=dates | texty, language=st.text(max_size=5), order=st.text(max_size=4), url=texty)
def test_published_dates_are_real_dates_at_their_precision(raw, language, order, url):
    for text in ("", raw, url):
        pub = normalize_published(raw, language=language, date_order=order, url=url, text=text)
        assert pub.basis in PUBLISHED_BASES and pub.precision in PRECISIONS
        assert valid_iso(pub.date, pub.precision), pub
        assert (pub.date is None) == (pub.basis == "none")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["DMY", "MDY", "YMD", ""]))
def test_numeric_dates_are_valid_or_none(s: str, order: str):
    ymd = parse_numeric_date(s, order)
    assert ymd is None or 1900 <= dt.date(*ymd).year <= 2100


# ---------------------------------------------------------------------------------------------
# Readers: arbitrary content in well-formed files comes back as it was (cleaned), row by row.
cell = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t"),
               max_size=40)  # fmt: skip
line_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@FIXTURE
@given(rows=st.lists(st.tuples(cell, cell), min_size=1, max_size=8))
def test_csv_rows_round_trip(tmp_path: Path, rows: list[tuple[str, str]]):
    buf = io.StringIO()
    w = csv.writer(buf)  # "\r\n" rows: fields holding \r or \n are quoted
    w.writerow(["title", "text"])
    w.writerows(rows)
    p = tmp_path / "a.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    kept = [(t, x) for t, x in rows if any(c.strip() for c in (t, x))]
    recs = list(iter_records(p))
    if not kept:
        assert len(recs) == 1 and recs[0].error
        return
    assert len(recs) == len(kept), recs
    for rec, (title, text) in zip(recs, kept, strict=True):
        if clean(text).strip():
            assert rec.error is None
            assert (rec.title, rec.text) == (" ".join(clean(title).split()), clean(text).strip())
        else:
            assert rec.error == "no text"


@FIXTURE
@given(lines=st.lists(st.tuples(line_text, line_text) | line_text, min_size=1, max_size=8))
def test_jsonl_every_line_is_one_record(tmp_path: Path, lines: list[tuple[str, str] | str]):
    """Good objects keep their text; any other line is one failed record; order is kept."""
    raw = [json.dumps({"title": x[0], "text": x[1]}) if isinstance(x, tuple) else x for x in lines]
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(raw), encoding="utf-8")
    kept = [(x, r) for x, r in zip(lines, raw, strict=True) if r.strip()]
    recs = list(iter_records(p))
    if not kept:
        assert len(recs) == 1 and recs[0].error == "empty file"
        return
    assert len(recs) == len(kept)
    for rec, (x, _) in zip(recs, kept, strict=True):
        if isinstance(x, tuple) and x[1].strip():
            assert (rec.error, rec.text) == (None, clean(x[1]).strip())
        elif isinstance(x, tuple):
            assert rec.error == "no text"
        else:
            assert rec.error or rec.text  # a garbage line may still be a JSON object


# ---------------------------------------------------------------------------------------------
# Output: no string the ETL writes to CSV starts a spreadsheet formula.
@settings(max_examples=300)
@given(st.text(max_size=20))
def test_neutralize(s: str):
    n = neutralize(s)
    assert not n.startswith(FORMULA_PREFIXES)
    assert n == s or n == "'" + s


@FIXTURE
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), min_size=1, max_size=5))
def test_written_csv_has_no_formula_cell(tmp_path: Path, values: list[str]):
    values = [clean(v) for v in values]  # what readers hand on (no NUL, no lone surrogate)
    w = TableWriter(tmp_path, "articles")
    w.write_rows([{"article_id": v, "title": v, "url": v, "origin": v} for v in values])
    w.commit()
    with open(tmp_path / "articles.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == len(values) + 1
    assert not [c for r in rows for c in r if c.startswith(FORMULA_PREFIXES)]
    assert [r[0].removeprefix("'") if v.startswith(FORMULA_PREFIXES) else r[0]
            for r, v in zip(rows[1:], values, strict=True)] == values  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Shared dashboard links: any query string gives valid filters, never an exception.
param_values = st.text(max_size=30) | st.lists(st.text(max_size=30), max_size=4) | st.integers()


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["country", "a", "b", "dir", "type", "status", "from",
                                        "to", "lang", "source", "min", "q", "ev", "x"])
                       | st.text(max_size=5), param_values, max_size=8))  # fmt: skip
def test_dashboard_url_params_never_raise(params: dict):
    state = pytest.importorskip("dashboard.state")
    f = state.params_to_filters(params)
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in (*f.countries, f.pair_a or "AAA", f.pair_b or "AAA"))
    assert set(f.event_types) <= set(EVENT_TYPES) and set(f.statuses) <= set(STATUSES)
    assert len(f.text) <= state.MAX_TEXT and 0 <= f.min_sources <= state.MAX_MIN_SOURCES
    assert f.date_from is None or f.date_to is None or f.date_from <= f.date_to
    ev = state.event_from_params(params)
    assert ev is None or (isinstance(ev, str) and len(ev) <= state.MAX_TEXT)
    assert state.params_to_filters(state.filters_to_params(f)) == f
