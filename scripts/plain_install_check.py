"""End-to-end check of an installed package: the ETL on three invented inputs.

    python scripts/plain_install_check.py [WORKDIR]

Run by ``.ci/run`` with the Python of a fresh venv that holds the package installed WITHOUT
extras from ``requirements/runtime.lock``, from outside the checkout (so ``etl`` is the
installed package, lexicons included). It writes, in a temporary folder, (a) a small HTML page,
(b) a short plain English text and (c) a JSONL article whose URL has a day/month/year path,
runs ``python -m etl run`` on them and checks the articles and events tables. Prints one line
per problem and exits 1 when there is any, else prints "plain install ok: …".
All texts are invented for this check.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Indonesian president visits Japan</title>
<meta property="article:published_time" content="2025-03-04T08:00:00+07:00">
</head><body><nav>Home | World | Sport</nav><article><h1>Indonesian president visits Japan</h1>
<p>Indonesian President Prabowo Subianto arrived in Tokyo on Tuesday for a two-day state visit
to Japan, the foreign ministry said in a statement.</p>
<p>Officials expect talks on trade, fisheries and maritime security during the visit.</p>
</article><footer>Invented page for a test.</footer></body></html>
"""
NOTE = """Ministers meet in Buenos Aires
The foreign ministers of Brazil and Argentina met in Buenos Aires on Monday to discuss trade.
"""
WIRE = {
    "id": "dmy-1",
    "title": "Germany and France sign energy agreement",
    "text": "Germany and France signed an agreement on energy cooperation in Paris on Tuesday, "
    "the two governments said.",
    "url": "https://news.example.org/politics/09/07/2025/a1b2c3",
}
# file name -> (publication date, basis) the articles table must show
EXPECTED = {
    "page.html": ("2025-03-04", "metadata"),
    "note.txt": (None, "none"),
    "wire.jsonl": ("2025-07-09", "url"),
}


def write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "note.txt").write_text(NOTE, encoding="utf-8")
    (folder / "wire.jsonl").write_text(json.dumps(WIRE) + "\n", encoding="utf-8")
    return folder


def run_etl(inputs: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "etl", "run", str(inputs), "--out", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return [f"exit code {r.returncode}: {r.stderr.strip() or r.stdout.strip()}"]
    if "failed: 0," not in r.stdout:
        return [f"summary shows failures: {r.stdout.strip()}"]
    return []


def check_articles(rows: list[dict]) -> list[str]:
    problems = []
    by_name = {Path(r["origin"].split("#")[0]).name: r for r in rows}
    if sorted(by_name) != sorted(EXPECTED):
        return [f"articles: expected {sorted(EXPECTED)}, got {sorted(by_name)}"]
    for name, (date, basis) in EXPECTED.items():
        r = by_name[name]
        got = (r["status"], r["language"], r["published"], r["published_basis"])
        if got != ("ok", "en", date, basis):
            problems.append(f"{name}: status/language/published/basis {got}, error {r['error']!r}")
        if not r["n_events"]:
            problems.append(f"{name}: no event found")
    return problems


def check_events(rows: list[dict]) -> list[str]:
    want = {("visit", "IDN-JPN"), ("meeting", "ARG-BRA"), ("agreement", "DEU-FRA")}
    got = {(r["event_type"], r["dyad"]) for r in rows}
    return [f"events: missing {sorted(want - got)}, got {sorted(got)}"] if want - got else []


def check(workdir: Path) -> list[str]:
    import pyarrow.parquet as pq  # a runtime dependency: its absence is a finding too

    out = workdir / "out"
    problems = run_etl(write_inputs(workdir / "in"), out)
    if problems:
        return problems
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    events = pq.read_table(out / "events.parquet").to_pylist()
    return check_articles(articles) + check_events(events)


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        problems = check(Path(argv[0]) if argv else Path(tmp))
    for p in problems:
        print(p)
    if problems:
        return 1
    import etl

    print(f"plain install ok: HTML page, plain text and D/M/Y-URL article read by {etl.__file__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
