"""Writing the output tables: Parquet (data as is) and CSV (safe to open in Excel).

Rows are written in batches as they come, to temporary files in the output folder,
and only renamed over the old tables when the whole run has finished, so a reader
never sees a half-written table and a killed run leaves the previous tables intact.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .schema import SCHEMAS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Prefix a quote to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _neutralize_table(table: pa.Table) -> pa.Table:
    cols = []
    for _name, col in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(col.type):
            vals = [neutralize(v) for v in col.to_pylist()]
            cols.append(pa.array(vals, type=pa.string()))
        else:
            cols.append(col)
    return pa.Table.from_arrays(cols, names=table.column_names)


def rows_to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[name]
    data = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(data, schema=schema)


LAYOUTS = ("flat", "partitioned", "both")
PARTITION_KEY = {"events": "event_date", "mentions": "event_date", "articles": "published"}
VERSIONS = ".tables"  # versioned partitioned datasets live here; ``out/<name>`` links to one


def month_keys(dates: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Partition value of each ISO date: ``YYYY-MM``; ``YYYY`` for year-precise; ``none``."""
    month = pc.fill_null(pc.utf8_slice_codeunits(dates, 0, 7), "none")
    return month.combine_chunks() if isinstance(month, pa.ChunkedArray) else month


class _PartitionedSink:
    """``<version dir>/month=YYYY-MM/part-0.parquet``: one writer per month. Rows are buffered
    (``ROW_GROUP`` rows in all, whatever the number of months) so that row groups do not
    shrink to a few rows when a batch spreads over many months."""

    ROW_GROUP = 10_000

    def __init__(self, root: Path, schema: pa.Schema, key: str) -> None:
        self.root, self.schema, self.key = root, schema, key
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._pending: dict[str, list[pa.Table]] = {}
        self._buffered = 0

    def write(self, table: pa.Table) -> None:
        months = month_keys(table[self.key])
        for m in sorted(pc.unique(months).to_pylist()):
            part = table.filter(pc.equal(months, m))
            self._pending.setdefault(m, []).append(part)
            self._buffered += part.num_rows
        if self._buffered >= self.ROW_GROUP:
            for m in sorted(self._pending):
                self._flush(m)
            self._buffered = 0

    def _flush(self, m: str) -> None:
        buf = self._pending.pop(m, [])
        if not buf:
            return
        w = self._writers.get(m)
        if w is None:
            d = self.root / f"month={m}"
            d.mkdir(parents=True, exist_ok=True)
            w = self._writers[m] = pq.ParquetWriter(d / "part-0.parquet", self.schema, compression="zstd")
        w.write_table(pa.concat_tables(buf))

    def close(self) -> None:
        for m in sorted(self._pending):
            self._flush(m)
        for w in self._writers.values():
            w.close()


