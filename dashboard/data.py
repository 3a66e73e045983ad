"""Finding and loading the ETL's tables (pure: no Streamlit here).

Layouts accepted for each table NAME (events, mentions, articles) under the data dir:

* ``NAME.parquet``                      one file
* ``NAME/**/*.parquet``                 a (hive-)partitioned dataset
* ``NAME.csv``                          fallback when no Parquet exists

Columns are conformed to etl.schema: a column missing from the files comes back as
nulls, extra columns (e.g. hive partition keys that are not in the schema) are dropped.
Events are read with pyarrow.dataset (fast, dictionary-encoded), falling back to duckdb's
``read_parquet(glob, union_by_name=true, hive_partitioning=true)`` with TRY_CAST when the
files disagree; mentions and articles are queried through duckdb on demand.
Only the columns the filters, the timeline and the table order need (``CORE``) are read at
start-up; the long texts (``REST``: titles, evidence, URLs, names …) are read when first
needed (the table page, the detail, a text search, a download), see ``Dataset.with_text``.
Events also get derived columns, all prefixed with ``_``:

* ``_start`` / ``_end``: first and last day covered by the (possibly month/year) date
* ``_mid``: where the event is drawn on the timeline
* ``_prec``: day | month | year | none, as the date string really is
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as pds
import pyarrow.parquet as pq

from etl.schema import EVENT_COLUMNS, SCHEMAS

DEFAULT_DATA_DIR = Path("data")
TABLES = ("events", "mentions", "articles")

# Low-cardinality text columns stored as pandas categoricals: fast masks at 1M rows.
CATEGORICAL = (
    "event_type", "status", "cameo_code", "event_date", "date_precision", "actor1", "actor2",
    "actor1_name", "actor2_name", "dyad", "location", "language", "source", "_prec",
)  # fmt: skip

# Read at start-up: what filters, timeline, table order and the sidebar's lists need.
CORE = (
    "event_id", "event_type", "status", "event_date", "actor1", "actor2", "dyad", "language",
    "source", "n_articles", "n_sources", "confidence",
)  # fmt: skip
# Read on first use (long or rarely needed texts), for the rows shown or all of them.
REST = tuple(c for c in EVENT_COLUMNS if c not in CORE)

_SQL_TYPES = {pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.float32(): "FLOAT"}


def resolve_data_dir(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> Path:
    """``--data DIR`` (script arguments after ``--``) > env ``DATA_DIR`` > ``data/``."""
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", default=None)
    args, _ = parser.parse_known_args(list(argv or []))
    if args.data:
        return Path(args.data)
    if env.get("DATA_DIR"):
        return Path(env["DATA_DIR"])
    return DEFAULT_DATA_DIR


@dataclass(frozen=True)
class Source:
    kind: str  # parquet | csv
    pattern: str  # a file path or a glob

    def sql(self, con: duckdb.DuckDBPyConnection | None = None) -> str:
        """A FROM-clause item for this source (CSV is read by pyarrow and registered in ``con``)."""
        if self.kind == "parquet":
            lit = "'" + self.pattern.replace("'", "''") + "'"
            return f"read_parquet({lit}, union_by_name=true, hive_partitioning=true)"
        if con is None:
            raise ValueError("a CSV source needs the connection to register into")
        view = "csv_" + hashlib.sha1(self.pattern.encode()).hexdigest()[:12]
        if view not in {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}:
            con.register(view, read_csv_arrow(Path(self.pattern)))
        return view


def read_csv_arrow(path: Path) -> pa.Table:
    """A CSV table with every column as text (quoted newlines and CRs allowed)."""
    opts = pacsv.ParseOptions(newlines_in_values=True)
    with open(path, "rb") as fh:
        header = fh.readline().decode("utf-8-sig").strip("\r\n")
    names = next(csv.reader([header])) if header else []
    conv = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True)
    return pacsv.read_csv(path, parse_options=opts, convert_options=conv)


def find_source(data_dir: Path, name: str) -> Source | None:
    data_dir = Path(data_dir)
    single = data_dir / f"{name}.parquet"
    if single.is_file():
        return Source("parquet", str(single))
    folder = data_dir / name
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return Source("parquet", str(folder / "**" / "*.parquet"))
    csv = data_dir / f"{name}.csv"
    if csv.is_file():
        return Source("csv", str(csv))
    return None


def data_signature(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Paths, sizes and mtimes of every table file: changes whenever the ETL writes."""
    out: list[tuple[str, int, int]] = []
    data_dir = Path(data_dir)
    for name in TABLES:
        for p in (data_dir / f"{name}.parquet", data_dir / f"{name}.csv"):
            if p.is_file():
                st = p.stat()
                out.append((str(p), st.st_size, st.st_mtime_ns))
        folder = data_dir / name
        if folder.is_dir():
            for p in sorted(folder.rglob("*.parquet")):
                st = p.stat()
                out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _arrow(res: duckdb.DuckDBPyRelation) -> pa.Table:
    """Result as an Arrow table across duckdb versions (1.1 ... 2.x renamed the methods)."""
    for meth in ("to_arrow_table", "fetch_arrow_table", "arrow"):
        fn = getattr(res, meth, None)
        if fn is not None:
            out = fn()
            return out.read_all() if isinstance(out, pa.RecordBatchReader) else out
    raise RuntimeError("duckdb offers no Arrow result method")  # pragma: no cover


