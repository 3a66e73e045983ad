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
from collections.abc import Iterable, Mapping, Sequence
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


GroupKey = tuple[str, str, str]


def _sort_key(m: Mapping[str, Any]) -> tuple:
    return (
        -PRECISION_RANK[m["date_precision"]],
        m["event_date"] or "",
        m["published"] or "9999",
        m["article_id"],
    )


def _first_key(m: Mapping[str, Any]) -> tuple:
    return (m["published"] or "9999", -m["confidence"], m["article_id"])


def cluster(mentions: Sequence[Mapping[str, Any]]) -> list[tuple[GroupKey, list[int]]]:
    """Group mentions into events: ((type, pair, direction), indices into ``mentions``) per
    event, in the order :func:`dedupe` emits mention rows. Reads only the key fields
    (event_type, actor1/2, event_date, date_precision, published, article_id)."""
    groups: dict[GroupKey, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        direction = f"{m['actor1']}>{m['actor2']}" if m["event_type"] == "visit" else ""
        groups[(m["event_type"], dyad(m["actor1"], m["actor2"]), direction)].append(i)
    out: list[tuple[GroupKey, list[int]]] = []
    for key, idx in sorted(groups.items()):
        idx.sort(key=lambda i: _sort_key(mentions[i]))  # stable: ties keep input order
        clusters: list[list[int]] = []
        for i in idx:
            date = mentions[i]["event_date"]
            for c in clusters:
                if _compatible(mentions[c[0]]["event_date"], date):
                    c.append(i)
                    break
            else:
                clusters.append([i])
        out.extend((key, c) for c in clusters)
    return out


def first_index(mentions: Sequence[Mapping[str, Any]], idx: list[int]) -> int:
    """The mention whose article stands for the event (earliest published, most confident)."""
    return min(idx, key=lambda i: _first_key(mentions[i]))


def event_row(key: GroupKey, c: Sequence[Mapping[str, Any]], first: Mapping[str, Any], names: Mapping[str, str]) -> dict:
    """The events row of one cluster ``c`` (``c[0]`` is its head: the most precise date)."""
    etype, pair, direction = key
    head = c[0]
    eid = event_id(etype, pair, head["event_date"], direction)
    status = "occurred" if any(m["status"] == "occurred" for m in c) else "planned"
    articles = {m["article_id"] for m in c}
    sources = {m["source"] or m["url"] or m["article_id"] for m in c}
    conf = max(m["confidence"] for m in c)
    conf = min(0.99, conf + 0.05 * (len(articles) - 1))
    return {
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


def event_sort_key(e: Mapping[str, Any]) -> tuple:
    return (e["event_date"] or "", e["dyad"], e["event_type"], e["event_id"])


def dedupe(mentions: Iterable[dict[str, Any]], names: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Group mention dicts into events. Returns (event rows, mention rows with event_id)."""
    ms = list(mentions)
    events: list[dict] = []
    mention_rows: list[dict] = []
    for key, idx in cluster(ms):
        c = [ms[i] for i in idx]
        ev = event_row(key, c, ms[first_index(ms, idx)], names)
        events.append(ev)
        mention_rows.extend({**m, "event_id": ev["event_id"]} for m in c)
    events.sort(key=event_sort_key)
    return events, mention_rows
