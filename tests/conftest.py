"""Shared fixtures. Fixture sentences in tests are written by us; corpora and the dev
set are read from ../shared at run time (present in CI) and skipped when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset"
CORPORA = SHARED / "corpora"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared not present")
    return SHARED


@pytest.fixture(scope="session")
def devset_dir(shared_dir: Path) -> Path:
    if not (shared_dir / "devset" / "gold.jsonl").exists():
        pytest.skip("dev set not present")
    return shared_dir / "devset"


@pytest.fixture(scope="session")
def corpora_dir(shared_dir: Path) -> Path:
    if not (shared_dir / "corpora").exists():
        pytest.skip("corpora not present")
    return shared_dir / "corpora"


def _write(p: Path, content: str | bytes) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


@pytest.fixture
def write_file(tmp_path: Path):
    """Write one file under tmp_path and return its path."""

    def _write_one(name: str, content: str | bytes) -> Path:
        return _write(tmp_path / name, content)

    return _write_one


@pytest.fixture
def make_corpus(tmp_path: Path):
    """A folder of input files from {name: text or bytes}."""

    def _make(files: dict[str, str | bytes], name: str = "in") -> Path:
        d = tmp_path / name
        d.mkdir(parents=True, exist_ok=True)
        for fname, content in files.items():
            _write(d / fname, content)
        return d

    return _make




@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright, one per test module (skips without them)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from dashboard.serve import launch_chromium

    with sync_api.sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where browser tests put their screenshots: $SCREENSHOT_DIR, else a temporary folder."""
    import os

    d = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))
    d.mkdir(parents=True, exist_ok=True)
    return d
