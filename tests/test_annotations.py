"""The annotation batches: every line well formed, every evidence verbatim in its corpus article,
no id missing from the corpora, none sealed, a first pass and a review for every batch."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from etl.corpus import DEFAULT_SHARED, load_articles, sealed_ids
from etl.goldsets import (
    ANNOTATIONS,
    batch_files,
    fold_table,
    iso3_codes,
    line_problems,
    load_gold_articles,
)

pytestmark = pytest.mark.skipif(not (DEFAULT_SHARED / "corpora").exists(), reason="needs ../shared/corpora")


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def batches():
    return {p.stem: _lines(p) for p in batch_files()}


@pytest.fixture(scope="module")
def texts(batches):
    ids = {d["file"] for lines in batches.values() for d in lines}
    return load_articles(ids)


def test_every_annotated_id_is_in_the_corpora(batches, texts):
    missing = [d["file"] for lines in batches.values() for d in lines if d["file"] not in texts]
    assert not missing


def test_no_sealed_or_twice_annotated_article(batches):
    ids = [d["file"] for lines in batches.values() for d in lines]
    assert not set(ids) & sealed_ids()
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    wild = {json.loads(x)["id"] for x in (DEFAULT_SHARED / "wildset" / "articles.jsonl").open(encoding="utf-8")}
    assert not set(ids) & wild


def test_every_line_parses_and_every_evidence_is_verbatim(batches, texts):
    iso3 = iso3_codes()
    problems = []
    for name, lines in batches.items():
        for d in lines:
            problems += [f"{name} {d['file']}: {p}" for p in line_problems(d, texts[d["file"]].text, iso3)]
            assert d["lang"] == texts[d["file"]].language, d["file"]
    assert problems == []


def test_first_pass_and_review_cover_the_same_articles(batches):
    for name, lines in batches.items():
        first = _lines(ANNOTATIONS / "batches" / f"{name}.first.jsonl")
        assert [d["file"] for d in first] == [d["file"] for d in lines], name
        assert (ANNOTATIONS / "batches" / f"{name}.changes.md").exists()


def test_annotated_articles_come_from_the_sample_manifest(batches):
    manifest = {json.loads(x)["id"]: json.loads(x) for x in (ANNOTATIONS / "sample.jsonl").open(encoding="utf-8")}
    for name, lines in batches.items():
        for d in lines:
            assert manifest[d["file"]]["batch"] == name


def test_every_outlet_has_a_fixed_fold():
    folds = fold_table()
    outlets = {a.outlet for a in load_gold_articles()}
    assert outlets <= set(folds), sorted(outlets - set(folds))[:5]


def test_size_and_languages():
    arts = load_gold_articles()
    by_lang = Counter(a.lang for a in arts)
    assert len(arts) >= 1000, len(arts)
    assert min(by_lang[lang] for lang in ("id", "en", "de", "fr", "pt", "ru", "es")) >= 100, by_lang
