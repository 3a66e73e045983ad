"""The pipeline on a Dask LocalCluster (2 worker processes) gives the single-process tables."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from etl.pipeline import run
from etl.writer import read_table

distributed = pytest.importorskip("distributed")

TABLES = ("events", "mentions", "articles")
CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
OWN = {
    "a.txt": "Japan and Canada sign trade pact\n\nOTTAWA, March 10, 2025 - Japan and Canada signed a trade agreement on Monday.\n",
    "b.txt": "Paris call\n\nPARIS, 2 April 2024 - The French president held a phone call with the German chancellor on Wednesday.\n",
}


@pytest.fixture
def corpus(make_corpus):
    d = make_corpus(
        {
            **OWN,
            "broken.jsonl": '{"title": "x", "text": "Kenya and Ethiopia met on 3 March 2025."}\n{not json\n',
            "empty.csv": b"",
        }
    )
    if (CORPORA / "reuters21578-000-002.jsonl").exists():
        with open(CORPORA / "reuters21578-000-002.jsonl", encoding="utf-8") as fh:
            (d / "reuters.jsonl").write_text("".join(itertools.islice(fh, 600)), encoding="utf-8")
        with open(CORPORA / "detik-2025.csv", newline="", encoding="utf-8") as fh, open(d / "detik.csv", "w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(itertools.islice(csv.reader(fh), 101))
    return d


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc,
        distributed.Client(lc) as c,
    ):
        yield c


def test_dask_tables_equal_single_process(corpus, tmp_path, client, monkeypatch):
    import etl.cluster

    monkeypatch.setattr(etl.cluster, "MIN_PARTITION", 50)  # several row ranges per file
    single = run([corpus], tmp_path / "one", incremental=False)
    dist = run([corpus], tmp_path / "dask", dask=client, incremental=False)
    assert (single.articles_read, single.articles_failed, single.events) == (dist.articles_read, dist.articles_failed, dist.events)
    for name in TABLES:
        assert read_table(tmp_path / "one", name).equals(read_table(tmp_path / "dask", name)), name
    arts = read_table(tmp_path / "dask", "articles").to_pylist()
    assert sum(a["status"] == "failed" for a in arts) >= 2  # the broken line and the empty file
    again = run([corpus], tmp_path / "dask", dask=client)  # incremental: nothing to extract
    assert again.reused == single.articles_read - single.articles_failed  # duplicates too
    for name in TABLES:
        assert read_table(tmp_path / "one", name).equals(read_table(tmp_path / "dask", name)), name


def test_partition_keeps_given_paths_and_never_fails(tmp_path):
    from etl.cluster import Partition, extract_partition

    f = tmp_path / "x.jsonl"
    f.write_text('{"title": "a", "text": "Japan and Canada signed a pact."}\n{"title": "b", "text": "Calm."}\n{bad\n', encoding="utf-8")
    got = extract_partition(Partition("in/x.jsonl", 1, 3, frozenset(), str(f)), {})
    assert [g.origin for g in got] == ["in/x.jsonl#row=1", "in/x.jsonl#row=2"]
    assert [g.failed for g in got] == [False, True]
    gone = extract_partition(Partition("in/y.jsonl", 0, 2, frozenset({1}), str(tmp_path / "missing.jsonl")), {})
    assert len(gone) == 1 and gone[0].failed and "Dask worker" in gone[0].row["error"]
