"""Publication dates: from whatever outlets write to an ISO date at its precision.

``normalize_published`` tries, in order, the metadata string (basis "metadata"), the URL path
(basis "url") and the start of the text (basis "text"), and returns a :class:`PubDate`.

Most strings take a regex fast path (ISO, numeric day/month/year, "19 Juni 2025",
"March 22, 1987", "2025년 12월 29일"); dateparser is only a cached fallback for what those miss,
and only when the string holds a year.  Nothing is resolved relative to today: a string without
a year (``"Назад-05-17"``, ``"March 22"``) gives no date rather than a guess.

Times and time zones are ignored on purpose: the date is the local date as written
(``"2020-04-07 08:22:02+08:00"`` -> 2020-04-07), not converted to UTC.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from etl.deps import MissingDependency, require
from etl.schema import PubDate

__all__ = [
    "NO_DATE",
    "normalize_published",
    "parse_numeric_date",
    "order_evidence",
    "order_hint",
    "default_order",
]

log = logging.getLogger(__name__)

NO_DATE = PubDate(None, "none", "none")
MIN_YEAR, MAX_YEAR = 1900, 2100
TEXT_WINDOW = 600  # characters at the start of the text searched for a date
RAW_WINDOW = 200  # a metadata date string is short; look no further than this
FIRST_LINE_MAX = 40  # a text whose first line is this short and a date starts with its date

# ---------------------------------------------------------------------------------------------
# Month and weekday names (the fast path; dateparser covers other languages as a fallback).
# fmt: off
_MONTH_LINES = (  # twelve words a line, January to December; "-" where a line has none
    "january february march april may june july august september october november december",
    "jan feb mar apr - jun jul aug sep oct nov dec",                                   # en
    "- - - - - - - - sept - - -",
    "januari februari maret - mei juni juli agustus - oktober - desember",             # id, nl
    "- - - - - - - agu - okt - des",
    "- - - - - - - ags - - - -",
    "- - - - - - - agt - - - -",
    "januar februar märz - mai - - - - - - dezember",                                  # de
    "jänner - maerz - - - - - - - - dez",
    "- - mrz - - - - - - - - -",
    "- - mär - - - - - - - - -",
    "janvier février mars avril - juin juillet août septembre octobre novembre décembre",  # fr
    "janv fevrier - avr - - juil aout - - - decembre",
    "- févr - - - - - - - - - déc",
    "- fevr - - - - - - - - - -",
    "- fév - - - - - - - - - -",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",  # es
    "ene - - abr - - - ago setiembre - - dic",
    "janeiro fevereiro março - maio junho julho - setembro outubro novembro dezembro",  # pt
    "- fev marco - - - - - set out - -",
    "gennaio febbraio - aprile maggio giugno luglio - settembre ottobre - dicembre",    # it
    "gen - - - mag giu lug - - ott - -",
    "- - maart - - - - augustus - - - december",                                       # nl
    "- - mrt - - - - - - - - -",
    "ianuarie februarie martie aprilie - iunie iulie - septembrie octombrie noiembrie decembrie",  # ro
    "ian - - - - iun iul - - - - -",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",  # ru
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "янв фев мар апр - июн июл авг сен окт ноя дек",
    "- - - - - - - - сент - нояб -",
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",  # uk
)
# fmt: on
MONTHS: dict[str, int] = {
    w: i + 1 for line in _MONTH_LINES for i, w in enumerate(line.split()) if w != "-"
}

_WEEKDAY_WORDS = (
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri "
    "sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi "
    "jeudi vendredi samedi dimanche lunes martes miércoles miercoles jueves viernes sábado sabado "
    "domingo segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira "
    "понедельник вторник среда четверг пятница суббота воскресенье"
)
# Words that sit around dates in real feeds and only confuse a parser.
_NOISE_WORDS = (
    "diperbarui dipublikasikan diterbitkan jurnalis kompas.com stand aktualisiert uhr wib wita "
    "wit published updated publicado publié le am um à às назад опубликовано"
)


def _alternation(words: str) -> str:
    return "|".join(re.escape(w) for w in sorted(words.split(), key=len, reverse=True))


_NOISE_RE = re.compile(
    r"(?<![\w'])(?:" + _alternation(_NOISE_WORDS + " " + _WEEKDAY_WORDS) + r")(?![\w'])|[|•·,;]",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Regexes of the fast path.
_YMD_RE = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_YMD_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[T\s])")
_NUMERIC_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-]?\d)")
_CJK_RE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日일])?")
_WORD = r"([^\W\d_]{3,12})"
_DAY_MONTH_YEAR_RE = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?[\s\-/.]*(?:de\s+)?"
    + _WORD
    + r"\.?,?[\s\-/.]*(?:de\s+|del\s+)?(\d{4})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR_RE = re.compile(
    _WORD + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.IGNORECASE
)
_MONTH_YEAR_RE = re.compile(_WORD + r"\.?,?\s+(?:de\s+)?(\d{4})(?!\d)", re.IGNORECASE)
_YEAR_MONTH_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")
_YEAR_ONLY_RE = re.compile(r"^\s*(\d{4})\s*$")
_HAS_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(?!\d)")
_H_TIME_RE = re.compile(r"\d{1,2}h\d{2}")
_DMY_HINT_RE = re.compile(r"\b(?:WIB|WITA|WIT|Uhr|г\.)(?!\w)|Kompas\.com")

# URL paths.
_URL_DAY_RES = (
    re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?=/|$|[-_.])"),
    re.compile(r"(?<![\d])(\d{4})-(\d{2})-(\d{2})(?=/|$|[-_.])"),
    re.compile(r"[/\-_](\d{4})(\d{2})(\d{2})(?=/|$|[-_.])"),
)
_URL_MONTH_RE = re.compile(r"/(\d{4})/(\d{1,2})(?=/|$)")
# "trigger-16-07-2024.html"
_URL_DMY_RE = re.compile(r"(?<=[/\-_])\d{1,2}-\d{1,2}-\d{4}(?=/|$|[-_.])")
# "/politics/09/07/2025/<id>": a day/month/year path. Outlets that put the year last in a path
# write the day first (as they do in their pages), so an ambiguous one is read day/month/year
# whatever the language; a first field > 12 can only be a day, a second field > 12 only a day.
_URL_DMY_PATH_RE = re.compile(r"/(\d{1,2}/\d{1,2}/\d{4})(?=/|$|[-_.])")

# Text: Indonesian-style "Sabtu (18/1/2025)" and datelines "WASHINGTON, March 16, 1987 (Reuters) -".
_TEXT_WEEKDAY_RE = re.compile(
    r"(?<!\w)(?:" + _alternation(_WEEKDAY_WORDS) + r")\s*,?\s*\(\s*(\d{1,2}/\d{1,2}/\d{4})\s*\)",
    re.IGNORECASE,
)
_TEXT_DATELINE_RE = re.compile(
    r"^[\s#*>\W]*[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ .'’/\-]{1,40}(?:\([^)\n]{0,40}\))?,\s*"
    r"([^\n()\-–—]{4,40}?)\s*(?:\([^)\n]{0,40}\)\s*)?(?:--|[-–—])"
)
_TEXT_STAMP_RE = re.compile(
    r"(?:\bStand|\bDiperbarui|\bDipublikasikan|\bDiterbitkan|\bPublished|\bPublicado|\bPublié"
    r"|\bVeröffentlicht|Опубликовано|Kompas\.com\s*-)\s*(?:on|le|em|am|el|:)?\s*([^\n]{6,60})",
    re.IGNORECASE,
)

# Language conventions for ambiguous numeric dates when nothing else decides.
_YMD_LANGUAGES = frozenset({"zh", "ja", "ko", "hu", "lt", "mn"})
_MDY_LANGUAGES = frozenset({"en"})

# Languages dateparser is asked to try when the record's language is unknown.
_DEFAULT_DP_LANGUAGES = ("en", "id", "de", "fr", "es", "pt", "ru", "it", "nl", "tr", "pl", "uk")


# ---------------------------------------------------------------------------------------------
def _valid(y: int, m: int, d: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _year4(y: str) -> int:
    """A two-digit year pivots at 70: 18 -> 2018, 87 -> 1987."""
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 70 else 1900
    return n


def _lang(language: str) -> str:
    return (language or "").strip().lower().replace("_", "-").split("-")[0]


def default_order(language: str = "") -> str:
    """The day/month order a language's outlets write by default ("DMY" unless known otherwise)."""
    lang = _lang(language)
    if lang in _MDY_LANGUAGES:
        return "MDY"
    if lang in _YMD_LANGUAGES:
        return "YMD"
    return "DMY"


