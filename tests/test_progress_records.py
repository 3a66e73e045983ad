"""The progress bar counts records, so one big JSONL shows progress too (issue 13)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from etl.cli import _progress_bar
from etl.pipeline import run


def _jsonl(path: Path, n: int) -> Path:
    rows = [{"title": f"Note {i}", "text": f"Invented note number {i}."} for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_pipeline_reports_every_record_of_one_file(tmp_path: Path):
    seen_records: list[int] = []
    seen_files: list[tuple[int, int]] = []
    run([_jsonl(tmp_path / "big.jsonl", 40)], tmp_path / "out",
        progress=lambda d, t: seen_files.append((d, t)), record_progress=seen_records.append)  # fmt: skip
    assert seen_records == list(range(1, 41))
    assert seen_files[-1] == (1, 1)


def test_files_still_reported_as_they_finish(tmp_path: Path):
    seen_files: list[tuple[int, int]] = []
    inputs = [_jsonl(tmp_path / f"f{i}.jsonl", 3) for i in range(3)]
    run(inputs, tmp_path / "out", progress=lambda d, t: seen_files.append((d, t)))
    assert seen_files == [(1, 3), (2, 3), (3, 3)]


def test_bar_shows_records_and_files():
    stream = io.StringIO()
    files, records, bar = _progress_bar(stream)
    files(1, 4)
    records(1234)
    bar.refresh()
    text = stream.getvalue()
    bar.close()
    assert "1234 records" in text and "files 1/4" in text
