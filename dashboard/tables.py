"""Frames shown in st.dataframe: event table, paging, sorting, mentions with highlighted triggers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .figures import date_label, names_of

PAGE_SIZE = 500
SORTS = {
    "Newest first": ("_start", False),
    "Oldest first": ("_start", True),
    "Most sources": ("n_sources", False),
    "Highest confidence": ("confidence", False),
}
TABLE_COLUMNS = [
    "date", "type", "status", "actors", "title", "source", "n_sources", "evidence",
    "link", "language", "confidence", "event_id",
]  # fmt: skip


def safe_link(url: object) -> str | None:
    """The URL if it is http(s), else None (so only those become clickable)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    low = u.lower()
    if (low.startswith("http://") or low.startswith("https://")) and len(u) > 8 and not any(
        ch in u for ch in "\r\n\t "
    ):
        return u
    return None


def safe_links(s: pd.Series) -> pd.Series:
    obj = s.astype(object)
    txt = obj.where(obj.notna(), "").astype(str).str.strip()
    low = txt.str.lower()
    ok = (low.str.startswith("http://") | low.str.startswith("https://")) & (txt.str.len() > 8)
    ok &= ~txt.str.contains(r"[\s]", regex=True)
    return pd.Series(np.where(ok.to_numpy(dtype=bool), txt.to_numpy(dtype=object), None), index=s.index, dtype=object)


def sort_events(df: pd.DataFrame, how: str = "Newest first") -> pd.DataFrame:
    col, asc = SORTS.get(how, SORTS["Newest first"])
    if len(df) == 0:
        return df
    return df.sort_values([col, "event_id"], ascending=[asc, True], na_position="last", kind="stable")


def sort_keys(df: pd.DataFrame, how: str = "Newest first") -> np.ndarray:
    """Float keys whose ascending order is the order ``how`` (missing values last)."""
    col, asc = SORTS.get(how, SORTS["Newest first"])
    v = df[col].to_numpy()
    if np.issubdtype(v.dtype, np.datetime64):
        missing = np.isnat(v)
        x = v.astype("datetime64[ns]").astype("int64").astype(float)
    else:
        x = pd.to_numeric(pd.Series(v), errors="coerce").to_numpy(dtype=float)
        missing = np.isnan(x)
    if not asc:
        x = -x
    x[missing] = np.inf
    return x


def sort_order(df: pd.DataFrame, how: str = "Newest first") -> np.ndarray:
    """Row positions of ``df`` in the order ``how`` (stable; missing values last)."""
    return np.argsort(sort_keys(df, how), kind="stable")


