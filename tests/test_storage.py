"""Storage layouts (flat, month-partitioned, both), atomic dataset swaps, read_table, and
dedupe from the mention spill file."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl.dedupe import dedupe
from etl.pipeline import run
from etl.schema import EVENT_COLUMNS, SCHEMAS
from etl.spill import MentionSpill, dedupe_spill
from etl.writer import TableWriter, month_keys, read_table

TABLES = ("events", "mentions", "articles")
TEXTS = {
    "a.txt": "Japan and Canada sign trade pact\n\nOTTAWA, March 10, 2025 - Japan and Canada signed a trade agreement on Monday.\n",
    "b.txt": "Paris call\n\nPARIS, 2 April 2024 - The French president held a phone call with the German chancellor on Wednesday.\n",
    "c.txt": "Visit\n\nJAKARTA, 5 January 2025 - Indonesia's president visited Vietnam on Sunday.\n",
    "d.txt": "Undated\n\nShares were little changed.\n",
}


@pytest.fixture
def corpus(make_corpus):
    return make_corpus(TEXTS)


def _sorted(t: pa.Table) -> list[dict]:
    return sorted(t.to_pylist(), key=repr)


def test_partitioned_layout_has_the_same_rows_by_month(corpus, tmp_path):
    run([corpus], tmp_path / "flat", layout="flat", incremental=False)
    run([corpus], tmp_path / "part", layout="partitioned", incremental=False)
    assert not (tmp_path / "flat" / "events").exists()
    assert not (tmp_path / "part" / "events.parquet").exists()
    for name in TABLES:
        assert (tmp_path / "part" / f"{name}.csv").is_file()  # CSVs stay flat single files
        flat, part = read_table(tmp_path / "flat", name), read_table(tmp_path / "part", name)
        assert part.schema.equals(SCHEMAS[name]) and _sorted(flat) == _sorted(part)
    root = tmp_path / "part" / "articles"
    files = sorted(root.glob("month=*/part-0.parquet"))
    assert files
    for f in files:
        month = f.parent.name.removeprefix("month=")
        got = set(month_keys(pq.read_table(f, partitioning=None)["published"]).to_pylist())
        assert got == {month}
    con = duckdb.connect()
    n = con.execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning=true)", [str(tmp_path / "part" / "events" / "**" / "*.parquet")]
    ).fetchone()[0]
    assert n == read_table(tmp_path / "flat", "events").num_rows


def test_both_layout_keeps_flat_files_first(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out)  # default: both
    assert (out / "events.parquet").is_file() and (out / "events").is_dir()
    assert read_table(out, "events").equals(pq.read_table(out / "events.parquet"))
    run([corpus], out, layout="flat")
    assert not (out / "events").exists()
    run([corpus], out, layout="partitioned")
    assert not (out / "events.parquet").exists() and read_table(out, "events").num_rows > 0


def test_dataset_swap_is_one_rename_and_keeps_the_previous_version(tmp_path):
    out = tmp_path / "out"
    schema = SCHEMAS["events"]
    versions = []
    for i in range(3):
        w = TableWriter(out, "events", "partitioned")
        w.write_table(pa.Table.from_pylist([{c: None for c in EVENT_COLUMNS} | {"event_id": f"e{i}", "event_date": "2025-01-0" + str(i + 1)}], schema=schema))
        assert read_table(out, "events") is None or read_table(out, "events")["event_id"].to_pylist() == [f"e{i - 1}"]
        w.commit()
        assert (out / "events").is_symlink()
        versions.append(os.path.realpath(out / "events"))
        assert read_table(out, "events")["event_id"].to_pylist() == [f"e{i}"]
    kept = sorted(str(p) for p in (out / ".tables").iterdir())
    assert kept == sorted(versions[-2:])  # readers of the previous version can finish


def test_aborted_partitioned_writer_leaves_old_dataset(tmp_path):
    out = tmp_path / "out"
    w = TableWriter(out, "articles", "both")
    w.write_rows([{"article_id": "x", "published": "2025-02-03", "status": "ok"}])
    w.commit()
    w2 = TableWriter(out, "articles", "both")
    w2.write_rows([{"article_id": "y", "published": "2025-02-04", "status": "ok"}])
    w2.abort()
    assert read_table(out, "articles")["article_id"].to_pylist() == ["x"]
    assert len(list((out / ".tables").iterdir())) == 1 and not list(out.glob(".*.tmp"))


def _m(article, etype="visit", a1="IRN", a2="RUS", date="2025-01-17", prec="day", pub="2025-01-18", conf=0.8):
    return {
        "article_id": article, "event_type": etype, "status": "occurred", "actor1": a1, "actor2": a2,
        "event_date": date, "date_precision": prec, "date_text": f"text {article}", "sentence": f"sentence {article}",
        "char_start": 3, "char_end": 10, "trigger": "visit", "location": a2 if etype == "visit" else None,
        "confidence": conf, "language": "en", "title": f"title {article}", "url": f"https://x.test/{article}",
        "source": f"s{article[-1]}", "published": pub,
    }  # fmt: skip


def test_dedupe_from_spill_equals_in_memory_dedupe(tmp_path):
    ms = [
        _m("a1"), _m("a2", date="2025-01", prec="month", pub="2025-01-10", conf=0.9), _m("a3", a1="RUS", a2="IRN"),
        _m("a4", etype="meeting", date=None, prec="none"), _m("a5", etype="meeting", a1="RUS", a2="IRN", date=None, prec="none"),
        _m("a6", date="2025-02-01"), _m("a7", etype="call", a1="FRA", a2="DEU", date="2024"),
    ]  # fmt: skip
    names = {"IRN": "Iran", "RUS": "Russia"}
    spill = MentionSpill(tmp_path / "spill.parquet")
    for m in ms:
        spill.add([m])
    path = spill.close()
    events: list[dict] = []
    tables: list[pa.Table] = []
    n = dedupe_spill(path, lambda isos: {k: v for k, v in names.items() if k in isos}, events.extend, tables.append)
    want_events, want_mentions = dedupe(ms, names)
    assert n == (len(want_events), len(want_mentions))
    assert events == want_events
    got = pa.concat_tables(tables).select(SCHEMAS["mentions"].names).cast(SCHEMAS["mentions"])
    want = pa.Table.from_pylist([{c: m[c] for c in SCHEMAS["mentions"].names} for m in want_mentions], schema=SCHEMAS["mentions"])
    assert got.equals(want)


def test_evaluate_reads_any_layout(corpus, tmp_path):
    from etl.evaluate import score_tables

    gold = {str(Path("a.txt")): {"file": "a.txt", "lang": "en", "published": "2025-03-10", "events": [
        {"type": "agreement", "status": "occurred", "actor1": "JPN", "actor2": "CAN", "date": "2025-03-10",
         "precision": "day", "evidence": "Japan and Canada signed"}]}}  # fmt: skip
    run([corpus], tmp_path / "f", layout="flat")
    run([corpus], tmp_path / "p", layout="partitioned")
    assert score_tables(tmp_path / "f", gold).text() == score_tables(tmp_path / "p", gold).text()
