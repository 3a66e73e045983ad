"""Adding articles from the browser: checks, saving to a fresh temp dir, calling the ETL.

The ETL entry point is ``etl.pipeline.run(inputs, out, *, append, progress, columns)``;
it is imported only when a run is asked for, so the dashboard works (and is tested
with a fake) whether or not the pipeline module is installed.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ALLOWED_TYPES = ("txt", "md", "csv", "tsv", "json", "jsonl", "html", "htm")
MAX_TOTAL_MB = 50
MAX_TOTAL_BYTES = MAX_TOTAL_MB * 1024 * 1024
MAX_FILES = 500
SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_uploads(files: Sequence[tuple[str, int]], max_total: int = MAX_TOTAL_BYTES) -> list[str]:
    """Problems with (name, size) pairs; an empty list means they may be processed."""
    errors = []
    if not files:
        errors.append("No file was given.")
    if len(files) > MAX_FILES:
        errors.append(f"At most {MAX_FILES} files at once ({len(files)} given).")
    for name, _ in files:
        if extension(name) not in ALLOWED_TYPES:
            errors.append(f"{name!r}: type not accepted (allowed: {', '.join(ALLOWED_TYPES)}).")
    total = sum(size for _, size in files)
    if total > max_total:
        errors.append(
            f"The files add up to {total / 1024 / 1024:.1f} MB; the limit is {max_total / 1024 / 1024:.0f} MB in total."
        )
    return errors


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, used: set[str]) -> str:
    """A file name without any path part or odd characters, unique within ``used``."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    ext = extension(base)
    stem = base[: -(len(ext) + 1)] if ext else base
    stem = _UNSAFE.sub("_", stem).strip("._-")[:80] or "upload"
    ext = _UNSAFE.sub("", ext)[:8]
    cand = f"{stem}.{ext}" if ext else stem
    i = 1
    while cand.lower() in used:
        cand = f"{stem}_{i}.{ext}" if ext else f"{stem}_{i}"
        i += 1
    used.add(cand.lower())
    return cand


def save_uploads(files: Iterable[Upload], dest: Path | None = None) -> tuple[Path, list[Path]]:
    """Write the uploads into a fresh temporary directory; returns (dir, paths)."""
    folder = Path(dest) if dest is not None else Path(tempfile.mkdtemp(prefix="dashboard-upload-"))
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    paths = []
    for f in files:
        p = folder / safe_name(f.name, used)
        p.write_bytes(f.data)
        paths.append(p)
    return folder, paths


def load_runner() -> Callable[..., Any]:
    """``etl.pipeline.run``, imported now (ImportError when the ETL is not installed)."""
    from etl.pipeline import run

    return run


@dataclass
class ImportResult:
    articles_read: int = 0
    articles_failed: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0
    failed: pd.DataFrame = field(default_factory=pd.DataFrame)  # origin, error

    @classmethod
    def from_summary(cls, summary: Any, failed: pd.DataFrame) -> ImportResult:
        def g(name: str, default: Any = 0) -> Any:
            if isinstance(summary, dict):
                return summary.get(name, default)
            return getattr(summary, name, default)

        return cls(
            articles_read=int(g("articles_read") or 0),
            articles_failed=int(g("articles_failed") or 0),
            events=int(g("events") or 0),
            mentions=int(g("mentions") or 0),
            seconds=float(g("seconds", 0.0) or 0.0),
            failed=failed,
        )


def run_import(
    inputs: list[Path],
    out: Path,
    *,
    append: bool = True,
    progress: Progress | None = None,
    columns: dict[str, str] | None = None,
    runner: Callable[..., Any] | None = None,
    failed_origin_contains: str | None = None,
) -> ImportResult:
    """Run the ETL on ``inputs`` into ``out`` and collect its failed articles."""
    from .data import load_failed_articles

    run = runner or load_runner()
    Path(out).mkdir(parents=True, exist_ok=True)
    summary = run(list(inputs), Path(out), append=append, progress=progress, columns=columns or None)
    failed = load_failed_articles(Path(out), failed_origin_contains)
    cols = [c for c in ("origin", "record_id", "title", "error") if c in failed.columns]
    return ImportResult.from_summary(summary, failed[cols].reset_index(drop=True))


def seed_inputs(seeds: Path = SEEDS_DIR) -> list[Path]:
    """The seed files, in order (hidden files skipped)."""
    if not seeds.is_dir():
        return []
    return sorted(p for p in seeds.rglob("*") if p.is_file() and not p.name.startswith("."))


def column_mapping(values: dict[str, str]) -> dict[str, str] | None:
    """Non-empty, stripped column-name overrides, or None when none was given."""
    out = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
    return out or None
