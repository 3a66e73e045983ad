"""Screenshots of the dashboard for the docs, taken with Debian's headless Chromium.

    python scripts/screenshots.py                 # the app on data/ (e.g. the seed output)
    python scripts/screenshots.py --fixture       # on invented fixture data (what docs/ shows)
    python scripts/screenshots.py --data DIR --out docs/screenshots

Writes timeline.png, table.png, detail.png and overview.png. Only ever point it at
invented fixture data or the project's seed output: never at a corpus of real articles.
The network stays closed: any request leaving the machine is aborted and reported.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.serve import CHROMIUM, launch_chromium, local_only, running_app  # noqa: E402


def shots_for(data_dir: Path) -> dict[str, tuple[str, str]]:
    """name -> (query string, what to capture), around the busiest country and pair."""
    from dashboard import data, figures

    ds = data.load_dataset(data_dir)
    if ds is None or ds.empty:
        return {"empty": ("", "page")}
    country = str(figures.country_counts(ds.events)["iso3"].iloc[0])
    a, _, b = figures.top_dyads(ds.events, 1)[0].partition("-")
    return {
        "timeline": (f"?country={country}", "timeline"),
        "table": (f"?a={a}&b={b}", "table"),
        "detail": (f"?a={a}&b={b}", "detail"),
        "overview": ("?tab=Overview", "page"),
    }


def _clip(page, top, bottom, pad: int = 16):  # type: ignore[no-untyped-def]
    a = top.bounding_box()
    b = bottom.bounding_box()
    main = page.locator("[data-testid='stMain']").bounding_box()
    y0 = max(0, a["y"] - pad)
    y1 = b["y"] + b["height"] + pad
    return {"x": main["x"], "y": y0, "width": main["width"], "height": y1 - y0}


def take(url: str, out: Path, shots: dict[str, tuple[str, str]], width: int = 1400) -> list[str]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    written = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for name, (query, what) in shots.items():
                ctx = browser.new_context(viewport={"width": width, "height": 2600}, device_scale_factor=1)
                local_only(ctx, blocked)
                page = ctx.new_page()
                page.set_default_timeout(60_000)
                page.goto(url + "/" + query)
                if name != "empty":
                    page.wait_for_selector(".js-plotly-plot .main-svg")
                page.wait_for_timeout(2500)  # let plotly finish its transitions
                path = out / f"{name}.png"
                if what == "timeline":
                    page.set_viewport_size({"width": width, "height": 1000})
                    page.wait_for_timeout(800)
                    page.screenshot(path=str(path))
                elif what == "table":
                    clip = _clip(page, page.get_by_role("heading", name="Events", exact=True),
                                 page.get_by_text("Downloads hold exactly"))  # fmt: skip
                    page.screenshot(path=str(path), clip=clip)
                elif what == "detail":  # click the first event on the timeline
                    page.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path").first.click(force=True)
                    top = page.get_by_role("heading", name="Event detail", exact=True)
                    top.wait_for()
                    bottom = page.locator("[data-testid='stDataFrame']").last
                    page.screenshot(path=str(path), clip=_clip(page, top, bottom))
                else:
                    tables = page.locator("[data-testid='stDataFrame']")
                    box = tables.last.bounding_box() if tables.count() else {"y": 900, "height": 0}
                    height = min(box["y"] + box["height"] + 40, 2600)
                    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height})
                written.append(str(path))
                ctx.close()
        finally:
            browser.close()
    if blocked:
        print("requests to other hosts were blocked:", *sorted(set(blocked)), sep="\n  ", file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="data dir of the app (default: data/)")
    ap.add_argument("--fixture", action="store_true", help="use invented fixture tables instead of --data")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data
        if args.fixture:
            from dashboard.fixtures import fixture_tables, write_tables

            data_dir = write_tables(fixture_tables(n_random=80, edges=False), Path(tmp) / "data")
        with running_app(data_dir, log=Path(tmp) / "streamlit.log") as url:
            for p in take(url, args.out, shots_for(data_dir)):
                print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
