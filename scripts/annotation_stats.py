"""Counts and first-pass/review agreement of the annotation batches, as Markdown for the README.

    python scripts/annotation_stats.py

Agreement: the reviewed batch is the reference and the first pass is scored against it with the
guideline's matching rules (etl.evaluate.score_article): strict event F1 over required events, by
language — the human ceiling an extractor is compared with.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from etl.evaluate import Counts, score_article
from etl.goldsets import ANNOTATIONS, batch_files, load_gold_articles


def _lines(path):
    return {d["file"]: d for d in (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip())}


def agreement() -> tuple[dict[str, Counts], dict[str, Counts], Counter]:
    strict: dict[str, Counts] = defaultdict(Counts)
    nodate: dict[str, Counts] = defaultdict(Counts)
    changed: Counter = Counter()
    for path in batch_files():
        review = _lines(path)
        first = _lines(path.with_suffix(".first.jsonl"))
        for fid, g in review.items():
            f = first[fid]
            sys_events = [
                {"event_type": e["type"], "actor1": e["actor1"], "actor2": e["actor2"], "event_date": e["date"]}
                for e in f["events"] if not e.get("optional")
            ]
            changed[g["lang"]] += f != g
            for agg, ignore in ((strict, False), (nodate, True)):
                c, _, _ = score_article(g["events"], sys_events, ignore)
                for key in (g["lang"], "all"):
                    agg[key].tp += c.tp
                    agg[key].fp += c.fp
                    agg[key].fn += c.fn
    return strict, nodate, changed


def main() -> None:
    arts = load_gold_articles()
    sample = {json.loads(x)["id"]: json.loads(x)["chosen"] for x in (ANNOTATIONS / "sample.jsonl").open(encoding="utf-8")}
    langs = sorted({a.lang for a in arts})
    print("| language | articles | dev / wild / new | new: random / active | with a required event | required visit / meeting / agreement / call | optional | planned (required) |")
    print("|---|---|---|---|---|---|---|---|")
    tot: Counter = Counter()
    for lang in [*langs, "all"]:
        sel = [a for a in arts if lang in ("all", a.lang)]
        req = [e for a in sel for e in a.gold["events"] if not e.get("optional")]
        opt = [e for a in sel for e in a.gold["events"] if e.get("optional")]
        sets = Counter("new" if a.set.startswith("b") else a.set for a in sel)
        how = Counter("random" if sample.get(a.id) == "random" else "active" for a in sel if a.set.startswith("b"))
        types = Counter(e["type"] for e in req)
        print(f"| {lang} | {len(sel)} | {sets['devset']} / {sets['wildset']} / {sets['new']} | {how['random']} / {how['active']} "
              f"| {sum(any(not e.get('optional') for e in a.gold['events']) for a in sel)} "
              f"| {types['visit']} / {types['meeting']} / {types['agreement']} / {types['call']} | {len(opt)} "
              f"| {sum(e['status'] == 'planned' for e in req)} |")
        tot[lang] = len(sel)
    strict, nodate, changed = agreement()
    print()
    print("| language | articles changed in review | first pass vs review: strict P / R / F1 | no-date F1 |")
    print("|---|---|---|---|")
    for lang in [*sorted(k for k in strict if k != "all"), "all"]:
        s, n = strict[lang], nodate[lang]
        ch = sum(changed.values()) if lang == "all" else changed[lang]
        print(f"| {lang} | {ch} | {s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn}) | {n.f1:.3f} |")


if __name__ == "__main__":
    main()
