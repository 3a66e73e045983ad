"""Filters <-> URL query parameters, so that a view can be shared and reopened.

``filters_to_params`` writes only what differs from the defaults; ``params_to_filters``
accepts anything (garbage included) and never raises: invalid values are dropped.

=========  ===============================  =====================================
key        value                            filter
=========  ===============================  =====================================
country    ISO3, repeatable (or IDN,RUS)    either actor is one of them
a, b       ISO3                             country pair A and B
dir        1                                the pair is directed: A → B
type       visit|meeting|agreement|call     event type, repeatable
status     occurred|planned                 repeatable
from, to   YYYY-MM-DD                       date range (overlap)
lang       language code, repeatable        language of the first article
source     outlet name, repeatable          outlet of the first article
min        integer                          minimum number of sources
q          text                             substring of title or evidence
minconf    0 to 1, snapped to 0.05          minimum confidence; absent: default
ev         event id                         the event whose detail is open
=========  ===============================  =====================================
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from etl.schema import EVENT_TYPES, STATUSES

from .confidence import snap
from .filters import Filters

KEYS = ("country", "a", "b", "dir", "type", "status", "from", "to", "lang", "source", "min", "q", "minconf")
EVENT_KEY = "ev"

MAX_LIST = 200
MAX_TEXT = 500
MAX_MIN_SOURCES = 10_000
_CODE = re.compile(r"^[A-Z]{3}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_TRUE = {"1", "true", "yes", "on"}
_DECIMAL = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{0,8})?|\.[0-9]{1,8})", re.ASCII)


def filters_to_params(f: Filters, default_conf: float = 0.0) -> dict[str, str | list[str]]:
    """Only the non-default filters, as query-parameter values (lists for repeatable keys);
    ``default_conf``: the minimum confidence a URL without ``minconf`` stands for."""
    p: dict[str, str | list[str]] = {}
    if f.countries:
        p["country"] = list(f.countries)
    if f.pair_a:
        p["a"] = f.pair_a
    if f.pair_b:
        p["b"] = f.pair_b
    if f.directed:
        p["dir"] = "1"
    if f.event_types:
        p["type"] = list(f.event_types)
    if f.statuses:
        p["status"] = list(f.statuses)
    if f.date_from:
        p["from"] = f.date_from.isoformat()
    if f.date_to:
        p["to"] = f.date_to.isoformat()
    if f.languages:
        p["lang"] = list(f.languages)
    if f.sources:
        p["source"] = list(f.sources)
    if f.min_sources:
        p["min"] = str(f.min_sources)
    if f.text:
        p["q"] = f.text
    if f.min_confidence != default_conf:
        p["minconf"] = f"{f.min_confidence:.2f}".rstrip("0").rstrip(".")
    return p


def _values(params: Mapping[Any, Any], key: str) -> list[str]:
    """All string values of ``key``; anything that is not a string is ignored."""
    try:
        raw = params.get(key)
    except Exception:
        return []
    if raw is None:
        return []
    if isinstance(raw, str):
        items: Iterable[Any] = [raw]
    elif isinstance(raw, (list, tuple)):
        items = raw
    else:
        return []
    return [x for x in items if isinstance(x, str)][:MAX_LIST]


def _last(params: Mapping[Any, Any], key: str) -> str | None:
    vals = _values(params, key)
    return vals[-1] if vals else None


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return tuple(seen)[:MAX_LIST]


def _code(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().upper()
    return v if _CODE.match(v) else None


def _codes(values: list[str]) -> tuple[str, ...]:
    out = []
    for v in values:
        for part in v.split(","):
            c = _code(part)
            if c:
                out.append(c)
    return _unique(out)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    v = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        return None


def _int(value: str | None, lo: int, hi: int) -> int:
    if value is None:
        return lo
    v = value.strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", v):
        return lo
    return max(lo, min(hi, int(v)))


def _confidence(value: str | None, default: float) -> float:
    """A number from 0 to 1, snapped to the slider's step; anything else is the default."""
    v = (value or "").strip()
    if not _DECIMAL.fullmatch(v):
        return default
    x = float(v)
    return snap(x) if 0.0 <= x <= 1.0 else default


