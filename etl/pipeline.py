"""The ETL run: read -> normalize dates -> find countries -> find events -> dedupe -> write.

Records stream through; the articles table is written in batches as they come, so
memory holds only the (small) mention rows until the final dedupe.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from .dedupe import dedupe
from .gazetteer import get_gazetteer
from .process import origin_id, process_record
from .readers import iter_records, list_input_files
from .schema import Article, RawRecord
from .writer import TableWriter, read_table

BATCH = 500


@dataclass(frozen=True)
class RunSummary:
    articles_read: int
    articles_failed: int
    events: int
    mentions: int
    seconds: float
    duplicates: int = 0

    def line(self) -> str:
        rate = self.articles_read / self.seconds if self.seconds > 0 else 0.0
        return (
            f"articles read: {self.articles_read}, failed: {self.articles_failed}, "
            f"duplicates: {self.duplicates}, events: {self.events}, mentions: {self.mentions}, "
            f"seconds: {self.seconds:.2f} ({rate:.0f} articles/s)"
        )


def article_row(a: Article, n_events: int, status: str | None = None, error: str | None = None) -> dict:
    return {
        "article_id": a.article_id,
        "origin": a.origin,
        "record_id": a.record_id,
        "title": a.title,
        "url": a.url,
        "source": a.source,
        "language": a.language,
        "published": a.published.date,
        "published_precision": a.published.precision,
        "published_basis": a.published.basis,
        "published_raw": a.published_raw,
        "status": status or a.status,
        "error": error if error is not None else a.error,
        "n_events": n_events,
        "content_hash": a.content_hash,
    }


def mention_dicts(a: Article) -> list[dict[str, Any]]:
    out = []
    for ev in a.events:
        out.append(
            {
                "article_id": a.article_id,
                "event_type": ev.event_type,
                "status": ev.status,
                "actor1": ev.actor1,
                "actor2": ev.actor2,
                "event_date": ev.date.date,
                "date_precision": ev.date.precision,
                "date_text": ev.date.text,
                "sentence": ev.sentence,
                "char_start": ev.char_start,
                "char_end": ev.char_end,
                "trigger": ev.trigger,
                "location": ev.location,
                "confidence": ev.confidence,
                "language": a.language,
                "title": a.title,
                "url": a.url,
                "source": a.source,
                "published": a.published.date,
            }
        )
    return out


def _existing(out: Path) -> tuple[list[dict], list[dict]]:
    """Article rows and mention dicts of an earlier run in ``out`` (for append)."""
    arts = read_table(out, "articles")
    ments = read_table(out, "mentions")
    if arts is None:
        return [], []
    art_rows = arts.to_pylist()
    by_id = {r["article_id"]: r for r in art_rows}
    mdicts = []
    for m in ments.to_pylist() if ments is not None else []:
        a = by_id.get(m["article_id"], {})
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
    return art_rows, mdicts


def process_stream(records: Iterator[RawRecord]) -> Iterator[Article]:
    for rec in records:
        yield process_record(rec)


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    append: bool = False,
    progress: Callable[[int, int], None] | None = None,
    columns: dict[str, str] | None = None,
    articles: Iterator[Article] | None = None,
) -> RunSummary:
    """Run the whole ETL over ``inputs`` into ``out``. Raises readers.InputError when no input exists."""
    t0 = time.perf_counter()
    out = Path(out)
    files = list_input_files(inputs)
    total = len(files)
    prior_rows, mentions = _existing(out) if append else ([], [])
    seen: dict[str, str] = {r["content_hash"]: r["article_id"] for r in prior_rows if r["content_hash"]}
    writer = TableWriter(out, "articles")
    ev_writer = men_writer = None
    n_read = n_failed = n_dup = 0
    try:
        writer.write_rows(prior_rows)
        batch: list[dict] = []
        last_origin_file = None
        done_files = 0
        stream = articles if articles is not None else process_stream(iter_records(inputs, columns=columns))
        for art in stream:
            n_read += 1
            file_part = art.origin.split("#row=")[0]
            if file_part != last_origin_file:
                if last_origin_file is not None:
                    done_files += 1
                    if progress:
                        progress(min(done_files, total), total)
                last_origin_file = file_part
            if art.status == "failed":
                n_failed += 1
                batch.append(article_row(art, 0))
            elif art.content_hash in seen:
                n_dup += 1
                dup = Article(**{**art.__dict__, "article_id": origin_id(art.origin), "events": ()})
                batch.append(article_row(dup, 0, "duplicate", f"same content as article {seen[art.content_hash]}"))
            else:
                seen[art.content_hash] = art.article_id
                batch.append(article_row(art, len(art.events)))
                mentions.extend(mention_dicts(art))
            if len(batch) >= BATCH:
                writer.write_rows(batch)
                batch = []
        writer.write_rows(batch)
        if progress:
            progress(total, total)
        gaz = get_gazetteer()
        isos = {m["actor1"] for m in mentions} | {m["actor2"] for m in mentions}
        names = {iso: gaz.name(iso, "en") for iso in isos}
        events, mention_rows = dedupe(mentions, names)
        ev_writer = TableWriter(out, "events")
        ev_writer.write_rows(events)
        men_writer = TableWriter(out, "mentions")
        men_writer.write_rows(mention_rows)
        # All three written: now replace the old tables (articles last, it is the run's receipt).
        ev_writer.commit()
        men_writer.commit()
        writer.commit()
    except BaseException:
        for w in (writer, ev_writer, men_writer):
            if w is not None:
                w.abort()
        raise
    return RunSummary(
        articles_read=n_read,
        articles_failed=n_failed,
        events=len(events),
        mentions=len(mention_rows),
        seconds=time.perf_counter() - t0,
        duplicates=n_dup,
    )


def empty_table(name: str) -> pa.Table:
    from .schema import SCHEMAS

    return SCHEMAS[name].empty_table()
