"""Adding articles from the browser: checks, keeping the files in the inbox, calling the ETL.

Uploaded files are kept in ``<data dir>/inbox/`` (git-ignored, never deleted by the app),
which ``make etl`` / ``make run`` read together with ``seeds/``: whatever a user adds
survives every rerun. A file whose bytes are already in the inbox (SHA-256) is reported as
a duplicate and not added again.

The ETL entry point is ``etl.pipeline.run(inputs, out, *, append, progress, columns)``;
it is imported only when a run is asked for, so the dashboard works (and is tested
with a fake) whether or not the pipeline module is installed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ALLOWED_TYPES = ("txt", "md", "csv", "tsv", "json", "jsonl", "html", "htm")
MAX_FILE_MB = 50  # per file; the upload widget states it (server.maxUploadSize agrees)
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_FILES = 500
INBOX = "inbox"
ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def digest(self) -> str:
        return file_hash(self.data)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_uploads(files: Sequence[tuple[str, int]], max_file: int = MAX_FILE_BYTES) -> list[str]:
    """Problems with (name, size) pairs; an empty list means they may be processed."""
    errors = []
    if not files:
        errors.append("No file was given.")
    if len(files) > MAX_FILES:
        errors.append(f"At most {MAX_FILES} files at once ({len(files)} given).")
    for name, size in files:
        if extension(name) not in ALLOWED_TYPES:
            errors.append(f"{name!r}: type not accepted (allowed: {', '.join(ALLOWED_TYPES)}).")
        elif size > max_file:
            errors.append(f"{name!r}: {size / 1024 / 1024:.1f} MB is over the limit of {max_file / 1024 / 1024:.0f} MB.")
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


# --------------------------------------------------------------------------- the inbox
def inbox_dir(data_dir: Path) -> Path:
    """Where uploaded files are kept: ``<data dir>/inbox``."""
    return Path(data_dir) / INBOX


def inbox_files(inbox: Path) -> list[Path]:
    """The article files in the inbox (hidden and temporary files skipped), sorted."""
    if not inbox.is_dir():
        return []
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))


def known_hashes(inbox: Path) -> dict[str, str]:
    """SHA-256 of every file in the inbox -> its name."""
    return {file_hash(p.read_bytes()): p.name for p in inbox_files(inbox)}


@dataclass(frozen=True)
class Plan:
    """What to do with one upload: the files to add, and the duplicates (name, kept as)."""

    new: tuple[Upload, ...]
    duplicates: tuple[tuple[str, str], ...]


def plan_uploads(files: Iterable[Upload], known: Mapping[str, str]) -> Plan:
    """Split an upload into new files and files whose bytes are already known (in the inbox
    or earlier in the same upload). Pure."""
    seen = dict(known)
    new: list[Upload] = []
    dups: list[tuple[str, str]] = []
    for f in files:
        h = f.digest
        if h in seen:
            dups.append((f.name, seen[h]))
            continue
        seen[h] = f.name
        new.append(f)
    return Plan(tuple(new), tuple(dups))


def save_uploads(files: Iterable[Upload], folder: Path) -> dict[Path, str]:
    """Write the uploads into ``folder`` (created) under safe names that do not clash with
    the files there; each is written to a hidden temporary file first and renamed, so the
    ETL never reads half a file. Returns {saved path: name as uploaded}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    used = {p.name.lower() for p in folder.iterdir()}
    saved: dict[Path, str] = {}
    for f in files:
        p = folder / safe_name(f.name, used)
        tmp = folder / f".{p.name}.{os.getpid()}.part"
        tmp.write_bytes(f.data)
        os.replace(tmp, p)
        saved[p] = f.name
    return saved


def default_inputs(data_dir: Path, seeds: Path = SEEDS_DIR) -> list[Path]:
    """What ``make etl`` reads: the seed files, then the inbox when it exists."""
    inbox = inbox_dir(data_dir)
    return seed_inputs(seeds) + ([inbox] if inbox_files(inbox) else [])


def load_runner() -> Callable[..., Any]:
    """``etl.pipeline.run``, imported now (ImportError when the ETL is not installed)."""
    from etl.pipeline import run

    return run


