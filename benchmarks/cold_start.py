"""Cold start of the dashboard in a real browser: ``python benchmarks/cold_start.py``.

For each run: a fresh ``streamlit run dashboard/app.py`` on a free port (new process, empty
caches) over a data dir holding ``events.parquet`` of N synthetic events; Debian's headless
Chromium (Playwright, never a downloaded browser) opens the page and the time from
``page.goto`` until the Plotly timeline is drawn (a ``.js-plotly-plot`` whose first trace
has data and whose trace layer is in the DOM) is taken. Median of ``--runs`` cold starts.

    python benchmarks/cold_start.py                  # 1,000,000 events, 3 runs
    python benchmarks/cold_start.py --events 100000 --runs 5 --data DIR

See ``dashboard.bench.browser_cold_start`` for the measurement itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.bench import cold_start_main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(cold_start_main())
