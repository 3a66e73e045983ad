"""The same pipeline on a Dask distributed cluster.

The client plans partitions (a file, or a row range of one file), workers read their
partition themselves (the input paths must be visible to every worker: a shared or identical
file system) and run :func:`etl.process.process_record` on it; results come back compact and
in order, and the client does the rest (duplicates, mention spill, dedupe as the final
reduce step, atomic writing) exactly as a local run, so the tables are identical.

A worker reads a row range by streaming its file from the start and skipping rows, so a
file is cut into at most ``4 x threads`` ranges; many files parallelise for free.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .deps import require
from .incremental import Cache
from .parallel import Processed, compact, ordered_results
from .process import process_record
from .readers import InputError, iter_records, list_input_files
from .schema import RawRecord

MIN_PARTITION = 200


@dataclass(frozen=True)
class Partition:
    path: str  # as the user gave it: origins in the tables are built from it
    start: int
    stop: int
    skip: frozenset[int] = frozenset()  # rows answered from the cache
    abspath: str = ""  # what the worker opens (its working directory may differ)


def extract_partition(part: Partition, read: Mapping[str, Any]) -> list[Processed]:
    """Worker task: read rows [start, stop) of one file and process those not skipped.
    Always returns one result per row it was asked for: a file that cannot be read on the
    worker gives failed rows, it does not fail the run."""
    want = [i for i in range(part.start, part.stop) if i not in part.skip]
    out: list[Processed] = []
    src = part.abspath or part.path
    try:
        recs = itertools.islice(iter_records([src], **read), part.start, part.stop)
        for i, r in enumerate(recs, part.start):
            if i not in part.skip:
                if src != part.path and r.origin.startswith(src):
                    r = replace(r, origin=part.path + r.origin[len(src) :])
                out.append(compact(process_record(r)))
    except InputError as exc:
        error = f"not readable on the Dask worker: {exc}"
    else:
        error = "row missing on the Dask worker (file changed during the run?)"
    for i in want[len(out) :]:
        origin = part.path if part.stop - part.start == 1 else f"{part.path}#row={i}"
        out.append(compact(process_record(RawRecord(origin=origin, error=error))))
    return out


def _count(path: Path, read: Mapping[str, Any]) -> int:
    return sum(1 for _ in iter_records([path], **read))


def plan(
    inputs: Sequence[str | Path],
    read: Mapping[str, Any],
    cache: Cache | None,
    threads: int,
) -> Iterator[tuple[Partition, list[RawRecord | Processed]]]:
    """Partitions in input order, each with its rows as the client read them: a record to be
    processed by the worker, or the cached result. Streams: one file's rows at a time."""
    for path in list_input_files(inputs):
        n = _count(path, read)
        size = max(MIN_PARTITION, math.ceil(n / (4 * max(1, threads))))
        recs = iter_records([path], **read)
        for start in range(0, max(n, 1), size):
            rows: list[RawRecord | Processed] = []
            skip = set()
            for i, rec in enumerate(itertools.islice(recs, size), start):
                hit = cache.lookup(rec) if cache is not None else None
                rows.append(hit if hit is not None else rec)
                if hit is not None:
                    skip.add(i)
            if rows:
                part = Partition(str(path), start, start + len(rows), frozenset(skip), str(Path(path).resolve()))
                yield part, rows


@contextlib.contextmanager
def connect(dask: Any, workers: int | None = None) -> Iterator[Any]:
    """A distributed Client: ``"local"`` starts a LocalCluster (processes, one thread each),
    a ``tcp://host:8786`` address connects to a running scheduler, a Client is used as is."""
    distributed = require("distributed", "dask[distributed]", "--dask/--scheduler", "cluster")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    if isinstance(dask, Client):
        yield dask
        return
    if dask in ("local", True):
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as lc,
            Client(lc) as client,
        ):
            yield client
        return
    with Client(str(dask)) as client:
        yield client


def dask_stream(
    inputs: Sequence[str | Path],
    client: Any,
    read: Mapping[str, Any] | None = None,
    cache: Cache | None = None,
) -> Iterator[Processed]:
    """Processed records of ``inputs`` in input order, extracted on the cluster."""
    threads = max(1, sum(client.nthreads().values()))
    read = dict(read or {})
    parts = plan(inputs, read, cache, threads)
    current: list[Partition] = []

    def chunks() -> Iterator[list[RawRecord | Processed]]:
        for part, rows in parts:
            current[:] = [part]  # ordered_results submits a chunk before pulling the next
            yield rows

    def submit(_recs: list[RawRecord]) -> Any:
        return client.submit(extract_partition, current[0], read, pure=False)

    yield from ordered_results(chunks(), submit, 2 * threads)
