"""The filter state and its application to the events table (pure, vectorized)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Filters:
    """Everything the sidebar can set. Empty tuples / None mean "no restriction"."""

    countries: tuple[str, ...] = ()  # ISO3/ORG codes; an event matches if either actor is one
    pair_a: str | None = None  # country A of a pair
    pair_b: str | None = None  # country B of a pair
    directed: bool = False  # True: actor1 == A and actor2 == B (A visits B)
    event_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: dt.date | None = None  # the event's date interval must overlap [from, to]
    date_to: dt.date | None = None
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_sources: int = 0
    text: str = ""  # case-insensitive plain substring over title and evidence
    min_confidence: float = 0.0  # the model's probability at least this (0: no restriction)

    def is_default(self) -> bool:
        return self == Filters()

    def with_(self, **kw: object) -> Filters:
        return replace(self, **kw)  # type: ignore[arg-type]

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def _cat_isin(s: pd.Series, values: tuple[str, ...]) -> np.ndarray:
    """``s.isin(values)`` as a numpy bool array; on categoricals it compares integer codes."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories
        wanted = cats.isin(list(values))
        if not wanted.any():
            return np.zeros(len(s), dtype=bool)
        lut = np.append(wanted, False)  # code -1 (missing) looks up the last slot
        return lut[s.cat.codes.to_numpy()]
    return s.isin(list(values)).to_numpy(dtype=bool, na_value=False)


# float32 holds 0.45 as 0.44999998...: an event stored at exactly the threshold passes it
CONF_TOLERANCE = 1e-6


def confidence_mask(df: pd.DataFrame, min_confidence: float) -> np.ndarray:
    """Events whose confidence is at least ``min_confidence``; a missing one never is."""
    conf = pd.to_numeric(df["confidence"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return conf >= min_confidence - CONF_TOLERANCE


def _eq(s: pd.Series, value: str) -> np.ndarray:
    return _cat_isin(s, (value,))


def _contains(s: pd.Series, needle: str) -> np.ndarray:
    """Case-insensitive plain substring (no regex), missing values never match."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = pd.Series(s.cat.categories.astype(str))
        hit = cats.str.contains(needle, case=False, regex=False, na=False).to_numpy(dtype=bool)
        return np.append(hit, False)[s.cat.codes.to_numpy()]
    res = s.astype("str").str.contains(needle, case=False, regex=False, na=False)
    return res.to_numpy(dtype=bool, na_value=False)


# Gives the title and evidence columns for some rows of the table being filtered (their
# index labels): for a table that holds only the short columns (see data.Dataset.with_text).
TextSource = Callable[[pd.DataFrame], pd.DataFrame]


def filter_mask(df: pd.DataFrame, f: Filters, texts: TextSource | None = None) -> np.ndarray:
    """Boolean mask of the events that pass every filter (``texts``: where titles and
    evidence come from when ``df`` lacks them)."""
    n = len(df)
    mask = np.ones(n, dtype=bool)
    if n == 0:
        return mask
    if f.countries:
        mask &= _cat_isin(df["actor1"], f.countries) | _cat_isin(df["actor2"], f.countries)
    a, b = f.pair_a, f.pair_b
    if a and b:
        fwd = _eq(df["actor1"], a) & _eq(df["actor2"], b)
        mask &= fwd if f.directed else (fwd | (_eq(df["actor1"], b) & _eq(df["actor2"], a)))
    elif a:
        mask &= _eq(df["actor1"], a) if f.directed else (_eq(df["actor1"], a) | _eq(df["actor2"], a))
    elif b:
        mask &= _eq(df["actor2"], b) if f.directed else (_eq(df["actor1"], b) | _eq(df["actor2"], b))
    if f.event_types:
        mask &= _cat_isin(df["event_type"], f.event_types)
    if f.statuses:
        mask &= _cat_isin(df["status"], f.statuses)
    if f.languages:
        mask &= _cat_isin(df["language"], f.languages)
    if f.sources:
        mask &= _cat_isin(df["source"], f.sources)
    if f.min_sources > 0:
        mask &= df["n_sources"].to_numpy() >= f.min_sources
    if f.min_confidence > 0:
        mask &= confidence_mask(df, f.min_confidence)
    if f.has_dates:
        start = df["_start"].to_numpy()
        end = df["_end"].to_numpy()
        dated = ~np.isnat(start)
        mask &= dated  # undated events cannot be placed in a range
        if f.date_to is not None:
            mask &= start <= np.datetime64(f.date_to, "ns")
        if f.date_from is not None:
            mask &= end >= np.datetime64(f.date_from, "ns")
    if f.text:
        sub = np.flatnonzero(mask)  # search only the rows still in: the costly part
        if len(sub):
            part = df.iloc[sub]
            if texts is not None and not {"title", "evidence"} <= set(part.columns):
                part = texts(part)
            hit = _contains(part["title"], f.text) | _contains(part["evidence"], f.text)
            mask[sub] = hit
    return mask


def apply_filters(df: pd.DataFrame, f: Filters, texts: TextSource | None = None) -> pd.DataFrame:
    """The rows of ``df`` passing ``f`` (``df`` itself when nothing is set)."""
    if f.is_default():
        return df
    return df[filter_mask(df, f, texts)]


def apply_with_hidden(df: pd.DataFrame, f: Filters, texts: TextSource | None = None) -> tuple[pd.DataFrame, int]:
    """The rows of ``df`` passing ``f``, and how many more pass every other filter but
    fall below its minimum confidence (what the threshold hides). One pass over ``df``."""
    if f.min_confidence <= 0:
        return apply_filters(df, f, texts), 0
    others = filter_mask(df, f.with_(min_confidence=0.0), texts)
    keep = others & confidence_mask(df, f.min_confidence)
    hidden = int(others.sum() - keep.sum())
    return (df if keep.all() else df[keep]), hidden


def with_selected(options: list[str], selected: tuple[str, ...] | list[str]) -> list[str]:
    """Widget options: the data's values plus any selected value the data lacks (a shared
    link naming a country absent here must still filter, to nothing, not silently to all)."""
    extra = [x for x in selected if x not in set(options)]
    return list(options) + sorted(set(extra))
