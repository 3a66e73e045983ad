"""The timeline's layout in Debian's headless Chromium, at 1280×720 and 800 px wide:
every legend entry visible (inside the viewport and the chart, clear of the span control
and of each other), the view opening where the news is, same-day events of one pair as
separate markers, typed dates applied on Enter, no "Deploy" button.

Screenshots go to ``$SCREENSHOT_DIR`` (default: the test's temporary folder)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures_dashboard import SAME_DAY, make_data_dir, timeline_tables

from dashboard.serve import CHROMIUM, local_only, running_app

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

SIZES = {"1280x720": (1280, 720), "800px": (800, 900)}
POINTS = ".js-plotly-plot .cartesianlayer .scatterlayer .points path"
N_LEGEND = 7  # 4 types, 2 statuses, "date known to month/year only"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("layout")
    with running_app(make_data_dir(root, tbls=timeline_tables()), log=root / "streamlit.log") as url:
        yield url




def open_page(browser: Any, url: str, size: tuple[int, int]) -> Any:
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    blocked: list[str] = []
    local_only(ctx, blocked)
    pg = ctx.new_page()
    pg.set_default_timeout(45_000)
    pg.goto(url)
    pg.wait_for_selector(POINTS)
    pg.wait_for_timeout(800)  # plotly's last layout pass (legend, margins)
    return pg


def box(loc: Any) -> tuple[float, float, float, float]:
    b = loc.bounding_box()
    assert b is not None
    return b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def x_range(pg: Any) -> list[str]:
    return pg.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range.map(String)")  # type: ignore[no-any-return]


@pytest.mark.parametrize("size", list(SIZES))
def test_legend_entries_all_visible(browser: Any, server: str, shots: Path, size: str) -> None:
    width, height = SIZES[size]
    pg = open_page(browser, server, SIZES[size])
    try:
        pg.locator("[data-testid='stRadio']").filter(has_text="Most events").first.scroll_into_view_if_needed()
        pg.wait_for_timeout(300)
        pg.screenshot(path=str(shots / f"timeline_{size}.png"))
        items = pg.locator(".js-plotly-plot .legend .traces")
        assert items.count() == N_LEGEND
        boxes = [box(items.nth(i)) for i in range(N_LEGEND)]
        chart = box(pg.locator(".js-plotly-plot").first)
        span = box(pg.locator("[data-testid='stRadio']").filter(has_text="Most events").first)
        assert pg.locator(".js-plotly-plot .rangeselector").count() == 0  # no buttons over the legend
        for b in boxes:
            assert b[0] >= 0 and b[1] >= 0 and b[2] <= width and b[3] <= height, (size, b)  # in the viewport
            assert chart[0] <= b[0] and b[2] <= chart[2] + 1 and chart[1] <= b[1], (size, b, chart)
            assert not overlap(b, span), (size, b, span)
        assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]), boxes
        plot_area = box(pg.locator(".js-plotly-plot .draglayer .nsewdrag").first)
        assert all(b[3] <= plot_area[1] + 1 for b in boxes)  # above the data, not over it
    finally:
        pg.context.close()


def test_opens_on_the_news_and_all_dates_are_one_click_away(browser: Any, server: str, shots: Path) -> None:
    pg = open_page(browser, server, SIZES["1280x720"])
    try:
        lo, hi = x_range(pg)
        assert lo[:4] >= "2024" and hi[:4] <= "2026", (lo, hi)  # not 1920-2025
        pg.get_by_text(re.compile(r"^All dates: 1920")).click()
        pg.wait_for_function("() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range[0] < '1921'")
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(shots / "timeline_all_dates_1280x720.png"))
    finally:
        pg.context.close()


def test_twelve_same_day_events_are_twelve_markers(browser: Any, server: str, shots: Path) -> None:
    pg = open_page(browser, server + "/?a=CAN&b=MEX", SIZES["1280x720"])
    try:
        pg.wait_for_function(f"() => document.querySelectorAll('{POINTS}').length === 12")
        # zoom to the day with a drag over the plot, as a user would
        area = box(pg.locator(".js-plotly-plot .draglayer .nsewdrag").first)
        to_px = "d => {const ax = document.querySelector('.js-plotly-plot')._fullLayout.xaxis; return ax._offset + ax.d2p(d);}"
        x0 = pg.evaluate(f"({to_px})('{SAME_DAY} 00:00:00')") - 3
        x1 = pg.evaluate(f"({to_px})('{SAME_DAY} 23:59:59')") + 3
        plot_left = pg.locator(".js-plotly-plot").first.bounding_box()["x"]
        y = (area[1] + area[3]) / 2
        pg.mouse.move(plot_left + x0, y)
        pg.mouse.down()
        pg.mouse.move(plot_left + (x0 + x1) / 2, y, steps=5)
        pg.mouse.move(plot_left + x1, y, steps=5)
        pg.mouse.up()
        pg.wait_for_function("() => { const r = document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range;"
                             " return new Date(r[1]) - new Date(r[0]) < 3 * 86400000; }")  # fmt: skip
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(shots / "same_day_zoomed_1280x720.png"))
        xs = pg.locator(POINTS).evaluate_all(
            "els => els.map(e => Math.round(e.getBoundingClientRect().x + e.getBoundingClientRect().width / 2))"
        )
        assert len(xs) == 12 and len(set(xs)) == 12, xs
        xs = sorted(xs)
        assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 4, xs  # apart, not on one spot
    finally:
        pg.context.close()


def test_typed_date_applies_on_enter_and_no_deploy_button(browser: Any, server: str) -> None:
    pg = open_page(browser, server, SIZES["1280x720"])
    try:
        caption = pg.get_by_text(re.compile(r"^\d+ of \d+ events match"))
        before = caption.inner_text()
        field = pg.get_by_role("textbox", name="From (typed)")
        field.fill("2025-04-10")
        field.press("Enter")
        pg.wait_for_url(re.compile(r"from=2025-04-10"))
        assert caption.inner_text() != before
        assert pg.get_by_role("button", name="Deploy").count() == 0
        assert pg.locator("[data-testid='stAppDeployButton']").count() == 0
    finally:
        pg.context.close()
