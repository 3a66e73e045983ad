"""--workers N: chunks of records in worker processes give exactly the one-process tables."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

import etl.process
from etl.parallel import Processed, chunked, ordered_results
from etl.pipeline import run
from etl.schema import RawRecord
from etl.writer import read_table

TABLES = ("events", "mentions", "articles")

OWN = {
    "a.txt": "Japan and Canada sign trade pact\n\nOTTAWA, March 10, 2025 - Japan and Canada signed a trade agreement on Monday.\n",
    "b.txt": "Kenya hosts Ethiopia\n\nNAIROBI, 4 March 2025 - Kenya's president met Ethiopia's prime minister in Nairobi on Tuesday.\n",
    "c.txt": "Boom article\n\nBOOM: Brazil and Argentina signed a deal on 5 May 2024.\n",
}


def small_corpus(root: Path, corpora: Path | None, detik_rows: int = 150, reuters_lines: int = 250) -> Path:
    """Our own texts, a broken JSONL line and (when ../shared is there) slices of the corpora."""
    d = root / "in"
    d.mkdir()
    for name, text in OWN.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "broken.jsonl").write_text('{"title": "x", "text": "Kenya and Ethiopia met on 3 March 2025."}\n{not json\n', encoding="utf-8")
    if corpora is not None:
        with open(corpora / "detik-2025.csv", newline="", encoding="utf-8") as fh, open(d / "detik.csv", "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            for row in itertools.islice(csv.reader(fh), detik_rows + 1):
                w.writerow(row)
        with open(corpora / "reuters21578-000-002.jsonl", encoding="utf-8") as fh:
            (d / "reuters.jsonl").write_text("".join(itertools.islice(fh, reuters_lines)), encoding="utf-8")
    return d


@pytest.fixture
def corpus(tmp_path, request):
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
    return small_corpus(tmp_path, shared if (shared / "detik-2025.csv").exists() else None)


def _boom_on_marker(real):
    def extract(text, *a, **k):
        if "BOOM:" in text:
            raise ValueError("extractor exploded")
        return real(text, *a, **k)

    return extract


def test_two_workers_give_identical_tables_and_keep_failures(corpus, tmp_path, monkeypatch):
    # fork-started workers inherit the patch: an extractor exception inside a worker
    monkeypatch.setattr(etl.process, "extract_events", _boom_on_marker(etl.process.extract_events))
    s1 = run([corpus], tmp_path / "w1", workers=1, incremental=False)
    s2 = run([corpus], tmp_path / "w2", workers=2, incremental=False)
    assert (s1.articles_read, s1.articles_failed, s1.events, s1.mentions) == (
        s2.articles_read, s2.articles_failed, s2.events, s2.mentions,
    )
    for name in TABLES:
        a, b = read_table(tmp_path / "w1", name), read_table(tmp_path / "w2", name)
        assert a.num_rows == b.num_rows and a.equals(b), name
    arts = read_table(tmp_path / "w2", "articles").to_pylist()
    boom = [a for a in arts if a["origin"].endswith("c.txt")]
    assert boom[0]["status"] == "failed" and "extractor exploded" in boom[0]["error"]
    assert any(a["status"] == "failed" and "#row=1" in a["origin"] for a in arts)
    assert any(a["status"] == "ok" and a["n_events"] > 0 for a in arts)


def test_ordered_results_keep_input_order_with_cache_hits():
    recs = [RawRecord(origin=f"r{i}", title=f"t{i}", text="Nothing happens here.") for i in range(10)]
    hit = Processed({"status": "ok", "article_id": "cached"}, [], "h", "cached")
    items = [recs[0], hit, *recs[1:5], hit, hit, *recs[5:]]

    class Now:
        def __init__(self, v):
            self.v = v

        def result(self):
            return self.v

    from etl.parallel import process_chunk

    got = list(ordered_results(chunked(items, 3), lambda rs: Now(process_chunk(rs)), window=2))
    assert [g.origin for g in got] == [i.origin for i in items]
