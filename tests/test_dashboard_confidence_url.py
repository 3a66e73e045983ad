"""`?minconf=0.6` in the URL: read, snapped to the slider's step, written only when it is
not the default; unreadable values give the default."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters
from dashboard.state import filters_to_params, params_differ, params_to_filters

DEFAULT = 0.45


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ("0.6", 0.6), (" 0.60 ", 0.6), (".6", 0.6), ("0", 0.0), ("1", 1.0), ("1.0", 1.0), ("0.45", 0.45),
        ("0.63", 0.65), ("0.61", 0.6),  # off the step: the nearest step
        (["0.3", "0.7"], 0.7),  # repeated: the last one
        # unreadable or out of range: the default
        ("", DEFAULT), ("abc", DEFAULT), ("1.5", DEFAULT), ("-0.1", DEFAULT), ("nan", DEFAULT), ("inf", DEFAULT),
        ("1e-1", DEFAULT), ("0,6", DEFAULT), ("٠.٥", DEFAULT), ("0_5", DEFAULT), ("0." + "1" * 40, DEFAULT),
        (None, DEFAULT), (0.6, DEFAULT), ({"x": "0.6"}, DEFAULT),
    ],
)  # fmt: skip
def test_minconf_is_read(value: object, expect: float) -> None:
    assert params_to_filters({"minconf": value}, default_conf=DEFAULT).min_confidence == expect


def test_absent_means_the_default() -> None:
    assert params_to_filters({}, default_conf=DEFAULT) == Filters(min_confidence=DEFAULT)
    assert params_to_filters(None, default_conf=DEFAULT) == Filters(min_confidence=DEFAULT)
    assert params_to_filters({"country": "IDN"}).min_confidence == 0.0  # no default given: no restriction


@pytest.mark.parametrize(
    ("threshold", "params"),
    [(0.45, {}), (0.6, {"minconf": "0.6"}), (0.0, {"minconf": "0"}), (1.0, {"minconf": "1"}), (0.35, {"minconf": "0.35"})],
)
def test_written_only_when_not_the_default(threshold: float, params: dict[str, str]) -> None:
    f = Filters(min_confidence=threshold, pair_a="IDN")
    assert filters_to_params(f, default_conf=DEFAULT) == {"a": "IDN", **params}


def test_a_changed_minconf_changes_the_url() -> None:
    want = filters_to_params(Filters(min_confidence=0.6), default_conf=DEFAULT)
    assert params_differ({"minconf": ["0.5"]}, want)
    assert not params_differ({"minconf": ["0.6"], "tab": ["Overview"]}, want)
    assert params_differ({"minconf": ["0.6"]}, filters_to_params(Filters(min_confidence=DEFAULT), default_conf=DEFAULT))
