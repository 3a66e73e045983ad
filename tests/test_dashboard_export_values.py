"""Downloads: the table's order (newest first) and no float noise in CSV / Excel."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from fixtures_dashboard import make_data_dir
from openpyxl import load_workbook

from dashboard import data, export, tables
from dashboard.filters import Filters, apply_filters


def test_confidence_without_float_noise() -> None:
    df = pd.DataFrame({"event_id": ["a", "b"], "confidence": np.array([0.9, 0.85], dtype="float32")})
    assert float(df["confidence"].iloc[0]) == 0.8999999761581421  # what float32 holds
    ws = load_workbook(io.BytesIO(export.to_xlsx_bytes(df))).active
    col = [c.value for c in ws[1]].index("confidence") + 1
    assert [ws.cell(row=r, column=col).value for r in (2, 3)] == [0.9, 0.85]
    csv_text = export.to_csv_bytes(df).decode("utf-8-sig")
    assert "0.9," in csv_text.replace("\r\n", ",") and "0.8999" not in csv_text
    back = pq.read_table(io.BytesIO(export.to_parquet_bytes(df))).column("confidence").to_pylist()
    assert back == [float(np.float32(0.9)), float(np.float32(0.85))]  # Parquet keeps float32 as it is


def test_downloads_keep_the_tables_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ds = data.load_dataset(make_data_dir(tmp_path))
    assert ds is not None
    filtered = apply_filters(ds.events, Filters(countries=("IDN",)))
    for how in tables.SORTS:
        rows = tables.sorted_rows(ds.events, filtered, how, cache=ds.memo)
        first_page = tables.page_rows(ds.events, filtered, how, 1, cache=ds.memo)
        assert rows["event_id"].tolist()[: len(first_page)] == first_page["event_id"].tolist()
        assert sorted(rows["event_id"]) == sorted(filtered["event_id"])
    newest = tables.sorted_rows(ds.events, filtered, "Newest first")
    starts = newest["_start"].dropna()
    assert len(starts) > 2 and starts.is_monotonic_decreasing  # newest first, undated last
    assert newest["_start"].iloc[-1] is pd.NaT
    frame = export.export_frame(ds.with_text(newest))
    assert frame["event_id"].tolist() == newest["event_id"].tolist()
