from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest
from fixtures_dashboard import loaded_events
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dashboard.export import (
    FORMULA_PREFIXES,
    export_filename,
    export_frame,
    neutralize,
    sanitize_filename,
    to_csv_bytes,
    to_parquet_bytes,
    to_xlsx_bytes,
)
from dashboard.filters import Filters, apply_filters
from etl.schema import EVENT_COLUMNS


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return loaded_events(tmp_path_factory.mktemp("x"))


def expected_rows(df: pd.DataFrame) -> list[dict[str, object]]:
    return export_frame(df).to_dict("records")


def _same(got: object, want: object) -> bool:
    if want is None or (isinstance(want, float) and want != want):
        return got in (None, "")
    if isinstance(want, float):
        return abs(float(got) - want) < 1e-6  # type: ignore[arg-type]
    if isinstance(want, str) and want.startswith(FORMULA_PREFIXES):
        return got == "'" + want
    return str(got) == str(want)


def test_neutralize() -> None:
    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']:
        assert neutralize(bad) == "'" + bad
    for ok in ["a=1", "1-2", "", " =x", "'=x"]:
        assert neutralize(ok) == ok
    assert neutralize(-5) == -5 and neutralize(None) is None


def test_csv_neutralized_and_intact(events: pd.DataFrame) -> None:
    df = apply_filters(events, Filters(countries=("IDN",)))
    raw = to_csv_bytes(df)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0].keys()) == EVENT_COLUMNS
    assert len(rows) == len(df)
    for got, want in zip(rows, expected_rows(df), strict=True):
        for c in EVENT_COLUMNS:
            assert not got[c].startswith(("=", "+", "-", "@", "\t", "\r")), (c, got[c])
            assert _same(got[c], want[c]), (c, got[c], want[c])
    by_id = {r["event_id"]: r for r in rows}
    assert by_id["x-001"]["evidence"].startswith("'=HYPERLINK(")
    assert by_id["x-002"]["title"] == "'@SUM(1,2) Moscow and Jakarta talk by phone"
    assert by_id["x-002"]["evidence"].startswith("'-2+3")
    assert by_id["x-004"]["evidence"].startswith("'\tTab-led")
    assert by_id["x-005"]["source"] == "'\rCarriage Return Weekly"


def test_xlsx_has_no_formula_and_data_intact(events: pd.DataFrame) -> None:
    df = apply_filters(events, Filters(countries=("IDN",)))
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(df)))
    ws = wb.active
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == EVENT_COLUMNS
    assert len(rows) == len(df) + 1
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_PREFIXES)
    for got, want in zip(rows[1:], expected_rows(df), strict=True):
        for cell, c in zip(got, EVENT_COLUMNS, strict=True):
            assert _same(cell.value, want[c]), (c, cell.value, want[c])
    # formulas also stay inert when read back with values computed
    wb2 = load_workbook(io.BytesIO(to_xlsx_bytes(df)), data_only=True)
    assert all(not (isinstance(c.value, str) and c.value.startswith("=")) for r in wb2.active.iter_rows() for c in r)


def test_xlsx_strips_illegal_control_characters() -> None:
    df = pd.DataFrame({c: [None] for c in EVENT_COLUMNS})
    df["event_id"] = ["bell\x07id"]
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(df)))
    assert wb.active.cell(2, 1).value == "bell\ufffdid"


def test_parquet_keeps_values(events: pd.DataFrame) -> None:
    df = apply_filters(events, Filters(countries=("IDN",)))
    t = pq.read_table(io.BytesIO(to_parquet_bytes(df)))
    assert t.column_names == EVENT_COLUMNS
    got = t.to_pandas()
    assert got.loc[got.event_id == "x-001", "evidence"].iloc[0].startswith("=HYPERLINK(")
    assert got.loc[got.event_id == "x-005", "source"].iloc[0] == "\rCarriage Return Weekly"
    assert str(t.schema.field("n_sources").type) == "int32"
    assert sorted(got["event_id"]) == sorted(df["event_id"].astype(str))


def test_empty_exports() -> None:
    df = pd.DataFrame({c: [] for c in EVENT_COLUMNS})
    assert to_csv_bytes(df).decode("utf-8-sig").strip() == ",".join(EVENT_COLUMNS)
    assert load_workbook(io.BytesIO(to_xlsx_bytes(df))).active.max_row == 1
    assert pq.read_table(io.BytesIO(to_parquet_bytes(df))).num_rows == 0


def test_filenames() -> None:
    f = Filters(pair_a="IDN", pair_b="RUS", date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30))
    assert export_filename(f, "csv") == "events_IDN-RUS_2025-01-01_2025-06-30.csv"
    assert export_filename(Filters(), "xlsx") == "events.xlsx"
    assert export_filename(f.with_(directed=True), "parquet") == "events_IDN_to_RUS_2025-01-01_2025-06-30.parquet"
    assert export_filename(Filters(countries=("IDN",), event_types=("visit", "call")), "csv") == "events_IDN_visit_call.csv"
    nasty = Filters(text="../../etc/passwd; rm -rf / <x>", sources=("A/B\\C",))
    name = export_filename(nasty, "csv")
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.csv", name) and ".." not in name.replace("..csv", "")
    assert export_filename(Filters(), "../../x") == "events.x"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_sanitize_filename_property(s: str) -> None:
    out = sanitize_filename(s)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", out)
    assert len(out) <= 120
    assert not out.startswith(".")
