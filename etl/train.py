"""Train the event model from the annotations and measure it with whole outlets held out.

    python -m etl train       # rebuild etl/models/event.json (deterministic)
    python -m etl evaluate    # cross-validated figures, outlets held out, rules as the baseline

Labels come from matching each candidate to its article's gold events by type and unordered
pair: a required gold event makes it positive, an optional one leaves it out of training
(neither taught nor punished, as the scorer treats it), none makes it negative. The model is a
logistic regression (scikit-learn, liblinear: deterministic, well calibrated before isotonic
correction, readable weights) over the candidates' sparse features. Calibration (isotonic) and
the decision threshold come from out-of-fold predictions, folds by outlet.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .candidates import Candidate, propose
from .corpus import DEFAULT_SHARED
from .decide import FLOOR, MODEL_PATH, LogisticDecider, RuleDecider
from .evaluate import Counts, Report, add_article
from .extract import Decider, consolidate, decide, keep
from .goldsets import ANNOTATIONS, GoldArticle, fold_of, fold_table, load_gold_articles
from .langdetect import detect_language
from .lexicon import available_languages
from .process import _pub_day
from .pubdate import normalize_published
from .schema import PubDate
from .sentences import clean_text

C_GRID = (0.1, 0.3, 1.0)  # inverse regularisation strengths tried (chosen on out-of-fold F1)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))


@dataclass
class Prepared:
    ga: GoldArticle
    pub: PubDate
    published: dt.date | None
    cands: list[Candidate]
    labels: list[int | None]
    fold: int


def label(c: Candidate, gold_events: list[dict]) -> int | None:
    ev = c.event
    same = [g for g in gold_events if g["type"] == ev.event_type and {g["actor1"], g["actor2"]} == {ev.actor1, ev.actor2}]
    if any(not g.get("optional") for g in same):
        return 1
    return None if same else 0


def prepare(ga: GoldArticle, folds: dict[str, int]) -> Prepared:
    rec = ga.record
    text = clean_text(rec.text)
    title = clean_text(rec.title).strip()
    lang = detect_language(title, text, rec.language)
    pub = normalize_published(rec.published_raw, language=lang, date_order=rec.date_order, url=rec.url, text=text)
    published = _pub_day(pub)
    cands = propose(text, title=title, lang=lang, published=published) if lang in available_languages() else []
    labels = [label(c, ga.gold["events"]) for c in cands]
    return Prepared(ga, pub, published, cands, labels, fold_of(ga.outlet, folds))


def prepare_all(shared: Path = DEFAULT_SHARED, annotations: Path = ANNOTATIONS) -> list[Prepared]:
    folds = fold_table(annotations / "folds.json")
    return [prepare(ga, folds) for ga in load_gold_articles(shared, annotations)]


# --- fitting -----------------------------------------------------------------------------------


def _training_rows(items: Sequence[Prepared]) -> tuple[list[dict[str, float]], list[int]]:
    X, y = [], []
    for p in items:
        for c, lab in zip(p.cands, p.labels, strict=True):
            if lab is not None:
                X.append(c.features)
                y.append(lab)
    return X, y


def fit_logistic(items: Sequence[Prepared], c_reg: float = 0.3) -> LogisticDecider:
    """An uncalibrated logistic model (identity calibration, threshold 0.5)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y = _training_rows(items)
    vec = DictVectorizer(sort=True, sparse=False)  # small: a dense matrix is simplest
    m = LogisticRegression(C=c_reg, solver="liblinear", random_state=0, max_iter=1000)
    m.fit(vec.fit_transform(X), y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 6) for n, w in zip(names, m.coef_[0], strict=True) if abs(w) > 1e-9}
    return LogisticDecider(weights, round(float(m.intercept_[0]), 6), (), (), 0.5, {})


