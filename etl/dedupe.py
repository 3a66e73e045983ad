"""Cross-article deduplication: one real-world event reported by many articles is one
row in ``events``; every report of it stays a row in ``mentions``.

Two mentions are the same event when they have the same type, the same unordered
pair of countries (for visits also the same direction) and dates that agree at the
coarser precision of the two. Undated mentions only join undated events, so a vague
report never swallows a precise one. ``event_id`` is a hash of the event's key and
canonical date, so it is stable across reruns on the same input.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .schema import CAMEO

PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "none": 0}


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def dyad(a: str, b: str) -> str:
    return "-".join(sorted((a, b)))


def event_id(etype: str, key_pair: str, date: str | None, direction: str = "") -> str:
    raw = f"{etype}|{key_pair}|{direction}|{date or 'none'}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def dedupe(mentions: Iterable[dict[str, Any]], names: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Group mention dicts into events. Returns (event rows, mention rows with event_id)."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for m in mentions:
        direction = f"{m['actor1']}>{m['actor2']}" if m["event_type"] == "visit" else ""
        groups[(m["event_type"], dyad(m["actor1"], m["actor2"]), direction)].append(m)
    events: list[dict] = []
    mention_rows: list[dict] = []
    for (etype, pair, direction), ms in sorted(groups.items()):
        ms.sort(
            key=lambda m: (
                -PRECISION_RANK[m["date_precision"]],
                m["event_date"] or "",
                m["published"] or "9999",
                m["article_id"],
            )
        )
        clusters: list[list[dict]] = []
        for m in ms:
            for c in clusters:
                if _compatible(c[0]["event_date"], m["event_date"]):
                    c.append(m)
                    break
            else:
                clusters.append([m])
        for c in clusters:
            head = c[0]
            eid = event_id(etype, pair, head["event_date"], direction)
            first = min(c, key=lambda m: (m["published"] or "9999", -m["confidence"], m["article_id"]))
            status = "occurred" if any(m["status"] == "occurred" for m in c) else "planned"
            articles = {m["article_id"] for m in c}
            sources = {m["source"] or m["url"] or m["article_id"] for m in c}
            conf = max(m["confidence"] for m in c)
            conf = min(0.99, conf + 0.05 * (len(articles) - 1))
            events.append(
                {
                    "event_id": eid,
                    "event_type": etype,
                    "status": status,
                    "cameo_code": CAMEO[etype],
                    "event_date": head["event_date"],
                    "date_precision": head["date_precision"],
                    "date_text": head["date_text"],
                    "actor1": first["actor1"],
                    "actor2": first["actor2"],
                    "actor1_name": names.get(first["actor1"], first["actor1"]),
                    "actor2_name": names.get(first["actor2"], first["actor2"]),
                    "dyad": pair,
                    "location": first["location"],
                    "evidence": first["sentence"],
                    "language": first["language"],
                    "article_id": first["article_id"],
                    "title": first["title"],
                    "url": first["url"],
                    "source": first["source"],
                    "published": first["published"],
                    "n_articles": len(articles),
                    "n_sources": len(sources),
                    "confidence": round(conf, 3),
                }
            )
            for m in c:
                mention_rows.append({**m, "event_id": eid})
    events.sort(key=lambda e: (e["event_date"] or "", e["dyad"], e["event_type"], e["event_id"]))
    return events, mention_rows
