"""The minimum-confidence control: its default (read from the shipped model) and its texts.

An event's confidence is the extractor model's calibrated probability that the event is
real. The default minimum is the threshold that maximised cross-validated F1 when the
model was trained (``etl.decide.default_threshold``), rounded to the slider's step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

STEP = 0.05


@dataclass(frozen=True)
class ConfidenceDefault:
    value: float  # the slider's default, on the step grid
    f1: float | None = None  # cross-validated F1 at the model's threshold, when recorded
    from_model: bool = True  # False: the model file could not be read (default 0: show all)


def snap(x: float) -> float:
    """``x`` on the slider's grid (0, 0.05, …, 1), as the 2-decimal float it displays."""
    return round(min(1.0, max(0.0, round(x / STEP) * STEP)), 2)


def from_model(threshold: float, meta: dict[str, object]) -> ConfidenceDefault:
    f1 = meta.get("oof_strict_f1")
    ok = isinstance(f1, (int, float)) and math.isfinite(f1)
    return ConfidenceDefault(snap(threshold), float(f1) if ok else None)  # type: ignore[arg-type]


def model_default() -> ConfidenceDefault:
    """The shipped model's threshold (a small JSON file, read once per process)."""
    from etl import decide

    try:
        model = decide.default_decider()
    except RuntimeError:  # a broken install: the dashboard still shows everything
        return ConfidenceDefault(0.0, None, from_model=False)
    return from_model(model.threshold, model.meta)


def fmt(x: float) -> str:
    return f"{x:.2f}"


def help_text(d: ConfidenceDefault) -> str:
    """The slider's help: what the number means and where the default comes from."""
    meaning = (
        "Confidence is the model's calibrated probability that the event is real: of the events "
        "shown at 0.7, about 7 in 10 are right. Lower values show more events, and more doubtful ones."
    )
    if not d.from_model:
        return meaning + " The model file could not be read, so the default is 0 (everything)."
    f1 = f" (F1 = {d.f1:.2f})" if d.f1 is not None else ""
    return meaning + f" The default, {fmt(d.value)}, is the threshold that gave the best cross-validated F1{f1}."


def default_caption(d: ConfidenceDefault) -> str:
    """The default, shown under the slider whether or not it was moved."""
    if not d.from_model:
        return f"Default {fmt(d.value)} (the model file could not be read)"
    f1 = f" (F1 = {d.f1:.2f})" if d.f1 is not None else ""
    return f"Default {fmt(d.value)}: the threshold with the best cross-validated F1{f1}"


def hidden_note(hidden: int, min_confidence: float) -> str:
    """'12 more events below confidence 0.45' (empty when the threshold hides nothing)."""
    if hidden <= 0:
        return ""
    return f"{hidden:,} more event{'' if hidden == 1 else 's'} below confidence {fmt(min_confidence)}"
