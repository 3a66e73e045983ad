from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures_dashboard import loaded_events, make_data_dir, reference_ids, tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import data
from dashboard.filters import Filters, apply_filters, filter_mask, with_selected
from etl.schema import EVENT_TYPES, STATUSES


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return loaded_events(tmp_path_factory.mktemp("f"))


def ids(df: pd.DataFrame) -> set[str]:
    return set(df["event_id"].astype(str))


def test_no_filter_returns_the_table_itself(events: pd.DataFrame) -> None:
    assert apply_filters(events, Filters()) is events
    assert Filters().is_default()
    assert not Filters(min_sources=1).is_default()


def test_country_matches_either_actor(events: pd.DataFrame) -> None:
    got = apply_filters(events, Filters(countries=("RUS",)))
    assert len(got) > 0
    assert all("RUS" in (a, b) for a, b in zip(got["actor1"], got["actor2"], strict=True))
    assert {"x-001", "x-002", "x-003"} <= ids(got)
    several = apply_filters(events, Filters(countries=("RUS", "CHN")))
    assert ids(several) == ids(got) | ids(apply_filters(events, Filters(countries=("CHN",))))


def test_pair_undirected_and_directed(events: pd.DataFrame) -> None:
    und = ids(apply_filters(events, Filters(pair_a="IDN", pair_b="RUS")))
    fwd = ids(apply_filters(events, Filters(pair_a="IDN", pair_b="RUS", directed=True)))
    back = ids(apply_filters(events, Filters(pair_a="RUS", pair_b="IDN", directed=True)))
    assert {"x-001", "x-003"} <= fwd  # Indonesia -> Russia
    assert "x-002" in back and "x-002" not in fwd  # Russia called Indonesia
    assert und == fwd | back and not fwd & back
    # the undirected pair does not depend on the order of A and B
    assert und == ids(apply_filters(events, Filters(pair_a="RUS", pair_b="IDN")))


def test_pair_with_one_side_only(events: pd.DataFrame) -> None:
    a_only = apply_filters(events, Filters(pair_a="IDN", directed=True))
    assert set(a_only["actor1"].astype(str)) == {"IDN"}
    b_only = apply_filters(events, Filters(pair_b="IDN", directed=True))
    assert set(b_only["actor2"].astype(str)) == {"IDN"}
    either = ids(apply_filters(events, Filters(pair_a="IDN")))
    assert either == ids(apply_filters(events, Filters(countries=("IDN",))))


def test_dates_overlap_month_and_year(events: pd.DataFrame) -> None:
    # x-002 is dated "2025-02" (a month), x-003 "2024" (a year), x-004 has no date
    feb = ids(apply_filters(events, Filters(date_from=dt.date(2025, 2, 20), date_to=dt.date(2025, 2, 21))))
    assert "x-002" in feb and "x-004" not in feb
    mid2024 = ids(apply_filters(events, Filters(date_from=dt.date(2024, 7, 1), date_to=dt.date(2024, 7, 1))))
    assert "x-003" in mid2024
    after = ids(apply_filters(events, Filters(date_from=dt.date(2025, 3, 1))))
    assert "x-002" not in after and "x-001" in after
    before = ids(apply_filters(events, Filters(date_to=dt.date(2025, 3, 13))))
    assert "x-001" not in before and "x-002" in before
    assert "x-004" not in after | before  # undated events cannot be placed in a range


def test_type_status_language_source_min_sources(events: pd.DataFrame) -> None:
    got = apply_filters(events, Filters(event_types=("call",), statuses=("occurred",)))
    assert set(got["event_type"].astype(str)) == {"call"} and set(got["status"].astype(str)) == {"occurred"}
    assert set(apply_filters(events, Filters(languages=("id",)))["language"].astype(str)) == {"id"}
    src = apply_filters(events, Filters(sources=("\rCarriage Return Weekly",)))
    assert ids(src) == {"x-005"}
    m = apply_filters(events, Filters(min_sources=3))
    assert len(m) and (m["n_sources"] >= 3).all()
    assert apply_filters(events, Filters(countries=("QQQ",))).empty  # unknown value: nothing


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("hyperlink", {"x-001"}),  # evidence, case-insensitive
        ("MOSCOW AND JAKARTA", {"x-002"}),  # title
        ("<script>", {"x-005"}),
        ("**meets**", {"x-005"}),
        ("(1,2)", {"x-002"}),
        (".*", set()),  # regex syntax is plain text
        ("[indonesia](", {"x-005"}),
        ("\\", set()),
        ("(?i)x", set()),
    ],
)
def test_text_search_is_plain_substring(events: pd.DataFrame, text: str, expect: set[str]) -> None:
    got = ids(apply_filters(events, Filters(text=text)))
    assert got == expect