def _columns(con: duckdb.DuckDBPyConnection, src: Source) -> list[str]:
    rel = con.sql(f"SELECT * FROM {src.sql(con)} LIMIT 0")
    return list(rel.columns)


def select_sql(con: duckdb.DuckDBPyConnection, src: Source, name: str) -> str:
    """SELECT list conforming the source to the table's schema."""
    have = set(_columns(con, src))
    parts = []
    for f in SCHEMAS[name]:
        typ = _SQL_TYPES.get(f.type, "VARCHAR")
        q = '"' + f.name + '"'
        if f.name in have:
            parts.append(f"TRY_CAST({q} AS {typ}) AS {q}")
        else:
            parts.append(f"CAST(NULL AS {typ}) AS {q}")
    return ", ".join(parts)


def load_table(data_dir: Path, name: str, where: str = "", params: Sequence[object] = ()) -> pa.Table | None:
    """One table as Arrow with exactly the schema's columns; None when absent."""
    src = find_source(data_dir, name)
    if src is None:
        return None
    con = duckdb.connect()
    try:
        sql = f"SELECT {select_sql(con, src, name)} FROM {src.sql(con)}"
        if where:
            sql = f"SELECT * FROM ({sql}) WHERE {where}"
        tbl = _arrow(con.sql(sql, params=list(params)) if params else con.sql(sql))
        return tbl.cast(SCHEMAS[name])
    finally:
        con.close()


def _parquet_files(src: Source) -> list[Path]:
    p = Path(src.pattern)
    if "*" not in src.pattern:
        return [p]
    folder = p.parent.parent  # <dir>/**/*.parquet
    return sorted(folder.rglob("*.parquet"))


