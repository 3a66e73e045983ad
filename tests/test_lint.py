"""Lint and types are part of `make test`: ruff and mypy as configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(module: str) -> None:
    if shutil.which(module) is None and subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True
    ).returncode != 0:
        pytest.skip(f"{module} not installed")


def test_ruff_clean():
    _tool("ruff")
    r = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "etl", "dashboard", "tests", "benchmarks", "scripts"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_mypy_clean():
    _tool("mypy")
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "etl", "dashboard"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
