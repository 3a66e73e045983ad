"""Language knowledge loaded from ``etl/lexicons/<lang>.toml``.

Adding a language is adding a file: the loader compiles everything the extractor
needs (trigger patterns per event type, cue words, date words) once per language.
Patterns in the files are regular-expression fragments matched case-insensitively
on word boundaries; ``\\w*`` at the end of a fragment stands for inflections.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"
EVENT_TYPES = ("visit", "meeting", "agreement", "call")
CUE_KINDS = (
    "planned",  # the event is announced for the future
    "hypothetical",  # wishes, invitations, conditionals: not events
    "negation",  # did not happen / cancelled
    "background",  # recalled past events
    "both",  # "both countries", "the two sides": the pair comes from context
    "speech",  # reporting verbs: a date right after them dates the statement
    "today",  # "today", "this morning": the report day
    "multilateral",  # summit of many countries
    "since",  # "since", "sejak": a date right after dates something else
    "coordination",  # "and", "dan", "with": joins the two parties named before a trigger
    "followup",  # "the talks", "das Gespräch": a later sentence about the event just named
    "official",  # "president", "Menlu", "delegation": a government takes part
    "destination",  # "ke", "to", "nach", "в": the country after it is where a visit goes
    "topic",  # "on", "tentang", "über": a country after it is a subject of talks, not a party
    "domestic",  # "signed into law", "executive order": a signature that is no agreement
    "business",  # "company", "perusahaan": firms, not governments, are the parties
    "nonstate",  # "South African organization", "warga Rusia": people, not the state
    "resident",  # "ambassador", "Dubes": envoys live there, their meetings imply no visit
)


def _alt(patterns: list[str]) -> str:
    # Longest first so that alternation prefers "kunjungan kenegaraan" over "kunjungan".
    return "|".join(sorted((p for p in patterns if p), key=len, reverse=True))


def lower_pattern(pattern: str) -> str:
    """Lower-case the literal characters of a pattern, leaving escapes (\\W, \\S) alone."""
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("(?P", i):  # named groups keep their upper-case P
            out.append("(?P")
            i += 3
            continue
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
        i += 1
    return "".join(out)


def lower_same_length(text: str) -> str:
    """``text.lower()`` with every character kept one character long (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def word_regex(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"(?<![\w-])(?:" + _alt(patterns) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Lexicon:
    language: str
    date_order: str
    triggers: dict[str, re.Pattern[str]]
    host_first: re.Pattern[str] | None  # visit triggers whose subject is the host ("received")
    cues: dict[str, re.Pattern[str] | None]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    relative_periods: dict[str, tuple[str, int]]
    month_past: tuple[str, ...]  # words that put a month/weekday in the past ("last", "lalu")
    month_future: tuple[str, ...]  # ... in the future ("next", "mendatang")
    weekday_prefixes: tuple[str, ...] = ()  # "this", "nesta", "am": part of a weekday phrase
    capitalized_names: bool = False  # month/weekday names are capitalised (id, en, de)
    abbreviations: frozenset[str] = field(default_factory=frozenset)
    noise: tuple[str, ...] = ()  # site-furniture line starts to drop ("Baca juga")
    all_triggers: re.Pattern[str] | None = None  # lower-case pattern, for lower-cased text


def _lower_keys(d: dict) -> dict:
    return {str(k).lower(): v for k, v in d.items()}


def available_languages() -> list[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.toml"))


@cache
def load_lexicon(lang: str) -> Lexicon:
    path = LEXICON_DIR / f"{lang}.toml"
    if not path.exists():
        path = LEXICON_DIR / "en.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    trig = data.get("triggers", {})
    triggers: dict[str, re.Pattern[str]] = {}
    named: list[str] = []
    for etype in EVENT_TYPES:
        pats = list(trig.get(etype, []))
        if etype == "visit":
            pats += list(trig.get("visit_host_first", []))
        rx = word_regex(pats)
        if rx is not None:
            triggers[etype] = rx
            named.append(f"(?P<{etype}>{rx.pattern})")
    # Matched against lower-cased text without IGNORECASE: twice as fast on long texts.
    # The leading word-start check lets the engine skip non-word positions at once.
    all_rx = re.compile(r"(?<![\w-])(?=\w)(?:" + lower_pattern("|".join(named)) + ")") if named else None
    cues = {k: word_regex(list(data.get("cues", {}).get(k, []))) for k in CUE_KINDS}
    dates = data.get("dates", {})
    rel_periods = {
        k.lower(): (str(v[0]), int(v[1])) for k, v in dates.get("relative_periods", {}).items()
    }
    return Lexicon(
        language=data.get("language", lang),
        date_order=data.get("date_order", "DMY"),
        triggers=triggers,
        host_first=word_regex(list(trig.get("visit_host_first", []))),
        cues=cues,
        months=_lower_keys(dates.get("months", {})),
        weekdays=_lower_keys(dates.get("weekdays", {})),
        relative_days=_lower_keys(dates.get("relative_days", {})),
        relative_periods=rel_periods,
        month_past=tuple(dates.get("month_past", [])),
        month_future=tuple(dates.get("month_future", [])),
        weekday_prefixes=tuple(dates.get("weekday_prefixes", [])),
        capitalized_names=bool(dates.get("capitalized_names", False)),
        abbreviations=frozenset(a.lower() for a in data.get("abbreviations", [])),
        noise=tuple(n.lower() for n in data.get("noise", [])),
        all_triggers=all_rx,
    )


def find_triggers(lex: Lexicon, text: str) -> list[tuple[str, int, int]]:
    """(event type, start, end) of every trigger in ``text``, in order."""
    if lex.all_triggers is None:
        return []
    low = lower_same_length(text)
    return [(m.lastgroup or "", m.start(), m.end()) for m in lex.all_triggers.finditer(low)]


@dataclass(frozen=True)
class Trigger:
    """A trigger word found in a text: its event type, offsets and the words as written."""

    etype: str
    start: int
    end: int
    text: str
    host_first: bool = False  # the subject hosts ("received", "visiting <official>")


def cue(lex: Lexicon, kind: str, text: str) -> re.Match[str] | None:
    """The first match of a cue kind ("planned", "speech" ...) in ``text``, if any."""
    rx = lex.cues.get(kind)
    return rx.search(text) if rx is not None else None
