"""Downloads under a minimum confidence: exactly the events at or above it, confidence
rounded to 3 decimals in CSV/Excel (as stored in Parquet), the threshold in the file name."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq
import pytest
from fixtures_dashboard import confidence_tables, make_data_dir, reference_ids
from openpyxl import load_workbook

from dashboard import data, export
from dashboard.filters import Filters, apply_with_hidden


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> data.Dataset:
    loaded = data.load_dataset(make_data_dir(tmp_path_factory.mktemp("confx"), tbls=confidence_tables()))
    assert loaded is not None
    return loaded


@pytest.mark.parametrize("threshold", [0.0, 0.45, 0.8])
def test_downloads_hold_the_events_at_or_above_the_threshold(ds: data.Dataset, threshold: float) -> None:
    f = Filters(min_confidence=threshold)
    rows = ds.with_text(apply_with_hidden(ds.events, f)[0])
    want = reference_ids(confidence_tables()["events"], f)
    csv = pd.read_csv(io.BytesIO(export.to_csv_bytes(rows)), encoding="utf-8-sig")
    ws = load_workbook(io.BytesIO(export.to_xlsx_bytes(rows))).active
    xlsx = pd.DataFrame(list(ws.values)[1:], columns=[c.value for c in ws[1]])
    parquet = pq.read_table(io.BytesIO(export.to_parquet_bytes(rows))).to_pandas()
    for got in (csv, xlsx, parquet):
        assert set(got["event_id"]) == want
        assert (got["confidence"] >= threshold - 1e-6).all()
    for got in (csv, xlsx):
        assert (got["confidence"].round(3) == got["confidence"]).all()


@pytest.mark.parametrize(
    ("f", "name"),
    [(Filters(min_confidence=0.45), "events_conf0.45.csv"), (Filters(), "events.csv"),
     (Filters(pair_a="IDN", pair_b="RUS", min_confidence=0.6), "events_IDN-RUS_conf0.60.csv")],
)  # fmt: skip
def test_file_name_carries_the_threshold(f: Filters, name: str) -> None:
    assert export.export_filename(f, "csv") == name