class TableWriter:
    """Streams one table to ``out`` atomically: ``<name>.csv`` always; ``<name>.parquet``
    (layout flat/both) and/or the month-partitioned dataset ``<name>/month=*/part-0.parquet``
    (layout partitioned/both). Nothing is visible before :meth:`commit`."""

    def __init__(self, out: Path, name: str, layout: str = "flat") -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
        self.out, self.name, self.layout = Path(out), name, layout
        self.schema = SCHEMAS[name]
        self.out.mkdir(parents=True, exist_ok=True)
        pid = os.getpid()
        self._tmp_parquet = self.out / f".{name}.parquet.{pid}.tmp"
        self._tmp_csv = self.out / f".{name}.csv.{pid}.tmp"
        self._pq = None
        if layout in ("flat", "both"):
            self._pq = pq.ParquetWriter(self._tmp_parquet, self.schema, compression="zstd")
        self._version: Path | None = None
        self._parts: _PartitionedSink | None = None
        if layout in ("partitioned", "both"):
            self._version = self.out / VERSIONS / f"{name}.{pid}.{time.time_ns()}"
            self._version.mkdir(parents=True)
            self._parts = _PartitionedSink(self._version, self.schema, PARTITION_KEY[name])
        self._csv_sink = pa.OSFile(str(self._tmp_csv), "wb")
        self._csv = pacsv.CSVWriter(self._csv_sink, self.schema)
        self.rows = 0

    def write_rows(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.write_table(rows_to_table(self.name, rows))

    def write_table(self, table: pa.Table) -> None:
        for f in self.schema:  # tables of an older version lack newer columns: null
            if f.name not in table.column_names:
                table = table.append_column(f.name, pa.nulls(table.num_rows, f.type))
        table = table.select(self.schema.names).cast(self.schema)
        if self._pq is not None:
            self._pq.write_table(table)
        if self._parts is not None:
            self._parts.write(table)
        self._csv.write_table(_neutralize_table(table))
        self.rows += table.num_rows

    def commit(self) -> None:
        if self._pq is not None:
            self._pq.close()
        self._csv.close()
        self._csv_sink.close()
        if self._parts is not None and self._version is not None:
            self._parts.close()
            _swap_link(self.out / self.name, self._version)
        else:
            _drop_dataset(self.out / self.name)
        flat = self.out / f"{self.name}.parquet"
        if self._pq is not None:
            os.replace(self._tmp_parquet, flat)
        else:  # a stale flat file would shadow the new dataset in read_table
            with contextlib.suppress(FileNotFoundError):
                flat.unlink()
        os.replace(self._tmp_csv, self.out / f"{self.name}.csv")

    def abort(self) -> None:
        closers = [self._csv.close, self._csv_sink.close]
        if self._pq is not None:
            closers.insert(0, self._pq.close)
        if self._parts is not None:
            closers.append(self._parts.close)
        for closer in closers:
            with contextlib.suppress(Exception):
                closer()
        for p in (self._tmp_parquet, self._tmp_csv):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        if self._version is not None:
            shutil.rmtree(self._version, ignore_errors=True)


def _swap_link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one rename (readers see the old or the new dataset,
    never a mix), then delete versions older than the one just replaced."""
    tmp = link.with_name(f".{link.name}.link.{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(os.path.relpath(target, link.parent), tmp)
    if link.is_dir() and not link.is_symlink():  # a plain folder (not ours): move it aside
        os.replace(link, target.with_name(f"{link.name}.replaced.{os.getpid()}"))
    previous = os.path.realpath(link) if link.is_symlink() else None
    os.replace(tmp, link)
    keep = {os.path.realpath(target), previous}
    for old in target.parent.glob(f"{link.name}.*"):
        if str(old.resolve()) not in keep and not _staging_of_live_run(old):
            shutil.rmtree(old, ignore_errors=True)


def _staging_of_live_run(version: Path) -> bool:
    """A version folder that another, still running, process is writing."""
    pid = version.name.split(".")[1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_PID_IN_NAME = re.compile(r"^\.[\w-]+(?:\.[\w-]+)*?\.(\d+)(?:\.tmp|\.parquet|\.\d+)?$")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: Path) -> list[Path]:
    """Remove what killed runs left in ``out``: ``.<table>.*.<pid>.tmp`` files, mention spill
    files, half-made links and unlinked ``.tables/<table>.<pid>.*`` versions, whose process
    is gone. Live runs' files and the versions the table links point at are kept."""
    out = Path(out)
    removed: list[Path] = []
    if not out.is_dir():
        return removed
    for p in out.iterdir():
        m = _PID_IN_NAME.match(p.name)
        if m and p.is_file() and not p.is_symlink() and not _pid_alive(int(m.group(1))):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed.append(p)
        elif m and p.is_symlink() and ".link." in p.name and not _pid_alive(int(m.group(1))):
            p.unlink()
            removed.append(p)
    versions = out / VERSIONS
    if versions.is_dir():
        linked = {os.path.realpath(link) for link in out.iterdir() if link.is_symlink()}
        for v in versions.iterdir():
            parts = v.name.split(".")
            if len(parts) < 3 or not parts[1].isdigit() or os.path.realpath(v) in linked:
                continue
            if not _pid_alive(int(parts[1])):
                shutil.rmtree(v, ignore_errors=True)
                removed.append(v)
    return removed


def _drop_dataset(link: Path) -> None:
    if link.is_symlink():
        link.unlink()


def _dataset_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.parquet"), key=lambda p: p.relative_to(root).as_posix())


def read_table(out: Path, name: str) -> pa.Table | None:
    """One table of an output folder, whatever its layout: ``<name>.parquet`` when present,
    else the partitioned dataset ``<name>/**/*.parquet`` (partitions in path order; within a
    partition the run's order). Always the contract columns; None when the table is absent."""
    out = Path(out)
    path = out / f"{name}.parquet"
    if path.exists():
        return pq.read_table(path)
    root = out / name
    if not root.is_dir():
        return None
    schema = SCHEMAS[name]
    files = _dataset_files(root)
    if not files:
        return schema.empty_table()
    parts = [pq.read_table(f, partitioning=None).select(schema.names).cast(schema) for f in files]
    return pa.concat_tables(parts)