# --------------------------------------------------------------------------- one upload's outcome
@dataclass
class ImportResult:
    """What one run added: counted from this run's own article rows, not table totals."""

    articles_new: int = 0
    articles_duplicate: int = 0
    articles_failed: int = 0
    events_added: int = 0
    seconds: float = 0.0
    label: str = "This upload"
    files_duplicate: list[tuple[str, str]] = field(default_factory=list)  # (uploaded as, kept as)
    failed: pd.DataFrame = field(default_factory=pd.DataFrame)  # file, record_id, error

    @property
    def ok(self) -> bool:
        return self.articles_failed == 0

    def summary(self) -> str:
        files = len(self.files_duplicate)
        return (
            f"{self.label}: {self.articles_new} new article(s), {self.articles_duplicate} duplicate(s), "
            f"{self.articles_failed} failed; {self.events_added} event(s) added to the timeline"
            + (f"; {files} file(s) already in the inbox, not added again" if files else "")
            + (f" ({self.seconds:.1f} s)." if self.seconds else ".")
        )


def file_of(origin: object) -> str:
    """The file part of an article's origin (``path`` or ``path#row=N``)."""
    return str(origin).split("#row=", 1)[0] if isinstance(origin, str) else ""


def display_origin(origin: object, names: Mapping[str, str]) -> str:
    """An origin with the saved path replaced by the name the file was uploaded as."""
    path = file_of(origin)
    shown = names.get(path, Path(path).name)
    row = str(origin)[len(path) + len("#row=") :] if "#row=" in str(origin) else ""
    return f"{shown}, row {row}" if row else shown


def upload_outcome(
    articles: pd.DataFrame, names: Mapping[str, str], events_added: int, seconds: float = 0.0
) -> ImportResult:
    """Count the article rows of this upload's files (``names``: saved path -> uploaded
    name) by status and list the failed ones by the names the user gave. Pure."""
    if len(articles) and "origin" in articles.columns:
        mine = articles[articles["origin"].map(file_of).isin(set(names)).to_numpy()]
    else:
        mine = pd.DataFrame(columns=["origin", "status", "record_id", "error"])
    status = mine["status"].astype(str) if len(mine) else pd.Series([], dtype=str)
    bad = mine[(status == "failed").to_numpy()] if len(mine) else mine
    failed = pd.DataFrame(
        {
            "file": [display_origin(o, names) for o in bad["origin"]],
            "record_id": bad["record_id"].astype(object).to_numpy() if "record_id" in bad else None,
            "error": bad["error"].astype(object).to_numpy() if "error" in bad else None,
        }
    )
    return ImportResult(
        articles_new=int((status == "ok").sum()),
        articles_duplicate=int((status == "duplicate").sum()),
        articles_failed=int((status == "failed").sum()),
        events_added=max(0, int(events_added)),
        seconds=seconds,
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
    names: Mapping[Path, str] | None = None,
) -> ImportResult:
    """Run the ETL on ``inputs`` into ``out`` and count what the run added. ``names``:
    saved path -> name as uploaded, whose article rows are this run's (``append``); None
    when the run replaced the tables (every row is this run's)."""
    import time

    from .data import count_rows, load_table_frame

    run = runner or load_runner()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    before = count_rows(out, "events") if append else 0
    t0 = time.perf_counter()
    run(list(inputs), out, append=append, progress=progress, columns=columns or None)
    seconds = time.perf_counter() - t0
    articles = load_table_frame(out, "articles", ["origin", "record_id", "status", "error"])
    if names is None:  # a run that replaced the tables: all of them are this run's
        shown = {f: Path(f).name for f in articles["origin"].map(file_of)}
    else:
        shown = {str(p): n for p, n in names.items()}
    res = upload_outcome(articles, shown, count_rows(out, "events") - before, seconds)
    res.label = "This upload" if append else "This run"
    return res


def seed_inputs(seeds: Path = SEEDS_DIR) -> list[Path]:
    """The seed files, in order (hidden files skipped)."""
    if not seeds.is_dir():
        return []
    return sorted(p for p in seeds.rglob("*") if p.is_file() and not p.name.startswith("."))


def column_mapping(values: dict[str, str]) -> dict[str, str] | None:
    """Non-empty, stripped column-name overrides, or None when none was given."""
    out = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
    return out or None
