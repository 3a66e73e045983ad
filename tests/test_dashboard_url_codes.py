"""`?country=ZZZ` (no such code) is ignored, not kept as a chip; real codes stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_dashboard import APP, make_data_dir, tables
from streamlit.testing.v1 import AppTest

from dashboard.countries import is_known
from dashboard.state import params_to_filters


def test_known_codes() -> None:
    assert is_known("IDN") and is_known("NOR") and is_known("EUR") and is_known("XKX")
    assert not is_known("ZZZ") and not is_known("QQQ") and not is_known("") and not is_known("ID")


def test_unknown_codes_are_dropped_from_every_country_key() -> None:
    f = params_to_filters({"country": ["ZZZ", "IDN,QQQ"], "a": "ZZZ", "b": "RUS"}, known=is_known)
    assert (f.countries, f.pair_a, f.pair_b) == (("IDN",), None, "RUS")
    assert params_to_filters({"country": "ZZZ"}).countries == ("ZZZ",)  # no check asked for


def test_app_ignores_an_unknown_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(make_data_dir(tmp_path)))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["country"] = ["ZZZ", "RUS"]
    at.query_params["a"] = "ZZZ"
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_countries").value == ["RUS"]
    assert at.selectbox(key="f_a").value is None
    assert at.query_params["country"] == "RUS" and "a" not in at.query_params  # the URL is cleaned
    n_rus = int(((tables()["events"]["actor1"] == "RUS") | (tables()["events"]["actor2"] == "RUS")).sum())
    assert any(c.value.startswith(f"{n_rus} of ") for c in at.caption)
