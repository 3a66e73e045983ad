"""Mention dicts spilled to a temporary Parquet file in batches, and deduped from there.

The run never holds all mention dicts in memory: they go to ``.mentions-spill.<pid>.parquet``
in the output folder as articles are processed. Dedupe then reads only the key columns to
cluster mentions into events, fetches the long text columns (sentence, title …) only for the
rows that stand for an event, and writes the mentions table by gathering the spilled rows
in event order, a slice at a time. The result is exactly :func:`etl.dedupe.dedupe`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .dedupe import cluster, event_row, event_sort_key, first_index
from .schema import MENTION_COLUMNS

SPILL_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("event_type", pa.string()),
        ("status", pa.string()),
        ("actor1", pa.string()),
        ("actor2", pa.string()),
        ("event_date", pa.string()),
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("sentence", pa.string()),
        ("char_start", pa.int64()),
        ("char_end", pa.int64()),
        ("trigger", pa.string()),
        ("location", pa.string()),
        ("confidence", pa.float64()),
        ("language", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("published", pa.string()),
    ]
)
KEY_COLUMNS = [
    "event_type", "actor1", "actor2", "event_date", "date_precision", "published",
    "article_id", "status", "source", "url", "confidence",
]  # fmt: skip
HEAVY_COLUMNS = ["date_text", "location", "sentence", "language", "title"]
FLUSH = 5_000
GATHER = 50_000


class MentionSpill:
    """Appends mention dicts to a Parquet file, ``FLUSH`` rows at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._buf: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def add(self, mentions: Sequence[dict[str, Any]]) -> None:
        self._buf.extend(mentions)
        if len(self._buf) >= FLUSH:
            self.flush()

    def add_table(self, table: pa.Table) -> None:
        self.flush()
        self._write(table.select(SPILL_SCHEMA.names).cast(SPILL_SCHEMA))

    def flush(self) -> None:
        if self._buf:
            data = {f.name: [m.get(f.name) for m in self._buf] for f in SPILL_SCHEMA}
            self._write(pa.Table.from_pydict(data, schema=SPILL_SCHEMA))
            self._buf = []

    def _write(self, table: pa.Table) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, SPILL_SCHEMA, compression="zstd")
        self._writer.write_table(table, row_group_size=FLUSH)
        self.rows += table.num_rows

    def close(self) -> Path | None:
        """Finish the file; None when no mention was ever added."""
        self.flush()
        if self._writer is None:
            return None
        self._writer.close()
        return self.path


class _Columns(Sequence):
    """Rows of a few columns, read as ``rows[i]["name"]`` without a dict per row."""

    def __init__(self, table: pa.Table) -> None:
        self._cols = {n: table[n].to_pylist() for n in table.column_names}
        self._n = table.num_rows

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if not isinstance(i, int) or not 0 <= i < self._n:
            raise IndexError(i)
        return _Row(self._cols, i)


class _Row(Mapping):
    __slots__ = ("_cols", "_i")

    def __init__(self, cols: dict[str, list], i: int) -> None:
        self._cols, self._i = cols, i

    def __getitem__(self, k: str) -> Any:
        return self._cols[k][self._i]

    def __iter__(self):
        return iter(self._cols)

    def __len__(self) -> int:
        return len(self._cols)


def _rows_at(path: Path, columns: list[str], wanted: list[int]) -> dict[int, dict[str, Any]]:
    """Rows ``wanted`` (sorted) of the spill, reading ``columns`` one batch at a time."""
    out: dict[int, dict[str, Any]] = {}
    pf = pq.ParquetFile(path)
    start, k = 0, 0
    for batch in pf.iter_batches(batch_size=GATHER, columns=columns):
        end = start + batch.num_rows
        local = []
        while k < len(wanted) and wanted[k] < end:
            local.append(wanted[k])
            k += 1
        if local:
            rows = batch.take(pa.array([i - start for i in local])).to_pylist()
            out.update(zip(local, rows, strict=True))
        start = end
    return out


def dedupe_spill(
    path: Path | None,
    names: Callable[[set[str]], dict[str, str]],
    write_events: Callable[[list[dict]], None],
    write_mentions: Callable[[pa.Table], None],
) -> tuple[int, int]:
    """Dedupe the spilled mentions; hand event rows and mention tables to the writers.
    Returns (events, mentions) counts."""
    if path is None:
        return 0, 0
    keys = _Columns(pq.read_table(path, columns=KEY_COLUMNS))
    groups = cluster(keys)
    heads_firsts = [(idx[0], first_index(keys, idx)) for _key, idx in groups]
    heavy = _rows_at(path, HEAVY_COLUMNS, sorted({i for pair in heads_firsts for i in pair}))
    isos = set(keys._cols["actor1"]) | set(keys._cols["actor2"])
    label = names(isos)
    events: list[dict] = []
    perm: list[int] = []
    eids: list[str] = []
    for (key, idx), (h, f) in zip(groups, heads_firsts, strict=True):
        full = {i: {**dict(keys[i]), **heavy[i]} for i in {h, f}}
        c = [full.get(i) or keys[i] for i in idx]
        ev = event_row(key, c, full[f], label)
        events.append(ev)
        perm.extend(idx)
        eids.extend([ev["event_id"]] * len(idx))
    events.sort(key=event_sort_key)
    write_events(events)
    cols = [c for c in MENTION_COLUMNS if c != "event_id"]
    table = pq.read_table(path, columns=cols)
    for s in range(0, len(perm), GATHER):
        part = table.take(pa.array(perm[s : s + GATHER], type=pa.int64()))
        write_mentions(part.append_column("event_id", pa.array(eids[s : s + GATHER], pa.string())))
    return len(events), len(perm)
