"""Usage mistakes on the command line: one ``error:`` line and exit code 2, no traceback, no
tables written (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.cli import main

FEED = "judul,isi_berita\nSebuah judul,Isi berita yang dikarang untuk tes.\n"


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    p = tmp_path / "feed.csv"
    p.write_text(FEED, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--columns", "text=Isi Lengkap"], "--columns does not fit"),  # header not in the file
        (["--columns", "text=Isi Lengkap"], "column 'Isi Lengkap' not found"),
        (["--columns", "titel=judul"], "unknown field in --columns: 'titel'"),
        (["--columns", "title"], "--columns wants field=Header pairs"),  # malformed
        (["--out", "{file}"], "is a file; give a folder"),
        (["--out", "{file}/sub"], "cannot create the folder"),
    ],
)
def test_clean_exit_2(
    feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
):
    (tmp_path / "taken").write_text("not a folder")
    args = [a.replace("{file}", str(tmp_path / "taken")) for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    assert main(["run", str(feed), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
    assert not list(tmp_path.rglob("*.parquet"))


@pytest.mark.parametrize("workers", ["0", "-3", "two", "1.5"])
def test_workers_must_be_positive(
    feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str
):
    with pytest.raises(SystemExit) as done:
        main(["run", str(feed), "--out", str(tmp_path / "out"), "--workers", workers])
    assert done.value.code == 2
    assert "argument --workers: must be a whole number of at least 1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_fitting_columns_mapping_runs(feed: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert main(["run", str(feed), "--out", str(out), "--columns", "title=Judul,text=isi berita"]) == 0
    assert (out / "articles.csv").exists()
