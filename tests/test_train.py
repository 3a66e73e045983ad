"""Training: labels, folds, determinism, and the shipped model is what `train` rebuilds."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from etl.candidates import Candidate
from etl.corpus import DEFAULT_SHARED
from etl.decide import MODEL_PATH, load_decider
from etl.goldsets import assign_folds, fold_of, outlet_of
from etl.incremental import PACKAGE_DIR, extractor_stamp
from etl.schema import Event, EventDate
from etl.train import label, train

needs_shared = pytest.mark.skipif(not (DEFAULT_SHARED / "corpora").exists(), reason="needs ../shared/corpora")


def _cand(etype, a1, a2):
    ev = Event(etype, "occurred", a1, a2, EventDate(None, "none"), "s", 0, 1)
    return Candidate(ev, {}, True)


def _gold(etype, a1, a2, optional=False):
    return {"type": etype, "actor1": a1, "actor2": a2, "optional": optional}


@pytest.mark.parametrize(
    ("cand", "gold", "expected"),
    [
        (_cand("visit", "FRA", "IDN"), [_gold("visit", "FRA", "IDN")], 1),
        (_cand("visit", "IDN", "FRA"), [_gold("visit", "FRA", "IDN")], 1),  # the pair is unordered
        (_cand("meeting", "FRA", "IDN"), [_gold("visit", "FRA", "IDN")], 0),  # another type
        (_cand("visit", "FRA", "DEU"), [_gold("visit", "FRA", "IDN")], 0),
        (_cand("visit", "FRA", "IDN"), [_gold("visit", "FRA", "IDN", optional=True)], None),  # neither
        (_cand("call", "USA", "CHN"), [], 0),
    ],
)
def test_label(cand, gold, expected):
    assert label(cand, gold) == expected


@pytest.mark.parametrize(
    ("source", "article_id", "outlet"),
    [
        ("news.detik.com", "", "detik.com"),
        ("finance.detik.com", "", "detik.com"),
        ("ljz.mx (La Jornada Zacatecas)", "", "ljz.mx"),
        ("aamc (reprint: Le Monde)", "", "aamc"),
        ("www.topgear.com", "", "topgear.com"),
        ("", "de/tagesschau-merz-trump-washington.txt", "tagesschau.de"),
        ("Reuters", "", "reuters"),
    ],
)
def test_outlet_names_are_folded(source, article_id, outlet):
    assert outlet_of(source, article_id) == outlet


def test_folds_are_balanced_and_stable():
    counts = Counter({"a": 50, "b": 30, "c": 30, "d": 20, "e": 10, "f": 5})
    folds = assign_folds(counts, k=3)
    assert folds == assign_folds(Counter(dict(reversed(list(counts.items())))), k=3)
    load = Counter()
    for o, k in folds.items():
        load[k] += counts[o]
    assert max(load.values()) - min(load.values()) <= 10
    assert fold_of("never-seen.example", folds, 3) == fold_of("never-seen.example", folds, 3)


def test_extractor_stamp_covers_the_model(tmp_path):
    copy = tmp_path / "etl"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = extractor_stamp.__wrapped__(copy)  # uncached: the same path is read twice
    model = copy / "models" / "event.json"
    d = json.loads(model.read_text(encoding="utf-8"))
    d["threshold"] = 0.123
    model.write_text(json.dumps(d), encoding="utf-8")
    assert extractor_stamp.__wrapped__(copy) != before


@pytest.mark.slow
@needs_shared
def test_train_rebuilds_the_shipped_model(tmp_path):
    out = tmp_path / "event.json"
    rebuilt = train(out=out)
    shipped = load_decider(MODEL_PATH)
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(MODEL_PATH.read_text(encoding="utf-8")), (
        "the shipped model is not what `python -m etl train` builds from the annotations: retrain and commit"
    )
    assert rebuilt.threshold == shipped.threshold
