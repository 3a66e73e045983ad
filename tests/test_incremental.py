"""Incremental runs: unchanged articles are not extracted again, results are identical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import etl.parallel
import etl.pipeline
from etl.incremental import META, extractor_stamp
from etl.pipeline import run
from etl.writer import read_table

TABLES = ("events", "mentions", "articles")

A = {
    "a1.txt": "Japan and Canada sign trade pact\n\nOTTAWA, March 10, 2025 - Japan and Canada signed a trade agreement on Monday.\n",
    "a2.txt": "Kenya hosts Ethiopia\n\nNAIROBI, 4 March 2025 - Kenya's president met Ethiopia's prime minister in Nairobi on Tuesday.\n",
    "a3.txt": "Markets calm\n\nShares were little changed on Friday.\n",
}
B = {
    "b1.txt": "France and Germany talk\n\nPARIS, 2 April 2025 - The French president held a phone call with the German chancellor on Wednesday.\n",
    "b2.txt": "Japan and Canada sign trade pact\n\nOTTAWA, March 10, 2025 - Japan and Canada signed a trade agreement on Monday.\n",
}


def _write(d: Path, files: dict[str, str]) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for k, v in files.items():
        (d / k).write_text(v, encoding="utf-8")
    return d


@pytest.fixture
def calls(monkeypatch):
    """Count records that reach the extractor (in this process: workers=1)."""
    seen: list[str] = []
    real = etl.parallel.process_record

    def counting(rec):
        seen.append(rec.origin)
        return real(rec)

    monkeypatch.setattr(etl.parallel, "process_record", counting)
    return seen


def _same(o1: Path, o2: Path) -> None:
    for name in TABLES:
        a, b = read_table(o1, name), read_table(o2, name)
        assert a.equals(b), name


def test_rerun_extracts_nothing_and_gives_identical_tables(tmp_path, calls):
    a = _write(tmp_path / "a", A)
    out = tmp_path / "out"
    first = run([a], out)
    assert len(calls) == 3 and first.reused == 0
    assert json.loads((out / META).read_text())["stamp"] == extractor_stamp()
    calls.clear()
    again = run([a], out)
    assert calls == [] and again.reused == 3
    assert (again.events, again.mentions) == (first.events, first.mentions) and first.events >= 1
    run([a], tmp_path / "scratch", incremental=False)
    _same(out, tmp_path / "scratch")


def test_added_files_are_the_only_ones_processed(tmp_path, calls):
    a, b = _write(tmp_path / "a", A), _write(tmp_path / "b", B)
    out = tmp_path / "out"
    run([a], out)
    calls.clear()
    s = run([a, b], out)
    assert [Path(c).name for c in calls] == ["b1.txt"]  # b2 repeats a1: answered from the cache
    assert s.reused == 4 and s.duplicates == 1  # and is still a duplicate, as from scratch
    run([a, b], tmp_path / "scratch", incremental=False)
    _same(out, tmp_path / "scratch")


def test_changed_article_or_extractor_is_extracted_again(tmp_path, calls, monkeypatch):
    a = _write(tmp_path / "a", A)
    out = tmp_path / "out"
    run([a], out)
    (a / "a3.txt").write_text("Markets calm\n\nIndia and Brazil signed a pact on 2 May 2025.\n", encoding="utf-8")
    calls.clear()
    run([a], out)
    assert [Path(c).name for c in calls] == ["a3.txt"]
    monkeypatch.setattr(etl.pipeline, "extractor_stamp", lambda: "another-extractor")
    calls.clear()
    run([a], out)
    assert len(calls) == 3
    run([a], tmp_path / "scratch", incremental=False)
    _same(out, tmp_path / "scratch")


def test_stamp_covers_sources_and_lexicons(tmp_path):
    (tmp_path / "x.py").write_text("a = 1\n")
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "en.toml").write_text("k = 1\n")
    s1 = extractor_stamp(tmp_path)
    (tmp_path / "lexicons" / "en.toml").write_text("k = 2\n")
    extractor_stamp.cache_clear()
    assert extractor_stamp(tmp_path) != s1


def test_append_then_incremental_rerun_keeps_tables(tmp_path, calls):
    a, b = _write(tmp_path / "a", A), _write(tmp_path / "b", B)
    out = tmp_path / "out"
    run([a], out)
    run([b], out, append=True)
    before = {n: read_table(out, n) for n in TABLES}
    calls.clear()
    run([b], out, append=True)  # same file again: duplicates, no extraction
    assert calls == []
    arts = read_table(out, "articles").to_pylist()
    assert [r["status"] for r in arts].count("duplicate") == 3
    assert read_table(out, "events").equals(before["events"])


def test_append_onto_another_extractors_tables_disables_reuse(tmp_path, calls, monkeypatch):
    a, b = _write(tmp_path / "a", A), _write(tmp_path / "b", B)
    out = tmp_path / "out"
    run([a], out)
    monkeypatch.setattr(etl.pipeline, "extractor_stamp", lambda: "another-extractor")
    run([b], out, append=True)  # keeps a's rows made by the other extractor
    assert json.loads((out / META).read_text())["stamp"] is None
    calls.clear()
    run([a], out)
    assert len(calls) == 3  # nothing reused from a mixed output
