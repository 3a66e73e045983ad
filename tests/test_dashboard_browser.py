"""End to end: the real server, Debian's headless Chromium, a closed network."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_dashboard import make_data_dir, reference_ids, tables

from dashboard.confidence import model_default
from dashboard.export import FORMULA_PREFIXES, export_frame
from dashboard.filters import Filters
from dashboard.serve import CHROMIUM, local_only, running_app

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    data_dir = make_data_dir(root)
    with running_app(data_dir, log=root / "streamlit.log") as url:  # stops the server in any case
        yield url



@pytest.fixture
def page(browser: object) -> Iterator[tuple[object, list[str]]]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)  # type: ignore[attr-defined]
    blocked: list[str] = []
    local_only(ctx, blocked)
    pg = ctx.new_page()
    pg.set_default_timeout(45_000)
    try:
        yield pg, blocked
    finally:
        ctx.close()


def wait_for_caption(pg: object, n: int) -> None:
    pg.get_by_text(re.compile(rf"^{n} of {len(tables()['events'])} events match")).wait_for()  # type: ignore[attr-defined]


def test_timeline_filter_and_csv_download(page: tuple[object, list[str]], server: str) -> None:
    pg, blocked = page
    events = tables()["events"]
    base = Filters(countries=("RUS",))
    pg.goto(f"{server}/?country=RUS")  # type: ignore[attr-defined]
    # the timeline is drawn: plotly's SVG with one marker per dated event of the filter
    pg.wait_for_selector(".js-plotly-plot .cartesianlayer .scatterlayer .points path")  # type: ignore[attr-defined]
    wait_for_caption(pg, len(reference_ids(events, base)))
    n_points = pg.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path").count()  # type: ignore[attr-defined]
    dated = events[events["event_id"].isin(reference_ids(events, base)) & events["event_date"].notna()]
    assert n_points == len(dated)

    # the table's own CSV export (not neutralized) is switched off: ours is the only export
    pg.locator("[data-testid='stDataFrame']").last.hover()  # type: ignore[attr-defined]
    pg.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert pg.get_by_role("button", name="Download as CSV").count() == 0  # type: ignore[attr-defined]

    # a real widget: type into the search box
    query = next(q for q in ("phone", "visit", "meet", "sign")
                 if 0 < len(reference_ids(events, base.with_(text=q))) < len(reference_ids(events, base)))  # fmt: skip
    want = reference_ids(events, base.with_(text=query))
    box = pg.get_by_label("Search titles and evidence")  # type: ignore[attr-defined]
    box.fill(query)
    box.press("Enter")
    wait_for_caption(pg, len(want))
    pg.wait_for_url(re.compile(rf"q={query}"))  # type: ignore[attr-defined]
    assert "country=RUS" in pg.url  # type: ignore[attr-defined]

    with pg.expect_download() as info:  # type: ignore[attr-defined]
        pg.get_by_role("button", name="⬇ CSV", exact=True).click()  # type: ignore[attr-defined]
    dl = info.value
    assert dl.suggested_filename == f"events_RUS_q-{query}_conf{model_default().value:.2f}.csv"  # the default threshold
    raw = Path(dl.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["event_id"] for r in rows} == want and len(rows) == len(want)
    expected = {r["event_id"]: r for r in export_frame(events[events["event_id"].isin(want)]).to_dict("records")}
    for r in rows:
        for k, v in r.items():
            exp = expected[r["event_id"]][k]
            if exp is None or (isinstance(exp, float) and exp != exp):
                assert v == ""
            elif isinstance(exp, float):
                assert abs(float(v) - exp) < 1e-6
            elif isinstance(exp, str) and exp.startswith(FORMULA_PREFIXES):
                assert v == "'" + exp
            else:
                assert v == str(exp), (k, v, exp)
    assert blocked == [], blocked


def test_clicking_a_point_opens_the_detail(page: tuple[object, list[str]], server: str) -> None:
    pg, _ = page
    pg.goto(f"{server}/?a=IDN&b=RUS&dir=1&type=visit")  # type: ignore[attr-defined]
    pg.wait_for_selector(".js-plotly-plot .cartesianlayer .scatterlayer .points path")  # type: ignore[attr-defined]
    pg.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path").first.click(force=True)  # type: ignore[attr-defined]
    pg.get_by_text("Event detail").wait_for()  # type: ignore[attr-defined]
    pg.wait_for_url(re.compile(r"ev="))  # type: ignore[attr-defined]
    ev = re.search(r"ev=([^&]+)", pg.url).group(1)  # type: ignore[attr-defined,union-attr]
    assert ev in reference_ids(tables()["events"], Filters(pair_a="IDN", pair_b="RUS", directed=True, event_types=("visit",)))
    pg.get_by_text(re.compile("«visited»")).first.wait_for()  # type: ignore[attr-defined]


def test_world_map_renders_offline(page: tuple[object, list[str]], server: str) -> None:
    pg, blocked = page
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    pg.goto(f"{server}/?tab=Overview")  # type: ignore[attr-defined]
    pg.wait_for_selector(".choroplethlayer path.choroplethlocation")  # type: ignore[attr-defined]
    pg.wait_for_function(  # type: ignore[attr-defined]
        "() => Array.from(document.querySelectorAll('.choroplethlocation'))"
        ".filter(p => (p.getAttribute('d') || '').length > 10).length > 150"
    )
    assert not [u for u in requests if "cdn.plot.ly" in u or "topojson" in u.lower()]
    assert blocked == [], blocked
