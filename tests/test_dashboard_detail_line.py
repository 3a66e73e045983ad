"""The event detail joins only the parts it has: no dangling "·" without an outlet."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_dashboard import APP, make_data_dir, timeline_tables
from streamlit.testing.v1 import AppTest

from dashboard.tables import joined


def test_joined_skips_missing_parts() -> None:
    assert joined("", "event id: e1") == "event id: e1"
    assert joined("Outlet: X", "event id: e1") == "Outlet: X   ·   event id: e1"
    assert joined(None, float("nan"), "  ", "t", sep=" · ") == "t"


@pytest.mark.parametrize(("ev", "outlet"), [("x-nosrc", None), ("x-002", "Mock Herald")])
def test_detail_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ev: str, outlet: str | None) -> None:
    monkeypatch.setenv("DATA_DIR", str(make_data_dir(tmp_path, tbls=timeline_tables())))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["ev"] = ev
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    line = next(t for t in texts if f"event id: {ev}" in t)
    assert line == (f"Outlet: {outlet}   ·   event id: {ev}" if outlet else f"event id: {ev}")
    assert not any(t.strip().startswith("·") or t.strip().endswith("·") or "·   ·" in t for t in texts)
