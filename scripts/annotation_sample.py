"""Draw the articles to annotate from ../shared/corpora and write blind batches for annotators.

Per language: half drawn uniformly at random from the pool (a real feed's base rate), half by
active selection: articles where the current extractor fires, or where two countries and a
trigger word share a sentence without an event (hard negatives). The pool excludes the sealed
ids, the wild set and corpus copies of dev-set articles. Seeded: the same corpora give the same
sample. Writes the manifest (ids, batch, how chosen) to ``annotations/sample.jsonl`` and one text
file per article, with a short header, under OUT (outside the repo: texts never enter it).
The extractor's output is used to choose, never written to the batch files.

    python scripts/annotation_sample.py --out /tmp/annot/batches [--per-lang 120 --batch-size 40]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

from etl.corpus import DEFAULT_SHARED, iter_corpus, sealed_ids
from etl.gazetteer import get_gazetteer
from etl.lexicon import available_languages, find_triggers, load_lexicon
from etl.process import process_record
from etl.sentences import split_sentences

LANGS = ("id", "en", "de", "fr", "pt", "ru", "es")
REPO = Path(__file__).resolve().parent.parent


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()[:300]


def devset_keys(shared: Path) -> set[str]:
    path = shared / "devset" / "articles.jsonl"
    keys = set()
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        keys.add(_norm(d.get("text", "")))
    return keys


def near_miss(text: str, lang: str) -> str:
    """'sentence': two countries and a trigger word in one sentence; 'article': in one article."""
    if lang not in available_languages():
        return ""
    lex = load_lexicon(lang)
    gaz = get_gazetteer()
    if len({m.iso3 for m in gaz.find(text, lang)}) < 2 or not find_triggers(lex, text):
        return ""
    for s in split_sentences(text):
        if find_triggers(lex, s.text) and len({m.iso3 for m in gaz.find(s.text, lang)}) >= 2:
            return "sentence"
    return "article"


def classify(shared: Path) -> dict[str, list[dict]]:
    """The pool per language, each article with its active-selection flags."""
    exclude = sealed_ids(shared)
    wild = {json.loads(x)["id"] for x in (shared / "wildset" / "articles.jsonl").open(encoding="utf-8")}
    dev = devset_keys(shared)
    pool: dict[str, list[dict]] = defaultdict(list)
    for a in iter_corpus(shared):
        if a.id in exclude or a.id in wild or _norm(a.text) in dev or a.language not in LANGS:
            continue
        art = process_record(a.record())
        fires = bool(art.events)
        miss = "" if fires else near_miss(a.text, a.language)
        pool[a.language].append(
            {"id": a.id, "lang": a.language, "source": a.source, "fires": fires, "miss": miss}
        )
    return pool


def draw(pool: dict[str, list[dict]], per_lang: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    chosen = []
    for lang in LANGS:
        items = sorted(pool[lang], key=lambda d: d["id"])
        n_random = per_lang // 2
        rand = rng.sample(items, n_random)
        taken = {d["id"] for d in rand}
        # Active half: where the extractor fires first, then two countries and a trigger in one
        # sentence without an event, then in one article; each tier drawn at random.
        act: list[dict] = []
        for tier in (lambda d: d["fires"], lambda d: d["miss"] == "sentence", lambda d: d["miss"] == "article"):
            room = per_lang - n_random - len(act)
            tier_items = [d for d in items if tier(d) and d["id"] not in taken]
            picked = rng.sample(tier_items, min(room, len(tier_items)))
            taken.update(d["id"] for d in picked)
            act.extend(picked)
        for d in rand:
            chosen.append({**d, "chosen": "random"})
        for d in act:
            how = "fires" if d["fires"] else f"near-miss-{d['miss']}"
            chosen.append({**d, "chosen": f"active-{how}"})
    return chosen


def write_batches(chosen: list[dict], out: Path, batch_size: int, seed: int, shared: Path) -> list[dict]:
    rng = random.Random(seed + 1)
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for d in chosen:
        by_lang[d["lang"]].append(d)
    batches: list[list[dict]] = []
    per_lang_batches = {lang: [] for lang in LANGS}
    for lang in LANGS:
        items = by_lang[lang]
        rng.shuffle(items)  # random and active mixed: the annotator cannot tell which is which
        per_lang_batches[lang] = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
    # Round robin over languages: every finished wave adds a batch in each language.
    wave = 0
    while any(wave < len(b) for b in per_lang_batches.values()):
        for lang in LANGS:
            if wave < len(per_lang_batches[lang]):
                batches.append(per_lang_batches[lang][wave])
        wave += 1
    ids = {d["id"] for d in chosen}
    texts = {a.id: a for a in iter_corpus(shared) if a.id in ids}
    manifest = []
    for n, batch in enumerate(batches, 1):
        name = f"b{n:02d}"
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for d in batch:
            a = texts[d["id"]]
            header = [f"ID: {a.id}", f"LANG: {a.language}", f"SOURCE: {a.source}", f"URL: {a.url}",
                      f"PUBLISHED: {a.published}"]
            if a.dateline:
                header.append(f"DATELINE: {a.dateline}")
            header.append(f"TITLE: {a.title}")
            (folder / f"{a.id}.txt").write_text("\n".join(header) + "\n\n" + a.text, encoding="utf-8")
            manifest.append({**d, "batch": name})
        (folder / "BATCH.txt").write_text("\n".join(d["id"] for d in batch) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the batch text files (outside the repo)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--per-lang", type=int, default=120)
    ap.add_argument("--batch-size", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--manifest", type=Path, default=REPO / "annotations" / "sample.jsonl")
    args = ap.parse_args()
    pool = classify(args.shared)
    for lang in LANGS:
        items = pool[lang]
        print(f"{lang}: pool {len(items)}, fires {sum(d['fires'] for d in items)}, "
              f"near misses in a sentence {sum(d['miss'] == 'sentence' for d in items)}, "
              f"in an article {sum(d['miss'] == 'article' for d in items)}")
    chosen = draw(pool, args.per_lang, args.seed)
    manifest = write_batches(chosen, args.out, args.batch_size, args.seed, args.shared)
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    with args.manifest.open("w", encoding="utf-8") as f:
        for d in manifest:
            f.write(json.dumps({k: d[k] for k in ("id", "lang", "source", "batch", "chosen")}) + "\n")
    print(f"{len(manifest)} articles in {len({d['batch'] for d in manifest})} batches -> {args.out}")


if __name__ == "__main__":
    main()
