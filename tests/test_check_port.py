"""`make run` on a busy port says what to do instead of a Streamlit traceback (issue 13)."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_port.py"


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def test_busy_port_one_line_hint(busy_port: int):
    r = _check(str(busy_port))
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"port {busy_port} is in use")
    assert "run `make run PORT=" in lines[0] and f"PORT={busy_port}`" not in lines[0]


def test_free_port_passes_silently():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: free
    r = _check(str(port))
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


@pytest.mark.parametrize("arg", ["x", "0", "70000", ""])
def test_bad_port_value(arg: str):
    r = _check(*([arg] if arg else []))
    assert r.returncode == 2 and "PORT must be a number from 1 to 65535" in r.stderr
