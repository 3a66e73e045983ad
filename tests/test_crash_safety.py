"""Crash safety: SIGKILL the ETL at seeded random moments of a run on the detik corpus, check
that the output folder never shows a half-written table, rerun, and get tables identical to
an uninterrupted run.  The corpus is read at test time from ../shared (skipped when absent).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "detik-2025.csv"
TABLES = ("events", "mentions", "articles")
SEEDS = (1, 9, 20)  # kill at 26 %, 54 % and 92 % of an uninterrupted run's time

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_file(), reason="../shared/corpora/detik-2025.csv absent"),
]

Snapshot = dict[str, tuple[pa.Table, bytes]]


def etl(inputs: list[Path], out: Path) -> subprocess.Popen[bytes]:
    """``python -m etl run INPUT --out OUT`` in a session of its own (so that a kill reaches
    any worker process it starts); stderr goes to ``OUT.log``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_suffix(".log"), "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "etl", "run", *map(str, inputs), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )


def finish(inputs: list[Path], out: Path) -> None:
    proc = etl(inputs, out)
    proc.wait(timeout=300)
    log = out.with_suffix(".log").read_text(errors="replace")
    assert proc.returncode == 0, log[-2000:]


def snapshot(out: Path) -> Snapshot:
    """Each table's Parquet (as read) and CSV (as bytes) under its final name."""
    return {
        name: (pq.read_table(out / f"{name}.parquet"), (out / f"{name}.csv").read_bytes())
        for name in TABLES
    }


def assert_same_tables(got: Snapshot, want: Snapshot) -> None:
    for name in TABLES:
        assert got[name][0].equals(want[name][0]), f"{name}.parquet differs"
        assert got[name][1] == want[name][1], f"{name}.csv differs"


def assert_never_partial(out: Path, old: Snapshot, new: Snapshot) -> None:
    """Under the final names there is the old complete table, the new complete one, or
    (CSV/Parquet of a table written for the first time) nothing: never a partial file."""
    for name in TABLES:
        parquet, csv_file = out / f"{name}.parquet", out / f"{name}.csv"
        if parquet.exists():
            table = pq.read_table(parquet)  # a torn file would not even parse
            assert table.equals(old[name][0]) or table.equals(new[name][0]), parquet
        if csv_file.exists():
            data = csv_file.read_bytes()
            assert data in (old[name][1], new[name][1]), csv_file
        dataset = out / name  # the month-partitioned layout, when written
        if dataset.exists():
            rows = pq.read_table(dataset).num_rows
            assert rows in (old[name][0].num_rows, new[name][0].num_rows), dataset


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Snapshot, float]:
    """Tables of a complete run on the seeds ("old") and on the corpus ("new"), and the time
    an uninterrupted corpus run takes."""
    base = tmp_path_factory.mktemp("uninterrupted")
    finish([ROOT / "seeds"], base / "seeds")
    t0 = time.monotonic()
    finish([CORPUS], base / "corpus")
    took = time.monotonic() - t0
    return snapshot(base / "seeds"), snapshot(base / "corpus"), took


@pytest.mark.parametrize("seed", SEEDS)
def test_kill_at_random_point_then_rerun(
    seed: int, uninterrupted: tuple[Snapshot, Snapshot, float], tmp_path: Path
):
    old, new, took = uninterrupted
    out = tmp_path / "out"
    finish([ROOT / "seeds"], out)  # the previous complete tables
    assert_same_tables(snapshot(out), old)

    delay = took * (0.15 + 0.85 * random.Random(seed).random())
    proc = etl([CORPUS], out)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # it may end between the two calls
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert_never_partial(out, old, new)

    finish([CORPUS], out)
    assert_same_tables(snapshot(out), new)


def test_rerun_clears_what_a_killed_run_left(
    uninterrupted: tuple[Snapshot, Snapshot, float], tmp_path: Path
):
    _, _, took = uninterrupted
    out = tmp_path / "out"
    proc = etl([CORPUS], out)
    try:
        proc.wait(timeout=took * 0.6)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finish([CORPUS], out)
    pid = f".{proc.pid}."
    left = [str(p.relative_to(out)) for p in out.rglob("*") if pid in p.name]
    assert not left, left
