"""The summary line names the failed records (first few, with reasons) and the table that
holds them (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl.cli import main
from etl.pipeline import SHOW_FAILURES, RunSummary

GOOD = "Talks in Oslo\nThe two foreign ministers met in Oslo on Monday, officials said.\n"


def _write(folder: Path, n_bad: int) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    for i in range(n_bad):
        (folder / f"bad{i}.txt").write_bytes(b"\x00\x01\x02\x03 binary " * 5)


@pytest.mark.parametrize("n_bad", [0, 1, SHOW_FAILURES, SHOW_FAILURES + 2])
def test_summary_names_failed_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], n_bad: int
):
    _write(tmp_path / "in", n_bad)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert f"failed: {n_bad}," in line and "\n" not in line
    if not n_bad:
        assert "failed records" not in line
        return
    assert f"failed records are in {out / 'articles.csv'} (status=failed, reason in error)" in line
    named = [f"bad{i}.txt: binary content" for i in range(n_bad)]
    shown = min(n_bad, SHOW_FAILURES)
    assert all(n in line for n in named[:shown]) and not any(n in line for n in named[shown:])
    assert line.endswith(f"(and {n_bad - shown} more)") == (n_bad > shown)
    failed = pq.read_table(out / "articles.parquet").to_pylist()
    assert sum(r["status"] == "failed" for r in failed) == n_bad


def test_line_without_failures_is_unchanged():
    s = RunSummary(articles_read=3, articles_failed=0, events=1, mentions=2, seconds=1.0)
    assert s.line() == (
        "articles read: 3, failed: 0, duplicates: 0, events: 1, mentions: 2, "
        "seconds: 1.00 (3 articles/s)"
    )
