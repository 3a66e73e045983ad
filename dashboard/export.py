"""Downloads of the filtered events table: CSV, XLSX, Parquet, and their file names.

CSV and XLSX are opened by spreadsheets, which run a cell starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return as a formula ("CSV injection"): such text cells get
a leading single quote. Parquet is for programs and keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.schema import EVENT_COLUMNS, EVENTS_SCHEMA

from .filters import Filters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = 3  # of float columns in the downloads
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 forbids these


def neutralize(value: object) -> object:
    """``'=1+1'`` -> ``"'=1+1"``; other values (numbers included) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize_series(s: pd.Series) -> pd.Series:
    if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)
            or isinstance(s.dtype, pd.CategoricalDtype)):  # fmt: skip
        return s
    obj = s.astype(object)
    txt = obj.where(obj.notna(), "").astype(str)
    hit = txt.str.startswith(FORMULA_PREFIXES) & obj.notna()
    if not hit.any():
        return obj
    return obj.where(~hit, "'" + txt)


def export_frame(
    df: pd.DataFrame, columns: Sequence[str] = EVENT_COLUMNS, decimals: int | None = DECIMALS
) -> pd.DataFrame:
    """The schema's columns of ``df`` (no derived ``_`` columns), in its row order, as plain
    values; floats (``confidence``, stored as float32) rounded to ``decimals`` (None: as
    they are), so that a spreadsheet shows 0.9 and not 0.8999999761581421."""
    out = pd.DataFrame(index=range(len(df)))
    for c in columns:
        s = df[c] if c in df.columns else pd.Series([None] * len(df))
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        elif decimals is not None and pd.api.types.is_float_dtype(s.dtype):
            s = s.astype("float64").round(decimals)
        out[c] = s.to_numpy()
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets pick the encoding) with formulas neutralized."""
    frame = export_frame(df)
    for c in frame.columns:
        frame[c] = neutralize_series(frame[c])
    buf = io.StringIO()
    # CRLF rows and every field containing CR/LF quoted: spreadsheets and csv readers agree
    frame.to_csv(buf, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "events") -> bytes:
    """XLSX via openpyxl (write-only), every text cell a string, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    frame = export_frame(df).head(XLSX_MAX_ROWS)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        cells: list[Any] = []
        for v in row:
            if v is None or (isinstance(v, float) and v != v):
                cells.append(None)
                continue
            if isinstance(v, str):
                v = _ILLEGAL_XLSX.sub("\ufffd", v)
                cell = WriteOnlyCell(ws, value=neutralize(v))
                cell.data_type = "s"  # a string even if it still looked like a formula
                cells.append(cell)
            else:
                cells.append(v.item() if hasattr(v, "item") else v)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet with the ETL's events schema, values untouched."""
    frame = export_frame(df, decimals=None)
    cols = {}
    for f in EVENTS_SCHEMA:
        s = frame[f.name]
        if pa.types.is_string(f.type):
            vals = [None if (v is None or (isinstance(v, float) and v != v)) else str(v) for v in s]
            cols[f.name] = pa.array(vals, type=f.type)
        else:
            cols[f.name] = pa.array(s, type=f.type, from_pandas=True)
    buf = io.BytesIO()
    pq.write_table(pa.table(cols, schema=EVENTS_SCHEMA), buf)
    return buf.getvalue()


MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def sanitize_filename(name: str, max_len: int = 120) -> str:
    """Only letters, digits, dot, dash and underscore; no leading dots; bounded length."""
    s = _SAFE.sub("_", name)
    s = re.sub(r"\.{2,}", ".", s)
    s = re.sub(r"_+", "_", s).strip("._-")
    if len(s) > max_len:
        stem, dot, ext = s.rpartition(".")
        if dot and 0 < len(ext) <= 8:
            s = stem[: max_len - len(ext) - 1].rstrip("._-") + "." + ext
        else:
            s = s[:max_len]
    return s or "events"


def export_filename(f: Filters, ext: str) -> str:
    """``events_IDN-RUS_2025-01-01_2025-06-30.csv``: the filter in a safe file name."""
    parts = ["events"]
    if f.pair_a or f.pair_b:
        sep = "_to_" if f.directed else "-"
        parts.append(f"{f.pair_a or 'any'}{sep}{f.pair_b or 'any'}")
    if f.countries:
        parts.append("+".join(f.countries[:4]) + ("+more" if len(f.countries) > 4 else ""))
    if f.event_types:
        parts.append("+".join(f.event_types))
    if f.statuses:
        parts.append("+".join(f.statuses))
    if f.date_from or f.date_to:
        parts.append(f.date_from.isoformat() if f.date_from else "start")
        parts.append(f.date_to.isoformat() if f.date_to else "end")
    if f.languages:
        parts.append("lang-" + "+".join(f.languages[:3]))
    if f.sources:
        parts.append("src-" + "+".join(f.sources[:2]))
    if f.min_sources:
        parts.append(f"min{f.min_sources}src")
    if f.text:
        parts.append("q-" + f.text[:20])
    if f.min_confidence > 0:
        parts.append(f"conf{f.min_confidence:.2f}")
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8] or "dat"
    base = sanitize_filename("_".join(parts).replace("+", "_"), max_len=120 - len(ext) - 1)
    return f"{base}.{ext}"
