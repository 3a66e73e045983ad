"""Score the ETL against a gold set (the dev set's GUIDELINE.md matching rules).

Per article, system events (rows of ``events`` linked to the article through
``mentions``) are matched one-to-one with gold events, required ones first: same
type, same unordered pair, and a compatible date (gold day: within +-1 day; month:
same month; year: same year; none: any). A match with an optional gold event counts
neither way; unmatched system events are false positives.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .writer import read_table

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


@dataclass
class Report:
    strict: Counts = field(default_factory=Counts)
    nodate: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    pub_correct: int = 0
    pub_total: int = 0
    negatives_clean: int = 0
    negatives_total: int = 0
    missing_articles: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def pub_accuracy(self) -> float:
        return self.pub_correct / self.pub_total if self.pub_total else 0.0

    def text(self, verbose: bool = False) -> str:
        lines = [f"strict   {self.strict.row()}", f"no-date  {self.nodate.row()}"]
        for lang in sorted(self.by_lang):
            lines.append(f"lang {lang:4s} {self.by_lang[lang].row()}")
        for t in sorted(self.by_type):
            lines.append(f"type {t:9s} {self.by_type[t].row()}")
        lines.append(f"published accuracy {self.pub_accuracy:.3f} ({self.pub_correct}/{self.pub_total})")
        lines.append(f"negatives clean {self.negatives_clean}/{self.negatives_total}")
        if self.missing_articles:
            lines.append(f"articles missing from the run: {', '.join(self.missing_articles)}")
        if verbose:
            lines.extend(self.details)
        return "\n".join(lines)


def date_matches(gold_date: str | None, gold_prec: str, sys_date: str | None, ignore: bool = False) -> bool:
    if ignore or gold_prec == "none" or gold_date is None:
        return True
    if not sys_date:
        return False
    if gold_prec == "day":
        if len(sys_date) < 10:
            return False
        g = dt.date.fromisoformat(gold_date)
        s = dt.date.fromisoformat(sys_date[:10])
        return abs((g - s).days) <= 1
    n = 7 if gold_prec == "month" else 4
    return sys_date[:n] == gold_date[:n]


def _match(gold_ev: dict, sys_ev: dict, ignore_date: bool) -> bool:
    return (
        gold_ev["type"] == sys_ev["event_type"]
        and {gold_ev["actor1"], gold_ev["actor2"]} == {sys_ev["actor1"], sys_ev["actor2"]}
        and date_matches(gold_ev.get("date"), gold_ev.get("precision", "none"), sys_ev["event_date"], ignore_date)
    )


def score_article(gold_events: list[dict], sys_events: list[dict], ignore_date: bool) -> tuple[Counts, list[tuple[dict, dict | None]], list[dict]]:
    """Match one article. Returns counts, (gold, matched system or None) pairs, unmatched system."""
    free = list(sys_events)
    pairs: list[tuple[dict, dict | None]] = []
    c = Counts()
    for want_optional in (False, True):
        for g in gold_events:
            if bool(g.get("optional")) != want_optional:
                continue
            hit = next((s for s in free if _match(g, s, ignore_date)), None)
            if hit is not None:
                free.remove(hit)
                if not want_optional:
                    c.tp += 1
            elif not want_optional:
                c.fn += 1
            pairs.append((g, hit))
    c.fp = len(free)
    return c, pairs, free


def _article_key(row: dict, gold_keys: set[str]) -> str | None:
    rid = row.get("record_id")
    if rid and rid in gold_keys:
        return rid
    origin = (row.get("origin") or "").split("#row=")[0]
    base = Path(origin).name
    for k in gold_keys:
        if Path(k).name == base:
            return k
    return None


def _rows(table: Any) -> list[dict]:
    return [] if table is None else table.to_pylist()


def score_tables(out: Path, gold: dict[str, dict], min_confidence: float | None = None) -> Report:
    """Score the tables in ``out``; only mentions at or above ``min_confidence`` (default: the
    model's threshold, what the dashboard shows by default) count as reported."""
    if min_confidence is None:
        from .decide import default_threshold

        min_confidence = default_threshold()
    arts = _rows(read_table(out, "articles"))
    events = {e["event_id"]: e for e in _rows(read_table(out, "events"))}
    by_article: dict[str, list[dict]] = defaultdict(list)
    seen_pairs = set()
    for m in _rows(read_table(out, "mentions")):
        if (m["confidence"] or 0.0) < min_confidence - 1e-6:
            continue
        if (m["article_id"], m["event_id"]) not in seen_pairs:
            seen_pairs.add((m["article_id"], m["event_id"]))
            by_article[m["article_id"]].append(events[m["event_id"]])
    rep = Report()
    keys = set(gold)
    found = set()
    for row in arts:
        key = _article_key(row, keys)
        if key is None or key in found:
            continue
        found.add(key)
        pub = row.get("published")
        add_article(rep, key, gold[key], by_article.get(row["article_id"], []), pub, row.get("published_basis"))
    rep.missing_articles = sorted(keys - found)
    for k in rep.missing_articles:
        for gev in gold[k]["events"]:
            if not gev.get("optional"):
                rep.strict.fn += 1
                rep.nodate.fn += 1
                rep.by_lang[gold[k].get("lang", "?")].fn += 1
    return rep


def add_article(
    rep: Report, key: str, g: dict, sys_events: list[dict], pub: str | None, basis: str | None = None
) -> None:
    """Score one article's system events (dicts with event_type, actor1, actor2, event_date,
    status, evidence) and publication date against its gold line, into ``rep``."""
    lang = g.get("lang", "?")
    rep.pub_total += 1
    if (g.get("published") or None) == (pub if pub and len(pub) == 10 else None):
        rep.pub_correct += 1
    else:
        rep.details.append(f"PUB {key}: gold {g.get('published')} system {pub} ({basis})")
    if not g["events"]:
        rep.negatives_total += 1
        rep.negatives_clean += not sys_events
    c, pairs, free = score_article(g["events"], sys_events, ignore_date=False)
    nd, _, _ = score_article(g["events"], sys_events, ignore_date=True)
    for agg in (rep.strict, rep.by_lang[lang]):
        agg.tp += c.tp
        agg.fp += c.fp
        agg.fn += c.fn
    rep.nodate.tp += nd.tp
    rep.nodate.fp += nd.fp
    rep.nodate.fn += nd.fn
    for gev, hit in pairs:
        if gev.get("optional"):
            continue
        t = rep.by_type[gev["type"]]
        if hit is None:
            t.fn += 1
            rep.details.append(f"FN {key}: {gev['type']} {gev['status']} {gev['actor1']}-{gev['actor2']} {gev.get('date')} | {gev['evidence'][:90]}")
        else:
            t.tp += 1
    for s in free:
        rep.by_type[s["event_type"]].fp += 1
        rep.details.append(f"FP {key}: {s['event_type']} {s['status']} {s['actor1']}-{s['actor2']} {s['event_date']} | {(s['evidence'] or '')[:90]}")


def load_gold(path: Path) -> dict[str, dict[str, Any]]:
    gold = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                gold[d["file"]] = d
    return gold


def evaluate(gold_path: Path | None = None, inputs: list[Path] | None = None, out: Path | None = None) -> Report:
    from .pipeline import run

    devset = DEFAULT_DEVSET
    gold_path = gold_path or devset / "gold.jsonl"
    inputs = inputs or [devset / "articles.jsonl"]
    gold = load_gold(gold_path)
    if out is None:
        with tempfile.TemporaryDirectory() as tmp:
            run(inputs, Path(tmp))
            return score_tables(Path(tmp), gold)
    run(inputs, out)
    return score_tables(out, gold)
