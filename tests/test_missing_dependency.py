"""A missing library stops the run with one clear message (issue 13), not a failed row a file."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from etl import pubdate
from etl.cli import main
from etl.cluster import connect
from etl.deps import MissingDependency, require
from etl.pipeline import run
from etl.process import process_record
from etl.schema import RawRecord

PAGE = "<html lang='en'><head><title>Talks in Oslo</title></head><body><p>{}</p></body></html>"


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    for i in range(3):
        (folder / f"page{i}.html").write_text(PAGE.format(f"Invented page number {i}."))
    (folder / "note.txt").write_text("A plain note\nNothing happened here.\n")
    return folder


@pytest.fixture
def no_html_cleaner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lxml_html_clean", None)  # import raises ImportError


def test_require_names_the_package_and_how_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "lxml_html_clean", None)
    with pytest.raises(MissingDependency) as err:
        require("lxml_html_clean", "lxml_html_clean", "Reading HTML")
    assert "'lxml_html_clean'" in err.value.message
    assert "pip install lxml_html_clean" in err.value.message
    assert "make install" in err.value.message
    # it crosses process boundaries (--workers, Dask) with its message
    assert pickle.loads(pickle.dumps(err.value)).message == err.value.message


@pytest.mark.usefixtures("no_html_cleaner")
def test_pipeline_stops_at_the_first_html_file(tmp_path: Path):
    out = tmp_path / "out"
    with pytest.raises(MissingDependency, match="lxml_html_clean"):
        run([_inputs(tmp_path / "in")], out)
    assert not list(out.glob("*.parquet")) and not list(out.glob("*.csv"))


@pytest.mark.usefixtures("no_html_cleaner")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_one_message_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str):
    code = main(["run", str(_inputs(tmp_path / "in")), "--out", str(tmp_path / "out"),
                 "--workers", workers])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 3
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Reading HTML")
    assert "pip install lxml_html_clean" in lines[0]


def test_previous_tables_survive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    (inputs / "page0.html").unlink()
    for p in inputs.glob("*.html"):
        p.rename(p.with_suffix(".txt"))
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    before = (out / "articles.csv").read_bytes()
    (inputs / "late.html").write_text(PAGE.format("Another invented page."))
    monkeypatch.setitem(sys.modules, "lxml_html_clean", None)
    assert main(["run", str(inputs), "--out", str(out)]) == 3
    assert (out / "articles.csv").read_bytes() == before


def test_dateparser_missing_is_not_a_silent_no_date(monkeypatch: pytest.MonkeyPatch):
    """A date string only dateparser reads: without it, the run stops instead of no date."""
    caches = (pubdate._date_parser, pubdate._dateparser_languages, pubdate._slow)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.setitem(sys.modules, "dateparser.date", None)
    monkeypatch.setitem(sys.modules, "dateparser.languages.loader", None)
    rec = RawRecord(origin="x.txt", title="Talks", text="Talks went on.",
                    published_raw="2021 mars 22", language="fr")  # fmt: skip
    try:
        with pytest.raises(MissingDependency, match="'dateparser'"):
            process_record(rec)
    finally:
        for cached in caches:  # nothing cached while dateparser was "missing"
            cached.cache_clear()


def test_cluster_extra_is_named(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    hint = r"pip install 'diplo-timeline\[cluster\]'"
    with pytest.raises(MissingDependency, match=hint), connect("local"):
        pass


@pytest.mark.parametrize("where", ["cmd_run", "_add_run"])  # running, or building the parser
def test_any_missing_module_is_one_line_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
):
    def broken(_args: object) -> int:
        raise ModuleNotFoundError("No module named 'pyarrow'", name="pyarrow")

    monkeypatch.setattr(f"etl.cli.{where}", broken)
    assert main(["run", str(tmp_path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'pyarrow'" in err[0] and "source .venv/bin/activate" in err[0]