def order_evidence(value: str) -> str:
    """What one raw value proves about the column's order of a numeric d/m/y date.

    "DMY" when the first field is a day > 12, "MDY" when the second is, "YMD" when the value is
    year-first, "" when it is ambiguous or not numeric.
    """
    value = value[:RAW_WINDOW]
    m = _NUMERIC_RE.search(value)
    if m:
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b >= 1:
            return "DMY"
        if b > 12 >= a >= 1:
            return "MDY"
        return ""
    if _YMD_RE.search(value):
        return "YMD"
    return ""


def order_hint(value: str) -> str:
    """A convention the string itself shows for an ambiguous d/m/y date, else "".

    "05/12/2017 11h35" (Brazilian/French time), "... WIB" (Indonesian), "... Uhr" (German) and
    dotted "08.05.2025" all write the day first.
    """
    value = value[:RAW_WINDOW]
    m = _NUMERIC_RE.search(value)
    if not m:
        return ""
    if m.group(2) == "." or _H_TIME_RE.search(value) or _DMY_HINT_RE.search(value):
        return "DMY"
    return ""


def parse_numeric_date(s: str, order: str) -> tuple[int, int, int] | None:
    """The first numeric date in ``s`` as (year, month, day), or None.

    Year-first dates ("2025-05-29", "2013/09/27") are always read year-month-day.  For
    day/month/year shapes the values decide when they can ("21/10/2025" can only be DMY);
    ambiguous ones follow ``order`` ("DMY" or "MDY"; anything else means "DMY").
    """
    s = s[:RAW_WINDOW]
    m = _YMD_RE.search(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
        return (y, mo, d) if _valid(y, mo, d) else None
    m = _NUMERIC_RE.search(s)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(3)), _year4(m.group(4))
    if a > 12:
        mo, d = b, a
    elif b > 12 or order == "MDY":
        mo, d = a, b
    else:
        mo, d = b, a
    return (y, mo, d) if _valid(y, mo, d) else None