def params_to_filters(
    params: Mapping[Any, Any] | None, known: Callable[[str], bool] | None = None, default_conf: float = 0.0
) -> Filters:
    """Rebuild Filters from query parameters; never raises, drops what it cannot read.
    ``known``: which country codes exist (``?country=ZZZ`` is then dropped, not kept);
    ``default_conf``: the minimum confidence when ``minconf`` is absent or unreadable."""
    if params is None or not hasattr(params, "get"):
        return Filters(min_confidence=default_conf)
    f = _params_to_filters(params).with_(min_confidence=_confidence(_last(params, "minconf"), default_conf))
    if known is None:
        return f
    keep = lambda c: c if c is not None and known(c) else None  # noqa: E731
    return f.with_(
        countries=tuple(c for c in f.countries if known(c)), pair_a=keep(f.pair_a), pair_b=keep(f.pair_b)
    )


def _params_to_filters(params: Mapping[Any, Any]) -> Filters:
    date_from = _date(_last(params, "from"))
    date_to = _date(_last(params, "to"))
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    text = _last(params, "q") or ""
    return Filters(
        countries=_codes(_values(params, "country")),
        pair_a=_code(_last(params, "a")),
        pair_b=_code(_last(params, "b")),
        directed=(_last(params, "dir") or "").strip().lower() in _TRUE,
        event_types=_unique(v for v in _values(params, "type") if v in EVENT_TYPES),
        statuses=_unique(v for v in _values(params, "status") if v in STATUSES),
        date_from=date_from,
        date_to=date_to,
        languages=_unique(v for v in _values(params, "lang") if _LANG.match(v)),
        sources=_unique(v for v in _values(params, "source") if v and len(v) <= MAX_TEXT),
        min_sources=_int(_last(params, "min"), 0, MAX_MIN_SOURCES),
        text=text[:MAX_TEXT],
    )


def event_from_params(params: Mapping[Any, Any] | None) -> str | None:
    if params is None or not hasattr(params, "get"):
        return None
    v = _last(params, EVENT_KEY)
    return v if v and len(v) <= MAX_TEXT else None


def read_query_params(qp: Any) -> dict[str, list[str]]:
    """All values of every key of ``st.query_params`` (which returns only the last on [])."""
    out: dict[str, list[str]] = {}
    for k in list(qp.keys()):
        try:
            out[str(k)] = [str(v) for v in qp.get_all(k)]
        except Exception:
            v = qp.get(k)
            out[str(k)] = [str(v)] if v is not None else []
    return out


def params_differ(current: Mapping[str, list[str]], wanted: Mapping[str, str | list[str]]) -> bool:
    """Whether the URL's filter keys (and ``ev``) differ from ``wanted``."""
    keys = set(KEYS) | {EVENT_KEY}
    cur = {k: list(v) for k, v in current.items() if k in keys and v}
    want = {k: [v] if isinstance(v, str) else list(v) for k, v in wanted.items() if k in keys}
    return cur != want


_TYPED = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_typed_date(text: str | None, end: bool = False) -> tuple[bool, dt.date | None]:
    """A date typed as YYYY, YYYY-MM or YYYY-MM-DD -> (ok, date); a year or month stands for
    its first day (``end``: its last day). Empty text is ok and means no limit (None)."""
    v = (text or "").strip().replace("/", "-").replace(".", "-")
    if not v:
        return True, None
    m = _TYPED.match(v)
    if not m:
        return False, None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d is not None:
            return True, dt.date(y, int(mo), int(d))
        if mo is not None:
            first = dt.date(y, int(mo), 1)
            return True, (dt.date(y + (first.month == 12), first.month % 12 + 1, 1) - dt.timedelta(days=1)) if end else first
        return True, dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    except ValueError:
        return False, None
