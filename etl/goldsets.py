"""The annotated articles: dev set, wild set and the repo's annotation batches, with their texts.

Each gold article carries the record the ETL reads (texts from ``../shared``, never from the
repo), its gold line (``GUIDELINE.md`` format), its outlet and its fold. Folds are fixed by
outlet in ``annotations/folds.json`` so that cross-validation holds out whole outlets and no
article moves between folds after its errors were seen.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import DEFAULT_SHARED, load_articles, sealed_ids
from .schema import ORG_CODES, RawRecord

REPO = Path(__file__).resolve().parent.parent
ANNOTATIONS = REPO / "annotations"
FOLDS_FILE = ANNOTATIONS / "folds.json"
N_FOLDS = 5

_OUTLET_ALIASES = {
    "kmp.im": "kompas.com",
    "g1.globo.com": "g1",
    "연합뉴스": "yonhap news agency",
    "reuters87": "reuters",
    "straitstimes": "the straits times",
    "ljz": "ljz.mx",
    "armenews": "aamc",
}


@dataclass(frozen=True)
class GoldArticle:
    id: str
    set: str  # devset | wildset | bNN
    lang: str
    outlet: str
    record: RawRecord
    gold: dict


def outlet_of(source: str, article_id: str = "") -> str:
    """One name per outlet: subdomains, reprint notes and spelling variants folded."""
    s = source.strip().lower().split(" (")[0].removeprefix("www.")
    if s.endswith("detik.com"):
        s = "detik.com"
    if not s or s == "the":
        # dev-set files without a source: the outlet is the file name's first part
        name = article_id.rsplit("/", 1)[-1].removeprefix("neg-")
        s = re.split(r"[-_.]", name, maxsplit=1)[0]
        s = {"detik": "detik.com", "kompas": "kompas.com", "tagesschau": "tagesschau.de"}.get(s, s)
    return _OUTLET_ALIASES.get(s, s)


def _gold_lines(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out[d["file"]] = d
    return out


def _shared_set(name: str, shared: Path) -> Iterator[GoldArticle]:
    folder = shared / name
    gold = _gold_lines(folder / "gold.jsonl")
    with (folder / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            g = gold.get(a["id"])
            if g is None:
                continue
            lang = a.get("language") or g.get("lang", "")
            rec = RawRecord(
                origin=f"{name}#id={a['id']}",
                record_id=a["id"],
                title=a.get("title", "") or "",
                text=a.get("text", "") or "",
                url=a.get("url", "") or "",
                source=a.get("source", "") or "",
                published_raw=a.get("published", "") or "",
                language=lang,
                date_order="MDY" if "detik" in (a.get("source") or "") and "/" in (a.get("published") or "") else "",
            )
            yield GoldArticle(a["id"], name, lang, outlet_of(rec.source, a["id"]), rec, g)


def batch_files(annotations: Path = ANNOTATIONS) -> list[Path]:
    """The reviewed annotation batches (``bNN.jsonl``), in order."""
    return sorted(p for p in (annotations / "batches").glob("b[0-9][0-9].jsonl"))


def _batches(annotations: Path, shared: Path) -> Iterator[GoldArticle]:
    lines: list[tuple[str, dict]] = []
    for path in batch_files(annotations):
        lines.extend((path.stem, d) for d in _gold_lines(path).values())
    texts = load_articles((d["file"] for _, d in lines), shared)
    for batch, d in lines:
        a = texts.get(d["file"])
        if a is None:
            raise FileNotFoundError(f"annotated article {d['file']} ({batch}) is not in {shared}/corpora")
        yield GoldArticle(a.id, batch, a.language, outlet_of(a.source, a.id), a.record(), d)


def load_gold_articles(
    shared: Path = DEFAULT_SHARED, annotations: Path = ANNOTATIONS, sets: Iterable[str] = ("devset", "wildset", "batches")
) -> list[GoldArticle]:
    """All annotated articles; sealed ids are refused (they are never annotated or trained on)."""
    out: list[GoldArticle] = []
    for s in sets:
        out.extend(_batches(annotations, shared) if s == "batches" else _shared_set(s, shared))
    sealed = sealed_ids(shared) & {g.id for g in out}
    if sealed:
        raise ValueError(f"sealed articles among the annotations: {sorted(sealed)[:5]}")
    return out


TYPES = {"visit", "meeting", "agreement", "call"}
STATUS = {"occurred", "planned"}
PRECISION = {"day": 10, "month": 7, "year": 4}
NON_ISO_CODES = set(ORG_CODES) | {"XKX", "SUN"}  # organisations, Kosovo, the Soviet Union


def event_problems(ev: dict, body: str, iso3: set[str]) -> list[str]:
    """What is wrong with one annotated event (GUIDELINE.md format) of an article with this body."""
    bad = []
    if ev.get("type") not in TYPES:
        bad.append(f"type {ev.get('type')!r}")
    if ev.get("status") not in STATUS:
        bad.append(f"status {ev.get('status')!r}")
    for k in ("actor1", "actor2"):
        if ev.get(k) not in iso3 and ev.get(k) not in NON_ISO_CODES:
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


def line_problems(d: dict, body: str, iso3: set[str]) -> list[str]:
    """What is wrong with one annotation line (published date, events) for this article body."""
    out = []
    pub = d.get("published")
    if pub is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", str(pub)):
        out.append(f"published {pub!r} is not YYYY-MM-DD or null")
    if not isinstance(d.get("events"), list):
        return [*out, "events must be a list"]
    for i, ev in enumerate(d["events"]):
        out.extend(f"event {i}: {b}" for b in event_problems(ev, body, iso3))
    return out


def iso3_codes() -> set[str]:
    import pycountry

    return {c.alpha_3 for c in pycountry.countries}


def assign_folds(outlets: Counter[str], k: int = N_FOLDS) -> dict[str, int]:
    """Outlets to folds, largest first into the lightest fold (deterministic)."""
    load = [0] * k
    folds = {}
    for name, n in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])):
        i = min(range(k), key=lambda j: (load[j], j))
        folds[name] = i
        load[i] += n
    return folds


def fold_table(path: Path = FOLDS_FILE) -> dict[str, int]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def fold_of(outlet: str, table: dict[str, int], k: int = N_FOLDS) -> int:
    """The outlet's fixed fold; an outlet first seen after the table was made gets a stable hash."""
    if outlet in table:
        return table[outlet]
    return zlib.crc32(outlet.encode("utf-8")) % k