# A parsed date: (year, month, day, precision); month/day are 0 below their precision.
_Parsed = tuple[int, int, int, str]


def _pubdate(p: _Parsed, basis: str) -> PubDate:
    y, m, d, prec = p
    if prec == "day":
        return PubDate(f"{y:04d}-{m:02d}-{d:02d}", "day", basis)
    if prec == "month":
        return PubDate(f"{y:04d}-{m:02d}", "month", basis)
    return PubDate(f"{y:04d}", "year", basis)


def _month(word: str) -> int:
    return MONTHS.get(word.lower().rstrip("."), 0)


def _named(s: str) -> _Parsed | None:
    """Dates with a month name: "19 Juni 2025", "22-MAR-1987", "March 22, 1987", "Juni 2025"."""
    for m in _DAY_MONTH_YEAR_RE.finditer(s):
        mo = _month(m.group(2))
        if mo:
            d, y = int(m.group(1)), int(m.group(3))
            if _valid(y, mo, d):
                return (y, mo, d, "day")
    for m in _MONTH_DAY_YEAR_RE.finditer(s):
        mo = _month(m.group(1))
        if mo:
            d, y = int(m.group(2)), int(m.group(3))
            if _valid(y, mo, d):
                return (y, mo, d, "day")
    for m in _MONTH_YEAR_RE.finditer(s):
        mo = _month(m.group(1))
        if mo:
            y = int(m.group(2))
            if _valid(y, mo, 1):
                return (y, mo, 0, "month")
    return None


