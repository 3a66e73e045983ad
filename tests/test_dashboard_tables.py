from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fixtures_dashboard import loaded_events

from dashboard import tables
from dashboard.filters import Filters, apply_filters


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return loaded_events(tmp_path_factory.mktemp("t"))


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example/x", True),
        ("HTTP://A.EXAMPLE", True),
        ("javascript:alert(1)", False),
        ("ftp://files.example/x", False),
        ("data:text/html,<b>", False),
        ("//evil.example", False),
        ("https://", False),
        ("https://a.example/\njavascript:x", False),
        (None, False),
        (3, False),
    ],
)
def test_safe_link(url: object, ok: bool) -> None:
    assert (tables.safe_link(url) is not None) is ok
    s = tables.safe_links(pd.Series([url], dtype=object))
    assert (s.iloc[0] is not None) is ok


@pytest.mark.parametrize(
    ("sentence", "trigger", "out"),
    [
        ("Leaders met in Jakarta.", "met", "Leaders «met» in Jakarta."),
        ("They MET and met again.", "met", "They «MET» and «met» again."),
        ("No trigger here.", "visit", "No trigger here."),
        ("<b>x</b> met", "met", "<b>x</b> «met»"),
        ("text", None, "text"),
        ("text", "  ", "text"),
        (None, "met", ""),
        ("İstanbul visit", "visit", "İstanbul «visit»"),  # case folding changes lengths
    ],
)
def test_highlight_trigger(sentence: object, trigger: object, out: str) -> None:
    assert tables.highlight_trigger(sentence, trigger) == out


def test_paging() -> None:
    df = pd.DataFrame({"x": range(1234)})
    assert tables.page_count(0) == 1 and tables.page_count(1234, 500) == 3
    assert len(tables.page(df, 3, 500)) == 234
    assert tables.page(df, 99, 500)["x"].iloc[0] == 1000  # clamped to the last page
    assert tables.page(df, -1, 500)["x"].iloc[0] == 0


@pytest.mark.parametrize("how", list(tables.SORTS))
def test_fast_paging_matches_plain_sorting(events: pd.DataFrame, how: str) -> None:
    cache: dict[object, np.ndarray] = {}
    for f in (Filters(), Filters(countries=("IDN",)), Filters(event_types=("visit",))):
        sub = apply_filters(events, f)
        fast = tables.page_rows(events, sub, how, 1, size=10, cache=cache)
        col, asc = tables.SORTS[how]
        assert len(fast) == min(10, len(sub))
        assert set(fast["event_id"]) <= set(sub["event_id"])
        vals = fast[col].to_numpy()
        ref = sub[col].sort_values(ascending=asc, na_position="last").to_numpy()[: len(vals)]
        assert np.array_equal(pd.Series(vals).fillna(-1).to_numpy(), pd.Series(ref).fillna(-1).to_numpy())
    assert ("keys", how, len(events)) in cache
    # later pages agree with the first: together they are the stable full order
    for f in (Filters(), Filters(countries=("IDN",))):
        sub = apply_filters(events, f)
        pages = [tables.page_rows(events, sub, how, i, size=7, cache=cache) for i in range(1, tables.page_count(len(sub), 7) + 1)]
        got = pd.concat(pages)["event_id"].tolist()
        want = sub.iloc[np.argsort(tables.sort_keys(sub, how), kind="stable")]["event_id"].tolist()
        assert got == want
    # a frame with another index falls back to plain sorting
    other = events.reset_index(drop=True).iloc[::-1]
    assert len(tables.page_rows(other, other, how, 1, size=5)) == 5


def test_first_k_equals_stable_argsort() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        keys = rng.integers(0, 5, rng.integers(1, 60)).astype(float)
        keys[rng.random(len(keys)) < 0.2] = np.inf
        k = int(rng.integers(1, 10))
        assert np.array_equal(tables.first_k(keys, k), np.argsort(keys, kind="stable")[:k])


def test_undated_last(events: pd.DataFrame) -> None:
    for how in ("Newest first", "Oldest first"):
        order = tables.sort_order(events, how)
        last = events.iloc[order[-2:]]
        assert last["_start"].isna().all()


def test_table_frame(events: pd.DataFrame) -> None:
    t = tables.table_frame(events).set_index("event_id")
    assert list(t.reset_index().columns) == ["event_id", *[c for c in tables.TABLE_COLUMNS if c != "event_id"]]
    assert t.loc["x-001", "actors"] == "Indonesia → Russia"
    assert pd.isna(t.loc["x-001", "link"])  # javascript: is not a link
    assert pd.isna(t.loc["x-005", "link"])  # ftp: neither
    assert t.loc["x-002", "link"] == "https://mockherald.example/x-002"
    assert t.loc["x-002", "date"] == "2025-02 (month)"
    assert t.loc["x-004", "date"] == "no date"
    assert t.loc["x-005", "actors"] == "European Union → Indonesia"


def test_mentions_frame() -> None:
    m = pd.DataFrame(
        {
            "published": ["2025-01-01"], "source": ["S"], "title": ["T"], "sentence": ["A met B"],
            "trigger": ["met"], "url": ["javascript:x"], "article_id": ["a"],
        }
    )  # fmt: skip
    f = tables.mentions_frame(m)
    assert f["sentence"].tolist() == ["A «met» B"] and pd.isna(f["link"].iloc[0])
    assert tables.mentions_frame(m.iloc[:0]).empty
