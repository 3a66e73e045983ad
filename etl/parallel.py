"""Extraction in worker processes, order preserved.

A worker turns a chunk of :class:`RawRecord` into compact :class:`Processed` results (the
article row and its mention dicts, without the article text, so little crosses the process
boundary). The parent keeps at most ``window`` chunks in flight and yields the results in
input order, so every execution mode (serial, ``--workers N``, Dask) feeds the same rows in
the same order to the writer and the outputs are identical.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .process import process_record
from .schema import Article, RawRecord

CHUNK = 32  # records per task: big enough to amortise pickling, small enough to balance


@dataclass(frozen=True, slots=True)
class Processed:
    """What the pipeline keeps of one processed record."""

    row: dict[str, Any]  # the articles row (status ok | failed)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    content_hash: str = ""  # "" for failed records
    origin: str = ""

    @property
    def failed(self) -> bool:
        return self.row["status"] == "failed"


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
        "note": a.note,
        "n_events": n_events,
        "content_hash": a.content_hash,
    }


def mention_dicts(a: Article) -> list[dict[str, Any]]:
    return [
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
        for ev in a.events
    ]


def compact(a: Article) -> Processed:
    if a.status == "failed":
        return Processed(article_row(a, 0), [], "", a.origin)
    return Processed(article_row(a, len(a.events)), mention_dicts(a), a.content_hash, a.origin)


def process_chunk(records: list[RawRecord]) -> list[Processed]:
    """The worker's task (module level so that it pickles). Never raises for bad input:
    process_record turns every exception into a failed article."""
    return [compact(process_record(r)) for r in records]


def warm_up() -> None:
    """Build the lexicons and gazetteer once per worker before the first chunk."""
    process_record(RawRecord(origin="<warm-up>", title="warm up", text="Warm up.", language="en"))


class _Future(Protocol):
    def result(self) -> Any: ...


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


Item = RawRecord | Processed


def ordered_results(
    chunks: Iterable[list[Item]],
    submit: Callable[[list[RawRecord]], _Future] | None,
    window: int,
) -> Iterator[Processed]:
    """Results of ``chunks`` in input order. Items already :class:`Processed` (cache hits) pass
    through; records go to ``submit`` (None: processed here). At most ``window`` chunks are in
    flight, so memory stays bounded whatever the input size."""
    pending: deque[tuple[list[Item], _Future]] = deque()

    def merged(chunk: list[Item], fut: _Future) -> Iterator[Processed]:
        done = iter(fut.result())
        for it in chunk:
            yield it if isinstance(it, Processed) else next(done)

    for chunk in chunks:
        recs = [it for it in chunk if isinstance(it, RawRecord)]
        if not recs:
            fut: _Future = _Done([])
        elif submit is None:
            fut = _Done(process_chunk(recs))
        else:
            fut = submit(recs)
        pending.append((chunk, fut))
        while len(pending) > (window if submit is not None else 0):
            yield from merged(*pending.popleft())
    while pending:
        yield from merged(*pending.popleft())


def chunked(items: Iterable[Item], size: int = CHUNK) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_items(items: Iterable[Item], workers: int = 1) -> Iterator[Processed]:
    """Process a stream of records (and pass-through cache hits) with ``workers`` processes."""
    if workers <= 1:
        yield from ordered_results(chunked(items), None, 0)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=warm_up) as pool:
        yield from ordered_results(chunked(items), lambda recs: pool.submit(process_chunk, recs), 4 * workers)
