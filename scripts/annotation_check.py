"""Check annotation lines against their articles: parse, fields, codes, dates, verbatim evidence.

    python scripts/annotation_check.py BATCH_FOLDER ANNOTATION.jsonl

BATCH_FOLDER holds the article files (header lines, a blank line, the body) and BATCH.txt (the ids).
Prints one line per problem and exits 1 when there is any; prints "ok N articles" otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from etl.goldsets import iso3_codes, line_problems


def body_of(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return raw.split("\n\n", 1)[1] if "\n\n" in raw else ""


def main() -> int:
    folder, ann = Path(sys.argv[1]), Path(sys.argv[2])
    iso3 = iso3_codes()
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
        problems.extend(f"{fid}: {b}" for b in line_problems(d, body_of(path), iso3))
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
