"""Check annotation lines against their articles: parse, fields, codes, dates, verbatim evidence.

    python scripts/annotation_check.py BATCH_FOLDER ANNOTATION.jsonl

BATCH_FOLDER holds the article files (header lines, a blank line, the body) and BATCH.txt (the ids).
Prints one line per problem and exits 1 when there is any; prints "ok N articles" otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TYPES = {"visit", "meeting", "agreement", "call"}
STATUS = {"occurred", "planned"}
PRECISION = {"day": 10, "month": 7, "year": 4}
ORGS = {"EUR", "UNO", "ASN", "NAT", "AFU", "XKX", "SUN", "PSE", "TWN"}


def body_of(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return raw.split("\n\n", 1)[1] if "\n\n" in raw else ""


def check_event(ev: dict, body: str, iso3: set[str]) -> list[str]:
    bad = []
    if ev.get("type") not in TYPES:
        bad.append(f"type {ev.get('type')!r}")
    if ev.get("status") not in STATUS:
        bad.append(f"status {ev.get('status')!r}")
    for k in ("actor1", "actor2"):
        if ev.get(k) not in iso3 and ev.get(k) not in ORGS:
            bad.append(f"{k} {ev.get(k)!r} is not an ISO3 or organisation code")
    if ev.get("actor1") == ev.get("actor2"):
        bad.append("actor1 == actor2")
    date, prec = ev.get("date"), ev.get("precision")
    if prec == "none":
        if date is not None:
            bad.append("precision none but a date")
    elif prec in PRECISION:
        if not isinstance(date, str) or len(date) != PRECISION[prec] or not re.fullmatch(r"\d{4}(-\d\d){0,2}", date):
            bad.append(f"date {date!r} does not fit precision {prec}")
    else:
        bad.append(f"precision {prec!r}")
    if not isinstance(ev.get("optional"), bool):
        bad.append("optional must be true/false")
    evidence = ev.get("evidence") or ""
    if not evidence or evidence not in body:
        bad.append(f"evidence not verbatim in the body: {evidence[:60]!r}")
    return bad


def main() -> int:
    folder, ann = Path(sys.argv[1]), Path(sys.argv[2])
    import pycountry

    iso3 = {c.alpha_3 for c in pycountry.countries}
    ids = (folder / "BATCH.txt").read_text(encoding="utf-8").split()
    seen, problems = [], []
    for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        fid = d.get("file")
        seen.append(fid)
        path = folder / f"{fid}.txt"
        if not path.exists():
            problems.append(f"line {n}: unknown article {fid!r}")
            continue
        pub = d.get("published")
        if pub is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", str(pub)):
            problems.append(f"{fid}: published {pub!r} is not YYYY-MM-DD or null")
        if not isinstance(d.get("events"), list):
            problems.append(f"{fid}: events must be a list")
            continue
        body = body_of(path)
        for i, ev in enumerate(d["events"]):
            problems.extend(f"{fid} event {i}: {b}" for b in check_event(ev, body, iso3))
    missing = [i for i in ids if i not in seen]
    dupes = {i for i in seen if seen.count(i) > 1}
    problems.extend(f"missing article {i}" for i in missing)
    problems.extend(f"article annotated twice: {i}" for i in sorted(dupes))
    for p in problems:
        print(p)
    if not problems:
        print(f"ok {len(seen)} articles")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