def _fast(s: str, order: str) -> _Parsed | None:
    """Regex-only parse of a short date string; None when no shape matched."""
    m = _YMD_COMPACT_RE.search(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return (y, mo, d, "day") if _valid(y, mo, d) else None
    if _YMD_RE.search(s) or _NUMERIC_RE.search(s):
        ymd = parse_numeric_date(s, order)
        return (*ymd, "day") if ymd else None
    m = _CJK_RE.search(s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if m.group(3):
            d = int(m.group(3))
            return (y, mo, d, "day") if _valid(y, mo, d) else None
        return (y, mo, 0, "month") if _valid(y, mo, 1) else None
    named = _named(s)
    if named:
        return named
    m = _YEAR_MONTH_RE.match(s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return (y, mo, 0, "month") if _valid(y, mo, 1) else None
    m = _YEAR_ONLY_RE.match(s)
    if m:
        y = int(m.group(1))
        return (y, 0, 0, "year") if MIN_YEAR <= y <= MAX_YEAR else None
    return None


@functools.lru_cache(maxsize=32)
def _date_parser(languages: tuple[str, ...], order: str) -> Any:
    # imported on first need: it is slow to load
    DateDataParser = require("dateparser.date", "dateparser", "Reading dates").DateDataParser

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["absolute-time"],
        "DATE_ORDER": order,
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": ["year"],
        "RELATIVE_BASE": datetime(2000, 1, 1),
    }
    return DateDataParser(languages=list(languages), settings=settings)


@functools.lru_cache(maxsize=1)
def _dateparser_languages() -> frozenset[str]:
    loader = require("dateparser.languages.loader", "dateparser", "Reading dates")
    default_loader = loader.default_loader

    return frozenset(default_loader.get_locale_map())


@functools.lru_cache(maxsize=4096)
def _slow(cleaned: str, lang: str, order: str) -> _Parsed | None:
    """dateparser as the fallback, cached: feeds repeat their formats."""
    languages = (lang,) if lang in _dateparser_languages() else _DEFAULT_DP_LANGUAGES
    try:
        data = _date_parser(languages, order).get_date_data(cleaned)
    except MissingDependency:
        raise
    except Exception as exc:  # dateparser has raised on odd input before; never let it escape
        log.debug("dateparser failed on %r: %s", cleaned, exc)
        return None
    dt = data.date_obj if data else None
    if dt is None:
        return None
    parts = set(data["parts"] or ())
    if "year" not in parts or (
        str(dt.year) not in cleaned and f"{dt.year % 100:02d}" not in cleaned
    ):
        return None  # a year dateparser filled in rather than read
    if not _valid(dt.year, dt.month, dt.day):
        return None
    if {"month", "day"} <= parts:
        return (dt.year, dt.month, dt.day, "day")
    if "month" in parts:
        return (dt.year, dt.month, 0, "month")
    return (dt.year, 0, 0, "year")


def _parse_string(s: str, language: str, order: str) -> _Parsed | None:
    """A date string as outlets write it -> parsed date, fast path first."""
    s = s[:RAW_WINDOW].replace("\x00", "").strip()
    if not s or not any(c.isdigit() for c in s):
        return None
    order = order or order_hint(s) or default_order(language)
    parsed = _fast(s, order)
    if parsed or not _HAS_YEAR_RE.search(s):
        return parsed
    cleaned = " ".join(_NOISE_RE.sub(" ", s).split())
    if not cleaned:
        return None
    return _slow(cleaned, _lang(language), order if order in ("DMY", "MDY", "YMD") else "DMY")


def _from_url(url: str, language: str) -> _Parsed | None:
    if not url or not any(c.isdigit() for c in url):
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    for rx in _URL_DAY_RES:
        for m in rx.finditer(path):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if _valid(y, mo, d):
                return (y, mo, d, "day")
    for m in _URL_DMY_PATH_RE.finditer(path):
        ymd = parse_numeric_date(m.group(1), "DMY")
        if ymd:
            return (*ymd, "day")
    for m in _URL_DMY_RE.finditer(path):
        ymd = parse_numeric_date(m.group(), default_order(language))
        if ymd:
            return (*ymd, "day")
    for m in _URL_MONTH_RE.finditer(path):
        y, mo = int(m.group(1)), int(m.group(2))
        if _valid(y, mo, 1):
            return (y, mo, 0, "month")
    return None


def _from_text(text: str, language: str) -> _Parsed | None:
    """A date the article's opening states as its own: the earliest of a first line that is a
    date ("16 iulie 2024, 21:45"), a dateline with a year, a stamp line ("Stand: 31.05.2025
    17:14 Uhr") or a weekday with a date ("Sabtu (18/1/2025)")."""
    head = text[:TEXT_WINDOW]
    if not any(c.isdigit() for c in head):
        return None
    found: list[tuple[int, _Parsed]] = []
    first = head.lstrip().split("\n", 1)[0]
    if len(first) <= FIRST_LINE_MAX and _HAS_YEAR_RE.search(first):
        p = _parse_string(first, language, "")
        if p and p[3] == "day":
            found.append((0, p))
    m = _TEXT_DATELINE_RE.match(head)
    p = _parse_string(m.group(1), language, "") if m else None
    if m and p:
        found.append((m.start(1), p))
    for m in _TEXT_STAMP_RE.finditer(head):
        p = _parse_string(m.group(1), language, "")
        if p:
            found.append((m.start(), p))
            break
    for m in _TEXT_WEEKDAY_RE.finditer(head):
        ymd = parse_numeric_date(m.group(1), default_order(language))
        if ymd:
            found.append((m.start(), (*ymd, "day")))
            break
    return min(found, key=lambda t: t[0])[1] if found else None


def normalize_published(
    raw: str, *, language: str = "", date_order: str = "", url: str = "", text: str = ""
) -> PubDate:
    """The publication date of one article from its metadata string, else URL, else text.

    ``date_order`` ("DMY"/"MDY"/"YMD") is the reader's decision for the column; when empty the
    string's own hints and then the language's convention decide ambiguous numeric dates.
    Never raises; returns ``PubDate(None, "none", "none")`` when nothing gives a date with a year.
    """
    raw = raw if isinstance(raw, str) else ""
    parsed = _parse_string(raw, language, date_order)
    if parsed:
        return _pubdate(parsed, "metadata")
    parsed = _from_url(url, language) if isinstance(url, str) else None
    if parsed:
        return _pubdate(parsed, "url")
    parsed = _from_text(text, language) if isinstance(text, str) else None
    if parsed:
        return _pubdate(parsed, "text")
    return NO_DATE