def fit_isotonic(raw: Sequence[float], y: Sequence[int]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(list(raw), list(y))
    xs = [round(float(x), 6) for x in iso.X_thresholds_]
    ys = [round(float(v), 6) for v in iso.y_thresholds_]
    return tuple(xs), tuple(ys)


def articles_events(items: Sequence[Prepared], decider: Decider, threshold: float) -> list[list[dict]]:
    """Each article's events as the extractor would emit them at this threshold."""
    out = []
    for p in items:
        events = consolidate(decide(p.cands, decider, max(threshold, 1e-9)), p.published)
        out.append([_as_row(e) for e in events])
    return out


def _as_row(e) -> dict:
    return {
        "event_type": e.event_type,
        "status": e.status,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "event_date": e.date.date,
        "evidence": e.sentence,
        "confidence": e.confidence,
    }


def report_for(items: Sequence[Prepared], events: Sequence[list[dict]]) -> Report:
    rep = Report()
    for p, evs in zip(items, events, strict=True):
        add_article(rep, p.ga.id, p.ga.gold, evs, p.pub.date, p.pub.basis)
    return rep


def _oof(items: Sequence[Prepared], fit: Callable[[Sequence[Prepared]], LogisticDecider]) -> list[list[float]]:
    """Out-of-fold raw probabilities of every candidate, folds by outlet."""
    folds = sorted({p.fold for p in items})
    models = {k: fit([p for p in items if p.fold != k]) for k in folds}
    return [[models[p.fold].raw(c.features) for c in p.cands] for p in items]


def fit_calibrated(items: Sequence[Prepared], c_grid: Sequence[float] = C_GRID, meta: dict | None = None) -> LogisticDecider:
    """Logistic model with the regularisation, isotonic calibration and threshold that do best on
    out-of-fold predictions of these articles (folds by outlet); then refit on all of them."""
    ys = [lab for p in items for lab in p.labels if lab is not None]
    best: tuple[float, float, float, tuple, tuple] | None = None
    for c_reg in c_grid:
        oof = _oof(items, functools.partial(fit_logistic, c_reg=c_reg))
        raw = [r for p, rs in zip(items, oof, strict=True) for r, lab in zip(rs, p.labels, strict=True) if lab is not None]
        cx, cy = fit_isotonic(raw, ys)
        thr, f1 = best_threshold_frozen(items, [_Frozen(rs, cx, cy) for rs in oof])
        if best is None or f1 > best[0]:
            best = (f1, c_reg, thr, cx, cy)
    assert best is not None
    f1, c_reg, thr, cx, cy = best
    base = fit_logistic(items, c_reg)
    info = {**(meta or {}), "c_reg": c_reg, "oof_strict_f1": round(f1, 4)}
    return LogisticDecider(base.weights, base.intercept, cx, cy, thr, info)


@dataclass
class _Frozen:
    """Fixed per-candidate probabilities of one article (out-of-fold), calibrated on the fly."""

    raw: list[float]
    cx: tuple[float, ...]
    cy: tuple[float, ...]


def best_threshold_frozen(items: Sequence[Prepared], frozen: Sequence[_Frozen]) -> tuple[float, float]:
    from .decide import calibrate

    best, best_f1 = 0.5, -1.0
    for t in THRESHOLDS:
        evs = []
        for p, fz in zip(items, frozen, strict=True):
            probs = [calibrate(r, fz.cx, fz.cy) for r in fz.raw]
            evs.append([_as_row(e) for e in consolidate(keep(p.cands, probs, t), p.published)])
        f1 = report_for(items, evs).strict.f1
        if f1 >= best_f1:
            best, best_f1 = t, f1
    return best, best_f1


# --- cross-validation --------------------------------------------------------------------------


@dataclass
class CVResult:
    model: Report
    rules: Report
    thresholds: dict[int, float]
    probs: list[tuple[float, int]]  # (calibrated probability, label) of held-out candidates
    langs: dict[str, int]
    n_articles: int
    by_set: dict[str, tuple[Report, Report]] = field(default_factory=dict)  # model, rules

    @property
    def brier(self) -> float:
        return sum((p - y) ** 2 for p, y in self.probs) / len(self.probs) if self.probs else 0.0

    def reliability(self, bins: int = 5) -> list[tuple[str, int, float, float]]:
        rows = []
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            sel = [(p, y) for p, y in self.probs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
            if sel:
                rows.append((f"{lo:.1f}-{hi:.1f}", len(sel), sum(p for p, _ in sel) / len(sel), sum(y for _, y in sel) / len(sel)))
        return rows


def cross_validate(items: Sequence[Prepared], c_grid: Sequence[float] = C_GRID) -> CVResult:
    """Each fold scored by a model (calibration and threshold included) fit on the other folds."""
    folds = sorted({p.fold for p in items})
    events: dict[int, list[dict]] = {}
    thresholds: dict[int, float] = {}
    probs: list[tuple[float, int]] = []
    for k in folds:
        train = [p for p in items if p.fold != k]
        test_idx = [i for i, p in enumerate(items) if p.fold == k]
        model = fit_calibrated(train, c_grid)
        thresholds[k] = model.threshold
        test = [items[i] for i in test_idx]
        for i, evs in zip(test_idx, articles_events(test, model, model.threshold), strict=True):
            events[i] = evs
        for p in test:
            probs.extend(
                (model.probability(c.features), lab) for c, lab in zip(p.cands, p.labels, strict=True) if lab is not None
            )
    ordered = [events[i] for i in range(len(items))]
    rule_events = articles_events(items, RuleDecider(), 0.5)
    by_set: dict[str, tuple[Report, Report]] = {}
    for name, idx in _subsets(items).items():
        sub = [items[i] for i in idx]
        by_set[name] = (report_for(sub, [ordered[i] for i in idx]), report_for(sub, [rule_events[i] for i in idx]))
    langs: dict[str, int] = {}
    for p in items:
        langs[p.ga.lang] = langs.get(p.ga.lang, 0) + 1
    return CVResult(report_for(items, ordered), report_for(items, rule_events), thresholds, probs, langs, len(items), by_set)


def _subsets(items: Sequence[Prepared]) -> dict[str, list[int]]:
    """Article indexes of the dev set, the wild set, the new batches, and the new articles drawn
    at random (a broad feed's base rate, as opposed to the actively chosen ones)."""
    random_ids = set()
    manifest = ANNOTATIONS / "sample.jsonl"
    if manifest.exists():
        for line in manifest.open(encoding="utf-8"):
            d = json.loads(line)
            if d["chosen"] == "random":
                random_ids.add(d["id"])
    sets: dict[str, list[int]] = {"devset": [], "wildset": [], "batches": [], "random": []}
    for i, p in enumerate(items):
        sets["batches" if p.ga.set.startswith("b") else p.ga.set].append(i)
        if p.ga.id in random_ids:
            sets["random"].append(i)
    return {k: v for k, v in sets.items() if v}


def cv_text(res: CVResult) -> str:
    lines = [
        f"cross-validated over {res.n_articles} annotated articles, whole outlets held out "
        f"({len(res.thresholds)} folds; thresholds chosen inside each fold: "
        + ", ".join(f"{t:.2f}" for t in res.thresholds.values())
        + ")",
        "",
        "                 model (held-out outlets)                   rules (old extractor, same articles)",
    ]

    def both(name: str, a: Counts, b: Counts) -> str:
        return f"{name:16s} {a.row():44s} {b.row()}"

    lines.append(both("strict", res.model.strict, res.rules.strict))
    lines.append(both("no-date", res.model.nodate, res.rules.nodate))
    for lang in sorted(res.model.by_lang):
        lines.append(both(f"lang {lang}", res.model.by_lang[lang], res.rules.by_lang[lang]))
    for t in sorted(res.model.by_type):
        lines.append(both(f"type {t}", res.model.by_type[t], res.rules.by_type[t]))
    for name, (ms, rs) in res.by_set.items():
        lines.append(both(f"set {name}", ms.strict, rs.strict))
        clean = f"{'':16s} negatives clean {ms.negatives_clean}/{ms.negatives_total}"
        lines.append(f"{clean:61s} negatives clean {rs.negatives_clean}/{rs.negatives_total}")
    m, r = res.model, res.rules
    lines.append(f"published accuracy {m.pub_accuracy:.3f} ({m.pub_correct}/{m.pub_total})")
    lines.append(f"negatives clean    model {m.negatives_clean}/{m.negatives_total}   rules {r.negatives_clean}/{r.negatives_total}")
    lines.append(f"calibration: Brier {res.brier:.3f} over {len(res.probs)} held-out candidates")
    lines.append("  predicted-bin   n   mean predicted   observed")
    for name, n, mp, obs in res.reliability():
        lines.append(f"  {name:13s} {n:4d}   {mp:.3f}            {obs:.3f}")
    return "\n".join(lines)


def train(shared: Path = DEFAULT_SHARED, annotations: Path = ANNOTATIONS, out: Path = MODEL_PATH) -> LogisticDecider:
    items = prepare_all(shared, annotations)
    meta = {
        "articles": len(items),
        "candidates": sum(len(p.cands) for p in items),
        "positives": sum(1 for p in items for lab in p.labels if lab == 1),
        "floor": FLOOR,
    }
    model = fit_calibrated(items, C_GRID, meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(model.to_json(), indent=1, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out)
    return model
