"""Finding the input files: files and folders -> a sorted list of paths."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

TEXT_EXTS = frozenset({".txt", ".text", ".md", ".markdown"})
CSV_EXTS = frozenset({".csv", ".tsv", ".tab"})
JSONL_EXTS = frozenset({".jsonl", ".ndjson"})
JSON_EXTS = frozenset({".json"})
HTML_EXTS = frozenset({".html", ".htm", ".xhtml"})
# Skipped silently inside folders: clearly not articles (images, archives, data, binaries …).
_NON_ARTICLE = """
.png .jpg .jpeg .gif .bmp .tif .tiff .webp .svg .ico .heic .avif
.zip .gz .tgz .bz2 .xz .7z .rar .tar .zst .lz4 .enc .gpg .sig .asc
.parquet .arrow .feather .pkl .pickle .npy .npz .h5 .hdf5 .db .sqlite .sqlite3 .duckdb
.exe .dll .so .dylib .bin .o .a .pyc .pyo .class .jar .whl .egg
.mp3 .mp4 .m4a .wav .avi .mov .mkv .flac .ogg .webm
.ttf .otf .woff .woff2 .eot .css .js .map .py .sh .lock .log .toml .yaml .yml .ini .cfg
.ds_store .tmp .bak .swp
"""
NON_ARTICLE_EXTS = frozenset(_NON_ARTICLE.split())


class InputError(Exception):
    """Nothing to read: none of the inputs exists (or they hold no files)."""


class ColumnsError(InputError):
    """``columns`` (``--columns``) names an unknown field or a column the file does not have:
    the user's mistake, the same for every row, so it stops the run (exit code 2)."""


def file_kind(path: Path) -> str | None:
    ext = path.suffix.lower()
    for kind, exts in (
        ("text", TEXT_EXTS),
        ("csv", CSV_EXTS),
        ("jsonl", JSONL_EXTS),
        ("json", JSON_EXTS),
        ("html", HTML_EXTS),
    ):
        if ext in exts:
            return kind
    return None


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``: recursive, hidden files/dirs and non-article files skipped,
    sorted by path; a subfolder that cannot be listed is returned as a path of its own (it
    becomes an error record)."""
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        found.append(Path(err.filename) if err.filename else folder)

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() in NON_ARTICLE_EXTS:
                continue
            found.append(Path(root, name))
    return sorted(found, key=lambda p: p.parts)


def list_input_files(inputs: Sequence[str | Path] | str | Path) -> list[Path]:
    """The files to read, in a deterministic order: inputs as given, folders expanded.

    An input that does not exist stays in the list (reading it gives an error record), but
    when nothing at all exists, or the folders hold no files, :class:`InputError` is raised.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files: list[Path] = []
    seen: set[str] = set()
    n_existing = 0
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            n_existing += 1
            candidates = _walk(path)
        else:
            if path.exists():
                n_existing += 1
            candidates = [path]
        for p in candidates:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
    names = ", ".join(str(i) for i in inputs) or "(none given)"
    if not n_existing:
        raise InputError(f"no input found: {names}")
    if not any(p.exists() for p in files):
        raise InputError(f"no input files in: {names}")
    return files
