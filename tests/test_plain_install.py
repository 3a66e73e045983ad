"""The plain-install check CI runs in a fresh venv (scripts/plain_install_check.py), here with
the test environment: an HTML page, a short English text and a D/M/Y-URL article end to end."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "plain_install_check.py"
CHECK = runpy.run_path(str(SCRIPT))


def test_end_to_end(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("plain install ok")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"language": "pcm"}, "note.txt: status/language/published/basis"),
        ({"published": None, "published_basis": "none"}, "wire.jsonl: status/language"),
        ({"n_events": 0}, "page.html: no event found"),
    ],
)
def test_check_reports_what_is_wrong(change: dict, problem: str):
    rows = [
        {"origin": f"/x/{name}", "status": "ok", "language": "en", "published": date,
         "published_basis": basis, "n_events": 1, "error": None}
        for name, (date, basis) in CHECK["EXPECTED"].items()
    ]  # fmt: skip
    assert CHECK["check_articles"](rows) == []
    target = {"note.txt": 1, "wire.jsonl": 2, "page.html": 0}[problem.split(":")[0]]
    rows[target] |= change
    assert any(p.startswith(problem) for p in CHECK["check_articles"](rows))
