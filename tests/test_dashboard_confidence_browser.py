"""The "Minimum confidence" slider in Debian's headless Chromium at 1280×720: visible in the
sidebar without scrolling, with its default; moving it with the keyboard changes the count,
the URL and what the CSV download holds. Screenshots go to ``$SCREENSHOT_DIR`` (default:
the test's temporary folder)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fixtures_dashboard import confidence_tables, make_data_dir, reference_ids

from dashboard.confidence import model_default
from dashboard.filters import Filters
from dashboard.serve import CHROMIUM, launch_chromium, local_only, running_app

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

WIDTH, HEIGHT = 1280, 720
DEFAULT = model_default().value
EVENTS = confidence_tables()["events"]


def n_at_least(threshold: float) -> int:
    return len(reference_ids(EVENTS, Filters(min_confidence=threshold)))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("conf_browser")
    data_dir = make_data_dir(root, tbls=confidence_tables())
    with running_app(data_dir, log=root / "streamlit.log") as url, sync_api.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            ctx = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, accept_downloads=True)
            local_only(ctx, [])
            pg = ctx.new_page()
            pg.set_default_timeout(45_000)
            pg.goto(url)
            pg.wait_for_selector(".js-plotly-plot")
            yield pg
        finally:
            browser.close()



def inside_viewport(loc: Any) -> bool:
    b = loc.bounding_box()
    return b is not None and b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= WIDTH and b["y"] + b["height"] <= HEIGHT


def match_caption(pg: Any, n: int) -> Any:
    return pg.get_by_text(re.compile(rf"^{n} of {len(EVENTS)} events match"))


def test_slider_visible_with_its_default_then_moved(page: Any, shots: Path) -> None:
    pg = page
    slider = pg.locator("[data-testid='stSlider']").filter(has_text="Minimum confidence").first
    slider.wait_for()
    default = pg.get_by_text(f"Default {DEFAULT:.2f}")
    assert inside_viewport(slider) and inside_viewport(default)  # no scrolling needed
    thumb = slider.locator("input[type='range']")
    assert float(thumb.input_value()) == DEFAULT
    assert slider.get_by_test_id("stSliderThumbValue").inner_text() == f"{DEFAULT:.2f}"
    match_caption(pg, n_at_least(DEFAULT)).wait_for()
    pg.wait_for_timeout(500)
    pg.screenshot(path=str(shots / "confidence_slider_1280x720.png"))

    thumb.focus()
    thumb.press("ArrowRight")
    thumb.press("ArrowRight")  # two steps of 0.05
    moved = round(DEFAULT + 0.1, 2)
    pg.wait_for_url(re.compile(rf"minconf={moved:g}"))
    match_caption(pg, n_at_least(moved)).wait_for()
    assert inside_viewport(default)  # the default stays in view after the move
    pg.wait_for_timeout(500)
    pg.screenshot(path=str(shots / "confidence_slider_moved_1280x720.png"))

    with pg.expect_download() as dl:
        pg.get_by_role("button", name="⬇ CSV").click()
    got = pd.read_csv(io.BytesIO(Path(dl.value.path()).read_bytes()), encoding="utf-8-sig")
    assert len(got) == n_at_least(moved) and (got["confidence"] >= moved - 1e-6).all()
    assert dl.value.suggested_filename == f"events_conf{moved:.2f}.csv"