def first_k(keys: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k smallest keys in stable order (ties by position), without a full
    sort: the same rows, in the same order, as ``np.argsort(keys, kind="stable")[:k]``."""
    if len(keys) <= k:
        return np.argsort(keys, kind="stable")
    kth = np.partition(keys, k - 1)[k - 1]
    cand = np.flatnonzero(keys <= kth)
    return cand[np.lexsort((cand, keys[cand]))][:k]


def page_rows(
    full: pd.DataFrame,
    filtered: pd.DataFrame,
    how: str,
    number: int,
    size: int = PAGE_SIZE,
    cache: dict[object, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Page ``number`` of ``filtered`` (a row subset of ``full`` keeping its index), sorted.

    Sort keys of the full table are computed once per sort (``cache``); page 1 takes the
    first rows without sorting everything, later pages use the full order, computed once
    and restricted to the filtered rows in O(n)."""
    if not isinstance(full.index, pd.RangeIndex) or full.index.start != 0 or full.index.step != 1:
        return page(sort_events(filtered, how), number, size)
    cache = {} if cache is None else cache
    kkey = ("keys", how, len(full))
    keys = cache.get(kkey)
    if keys is None:
        keys = cache[kkey] = sort_keys(full, how)
    everything = filtered is full or len(filtered) == len(full)
    positions = None if everything else filtered.index.to_numpy()
    n = len(full) if positions is None else len(positions)
    number = min(max(1, int(number)), page_count(n, size))
    if number == 1:
        if positions is None:
            return full.iloc[first_k(keys, size)]
        return full.iloc[positions[first_k(keys[positions], size)]]
    okey = ("order", how, len(full))
    order = cache.get(okey)
    if order is None:
        order = cache[okey] = np.argsort(keys, kind="stable")
    if positions is None:
        sel = order
    else:
        inside = np.zeros(len(full), dtype=bool)
        inside[positions] = True
        sel = order[inside[order]]
    return full.iloc[sel[(number - 1) * size : number * size]]


def sorted_rows(
    full: pd.DataFrame, filtered: pd.DataFrame, how: str, cache: dict[object, np.ndarray] | None = None
) -> pd.DataFrame:
    """All of ``filtered`` in the table's order ``how`` (what the downloads hold): the
    sort keys of the full table are shared with ``page_rows`` through ``cache``."""
    if not isinstance(full.index, pd.RangeIndex) or full.index.start != 0 or full.index.step != 1:
        return sort_events(filtered, how)
    cache = {} if cache is None else cache
    kkey = ("keys", how, len(full))
    keys = cache.get(kkey)
    if keys is None:
        keys = cache[kkey] = sort_keys(full, how)
    positions = filtered.index.to_numpy()
    return filtered.iloc[np.argsort(keys[positions], kind="stable")]


def has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def confidence_label(value: object) -> str:
    """'confidence 0.62' (2 decimals), or '' when the value is missing."""
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(x) else f"confidence {x:.2f}"


def joined(*parts: object, sep: str = "   ·   ") -> str:
    """The non-empty text parts joined by ``sep``: no dangling separator for a missing one."""
    return sep.join(str(p) for p in parts if has_text(p))


def page_count(n: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(n / size))


def page(df: pd.DataFrame, number: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of page ``number`` (1-based; clamped to the valid range)."""
    number = min(max(1, int(number)), page_count(len(df), size))
    return df.iloc[(number - 1) * size : number * size]


def table_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The events as shown: plain text columns, names for codes, safe links."""
    return pd.DataFrame(
        {
            "date": date_label(df).to_numpy(),
            "type": df["event_type"].astype(str).to_numpy(),
            "status": df["status"].astype(str).to_numpy(),
            "actors": (names_of(df["actor1"]) + " → " + names_of(df["actor2"])).to_numpy(),
            "title": df["title"].astype(object).to_numpy(),
            "source": df["source"].astype(object).to_numpy(),
            "n_sources": df["n_sources"].to_numpy(),
            "evidence": df["evidence"].astype(object).to_numpy(),
            "link": safe_links(df["url"]).to_numpy(),
            "language": df["language"].astype(object).to_numpy(),
            "confidence": np.round(df["confidence"].astype(float).to_numpy(), 2),
            "event_id": df["event_id"].astype(str).to_numpy(),
        },
        columns=TABLE_COLUMNS,
    )


def highlight_trigger(sentence: object, trigger: object, left: str = "«", right: str = "»") -> str:
    """Mark every occurrence of the trigger (case-insensitive) in plain text: «met».

    Returns plain text for st.text; never HTML or Markdown."""
    if not isinstance(sentence, str):
        return ""
    if not isinstance(trigger, str) or not trigger.strip():
        return sentence
    t = trigger.strip()
    low, tl = sentence.lower(), t.lower()
    if len(low) != len(sentence):  # case folding changed lengths: fall back to exact matches
        low, tl = sentence, t
    out, i = [], 0
    while True:
        j = low.find(tl, i)
        if j < 0:
            out.append(sentence[i:])
            break
        out.append(sentence[i:j])
        out.append(left + sentence[j : j + len(t)] + right)
        i = j + len(t)
    return "".join(out)


MENTION_COLUMNS = ["published", "source", "title", "confidence", "sentence", "trigger", "link", "article_id"]


def mentions_frame(m: pd.DataFrame) -> pd.DataFrame:
    """Mentions of one event as shown: article date, outlet, title, the model's confidence
    for this article's reading (2 decimals), highlighted sentence, link."""
    if m is None or len(m) == 0:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    conf = m["confidence"] if "confidence" in m.columns else pd.Series(np.nan, index=m.index)
    return pd.DataFrame(
        {
            "published": m["published"].astype(object).to_numpy(),
            "source": m["source"].astype(object).to_numpy(),
            "title": m["title"].astype(object).to_numpy(),
            "confidence": np.round(pd.to_numeric(conf, errors="coerce").to_numpy(dtype="float64", na_value=np.nan), 2),
            "sentence": [highlight_trigger(s, t) for s, t in zip(m["sentence"], m["trigger"], strict=True)],
            "trigger": m["trigger"].astype(object).to_numpy(),
            "link": safe_links(m["url"]).to_numpy(),
            "article_id": m["article_id"].astype(object).to_numpy(),
        },
        columns=MENTION_COLUMNS,
    )
