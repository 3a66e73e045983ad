"""The ETL run: read -> normalize dates -> find countries -> find events -> dedupe -> write.

Records stream through in every execution mode (one process, ``workers`` processes, a Dask
cluster): results come back in input order, article rows are written in batches as they
come, mention dicts are spilled to a temporary Parquet file (etl.spill) and deduped from
there at the end, so memory does not grow with the corpus. With ``incremental`` (default)
articles whose content hash and extractor stamp match the previous run in ``out`` are not
extracted again (etl.incremental). Every table is replaced atomically at the end.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from .gazetteer import get_gazetteer
from .incremental import Cache, commit_cache, extractor_stamp, load_cache, write_meta
from .parallel import Processed, article_row, compact, mention_dicts, process_items
from .process import origin_id
from .readers import MAX_FILE_BYTES, MAX_RECORD_CHARS, iter_records, list_input_files
from .schema import Article
from .spill import MentionSpill, dedupe_spill
from .writer import TableWriter, clean_stale, read_table

BATCH = 500
SHOW_FAILURES = 3  # failed records named in the summary line
dedupe = dedupe_spill  # the dedupe stage (module attribute so that tests can make it fail)

__all__ = ["RunSummary", "article_row", "mention_dicts", "run"]


@dataclass(frozen=True)
class RunSummary:
    articles_read: int
    articles_failed: int
    events: int
    mentions: int
    seconds: float
    duplicates: int = 0
    reused: int = 0  # articles taken from the previous run (incremental)
    failures: tuple[tuple[str, str], ...] = ()  # (origin, error) of the first failed records
    out: str = ""  # the output folder

    def line(self) -> str:
        rate = self.articles_read / self.seconds if self.seconds > 0 else 0.0
        return (
            f"articles read: {self.articles_read}, failed: {self.articles_failed}, "
            f"duplicates: {self.duplicates}, events: {self.events}, mentions: {self.mentions}, "
            f"seconds: {self.seconds:.2f} ({rate:.0f} articles/s)"
            + (f", reused: {self.reused}" if self.reused else "")
            + self.failed_text()
        )

    def failed_text(self) -> str:
        """Where the failed records are and the first few of them with their reasons."""
        if not self.articles_failed:
            return ""
        table = Path(self.out or ".", "articles.csv")
        shown = "; ".join(f"{origin}: {error}" for origin, error in self.failures)
        more = self.articles_failed - len(self.failures)
        return (
            f"; failed records are in {table} (status=failed, reason in error): {shown}"
            + (f" (and {more} more)" if more > 0 else "")
        )


def _existing_mentions(out: Path, arts: pa.Table) -> list[dict]:
    """Mention dicts of an earlier run rebuilt from its tables (append without a cache)."""
    ments = read_table(out, "mentions")
    if ments is None:
        return []
    by_id = {r["article_id"]: r for r in arts.select(["article_id", "language", "title", "url", "source", "published"]).to_pylist()}
    mdicts = []
    for m in ments.to_pylist():
        a = by_id.get(m["article_id"], {})
        m.pop("event_id", None)
        mdicts.append(
            {
                **m,
                "location": m["actor2"] if m["event_type"] == "visit" else None,
                "language": a.get("language"),
                "title": a.get("title"),
                "url": a.get("url"),
                "source": a.get("source"),
                "published": a.get("published"),
            }
        )
    return mdicts


def _names(isos: set[str]) -> dict[str, str]:
    gaz = get_gazetteer()
    return {iso: gaz.name(iso, "en") for iso in isos}


def _stream(
    inputs: Sequence[str | Path],
    read: dict[str, Any],
    cache: Cache | None,
    articles: Iterator[Article] | None,
    workers: int,
    client: Any,
) -> Iterator[Processed]:
    if articles is not None:
        return (compact(a) for a in articles)
    if client is not None:
        from .cluster import dask_stream

        return dask_stream(inputs, client, read, cache)
    recs = iter_records(inputs, **read)
    items = recs if cache is None else ((cache.lookup(r) or r) for r in recs)
    return process_items(items, workers)


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    append: bool = False,
    progress: Callable[[int, int], None] | None = None,
    record_progress: Callable[[int], None] | None = None,
    columns: dict[str, str] | None = None,
    articles: Iterator[Article] | None = None,
    workers: int = 1,
    dask: Any = None,
    incremental: bool = True,
    layout: str = "both",
    max_file_bytes: int = MAX_FILE_BYTES,
    max_record_chars: int = MAX_RECORD_CHARS,
) -> RunSummary:
    """Run the whole ETL over ``inputs`` into ``out``. Raises readers.InputError when no input
    exists or ``columns`` does not fit a table, deps.MissingDependency when a library is missing.

    ``progress(files_done, files_total)`` is called as files are finished,
    ``record_progress(records_done)`` after every record (one big file shows progress too).

    ``workers``: extraction processes (1: in this process). ``dask``: run on a Dask cluster
    (``"local"``, a scheduler address ``tcp://host:8786`` or a ``distributed.Client``).
    ``incremental``: reuse the previous run's results in ``out`` for unchanged articles.
    ``layout``: ``flat`` (``<table>.parquet``), ``partitioned`` (``<table>/month=*/``) or ``both``.
    ``max_file_bytes`` / ``max_record_chars``: a larger input file is refused, a longer record
    cut (both recorded), so no input can exhaust memory.
    """
    read = {"columns": columns, "max_file_bytes": max_file_bytes, "max_record_chars": max_record_chars}
    report = _Progress(progress, record_progress)
    if dask is not None:
        from .cluster import connect

        with connect(dask, workers if workers > 1 else None) as client:
            return _run(inputs, Path(out), append, report, read, articles, 1, client, incremental, layout)
    return _run(inputs, Path(out), append, report, read, articles, workers, None, incremental, layout)


class _Progress:
    """Counts records and finished files and tells the callbacks."""

    def __init__(self, files: Callable[[int, int], None] | None, records: Callable[[int], None] | None):
        self.files, self.records = files, records
        self.n_records = self.done_files = self.total = 0
        self.last_file: str | None = None

    def record(self, origin: str) -> None:
        self.n_records += 1
        if self.records:
            self.records(self.n_records)
        file_part = origin.split("#row=")[0]
        if file_part != self.last_file:
            if self.last_file is not None:
                self.done_files += 1
                if self.files:
                    self.files(min(self.done_files, self.total), self.total)
            self.last_file = file_part

    def finish(self) -> None:
        if self.files:
            self.files(self.total, self.total)


def _run(
    inputs: Sequence[str | Path],
    out: Path,
    append: bool,
    progress: _Progress,
    read: dict[str, Any],
    articles: Iterator[Article] | None,
    workers: int,
    client: Any,
    incremental: bool,
    layout: str,
) -> RunSummary:
    t0 = time.perf_counter()
    files = list_input_files(inputs)
    clean_stale(out)  # what a killed run left behind
    progress.total = len(files)
    stamp = extractor_stamp()
    cache = load_cache(out, stamp) if (incremental or append) else None
    writer = TableWriter(out, "articles", layout)
    ev_writer = men_writer = None
    spill = MentionSpill(out / f".mentions-spill.{os.getpid()}.parquet")
    seen: dict[str, str] = {}
    n_read = n_failed = n_dup = 0
    failures: list[tuple[str, str]] = []
    consistent = True  # False: kept rows of another extractor version (append), so no cache
    try:
        if append:
            prior = read_table(out, "articles")
            if prior is not None:
                writer.write_table(prior)
                for h, a in zip(prior["content_hash"].to_pylist(), prior["article_id"].to_pylist(), strict=True):
                    if h:
                        seen[h] = a
                if cache is not None and cache.mentions is not None:
                    spill.add_table(cache.mentions)
                else:
                    consistent = cache is not None or prior.num_rows == 0
                    spill.add(_existing_mentions(out, prior))
        reuse = cache if incremental else None
        batch: list[dict] = []
        for res in _stream(inputs, read, reuse, articles, workers, client):
            n_read += 1
            progress.record(res.origin)
            if res.failed:
                n_failed += 1
                if len(failures) < SHOW_FAILURES:
                    failures.append((res.origin, res.row["error"] or ""))
                batch.append(res.row)
            elif res.content_hash in seen:
                n_dup += 1
                batch.append(
                    {
                        **res.row,
                        "article_id": origin_id(res.origin),
                        "status": "duplicate",
                        "error": f"same content as article {seen[res.content_hash]}",
                        "n_events": 0,
                    }
                )
            else:
                seen[res.content_hash] = res.row["article_id"]
                batch.append(res.row)
                spill.add(res.mentions)
            if len(batch) >= BATCH:
                writer.write_rows(batch)
                batch = []
        writer.write_rows(batch)
        progress.finish()
        spill_path = spill.close()
        ev_writer = TableWriter(out, "events", layout)
        men_writer = TableWriter(out, "mentions", layout)
        n_events, n_mentions = dedupe(spill_path, _names, ev_writer.write_rows, men_writer.write_table)
        # All three written: now replace the old tables (articles last, it is the run's receipt).
        ev_writer.commit()
        men_writer.commit()
        writer.commit()
        commit_cache(out, spill_path if consistent else None)
        write_meta(out, {"stamp": stamp if consistent else None, "articles": writer.rows, "layout": layout})
    except BaseException:
        for w in (writer, ev_writer, men_writer):
            if w is not None:
                w.abort()
        with contextlib.suppress(Exception):
            spill.close()
        with contextlib.suppress(FileNotFoundError):
            spill.path.unlink()
        raise
    return RunSummary(
        articles_read=n_read,
        articles_failed=n_failed,
        events=n_events,
        mentions=n_mentions,
        seconds=time.perf_counter() - t0,
        duplicates=n_dup,
        reused=reuse.hits if reuse is not None else 0,
        failures=tuple(failures),
        out=str(out),
    )
