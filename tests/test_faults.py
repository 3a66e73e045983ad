"""Hostile inputs: every fault class of tests/faultgen.py through the whole ETL, reader bugs
found on the way, and the dashboard's handling of hostile strings (text, links, downloads).

For each fault the run must finish, good records end ``ok``, bad ones ``failed`` with a
readable reason, and the summary counts them.  docs/faults.md is the table of these cases.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from faultgen import (
    BODY,
    BODY2,
    BODY3,
    FAULTS,
    FAULTS_BY_NAME,
    FORMULA_PREFIXES,
    FORMULAS,
    build_all,
)

from etl.cli import main
from etl.pipeline import run
from etl.process import process_record
from etl.readers import iter_records

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("events", "mentions", "articles")
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


def articles(out: Path) -> pd.DataFrame:
    return pq.read_table(out / "articles.parquet").to_pandas()


def csv_cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def assert_readable(error: object) -> None:
    """A reason a person can read: one short line of words, no traceback or repr dump."""
    assert isinstance(error, str) and error.strip(), error
    assert len(error) <= 500 and "Traceback" not in error and "\n" not in error, error
    assert re.search(r"[a-z]{3,}", error), error


def check_fault_tables(name: str, out: Path) -> None:
    """Per-fault checks on the written tables beyond the counts."""
    arts = articles(out)
    if name == "bad_dates":
        years = arts["published"].dropna().str[:4].astype(int)
        assert years.between(1900, 2100).all(), arts["published"].tolist()
        assert arts["published"].isna().all()  # none of them is a real date, no URL/text date
    elif name == "rtl_zero_width":
        assert not arts["title"].fillna("").str.contains(BIDI_OVERRIDES).any()
        assert "وزير الخارجية" in arts["title"].tolist()
    elif name == "cp1252_txt":
        assert arts["title"].tolist() == ["Café – ’quoted’ €"]
    elif name in ("utf16_txt", "utf16_csv"):
        assert set(arts["title"]) <= {"Título", "Ä", "Ö"} and arts["title"].str.len().min() > 0
    elif name == "formula_titles":
        # Parquet keeps the data as it is; every CSV cell is safe to open in a spreadsheet
        assert set(arts["title"]) == {" ".join(f.split()) for f in FORMULAS}
        for table in TABLES:
            cells = csv_cells(out / f"{table}.csv")
            assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)], table
        assert any(c.startswith("'=HYPERLINK(") for c in csv_cells(out / "articles.csv"))


@pytest.mark.parametrize("fault", [f for f in FAULTS if not f.big], ids=lambda f: f.name)
def test_fault_through_pipeline(fault, tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    summary = run(fault.files(src), tmp_path / "out")
    arts = articles(tmp_path / "out")
    ok, failed = arts[arts["status"] == "ok"], arts[arts["status"] == "failed"]
    assert (len(ok), len(failed)) == (fault.ok, fault.failed), arts[["origin", "status", "error"]]
    assert (summary.articles_read, summary.articles_failed) == (len(arts), fault.failed)
    assert f"failed: {fault.failed}," in summary.line()
    for error in failed["error"]:
        assert_readable(error)
        assert fault.error in error
    assert ok["error"].isna().all()
    check_fault_tables(fault.name, tmp_path / "out")


@pytest.mark.parametrize("fault", [f for f in FAULTS if f.big], ids=lambda f: f.name)
def test_big_inputs_bounded(fault, tmp_path: Path):
    """50 MB single lines and a huge JSON list: default limits, a few seconds, bounded memory
    (the whole file is never held more than once; records are cut at max_record_chars)."""
    src = tmp_path / "in"
    src.mkdir()
    paths = fault.files(src)
    summary = run(paths, tmp_path / "out")
    arts = articles(tmp_path / "out")
    assert (summary.articles_read - summary.articles_failed, summary.articles_failed) == (
        fault.ok,
        fault.failed,
    )
    assert (arts["status"] == "failed").sum() == fault.failed
    assert all(fault.error in e for e in arts.loc[arts["status"] == "failed", "error"])
    if fault.name == "big_line_jsonl":  # the 50 MB record is kept, cut to the limit
        recs = list(iter_records(paths, max_record_chars=10_000))
        assert [len(r.text) for r in recs] == [10_000, len(BODY3)]
    if fault.name == "big_html":  # the page of scripts and styles keeps its article only
        ok = arts[arts["status"] == "ok"]
        (rec,) = iter_records([p for p in paths if p.name == "bulky.html"])
        assert BODY in rec.text and "var a" not in rec.text and "color:red" not in rec.text
        assert ok["title"].tolist() == ["Talks"]


def test_all_faults_in_one_cli_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """One run over every (small) fault at once: exit 0, and the summary line counts them."""
    paths = build_all(tmp_path / "in")
    assert main(["run", *map(str, paths), "--out", str(tmp_path / "out")]) == 0
    small = [f for f in FAULTS if not f.big]
    n_ok, n_failed = sum(f.ok for f in small), sum(f.failed for f in small)
    line = capsys.readouterr().out
    arts = articles(tmp_path / "out")
    # the same good article in several faults counts once; the others are duplicates
    assert (arts["status"] == "failed").sum() == n_failed
    assert arts["status"].isin(["ok", "duplicate"]).sum() == n_ok
    assert f"articles read: {n_ok + n_failed}, failed: {n_failed}," in line


# ---------------------------------------------------------------------------------------------
# Reader bugs found with the fault corpus.
T1, T2, T3 = (b.split(",")[0] for b in (BODY, BODY2, BODY3))  # no commas for CSV

@pytest.mark.parametrize(
    ("content", "texts", "errors"),
    [
        # an unclosed quote used to swallow every later row into one "good" record
        (f'title,text\nA,{T1}\nB,"x {T2}\nC,{T3}\n', [T1, T3], ["unclosed quote"]),
        (f'title,text\nA,"{T1}"\nB,"{T2[:20]}', [T1], ["unclosed quote"]),
        # stray quotes pair up (A's field runs to C's quote: CSV cannot tell); the odd last
        # one is caught and the rows after it are read again
        (f'title,text\nA,"x\nB,{T1}\nC,"y\nD,{T2}\nE,"z\nF,{T3}\n',
         [f"x\nB,{T1}\nC,y", T2, T3], ["unclosed"]),  # fmt: skip
        # a closed multi-line quoted field at the end is fine
        (f'title,text\nA,"{T1}\nline 2"\n', [f"{T1}\nline 2"], []),
        # a quote inside an unquoted field is text, not an opening quote
        (f'title,text\nA,5" screen {T1}\n', [f'5" screen {T1}'], []),
    ],
    ids=["swallow", "cut-off", "two", "closed-multiline", "inner-quote"],
)
def test_csv_unclosed_quote_is_a_failed_row(tmp_path: Path, content, texts, errors):
    p = tmp_path / "a.csv"
    p.write_text(content, encoding="utf-8")
    recs = list(iter_records(p))
    assert [r.text for r in recs if not r.error] == texts
    got = [r.error for r in recs if r.error]
    assert len(got) == len(errors) and all(e in g for e, g in zip(errors, got, strict=True))


@pytest.mark.parametrize("n_nul", [1, 3, 8])
def test_small_text_with_stray_nuls_is_read(tmp_path: Path, n_nul: int):
    p = tmp_path / "a.csv"  # used to be "binary content" whenever NULs were >1% of the bytes
    p.write_bytes(b"title,text\nA" + b"\x00" * n_nul + b",Body\n")
    (r,) = iter_records(p)
    assert (r.error, r.title, r.text) == (None, "A", "Body")


def test_huge_txt_is_read_only_up_to_the_record_limit(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes("Título\n".encode() + "é".encode() * 300_000)  # 2-byte characters, cut mid-way
    (r,) = iter_records(p, max_record_chars=1001)
    assert (r.error, r.title, r.text) == (None, "Título", "é" * 1001)


def test_html_scripts_and_handlers_are_not_text(tmp_path: Path):
    (rec,) = iter_records(FAULTS_BY_NAME["html_script"].files(tmp_path))
    art = process_record(rec)
    assert art.status == "ok" and BODY in art.text and BODY3 in art.text
    for bad in ("alert(", "<script", "INJECTED", "onload", "onerror", "javascript:", "color:red"):
        assert bad not in art.text and bad not in art.title


# ---------------------------------------------------------------------------------------------
# Dashboard: hostile strings are shown as text, links only for http(s), downloads formula-free.
dash_tables = pytest.importorskip("dashboard.tables")
dash_export = pytest.importorskip("dashboard.export")
dash_figures = pytest.importorskip("dashboard.figures")

HOSTILE = [
    *FORMULAS,
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "**bold** :red[text] $x$ <b>b</b>",
    "\u202eevil\u202c",
]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("https://ok.example/\njavascript:alert(1)", False),
        ("https://ok.example/ x", False),
        ("=HYPERLINK(\"http://x\")", False),
        ("http://", False),
        ("", False),
        (None, False),
    ],
)
def test_dashboard_links_only_http(url, ok: bool):
    assert (dash_tables.safe_link(url) is not None) is ok
    got = dash_tables.safe_links(pd.Series([url], dtype=object)).iloc[0]
    assert (got is not None) is ok


def hostile_events() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "event_type": ["meeting"] * n,
            "status": ["occurred"] * n,
            "cameo_code": ["040"] * n,
            "event_date": ["2025-03-03"] * n,
            "date_precision": ["day"] * n,
            "date_text": HOSTILE,
            "actor1": ["JPN"] * n,
            "actor2": ["CAN"] * n,
            "actor1_name": HOSTILE,
            "actor2_name": ["Canada"] * n,
            "dyad": ["CAN-JPN"] * n,
            "location": [None] * n,
            "evidence": HOSTILE,
            "language": ["en"] * n,
            "article_id": [f"a{i}" for i in range(n)],
            "title": HOSTILE,
            "url": HOSTILE,
            "source": HOSTILE,
            "published": ["2025-03-03"] * n,
            "n_articles": [1] * n,
            "n_sources": [1] * n,
            "confidence": [0.5] * n,
        }
    )


def test_dashboard_csv_download_has_no_formula_cell():
    data = dash_export.to_csv_bytes(hostile_events())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(HOSTILE) + 1
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    assert "'=HYPERLINK(\"http://example.invalid/x\",\"click me\")" in cells


def test_dashboard_xlsx_download_has_no_formula_cell():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(dash_export.to_xlsx_bytes(hostile_events())))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_PREFIXES)]
    assert "'=HYPERLINK(\"http://example.invalid/x\",\"click me\")" in texts


def test_dashboard_plotly_labels_escape_html():
    esc = dash_figures._esc(pd.Series(HOSTILE))
    assert not esc.str.contains("<").any() and not esc.str.contains(">").any()
    assert esc.iloc[len(FORMULAS)] == "&lt;script&gt;alert(1)&lt;/script&gt;"


_MARKDOWN_CALLS = {"markdown", "write", "html", "write_stream", "latex"}


def _streamlit_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)]


@pytest.mark.parametrize("path", sorted((ROOT / "dashboard").glob("*.py")), ids=lambda p: p.name)
def test_dashboard_never_renders_data_as_html_or_markdown(path: Path):
    """No unsafe_allow_html anywhere; st.markdown/st.write/st.html only with literal text."""
    for call in _streamlit_calls(path):
        where = f"{path.name}:{call.lineno}"
        for kw in call.keywords:
            if kw.arg == "unsafe_allow_html":
                assert isinstance(kw.value, ast.Constant) and kw.value.value is False, where
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in _MARKDOWN_CALLS
            and isinstance(func.value, ast.Name)
            and func.value.id in ("st", "streamlit")
        ):
            args = [*call.args, *(k.value for k in call.keywords if k.arg == "body")]
            assert all(isinstance(a, ast.Constant) for a in args), where

