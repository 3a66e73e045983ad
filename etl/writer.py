"""Writing the output tables: Parquet (data as is) and CSV (safe to open in Excel).

Rows are written in batches as they come, to temporary files in the output folder,
and only renamed over the old tables when the whole run has finished, so a reader
never sees a half-written table and a killed run leaves the previous tables intact.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
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


class TableWriter:
    """Streams one table to ``<name>.parquet`` and ``<name>.csv`` in ``out`` atomically."""

    def __init__(self, out: Path, name: str) -> None:
        self.out, self.name = Path(out), name
        self.schema = SCHEMAS[name]
        self.out.mkdir(parents=True, exist_ok=True)
        pid = os.getpid()
        self._tmp_parquet = self.out / f".{name}.parquet.{pid}.tmp"
        self._tmp_csv = self.out / f".{name}.csv.{pid}.tmp"
        self._pq = pq.ParquetWriter(self._tmp_parquet, self.schema, compression="zstd")
        self._csv_sink = pa.OSFile(str(self._tmp_csv), "wb")
        self._csv = pacsv.CSVWriter(self._csv_sink, self.schema)
        self.rows = 0

    def write_rows(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.write_table(rows_to_table(self.name, rows))

    def write_table(self, table: pa.Table) -> None:
        table = table.select(self.schema.names).cast(self.schema)
        self._pq.write_table(table)
        self._csv.write_table(_neutralize_table(table))
        self.rows += table.num_rows

    def commit(self) -> None:
        self._pq.close()
        self._csv.close()
        self._csv_sink.close()
        os.replace(self._tmp_parquet, self.out / f"{self.name}.parquet")
        os.replace(self._tmp_csv, self.out / f"{self.name}.csv")

    def abort(self) -> None:
        for closer in (self._pq.close, self._csv.close, self._csv_sink.close):
            with contextlib.suppress(Exception):
                closer()
        for p in (self._tmp_parquet, self._tmp_csv):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def read_table(out: Path, name: str) -> pa.Table | None:
    path = Path(out) / f"{name}.parquet"
    if not path.exists():
        return None
    return pq.read_table(path)