def test_categorical_and_plain_frames_agree(events: pd.DataFrame) -> None:
    plain = events.copy()
    for c in plain.columns:
        if isinstance(plain[c].dtype, pd.CategoricalDtype):
            plain[c] = plain[c].astype(object)
    f = Filters(countries=("IDN", "RUS"), event_types=("visit", "call"), languages=("en",), text="a")
    assert np.array_equal(filter_mask(plain, f), filter_mask(events, f))


def test_empty_frame() -> None:
    e = data.empty_events()
    assert apply_filters(e, Filters(countries=("IDN",), text="x")).empty


def test_with_selected_keeps_absent_values() -> None:
    assert with_selected(["A", "B"], ["B", "Z"]) == ["A", "B", "Z"]
    assert with_selected(["A"], []) == ["A"]


codes = st.sampled_from(["IDN", "RUS", "CHN", "USA", "EUR", "QQQ", "FRA", "UKR"])
filters_st = st.builds(
    Filters,
    countries=st.lists(codes, max_size=3, unique=True).map(tuple),
    pair_a=st.none() | codes,
    pair_b=st.none() | codes,
    directed=st.booleans(),
    event_types=st.lists(st.sampled_from(EVENT_TYPES), max_size=2, unique=True).map(tuple),
    statuses=st.lists(st.sampled_from(STATUSES), max_size=1, unique=True).map(tuple),
    date_from=st.none() | st.dates(dt.date(2023, 12, 1), dt.date(2025, 7, 1)),
    date_to=st.none() | st.dates(dt.date(2023, 12, 1), dt.date(2025, 7, 1)),
    languages=st.lists(st.sampled_from(["en", "fr", "id", "ru", "xx"]), max_size=2, unique=True).map(tuple),
    sources=st.lists(st.sampled_from(["Example Daily", "Mock Herald", "Sample Times"]), max_size=2, unique=True).map(tuple),
    min_sources=st.integers(0, 4),
    text=st.sampled_from(["", "a", "visit", "INDONESIA", "phone", ".", "*"]),
    min_confidence=st.sampled_from([0.0, 0.0, 0.5, 0.6, 0.7, 0.75, 0.9, 1.0]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_st)
def test_filters_match_the_reference(events: pd.DataFrame, f: Filters) -> None:
    assert ids(apply_filters(events, f)) == reference_ids(tables()["events"], f)


def test_reference_covers_the_fixture(tmp_path: Path) -> None:
    """The reference reads the raw fixture; the loaded table has the same rows."""
    assert ids(loaded_events(tmp_path)) == set(tables()["events"]["event_id"])


@pytest.mark.parametrize("q", ["indonesia", "VISIT", "=", "no such words anywhere", "«"])
def test_text_search_on_the_short_columns_reads_texts_for_the_rows_left(tmp_path: Path, q: str) -> None:
    """At start-up only the short columns are loaded: the search asks the dataset for the
    titles and evidence of the rows still in, and finds the same events."""
    ds = data.load_dataset(make_data_dir(tmp_path))
    assert ds is not None and "title" not in ds.events.columns
    asked: list[int] = []

    def texts(part: pd.DataFrame) -> pd.DataFrame:
        asked.append(len(part))
        return ds.with_text(part, ["title", "evidence"])

    for f in (Filters(text=q), Filters(text=q, countries=("IDN",))):
        got = apply_filters(ds.events, f, texts=texts)
        assert ids(got) == reference_ids(tables()["events"], f)
        assert "title" not in got.columns  # the filtered table stays lean
    assert asked and max(asked) <= len(ds.events)
