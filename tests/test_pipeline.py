"""Pipeline and CLI behaviour: tables, summary line, exit codes, append, atomic output."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl.cli import main
from etl.pipeline import run
from etl.readers import InputError
from etl.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS

ROOT = Path(__file__).resolve().parent.parent

ARTICLE_EN = """Japan and Canada sign trade pact

OTTAWA, March 10, 2025 - Japan and Canada signed a trade agreement on Monday, officials said.
"""
ARTICLE_ID = """Menlu RI bertemu Menlu Vietnam

Jakarta - Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri Vietnam di Hanoi, Selasa (11/3/2025).
"""


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE_EN, encoding="utf-8")
    (d / "b.txt").write_text(ARTICLE_ID, encoding="utf-8")
    (d / "broken.jsonl").write_text('{"title": "x", "text": "Kenya and Ethiopia signed a deal on 3 March 2025."}\n{not json\n', encoding="utf-8")
    return d


def test_tables_have_the_contract_columns(corpus, tmp_path):
    out = tmp_path / "out"
    s = run([corpus], out)
    assert s.articles_read == 4 and s.articles_failed == 1
    for name, cols in (("events", EVENT_COLUMNS), ("mentions", MENTION_COLUMNS), ("articles", ARTICLE_COLUMNS)):
        assert pq.read_table(out / f"{name}.parquet").column_names == list(cols)
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == list(cols)
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    failed = [a for a in arts if a["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["error"] and "#row=1" in failed[0]["origin"]
    events = pq.read_table(out / "events.parquet").to_pylist()
    assert {(e["event_type"], e["dyad"]) for e in events} >= {("agreement", "CAN-JPN"), ("meeting", "IDN-VNM")}


def test_rerun_gives_identical_tables_and_stable_ids(corpus, tmp_path):
    run([corpus], tmp_path / "o1")
    run([corpus], tmp_path / "o2")
    for name in ("events", "mentions", "articles"):
        assert pq.read_table(tmp_path / "o1" / f"{name}.parquet").equals(pq.read_table(tmp_path / "o2" / f"{name}.parquet"))


def test_append_adds_without_duplicating(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus / "a.txt"], out)
    run([corpus / "b.txt"], out, append=True)
    run([corpus / "b.txt"], out, append=True)
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    assert sorted(a["status"] for a in arts) == ["duplicate", "ok", "ok"]
    assert len(pq.read_table(out / "events.parquet")) >= 2


def test_no_input_is_an_error(tmp_path):
    with pytest.raises(InputError):
        run([tmp_path / "missing"], tmp_path / "out")


def test_cli_summary_line_and_exit_codes(corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "--out", str(tmp_path / "out")]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "articles read: 4" in line and "failed: 1" in line and "events:" in line and "seconds:" in line
    assert main(["run", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o")]) == 2


def test_cli_as_module_on_seed(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "etl", "run", str(ROOT / "seeds"), "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "articles read: 1" in r.stdout


def test_csv_neutralizes_formulas_parquet_keeps_them(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "f.txt").write_text("=HYPERLINK(\"http://evil.test\")\n\nKenya and Ethiopia signed a pact on Monday.\n", encoding="utf-8")
    run([d], tmp_path / "out")
    (row,) = pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()
    assert row["title"].startswith("=")
    with open(tmp_path / "out" / "articles.csv", newline="", encoding="utf-8") as fh:
        (crow,) = list(csv.DictReader(fh))
    assert crow["title"].startswith("'=")


def test_old_tables_survive_a_failed_run(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([corpus], out)
    before = pq.read_table(out / "events.parquet")

    import etl.pipeline as pl

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pl, "dedupe", boom)
    with pytest.raises(RuntimeError):
        run([corpus / "a.txt"], out)
    assert pq.read_table(out / "events.parquet").equals(before)
    assert not list(out.glob(".*.tmp"))


def test_resource_limits_reach_the_readers(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "big.txt").write_text("Title\n\n" + "Kenya and Ethiopia signed a pact. " * 40_000, encoding="utf-8")
    (d / "ok.txt").write_text(ARTICLE_EN, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(d), "--out", str(out), "--max-file-mb", "0.5"]) == 0
    arts = {a["origin"].rsplit("/", 1)[-1]: a for a in pq.read_table(out / "articles.parquet").to_pylist()}
    assert arts["big.txt"]["status"] == "failed" and "too large" in arts["big.txt"]["error"]
    assert arts["ok.txt"]["status"] == "ok"


def test_a_killed_runs_leftovers_are_cleaned(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out)
    dead = 2**22 + 12345  # no such process
    for junk in (f".events.parquet.{dead}.tmp", f".mentions-spill.{dead}.parquet"):
        (out / junk).write_bytes(b"half")
    (out / ".tables" / f"events.{dead}.1").mkdir(parents=True)
    run([corpus], out)
    left = [p.name for p in out.rglob("*") if str(dead) in p.name]
    assert left == []
    assert pq.read_table(out / "events.parquet").num_rows > 0


def test_a_truncated_record_says_so(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "long.txt").write_text("Title\n\n" + "Kenya and Ethiopia signed a pact. " * 100, encoding="utf-8")
    out = tmp_path / "out"
    run([d], out, max_record_chars=500)
    (row,) = pq.read_table(out / "articles.parquet").to_pylist()
    assert row["status"] == "ok" and row["error"] is None
    assert "truncated" in row["note"] and "500" in row["note"]
