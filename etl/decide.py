"""Decisions: a trained model turns a candidate's features into a calibrated probability.

The model is a logistic regression over sparse named features (scikit-learn fits it, see
``etl.train``), shipped as a small JSON file in ``etl/models/``: weights by feature name, the
intercept, an isotonic calibration table (raw probability -> observed frequency on held-out
outlets) and the threshold that maximised held-out F1. Scoring needs no scikit-learn: a dot
product and a table look-up, so loading takes milliseconds. ``RuleDecider`` is the old
hand-written decision list (keep what no veto dropped), kept as the baseline.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "models" / "event.json"
FLOOR = 0.2  # candidates below this probability never reach the tables


@dataclass(frozen=True)
class LogisticDecider:
    weights: dict[str, float]
    intercept: float
    calib_x: tuple[float, ...]
    calib_y: tuple[float, ...]
    threshold: float
    meta: dict

    def raw(self, features: dict[str, float]) -> float:
        w = self.weights
        z = self.intercept + sum(w.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, features: dict[str, float], rule_ok: bool = True) -> float:
        return calibrate(self.raw(features), self.calib_x, self.calib_y)

    def to_json(self) -> dict:
        return {
            "kind": "logistic",
            "intercept": self.intercept,
            "weights": dict(sorted(self.weights.items())),
            "calibration": {"x": list(self.calib_x), "y": list(self.calib_y)},
            "threshold": self.threshold,
            "meta": self.meta,
        }


@dataclass(frozen=True)
class RuleDecider:
    """The hand-written rules as a decider: what no veto dropped is an event."""

    def probability(self, features: dict[str, float], rule_ok: bool = True) -> float:
        return 0.9 if rule_ok else 0.0


def calibrate(p: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    """Piecewise-linear look-up of p in an increasing calibration table."""
    if not xs:
        return p
    if p <= xs[0]:
        return ys[0]
    if p >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, p)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


def from_json(d: dict) -> LogisticDecider:
    cal = d.get("calibration") or {}
    return LogisticDecider(
        weights={k: float(v) for k, v in d["weights"].items()},
        intercept=float(d["intercept"]),
        calib_x=tuple(float(x) for x in cal.get("x", ())),
        calib_y=tuple(float(y) for y in cal.get("y", ())),
        threshold=float(d["threshold"]),
        meta=d.get("meta", {}),
    )


def load_decider(path: Path = MODEL_PATH) -> LogisticDecider:
    """The shipped model. A missing or broken model file is an installation fault: it stops the run."""
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise RuntimeError(
            f"event model {path} could not be loaded ({exc}); reinstall the package or rebuild it "
            "with `python -m etl train`"
        ) from exc


@functools.cache
def default_decider() -> LogisticDecider:
    return load_decider()


def default_threshold() -> float:
    """The minimum confidence that maximised held-out F1 (the dashboard's default)."""
    return default_decider().threshold
