"""Dates written inside article text: find them, then resolve them against the
publication date (never against "now").

``find_dates`` is pure pattern matching over one sentence with a language's date
words; ``resolve`` turns one mention into an ISO date at day/month/year precision,
looking backwards for things that happened and forwards for things planned.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .schema import EventDate


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # numeric | daymonth | monthyear | month | weekday | relday | period | year
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0  # days for relday; units for period
    unit: str = ""  # week | month | year for period
    direction: int = 0  # -1 past / +1 future / 0 from tense (modifiers such as "last", "lalu")


def _names(d: dict[str, int]) -> str:
    return "|".join(re.escape(k) for k in sorted(d, key=len, reverse=True))


_PATTERN_CACHE: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


def _patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    if lex.language not in _PATTERN_CACHE:
        _PATTERN_CACHE[lex.language] = _build_patterns(lex)
    return _PATTERN_CACHE[lex.language]


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True)) or "(?!)"


def _build_patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    past, future = _alternation(lex.month_past), _alternation(lex.month_future)
    prefixes = _alternation(lex.weekday_prefixes)
    months = _names(lex.months)
    weekdays = _names(lex.weekdays)
    pats: list[tuple[str, str]] = []
    # "Sabtu (18/1/2025)", "(20/10)", "18/1/2025", "08.05.2025"
    pats.append(
        (
            "numeric",
            rf"(?:(?P<wd>{weekdays})[,]?\s*(?:-feira)?\s*)?\(?(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})(?:[/.](?P<y>\d{{4}}|\d{{2}}))?\)?"
            if weekdays
            else r"\(?(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{4}|\d{2}))?\)?",
        )
    )
    if months:
        # "17 Juni 2025", "17-18 июня", "5 de dezembro de 2017", "12. Mai", "le 12 juillet"
        pats.append(
            (
                "daymonth",
                rf"(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th|er|º|°)?(?:\s*[-–]\s*\d{{1,2}}\.?)?\s+(?:de\s+)?(?P<m>{months})\.?(?:\s+(?:de\s+)?(?P<y>\d{{4}}))?",
            )
        )
        # "March 16", "Jan. 4, 2026", "April 29-May 5"
        pats.append(
            (
                "monthday",
                rf"(?P<m>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:\s*,?\s*(?P<y>\d{{4}}))?",
            )
        )
        # "June 1982", "Juli 2025", "de julho de 2017"
        pats.append(("monthyear", rf"(?P<m>{months})\.?\s+(?:de\s+)?(?P<y>\d{{4}})"))
        # "last July", "Juli lalu", "in November"
        pats.append(
            (
                "month",
                rf"(?:(?P<pre>{past}|{future})\s+)?(?P<m>{months})(?:\s+(?P<post>{past}|{future}))?",
            )
        )
    if weekdays:
        pats.append(
            (
                "weekday",
                rf"(?:(?P<pre>{past}|{future}|{prefixes})\s+)?(?P<wd>{weekdays})(?:-feira)?(?:\s+(?P<post>{past}|{future}))?",
            )
        )
    if lex.relative_days:
        pats.append(("relday", rf"(?P<r>{_names(lex.relative_days)})"))
    if lex.relative_periods:
        pats.append(("period", rf"(?P<p>{_names(dict.fromkeys(lex.relative_periods, 0))})"))
    pats.append(("year", r"(?P<y>(?:19|20)\d{2})"))
    # A day number before the month makes "19 июнязавершился" (a scraped text that lost its
    # spaces) safe to read; every other form must end on a word boundary.
    return [
        (
            k,
            re.compile(
                r"(?<![\w/.])(?:" + p + (r")(?!\d)" if k == "daymonth" else r")(?![\w])"),
                re.IGNORECASE,
            ),
        )
        for k, p in pats
    ]


def _dir(word: str | None, lex: Lexicon) -> int:
    if not word:
        return 0
    low = word.lower()
    if any(re.fullmatch(p, low) for p in lex.month_past):
        return -1
    if any(re.fullmatch(p, low) for p in lex.month_future):
        return 1
    return 0


def _ordinary_word(word: str, lex: Lexicon) -> bool:
    # Where month and weekday names are capitalised (en, id, de), a lower-case "may", "mar",
    # "minggu" is an ordinary word.
    return lex.capitalized_names and not word[:1].isupper()


def find_dates(text: str, lex: Lexicon) -> list[DateMention]:
    """All date expressions in ``text`` (non-overlapping, longest first, in text order)."""
    found: list[DateMention] = []
    for kind, rx in _patterns(lex):
        for m in rx.finditer(text):
            dm = _mention(kind, m, lex)
            if dm is not None:
                found.append(dm)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    last_end = -1
    for d in found:
        if d.start >= last_end:
            out.append(d)
            last_end = d.end
    return out


def _year(y: str | None) -> int | None:
    if not y:
        return None
    v = int(y)
    return v + 2000 if v < 100 else v


def _mention(kind: str, m: re.Match[str], lex: Lexicon) -> DateMention | None:
    g = m.groupdict()
    base: dict = {"start": m.start(), "end": m.end(), "text": m.group(0)}
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        if not (g.get("wd") or g.get("y") or m.group(0).startswith("(")):
            return None  # bare "20.10" is more often a number than a date
        day, month = (b, a) if lex.date_order == "MDY" else (a, b)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            day, month = month, day
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None
        wd = lex.weekdays.get(g["wd"].lower()) if g.get("wd") else None
        return DateMention(
            **base, kind="numeric", year=_year(g.get("y")), month=month, day=day, weekday=wd
        )
    if kind in ("daymonth", "monthday"):
        if _ordinary_word(g["m"], lex):
            return None
        day = int(g["d"])
        if not 1 <= day <= 31:
            return None
        return DateMention(
            **base,
            kind="daymonth",
            year=_year(g.get("y")),
            month=lex.months[g["m"].lower()],
            day=day,
        )
    if kind == "monthyear":
        if _ordinary_word(g["m"], lex):
            return None
        return DateMention(
            **base, kind="monthyear", year=int(g["y"]), month=lex.months[g["m"].lower()]
        )
    if kind == "month":
        word = g["m"]
        direction = _dir(g.get("pre"), lex) or _dir(g.get("post"), lex)
        if len(word) <= 3 and not direction:
            return None  # "mar", "jun" alone are too ambiguous
        if _ordinary_word(word, lex):
            return None
        return DateMention(
            **base, kind="month", month=lex.months[word.lower()], direction=direction
        )
    if kind == "weekday":
        word = g["wd"]
        if _ordinary_word(word, lex):
            return None  # "minggu" is also "week"; weekday names are capitalised there
        direction = _dir(g.get("pre"), lex) or _dir(g.get("post"), lex)
        return DateMention(
            **base, kind="weekday", weekday=lex.weekdays[word.lower()], direction=direction
        )
    if kind == "relday":
        return DateMention(**base, kind="relday", offset=lex.relative_days[g["r"].lower()])
    if kind == "period":
        unit, off = lex.relative_periods[g["p"].lower()]
        return DateMention(**base, kind="period", unit=unit, offset=off)
    if kind == "year":
        return DateMention(**base, kind="year", year=int(g["y"]))
    return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


HALF_YEAR = 183


def _nearest(pub: dt.date, dates: list[dt.date], direction: int) -> dt.date:
    """The candidate in the tense's direction when it is within half a year, else the
    candidate nearest the publication day ("April 29" in a March report is next month,
    whatever the verb's tense)."""
    near = min(dates, key=lambda d: abs((d - pub).days))
    if direction < 0:
        past = [
            d
            for d in dates
            if pub - dt.timedelta(days=HALF_YEAR) <= d <= pub + dt.timedelta(days=2)
        ]
        return max(past) if past else near
    if direction > 0:
        fut = [
            d
            for d in dates
            if pub - dt.timedelta(days=2) <= d <= pub + dt.timedelta(days=HALF_YEAR)
        ]
        return min(fut) if fut else near
    return near


def resolve(dm: DateMention, pub: dt.date | None, tense: int = 0) -> EventDate:
    """Resolve a mention against the publication date. ``tense``: -1 past, +1 future, 0 unknown."""
    direction = dm.direction or tense
    none = EventDate(None, "none", dm.text)
    if dm.kind in ("numeric", "daymonth"):
        assert dm.month is not None and dm.day is not None
        if dm.year is not None:
            if not (1900 <= dm.year <= 2100) or not _valid(dm.year, dm.month, dm.day):
                return none
            return EventDate(_iso(dm.year, dm.month, dm.day), "day", dm.text)
        if pub is None:
            return none
        y = pub.year
        if not _valid(y, dm.month, dm.day) and not _valid(y - 1, dm.month, dm.day):
            return none
        cand = [yy for yy in (y - 1, y, y + 1) if _valid(yy, dm.month, dm.day)]
        best = _nearest(pub, [dt.date(yy, dm.month, dm.day) for yy in cand], direction)
        return EventDate(best.isoformat(), "day", dm.text)
    if dm.kind == "monthyear":
        assert dm.year is not None
        return EventDate(_iso(dm.year, dm.month), "month", dm.text)
    if dm.kind == "year":
        assert dm.year is not None
        if pub is not None and dm.year > pub.year + 5:
            return none
        return EventDate(_iso(dm.year), "year", dm.text)
    if pub is None:
        return none
    if dm.kind == "weekday":
        assert dm.weekday is not None
        delta = (dm.weekday - pub.weekday()) % 7
        if direction > 0:
            d = pub + dt.timedelta(days=delta)
        elif direction < 0 and dm.direction < 0:  # "last Wednesday": strictly before
            d = pub - dt.timedelta(days=(7 - delta) % 7 or 7)
        elif direction < 0:
            d = pub - dt.timedelta(days=(7 - delta) % 7)
        else:
            back = pub - dt.timedelta(days=(7 - delta) % 7)
            fwd = pub + dt.timedelta(days=delta)
            d = back if (pub - back) <= (fwd - pub) else fwd
        return EventDate(d.isoformat(), "day", dm.text)
    if dm.kind == "relday":
        return EventDate((pub + dt.timedelta(days=dm.offset)).isoformat(), "day", dm.text)
    if dm.kind == "period":
        if dm.unit == "year":
            return EventDate(_iso(pub.year + dm.offset), "year", dm.text)
        if dm.unit == "month":
            y, m = divmod(pub.year * 12 + pub.month - 1 + dm.offset, 12)
            return EventDate(_iso(y, m + 1), "month", dm.text)
        if dm.unit == "week" and dm.offset == 0:
            return EventDate(None, "none", dm.text)
        return EventDate(None, "none", dm.text)
    if dm.kind == "month":
        assert dm.month is not None
        y = pub.year
        if direction < 0:
            strict = dm.direction < 0
            if dm.month > pub.month or (strict and dm.month == pub.month):
                y -= 1
        elif direction > 0:
            strict = dm.direction > 0
            if dm.month < pub.month or (strict and dm.month == pub.month):
                y += 1
        else:
            if dm.month - pub.month > 6:
                y -= 1
            elif pub.month - dm.month > 6:
                y += 1
        return EventDate(_iso(y, dm.month), "month", dm.text)
    return none