def read_parquet_arrow(
    src: Source, name: str, dictionary: Sequence[str] = (), columns: Sequence[str] | None = None
) -> pa.Table:
    """Parquet through pyarrow.dataset (schemas unified by name, hive keys read), conformed
    to the table's schema (only ``columns`` of it, in schema order, when given);
    ``dictionary`` columns come back dictionary-encoded.

    Raises when the files cannot be reconciled (e.g. a column of another type); the caller
    then falls back to duckdb's TRY_CAST."""
    files = _parquet_files(src)
    target = SCHEMAS[name]
    if columns is not None:
        target = pa.schema([f for f in target if f.name in set(columns)])
    physical = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
    want_dict = {c for c in dictionary if c in physical.names and c in target.names}
    fields = [
        pa.field(f.name, pa.dictionary(pa.int32(), pa.string()))
        if f.name in want_dict and pa.types.is_string(f.type) else f
        for f in physical
    ]  # fmt: skip
    fmt = pds.ParquetFileFormat(read_options=pds.ParquetReadOptions(dictionary_columns=sorted(want_dict)))
    if "*" in src.pattern:
        base = str(Path(src.pattern).parent.parent)
        part = pds.HivePartitioning.discover(infer_dictionary=False)
        probe = pds.dataset([str(f) for f in files], format=fmt, partitioning=part, partition_base_dir=base)
        keys = [f for f in probe.schema if f.name not in physical.names]  # hive keys from the paths
        schema = pa.schema(fields + keys)
        dset = pds.dataset([str(f) for f in files], schema=schema, format=fmt, partitioning=part,
                           partition_base_dir=base)  # fmt: skip
    else:
        schema = pa.schema(fields)
        dset = pds.dataset(str(files[0]), schema=schema, format=fmt)
    have = [f.name for f in target if f.name in schema.names]
    tbl = dset.to_table(columns=have)
    cols = []
    for f in target:
        if f.name not in have:
            cols.append(pa.nulls(tbl.num_rows, f.type))
            continue
        col = tbl.column(f.name)
        if pa.types.is_dictionary(col.type) and pa.types.is_string(f.type):
            if not pa.types.is_string(col.type.value_type):
                col = col.cast(f.type)
        elif col.type != f.type:
            col = col.cast(f.type)  # safe cast: raises on lossy values
        cols.append(col)
    return pa.table(cols, names=target.names)


_DATES_SQL = """
SELECT
  CASE
    WHEN event_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN TRY_CAST(event_date AS DATE)
    WHEN event_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN TRY_CAST(event_date || '-01' AS DATE)
    WHEN event_date GLOB '[0-9][0-9][0-9][0-9]' THEN TRY_CAST(event_date || '-01-01' AS DATE)
  END AS s,
  CAST(coalesce(length(event_date), 0) AS INTEGER) AS n
FROM d
"""
_DAY_MIN, _DAY_MAX = np.datetime64("1678-01-01"), np.datetime64("2261-12-31")  # datetime64[ns] range


PRECISION_CATEGORIES = ["day", "month", "year", "none"]


