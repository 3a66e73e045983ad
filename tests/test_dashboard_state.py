from __future__ import annotations

import datetime as dt
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.filters import Filters
from dashboard.state import (
    KEYS,
    event_from_params,
    filters_to_params,
    params_differ,
    params_to_filters,
    read_query_params,
)
from etl.schema import EVENT_TYPES, STATUSES

code = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)
lang = st.from_regex(r"\A[a-z]{2,3}(-[A-Za-z0-9]{1,8})?\Z")
source = st.text(min_size=1, max_size=60)
conf = st.integers(0, 20).map(lambda i: round(i * 0.05, 2))  # the slider's values


@st.composite
def valid_filters(draw: st.DrawFn) -> Filters:
    d1 = draw(st.none() | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
    d2 = draw(st.none() | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
    if d1 and d2 and d1 > d2:
        d1, d2 = d2, d1
    return Filters(
        countries=tuple(draw(st.lists(code, max_size=5, unique=True))),
        pair_a=draw(st.none() | code),
        pair_b=draw(st.none() | code),
        directed=draw(st.booleans()),
        event_types=tuple(draw(st.lists(st.sampled_from(EVENT_TYPES), unique=True))),
        statuses=tuple(draw(st.lists(st.sampled_from(STATUSES), unique=True))),
        date_from=d1,
        date_to=d2,
        languages=tuple(draw(st.lists(lang, max_size=4, unique=True))),
        sources=tuple(draw(st.lists(source, max_size=4, unique=True))),
        min_sources=draw(st.integers(0, 10_000)),
        text=draw(st.text(max_size=80)),
        min_confidence=draw(conf),
    )


@settings(max_examples=300, deadline=None)
@given(f=valid_filters(), default=conf)
def test_round_trip(f: Filters, default: float) -> None:
    params = filters_to_params(f, default_conf=default)
    assert params_to_filters(params, default_conf=default) == f
    assert ("minconf" in params) == (f.min_confidence != default)
    for k, v in params.items():
        assert k in KEYS
        assert isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))


garbage_value = st.none() | st.integers() | st.floats() | st.floats().map(str) | st.text(max_size=30) | st.lists(
    st.none() | st.integers() | st.text(max_size=20), max_size=5
) | st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2)
garbage = st.dictionaries(st.sampled_from([*KEYS, "ev", "tab", "zzz"]) | st.text(max_size=5), garbage_value, max_size=12)


@settings(max_examples=400, deadline=None)
@given(p=garbage, default=conf)
def test_garbage_never_raises_and_is_stable(p: dict, default: float) -> None:  # type: ignore[type-arg]
    f = params_to_filters(p, default_conf=default)
    assert isinstance(f, Filters)
    assert params_to_filters(filters_to_params(f, default), default_conf=default) == f
    assert 0.0 <= f.min_confidence <= 1.0 and f.min_confidence == round(round(f.min_confidence / 0.05) * 0.05, 2)
    if f.date_from and f.date_to:
        assert f.date_from <= f.date_to
    assert 0 <= f.min_sources <= 10_000
    event_from_params(p)


def test_not_a_mapping() -> None:
    assert params_to_filters(None) == Filters()
    assert params_to_filters("country=IDN") == Filters()  # type: ignore[arg-type]
    assert params_to_filters([("country", "IDN")]) == Filters()  # type: ignore[arg-type]
    assert event_from_params(None) is None


def test_readable_variants() -> None:
    f = params_to_filters(
        {
            "country": ["idn, rus", "IDN", "bad!", "TOOLONG"],
            "a": " chn ",
            "dir": "true",
            "type": ["visit", "VISIT", "party"],
            "status": "planned",
            "from": "2025-06-30",
            "to": "2025-01-01",  # swapped
            "lang": ["en", "<script>"],
            "min": "-5",
            "q": "x" * 600,
        }
    )
    assert f.countries == ("IDN", "RUS")
    assert f.pair_a == "CHN" and f.pair_b is None and f.directed
    assert f.event_types == ("visit",) and f.statuses == ("planned",)
    assert (f.date_from, f.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert f.languages == ("en",)
    assert f.min_sources == 0
    assert len(f.text) == 500
    assert params_to_filters({"from": "2025-02-30", "to": "20250101", "min": "3x"}) == Filters()
    assert params_to_filters({"min": "999999999"}).min_sources == 10_000


def test_example_params() -> None:
    f = Filters(pair_a="IDN", pair_b="RUS", date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30))
    assert filters_to_params(f) == {"a": "IDN", "b": "RUS", "from": "2025-01-01", "to": "2025-06-30"}
    assert filters_to_params(Filters()) == {}


class FakeQueryParams:
    def __init__(self, d: dict[str, list[str]]) -> None:
        self.d = d

    def keys(self):  # type: ignore[no-untyped-def]
        return self.d.keys()

    def get_all(self, k: str) -> list[str]:
        return self.d[k]


def test_read_and_compare_query_params() -> None:
    qp = FakeQueryParams({"country": ["IDN", "RUS"], "tab": ["Overview"]})
    cur = read_query_params(qp)
    assert cur == {"country": ["IDN", "RUS"], "tab": ["Overview"]}
    assert not params_differ(cur, {"country": ["IDN", "RUS"]})  # foreign keys ignored
    assert params_differ(cur, {"country": ["IDN"]})
    assert params_differ(cur, {"country": ["IDN", "RUS"], "ev": "x"})
    assert not params_differ({"a": ["IDN"]}, {"a": "IDN"})
    assert event_from_params({"ev": ["x-1", "x-2"]}) == "x-2"
