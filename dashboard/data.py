"""Finding and loading the ETL's tables (pure: no Streamlit here).

Layouts accepted for each table NAME (events, mentions, articles) under the data dir:

* ``NAME.parquet``                      one file
* ``NAME/**/*.parquet``                 a (hive-)partitioned dataset
* ``NAME.csv``                          fallback when no Parquet exists

Columns are conformed to etl.schema: a column missing from the files comes back as
nulls, extra columns (e.g. hive partition keys that are not in the schema) are dropped.
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.schema import SCHEMAS

DEFAULT_DATA_DIR = Path("data")
TABLES = ("events", "mentions", "articles")

# Low-cardinality text columns stored as pandas categoricals: fast masks at 1M rows.
CATEGORICAL = (
    "event_type", "status", "cameo_code", "date_precision", "actor1", "actor2",
    "actor1_name", "actor2_name", "dyad", "location", "language", "source", "_prec",
)  # fmt: skip

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


_DERIVED_SQL = """
WITH d AS (
  SELECT *,
    CASE
      WHEN regexp_full_match(coalesce(event_date, ''), '\\d{4}-\\d{2}-\\d{2}') THEN 'day'
      WHEN regexp_full_match(coalesce(event_date, ''), '\\d{4}-\\d{2}') THEN 'month'
      WHEN regexp_full_match(coalesce(event_date, ''), '\\d{4}') THEN 'year'
      ELSE 'none' END AS _p
  FROM ev
), s AS (
  SELECT *,
    CASE _p
      WHEN 'day' THEN TRY_CAST(event_date AS DATE)
      WHEN 'month' THEN TRY_CAST(event_date || '-01' AS DATE)
      WHEN 'year' THEN TRY_CAST(event_date || '-01-01' AS DATE)
    END AS _s
  FROM d
)
SELECT * EXCLUDE (_p, _s),
  CASE WHEN _s IS NULL THEN 'none' ELSE _p END AS _prec,
  CAST(_s AS TIMESTAMP) AS _start,
  CAST(CASE _p
    WHEN 'day' THEN _s
    WHEN 'month' THEN _s + INTERVAL 1 MONTH - INTERVAL 1 DAY
    WHEN 'year' THEN _s + INTERVAL 1 YEAR - INTERVAL 1 DAY
  END AS TIMESTAMP) AS _end
FROM s
"""


def add_derived(events: pa.Table) -> pd.DataFrame:
    """Events as pandas with ``_start/_end/_mid/_prec`` and categorical low-cardinality columns."""
    con = duckdb.connect()
    try:
        con.register("ev", events)
        tbl = _arrow(con.sql(_DERIVED_SQL))
    finally:
        con.close()
    cols = {}
    for name in tbl.column_names:
        col = tbl.column(name)
        if name in CATEGORICAL and pa.types.is_string(col.type):
            col = pc.dictionary_encode(col)
        cols[name] = col
    df = pa.table(cols).to_pandas()
    for c in ("_start", "_end"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df["_mid"] = df["_start"] + (df["_end"] - df["_start"]) / 2
    for c in ("n_sources", "n_articles"):
        df[c] = df[c].fillna(0).astype("int32")
    return df


def empty_events() -> pd.DataFrame:
    return add_derived(SCHEMAS["events"].empty_table())


@dataclass
class Dataset:
    data_dir: Path
    events: pd.DataFrame  # with derived columns; shared (cached): never modify in place
    memo: dict[object, Any] = field(default_factory=dict)  # derived arrays (sort orders)

    @property
    def empty(self) -> bool:
        return len(self.events) == 0

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
        vals = s.cat.remove_unused_categories().cat.categories
    else:
        vals = s.dropna().unique()
    return [str(v) for v in vals if isinstance(v, str) and v != ""]


def load_dataset(data_dir: Path) -> Dataset | None:
    """The events of a data dir; None when there is no events table at all."""
    tbl = load_table(data_dir, "events")
    if tbl is None:
        return None
    return Dataset(Path(data_dir), add_derived(tbl))


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


def load_failed_articles(data_dir: Path, origin_contains: str | None = None) -> pd.DataFrame:
    """Articles with status == 'failed' (optionally only those whose origin contains a
    string, e.g. the name of one upload's temporary folder)."""
    where = "status = 'failed'"
    params: list[object] = []
    if origin_contains:
        where += " AND contains(coalesce(origin, ''), ?)"
        params.append(origin_contains)
    tbl = load_table(data_dir, "articles", where=where, params=params)
    if tbl is None:
        return pd.DataFrame(columns=SCHEMAS["articles"].names)
    return tbl.to_pandas()