def _derive_dates_plain(event_date: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision codes, start, end) of plain ISO strings, through duckdb (strict casts)."""
    con = duckdb.connect()
    try:
        con.register("d", pa.table({"event_date": event_date}))
        r = _arrow(con.sql(_DATES_SQL))
    finally:
        con.close()
    start = r.column("s").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    n = r.column("n").to_numpy(zero_copy_only=False)
    good = ~np.isnat(start) & (start >= _DAY_MIN) & (start <= _DAY_MAX)
    is_day, is_month, is_year = good & (n == 10), good & (n == 7), good & (n == 4)
    end = start.copy()
    end[is_month] = (start[is_month].astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    end[is_year] = (start[is_year].astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    start[~good] = np.datetime64("NaT")
    end[~good] = np.datetime64("NaT")
    codes = np.full(len(n), 3, dtype=np.int8)  # PRECISION_CATEGORIES[3] == "none"
    codes[is_day] = 0
    codes[is_month] = 1
    codes[is_year] = 2
    return codes, start.astype("datetime64[ns]"), end.astype("datetime64[ns]")


def _derive_dates(event_date: pa.ChunkedArray | pa.Array) -> dict[str, Any]:
    """``_prec``, ``_start``, ``_end``, ``_mid`` from ISO strings YYYY-MM-DD / YYYY-MM / YYYY.

    Strict: anything else (2025-02-30, 2025-13, ' 2025', 'someday') is 'none' with no dates.
    Computed once per distinct date string (a few thousand at most, whatever the number of
    events: one duckdb query over the dictionaries) and spread to the rows by their indices."""
    chunks = event_date.chunks if isinstance(event_date, pa.ChunkedArray) else [event_date]
    chunks = [c if pa.types.is_dictionary(c.type) else pc.dictionary_encode(c.cast(pa.string())) for c in chunks]
    values = [c.dictionary.cast(pa.string()) for c in chunks]
    offsets = np.cumsum([0, *[len(v) for v in values]])
    codes, start, end = _derive_dates_plain(pa.concat_arrays(values) if values else pa.array([], pa.string()))
    # a missing date takes the extra last slot: precision "none", no dates
    codes = np.append(codes, np.int8(3))
    start = np.append(start, np.datetime64("NaT", "ns"))
    end = np.append(end, np.datetime64("NaT", "ns"))
    mid = start + (end - start) // 2
    idx = [
        np.asarray(c.indices.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64) + off
        if c.null_count == 0
        else c.indices.cast(pa.int64()).fill_null(len(codes) - 1 - off).to_numpy(zero_copy_only=False) + off
        for c, off in zip(chunks, offsets[:-1], strict=True)
    ]
    at = np.concatenate(idx) if idx else np.empty(0, dtype=np.int64)
    return {
        "_prec": pd.Categorical.from_codes(codes[at], categories=PRECISION_CATEGORIES),
        "_start": start[at],
        "_end": end[at],
        "_mid": mid[at],
    }


def _to_pandas(tbl: pa.Table) -> pd.DataFrame:
    """Arrow to pandas with the low-cardinality text columns as categoricals."""
    cols = {}
    for name in tbl.column_names:
        col = tbl.column(name)
        if name in CATEGORICAL and pa.types.is_string(col.type):
            col = pc.dictionary_encode(col)
        elif name not in CATEGORICAL and pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)  # read as a dictionary for speed only
        cols[name] = col
    return pa.table(cols).to_pandas()


def add_derived(events: pa.Table) -> pd.DataFrame:
    """Events as pandas with ``_start/_end/_mid/_prec`` and categorical low-cardinality columns
    (``events`` may hold all columns of the schema or only some; ``event_date`` is needed)."""
    df = _to_pandas(events)
    derived = _derive_dates(events.column("event_date"))
    df["_prec"] = derived["_prec"]
    df["_start"] = derived["_start"]
    df["_end"] = derived["_end"]
    df["_mid"] = derived["_mid"]
    for c in ("n_sources", "n_articles"):
        if c in df.columns:
            df[c] = df[c].fillna(0).astype("int32")
    return df


def empty_events() -> pd.DataFrame:
    return add_derived(SCHEMAS["events"].empty_table())


DERIVED = ("_prec", "_start", "_end", "_mid")
FETCH_ROWS = 20_000  # up to this many rows (a timeline's points), texts are read for those rows only


@dataclass
class Dataset:
    """The events of a data dir. ``events`` holds the ``CORE`` columns (all of the schema's
    when loaded through duckdb) and the derived ``_`` ones, with a RangeIndex: row ``i`` is
    the i-th event. The other columns come from ``rest()``, read once on first use."""

    data_dir: Path
    events: pd.DataFrame  # shared (cached): never modify in place
    memo: dict[object, Any] = field(default_factory=dict)  # derived arrays (sort orders)
    source: Source | None = None  # where the REST columns are read from (None: all in events)
    _rest: pd.DataFrame | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def empty(self) -> bool:
        return len(self.events) == 0

    @property
    def missing(self) -> list[str]:
        """Schema columns not in ``events`` (read on demand)."""
        return [c for c in EVENT_COLUMNS if c not in self.events.columns]

    def rest(self) -> pd.DataFrame:
        """The schema columns missing from ``events``, for every row, in the same order
        (read once, under a lock: the dataset is shared by all sessions)."""
        if self._rest is not None:
            return self._rest
        with self._lock:
            if self._rest is None:
                self._rest = self._read_rest()
        return self._rest

    def _read_rest(self) -> pd.DataFrame:
        missing = self.missing
        n = len(self.events)
        if not missing:
            return pd.DataFrame(index=self.events.index)
        tbl = None
        if self.source is not None and self.source.kind == "parquet":
            try:
                tbl = read_parquet_arrow(self.source, "events", CATEGORICAL, ["event_id", *missing])
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError, ValueError):
                tbl = None
        if tbl is None:  # the files changed or disagree: through duckdb like the fallback load
            tbl = load_table(self.data_dir, "events")
        if tbl is None:  # the table vanished since: empty texts rather than a crash
            tbl = pa.table({c: pa.nulls(n, SCHEMAS["events"].field(c).type) for c in ["event_id", *missing]})
        ids = tbl.column("event_id")
        mine = pa.chunked_array([pa.array(self.events["event_id"].array, type=pa.string())])
        rest = _to_pandas(tbl.select(missing))
        if not (tbl.num_rows == n and ids.cast(pa.string()).equals(mine)):
            # the files were rewritten since start-up: match rows by event id
            keys = pd.Index(ids.cast(pa.string()).to_pandas())
            first = ~keys.duplicated()
            pos = pd.Index(keys[first]).get_indexer(pd.Index(mine.to_pandas()))
            rows = np.flatnonzero(first)
            take = np.where(pos >= 0, rows[np.maximum(pos, 0)], -1) if len(rows) else np.full(n, -1)
            rest = rest.take(np.maximum(take, 0)) if len(rest) else rest.reindex(range(n))
            rest = rest.reset_index(drop=True)
            if (take < 0).any():
                rest = rest.astype(object)
                rest.loc[take < 0, :] = None
        rest.index = self.events.index
        return rest

    def _fetch_rows(self, frame: pd.DataFrame, want: list[str]) -> pd.DataFrame | None:
        """``want`` columns of a few rows straight from a single Parquet file (duckdb reads
        only those rows); None when that does not apply or the file changed since."""
        src = self.source
        if src is None or src.kind != "parquet" or "*" in src.pattern or len(frame) == 0:
            return None
        positions = frame.index.to_numpy()
        con = duckdb.connect(config={"threads": 1})
        try:
            have = set(_columns(con, src))
            cols = ", ".join(
                '"' + c + '"' if c in have else f"CAST(NULL AS {_SQL_TYPES.get(SCHEMAS['events'].field(c).type, 'VARCHAR')}) AS \"{c}\""
                for c in ["event_id", *want]
            )
            lit = "'" + src.pattern.replace("'", "''") + "'"
            con.register("wanted_rows", pa.table({"r": positions.astype("int64")}))
            sql = (f"SELECT file_row_number AS _row, {cols} FROM read_parquet({lit}, file_row_number=true) "
                   "SEMI JOIN wanted_rows w ON file_row_number = w.r")  # fmt: skip
            tbl = _arrow(con.sql(sql))
            target = SCHEMAS["events"]
            tbl = pa.table(
                [tbl.column(c).cast(target.field(c).type) for c in ["event_id", *want]], names=["event_id", *want]
            ).append_column("_row", tbl.column("_row").cast(pa.int64()))
        except (duckdb.Error, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError):
            return None
        finally:
            con.close()
        got = tbl.to_pandas()
        at = pd.Index(got["_row"]).get_indexer(positions)
        if (at < 0).any():
            return None
        got = got.iloc[at]
        if got["event_id"].astype(object).tolist() != frame["event_id"].astype(object).tolist():
            return None  # the file was rewritten since start-up
        part = got[want]
        part.index = frame.index
        return part

    def with_text(self, frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """``frame`` (rows of ``events``, their index kept) with the schema's other columns
        (or only ``columns``) added: schema columns first in schema order, then derived.
        A few rows before the texts were needed in full are read on their own (fast)."""
        want = [c for c in self.missing if columns is None or c in columns]
        if not want:
            return frame
        part = self._fetch_rows(frame, want) if self._rest is None and len(frame) <= FETCH_ROWS else None
        if part is None and len(frame) == 0 and self._rest is None:  # nothing to read
            part = pd.DataFrame({c: pd.Series([], dtype=object) for c in want}, index=frame.index)
        if part is None:
            rest = self.rest()
            if len(frame) == len(self.events) and frame.index.equals(self.events.index):
                part = rest[want]
            else:
                part = rest[want].iloc[frame.index.to_numpy()]
            part.index = frame.index
        out = pd.concat([frame, part], axis=1)
        order = [c for c in EVENT_COLUMNS if c in out.columns]
        return out[order + [c for c in out.columns if c not in set(order)]]

    def full(self) -> pd.DataFrame:
        """All events with every column of the schema and the derived ones."""
        return self.with_text(self.events)

    @cached_property
    def countries(self) -> list[str]:
        """Codes appearing as either actor, sorted by display name."""
        from .countries import country_name

        codes = set(_distinct(self.events["actor1"])) | set(_distinct(self.events["actor2"]))
        return sorted(codes, key=lambda c: (country_name(c).casefold(), c))

    @cached_property
    def languages(self) -> list[str]:
        return sorted(_distinct(self.events["language"]))

    @cached_property
    def sources(self) -> list[str]:
        return sorted(_distinct(self.events["source"]), key=str.casefold)

    @cached_property
    def date_bounds(self) -> tuple[dt.date, dt.date] | None:
        s = self.events["_start"]
        e = self.events["_end"]
        if s.notna().sum() == 0:
            return None
        return (s.min().date(), e.max().date())


def _distinct(s: pd.Series) -> list[str]:
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(s.cat.categories)) > 0
        vals = s.cat.categories[used]
    else:
        vals = s.dropna().unique()
    return [str(v) for v in vals if isinstance(v, str) and v != ""]


def load_events_arrow(data_dir: Path, columns: Sequence[str] | None = None) -> tuple[pa.Table, Source] | None:
    """The events table (only ``columns`` when given and the fast path works): Parquet
    through pyarrow.dataset (dictionary-encoded categorical columns), else (CSV, or files
    that disagree on types) every column through duckdb."""
    src = find_source(data_dir, "events")
    if src is None:
        return None
    if src.kind == "parquet":
        try:
            return read_parquet_arrow(src, "events", CATEGORICAL, columns), src
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError, ValueError):
            pass
    tbl = load_table(data_dir, "events")
    return (tbl, src) if tbl is not None else None


def load_dataset(data_dir: Path, lazy: bool = True) -> Dataset | None:
    """The events of a data dir; None when there is no events table at all. With ``lazy``
    only the ``CORE`` columns are read now, the others on first use."""
    got = load_events_arrow(data_dir, CORE if lazy else None)
    if got is None:
        return None
    tbl, src = got
    return Dataset(Path(data_dir), add_derived(tbl), source=src)


def load_mentions(data_dir: Path, event_id: str) -> pd.DataFrame:
    """All mentions of one event, with their article's title, date, outlet and URL."""
    msrc = find_source(data_dir, "mentions")
    if msrc is None:
        return pd.DataFrame(columns=[*SCHEMAS["mentions"].names, "title", "published", "source", "url"])
    con = duckdb.connect()
    try:
        m_sql = f"SELECT {select_sql(con, msrc, 'mentions')} FROM {msrc.sql(con)}"
        asrc = find_source(data_dir, "articles")
        if asrc is not None:
            a_sql = f"SELECT {select_sql(con, asrc, 'articles')} FROM {asrc.sql(con)}"
            sql = (
                f"SELECT m.*, a.title, a.published, a.source, a.url FROM ({m_sql}) m "
                f"LEFT JOIN (SELECT DISTINCT ON (article_id) * FROM ({a_sql})) a USING (article_id) "
                "WHERE m.event_id = ? ORDER BY a.published NULLS LAST, m.article_id"
            )
        else:
            sql = (
                f"SELECT m.*, NULL::VARCHAR AS title, NULL::VARCHAR AS published, "
                f"NULL::VARCHAR AS source, NULL::VARCHAR AS url FROM ({m_sql}) m "
                "WHERE m.event_id = ? ORDER BY m.article_id"
            )
        return con.execute(sql, [event_id]).df()
    finally:
        con.close()


def load_table_frame(data_dir: Path, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` of one table as pandas (empty with those columns when it is absent)."""
    tbl = load_table(data_dir, name)
    if tbl is None:
        return pd.DataFrame(columns=list(columns))
    return tbl.select(list(columns)).to_pandas()


def count_rows(data_dir: Path, name: str) -> int:
    """Rows of one table (0 when it is absent)."""
    src = find_source(data_dir, name)
    if src is None:
        return 0
    con = duckdb.connect()
    try:
        row = con.execute(f"SELECT count(*) FROM {src.sql(con)}").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()
