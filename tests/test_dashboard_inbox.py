"""Nothing lost: articles added in the browser are kept in the inbox and survive `make etl`.

The real ETL and the real Makefile command (read with ``make -n``, run with this Python).
Fixture articles are invented."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_dashboard import APP, ROOT
from streamlit.testing.v1 import AppTest

from dashboard import data

pytest.importorskip("etl.pipeline")
if shutil.which("make") is None:
    pytest.skip("make is not installed", allow_module_level=True)

ARTICLES = [
    ("kenya visit.txt", "Invented: Kenyan president in Brasília\nBrasília, 3 June 2025. Kenya's president "
     "visited Brazil on Tuesday, 3 June 2025, and met President Lula, the invented wire said.\n"),
    ("norway call.txt", "Invented: a call between Oslo and Tokyo\nOslo, 12 May 2025. Norway's prime minister "
     "held a phone call with Japan's prime minister on 12 May 2025, an invented statement said.\n"),
]  # fmt: skip


def make_etl(data_dir: Path) -> None:
    """The command ``make etl DATA=<data_dir>`` runs, run with this interpreter."""
    dry = subprocess.run(
        ["make", "-n", "etl", f"DATA={data_dir}", "VENV=/nonexistent-venv", f"PY={sys.executable}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    cmd = next(line for line in dry.stdout.splitlines() if " -m etl run " in line)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(shlex.split(cmd), cwd=ROOT, env=env, check=True, capture_output=True)


def upload(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> AppTest:
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["tab"] = "Add articles"
    at.run()
    files = [(name, text.encode(), "text/plain") for name, text in ARTICLES]
    at.file_uploader(key="uploads").set_value(files).run()
    at.button(key="run_upload").click().run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    return at


def test_uploads_survive_make_etl_and_are_not_added_twice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_etl(data_dir)  # the seed alone
    seed_events = data.count_rows(data_dir, "events")

    at = upload(monkeypatch, data_dir)
    added = data.count_rows(data_dir, "events") - seed_events
    assert added >= 2, "the invented articles each report an event"
    assert at.success[0].value.startswith(f"This upload: 2 new article(s), 0 duplicate(s), 0 failed; {added} event(s)")
    inbox = data_dir / "inbox"
    assert sorted(p.name for p in inbox.iterdir()) == ["kenya_visit.txt", "norway_call.txt"]

    make_etl(data_dir)  # a rerun reads seeds/ and the inbox: nothing is lost
    assert data.count_rows(data_dir, "events") == seed_events + added
    origins = data.load_table_frame(data_dir, "articles", ["origin"])["origin"]
    assert origins.str.endswith("norway_call.txt").sum() == 1

    again = upload(monkeypatch, data_dir)  # the same files once more
    assert "2 file(s) already in the inbox, not added again" in again.info[0].value
    assert data.count_rows(data_dir, "events") == seed_events + added
    assert len(list(inbox.iterdir())) == 2
