"""Incremental runs: reuse the previous run's results for articles already processed.

An article is reused when its content hash (:func:`etl.process.content_hash` of the raw
record) is in the previous run's ``articles`` table with status ``ok`` AND the previous run
was made by the same extractor: ``_meta.json`` in the output folder holds a stamp that
hashes the etl package's source and lexicon files. Mention dicts are kept, complete, in
``_cache/mentions.parquet`` (the pipeline's spill file of the previous run, moved there on
commit), so a reused article gives exactly the rows a fresh extraction would.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .parallel import Processed
from .process import content_hash
from .schema import RawRecord

PACKAGE_DIR = Path(__file__).resolve().parent
META = "_meta.json"
CACHE_DIR = "_cache"
CACHE_MENTIONS = "mentions.parquet"
STAMPED_SUFFIXES = (".py", ".toml", ".csv", ".json", ".txt")


@functools.cache
def extractor_stamp(root: Path = PACKAGE_DIR) -> str:
    """Hash of every source and lexicon file of the etl package (path and content)."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in STAMPED_SUFFIXES and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()[:20]


def read_meta(out: Path) -> dict[str, Any]:
    try:
        return json.loads((Path(out) / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_meta(out: Path, meta: dict[str, Any]) -> None:
    out = Path(out)
    tmp = out / f".{META}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out / META)


def cache_path(out: Path) -> Path:
    return Path(out) / CACHE_DIR / CACHE_MENTIONS


def commit_cache(out: Path, spill: Path | None) -> None:
    """Keep this run's spill file as the next run's mention cache (atomic rename)."""
    target = cache_path(out)
    if spill is None or not spill.exists():
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(spill, target)


class Cache:
    """Look-ups into the previous run's articles and mentions (kept as Arrow, not dicts)."""

    def __init__(self, articles: pa.Table, mentions: pa.Table | None) -> None:
        ok = articles.filter(pc.equal(articles["status"], "ok"))
        self._arts = ok
        self._by_hash = {h: i for i, h in enumerate(ok["content_hash"].to_pylist()) if h}
        self._ments = mentions
        self._spans: dict[str, tuple[int, int]] = {}
        if mentions is not None:
            ids = mentions["article_id"].to_pylist()
            for i, a in enumerate(ids):  # the spill holds each article's mentions together
                s = self._spans.get(a)
                self._spans[a] = (i, 1) if s is None else (s[0], s[1] + 1)
        self.hits = 0

    def __len__(self) -> int:
        return len(self._by_hash)

    @property
    def mentions(self) -> pa.Table | None:
        """All mention rows of the previous run (its spill file)."""
        return self._ments

    def lookup(self, rec: RawRecord) -> Processed | None:
        if rec.error:
            return None
        chash = content_hash(rec)
        i = self._by_hash.get(chash)
        if i is None:
            return None
        row = self._arts.slice(i, 1).to_pylist()[0]
        row.update(origin=rec.origin, record_id=rec.record_id)
        mentions: list[dict[str, Any]] = []
        if row["n_events"]:
            span = self._spans.get(row["article_id"])
            if span is None or self._ments is None:
                return None  # cache incomplete: extract again
            mentions = self._ments.slice(*span).to_pylist()
        self.hits += 1
        return Processed(row, mentions, chash, rec.origin)


def load_cache(out: Path, stamp: str) -> Cache | None:
    """The previous run's cache in ``out`` when it was made by extractor ``stamp``."""
    from .writer import read_table

    if read_meta(out).get("stamp") != stamp:
        return None
    arts = read_table(out, "articles")
    if arts is None:
        return None
    mp = cache_path(out)
    ments = pq.read_table(mp) if mp.exists() else None
    return Cache(arts, ments)
