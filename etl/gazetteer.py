"""Country recognizer: finds mentions of countries (and a few organisations) in text.

One call, ``get_gazetteer().find(text, lang, on=date)``, returns the non-overlapping
:class:`CountryMention` s of a text, longest match first, sorted by position.

Where the words come from (per language, built lazily once and cached):

* CLDR country names via babel (``babel.Locale(lang).territories``), keyed by ISO alpha-2 and
  mapped to alpha-3 with pycountry (plus pycountry's English official names for ``en``);
* ``etl/lexicons/countries/<lang>.toml``: what CLDR lacks for that language -- aliases, short
  forms, adjectives/demonyms, capitals and government metonyms, organisations, words to block,
  and suffix tables that generate inflected forms (Russian cases, German genitive, Romance
  gender/number).  The format is documented at the top of ``en.toml``;
* ``etl/lexicons/leaders.csv``: office holders with their terms; a leader's name yields the
  country only on a date inside one of the terms (any term when ``on`` is None).

Matching uses two pyahocorasick automata per language: one over a lower-cased copy of the text
(case-insensitive names, adjectives, organisations) and one over the text as written (short
forms, acronyms, capitals, leaders and the names a language marks ``case_sensitive``).  Both
copies keep the character offsets of the original text.  A match counts only on word boundaries
(no letter, digit or combining mark right before or after it); overlapping matches are resolved
longest first; "block" words (e.g. "Latin America", "New Guinea") take part in that resolution
and are then dropped, so they shadow the shorter country names inside them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import re
import threading
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import babel
import pycountry

from etl.schema import ORG_CODES

__all__ = ["CountryMention", "Gazetteer", "get_gazetteer", "LANGS", "KINDS"]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
COUNTRY_DIR = LEXICON_DIR / "countries"
LEADERS_CSV = LEXICON_DIR / "leaders.csv"

#: Languages that ship a lexicon file (any other ``<lang>.toml`` dropped in the folder works too).
LANGS = ("id", "en", "de", "fr", "pt", "ru", "es")
KINDS = ("name", "adjective", "capital", "leader", "org", "short")
ROLES = ("head_of_state", "head_of_government", "foreign_minister", "minister", "other")
FALLBACK_LANG = "en"

# Codes outside ISO 3166-1 that the recognizer may return.
EXTRA_CODES = {
    "XKX": "Kosovo",  # CLDR "XK"; no ISO 3166-1 code, XKX is the EU/IMF convention
    "SUN": "Soviet Union",  # ISO 3166-3 (withdrawn 1992); for 1987 news (Gorbachev ...)
}
CLDR_EXTRA = {"XK": "XKX"}  # CLDR alpha-2 codes that pycountry does not know
CLDR_SKIP = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}  # regions, not countries

# kind -> priority when two entries cover the same span (lower wins)
_PRIORITY = {"block": 0, "name": 1, "short": 2, "org": 3, "adjective": 4, "capital": 5, "leader": 6}

# ---------------------------------------------------------------------------------------------
# text normalisation (every mapping is one character to one character: offsets stay aligned)

_COMMON = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\n": " ", "\r": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-",
    "ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț",  # Romanian cedilla vs comma below
    "ё": "е", "Ё": "Е",  # Russian yo is optional in writing
}
_CI_MAP = {k: v for k, v in _COMMON.items() if not k.isupper()}
# str.translate with a dict is slow on non-ASCII text (it was half of find()); a character-class
# regex touches only the few characters that need mapping.
_CS_RE = re.compile("[" + re.escape("".join(_COMMON)) + "]")
_CI_RE = re.compile("[" + re.escape("".join(_CI_MAP)) + "]")


def _cs_sub(m: re.Match[str]) -> str:
    return _COMMON[m.group()]


def _ci_sub(m: re.Match[str]) -> str:
    return _CI_MAP[m.group()]


def _fold_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Lower-cased copy of ``text`` with the same length (so offsets stay valid)."""
    low = (text.replace("\u0130", "i") if "\u0130" in text else text).lower()  # "İ" -> 2 chars
    if len(low) != len(text):
        low = "".join(map(_fold_char, text))
    return _CI_RE.sub(_ci_sub, low)


def exact(text: str) -> str:
    """``text`` as written, with the same one-to-one mappings as :func:`fold` (no case change)."""
    return _CS_RE.sub(_cs_sub, text)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or (ch > "\u02ff" and unicodedata.combining(ch) != 0)


# ---------------------------------------------------------------------------------------------
# public records


@dataclass(frozen=True)
class CountryMention:
    start: int  # char offsets in the text passed in
    end: int
    iso3: str  # ISO 3166-1 alpha-3, or EUR/UNO/ASN/NAT/AFU (XKX Kosovo, SUN Soviet Union)
    surface: str  # the matched text
    kind: str  # "name" | "adjective" | "capital" | "leader" | "org" | "short"
    role: str = ""  # for leaders: head_of_state | head_of_government | foreign_minister | minister | other


@dataclass(frozen=True)
class _Entry:
    iso3: str
    kind: str
    role: str = ""
    terms: tuple[tuple[int, int], ...] = ()  # (first, last) proleptic ordinals, inclusive
    latest: int = 0  # start of the latest term, to prefer the most recent office when on=None

    def valid(self, ordinal: int | None) -> bool:
        if not self.terms or ordinal is None:
            return True
        return any(a <= ordinal <= b for a, b in self.terms)


# ---------------------------------------------------------------------------------------------
# lexicon helpers

_BRACES = re.compile(r"\{([^{}]*)\}")


def expand_braces(pattern: str) -> list[str]:
    """``"Путин{/а/у/ым/е}"`` -> Путин, Путина, Путину, Путиным, Путине (every group, any combination)."""
    parts = _BRACES.split(pattern)
    # parts: literal, group, literal, group, ..., literal
    choices = [[p] if i % 2 == 0 else p.split("/") for i, p in enumerate(parts)]
    return ["".join(c).strip() for c in itertools.product(*choices)]


@dataclass(frozen=True)
class _Paradigm:
    """A suffix table that declines a phrase (see the format notes in en.toml)."""

    suffixes: dict[str, list[str]]
    modifier_suffixes: dict[str, list[str]]
    mode: str = "slots"  # "slots": all words take the same slot; "product": any combination
    head: str = "first"  # "first": modifiers + first other word decline; "last": only the last word
    coordinators: tuple[str, ...] = ()

    @classmethod
    def from_toml(cls, data: dict | None) -> _Paradigm | None:
        if not data:
            return None
        return cls(
            suffixes={k: list(v) for k, v in data.get("suffixes", {}).items()},
            modifier_suffixes={k: list(v) for k, v in data.get("modifier_suffixes", {}).items()},
            mode=data.get("mode", "slots"),
            head=data.get("head", "first"),
            coordinators=tuple(data.get("coordinators", ())),
        )

    @staticmethod
    def _forms(word: str, table: dict[str, list[str]]) -> list[list[str]] | None:
        for n in range(len(word), -1, -1):
            suf = word[len(word) - n :]
            if suf in table:
                stem = word[: len(word) - n]
                return [[stem + alt for alt in slot.split("/")] for slot in table[suf]]
        return None

    def _word_forms(self, word: str, modifier: bool) -> list[list[str]]:
        # acronyms and very short words never decline
        if len(word) < 3 or not any(c.islower() for c in word):
            return [[word]]
        table = self.modifier_suffixes if modifier else self.suffixes
        return self._forms(word, table) or [[word]]

    def _is_modifier(self, word: str) -> bool:
        return any(word.endswith(s) for s in self.modifier_suffixes if s)

    def decline(self, phrase: str) -> list[str]:
        words = phrase.split(" ")
        per_word: list[list[list[str]]] = []
        if self.head == "last":
            per_word = [[[w]] for w in words[:-1]] + [self._word_forms(words[-1], False)]
        else:
            declining = True
            for i, w in enumerate(words):
                if w in self.coordinators:
                    per_word.append([[w]])
                    declining = True
                    continue
                if not declining:
                    per_word.append([[w]])
                    continue
                last = i == len(words) - 1 or words[i + 1] in self.coordinators
                if not last and self._is_modifier(w):
                    per_word.append(self._word_forms(w, True))
                else:
                    per_word.append(self._word_forms(w, False))
                    declining = False  # the head noun; what follows stays as it is
        out: list[str] = []
        if self.mode == "product":
            flat = [sorted({f for slot in forms for f in slot}) for forms in per_word]
            out = [" ".join(c) for c in itertools.product(*flat)]
        else:
            n = max(len(forms) for forms in per_word)
            for k in range(n):
                slot = [forms[k] if k < len(forms) else forms[0] for forms in per_word]
                out.extend(" ".join(c) for c in itertools.product(*slot))
        seen: dict[str, None] = {phrase: None}
        for f in out:
            seen.setdefault(f, None)
        return list(seen)


def _date(s: str) -> int | None:
    s = (s or "").strip()
    if not s:
        return None
    return dt.date.fromisoformat(s).toordinal()


@functools.lru_cache(maxsize=1)
def load_leaders(path: Path = LEADERS_CSV) -> tuple[tuple[str, _Entry], ...]:
    """(surface, entry) pairs from leaders.csv; rows of the same person/country/role are merged."""
    merged: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].lstrip().startswith("#")]
    header = [h.strip() for h in rows[0]]
    col = {h: i for i, h in enumerate(header)}
    for r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        iso3, role = r[col["iso3"]].strip(), r[col["role"]].strip()
        if role not in ROLES:
            raise ValueError(f"leaders.csv: unknown role {role!r} in {r}")
        start = _date(r[col["start"]]) or dt.date(1900, 1, 1).toordinal()
        end = _date(r[col["end"]]) or dt.date(2100, 12, 31).toordinal()
        for pattern in r[col["names"]].split("|"):
            for surface in expand_braces(pattern.strip()):
                if surface:
                    merged.setdefault((surface, iso3, role), []).append((start, end))
    out = []
    for (surface, iso3, role), terms in merged.items():
        terms.sort()
        out.append((surface, _Entry(iso3, "leader", role, tuple(terms), terms[-1][0])))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def load_lexicon(lang: str) -> dict:
    path = COUNTRY_DIR / f"{lang}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def available_languages() -> tuple[str, ...]:
    found = sorted(p.stem for p in COUNTRY_DIR.glob("*.toml"))
    return tuple(dict.fromkeys([*LANGS, *found]))


@functools.lru_cache(maxsize=1)
def _cldr_codes() -> dict[str, str]:
    """CLDR alpha-2 -> alpha-3 for every real country or territory."""
    out: dict[str, str] = {}
    for key in babel.Locale("en").territories:
        code = str(key)
        if len(code) != 2 or not code.isalpha() or code in CLDR_SKIP:
            continue
        if code in CLDR_EXTRA:
            out[code] = CLDR_EXTRA[code]
            continue
        c = pycountry.countries.get(alpha_2=code)
        if c is not None:
            out[code] = c.alpha_3
    return out


_PAREN = re.compile(r"\s*\([^)]*\)")


def _cldr_variants(name: str) -> list[str]:
    """CLDR display strings -> surfaces: "Myanmar (Burma)" -> "Myanmar (Burma)", "Myanmar"."""
    out = [name]
    base = _PAREN.sub("", name).strip()
    if base and base != name:
        out.append(base)
    if " & " in name:
        out.append(name.replace(" & ", " and "))
    return out


# ---------------------------------------------------------------------------------------------
# per-language index


class _LangIndex:
    """Two automata for one language: case-folded and as-written."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.ci_keys: dict[str, list[_Entry]] = {}
        self.cs_keys: dict[str, list[_Entry]] = {}
        self.display: dict[str, str] = {}
        self._build()
        self.ci = self._automaton(self.ci_keys)
        self.cs = self._automaton(self.cs_keys)

    # -- registration --------------------------------------------------------------------
    def _add(self, surface: str, entry: _Entry, case_sensitive: bool) -> None:
        surface = " ".join(surface.split())
        if not surface or surface in self.exclude:
            return
        if case_sensitive:
            keys = [exact(surface)]
            up = surface.upper()
            if up != surface and len(surface) >= 4 and len(up) == len(surface):
                keys.append(exact(up))
            table = self.cs_keys
        else:
            keys = [fold(surface)]
            table = self.ci_keys
        for key in keys:
            bucket = table.setdefault(key, [])
            if entry.kind == "leader":
                if entry not in bucket:
                    bucket.append(entry)
            elif not any(e.kind != "leader" for e in bucket):
                bucket.append(entry)  # the first non-leader entry of a surface wins
            # (leaders and a fixed entry can share a surface; the fixed one is tried first)
            bucket.sort(key=lambda e: (e.kind == "leader", -e.latest))

    def _register(
        self,
        surfaces: Iterable[str],
        iso3: str,
        kind: str,
        paradigm: _Paradigm | None,
        force_cs: bool = False,
    ) -> None:
        entry = _Entry(iso3, kind)
        for pattern in surfaces:
            for base in expand_braces(pattern):
                base = " ".join(base.split())
                if not base or base in self.exclude:
                    continue
                cs = (
                    force_cs
                    or base in self.case_sensitive
                    or not any(c.islower() for c in base)  # acronyms: UN, EU, U.S., США, RI ...
                )
                forms = paradigm.decline(base) if paradigm else [base]
                for form in forms:
                    self._add(form, entry, cs)

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        lex = load_lexicon(self.lang)
        inflect = lex.get("inflect", {})
        p_names = _Paradigm.from_toml(inflect.get("names"))
        p_adj = _Paradigm.from_toml(inflect.get("adjectives"))
        p_leaders = _Paradigm.from_toml(inflect.get("leaders"))
        self.case_sensitive = {" ".join(s.split()) for p in lex.get("case_sensitive", []) for s in expand_braces(p)}
        self.exclude = {" ".join(s.split()) for p in lex.get("exclude", []) for s in expand_braces(p)}

        # 1. blocks first: they must shadow everything inside them
        self._register(lex.get("block", []), "", "block", p_names)

        # 2. names: CLDR, pycountry (English), aliases
        territories: Mapping[Any, str]
        try:
            territories = babel.Locale.parse(self.lang).territories
        except (babel.UnknownLocaleError, ValueError):
            territories = {}
        for a2, a3 in _cldr_codes().items():
            name = territories.get(a2)
            if name:
                self.display.setdefault(a3, name)
                self._register(_cldr_variants(name), a3, "name", p_names)
        if self.lang == "en":
            for c in pycountry.countries:
                for attr in ("name", "official_name", "common_name"):
                    val = getattr(c, attr, None)
                    if val and ", " not in val:
                        val = re.sub(r"^the ", "", val)
                        self._register([val], c.alpha_3, "name", p_names)
        for iso3, surfaces in lex.get("aliases", {}).items():
            self._register(surfaces, iso3, "name", p_names)
        for iso3, surfaces in lex.get("short", {}).items():
            self._register(surfaces, iso3, "short", None, force_cs=True)
        for iso3, surfaces in lex.get("orgs", {}).items():
            self._register(surfaces, iso3, "org", p_names)
        for iso3, surfaces in lex.get("adjectives", {}).items():
            self._register(surfaces, iso3, "adjective", p_adj)
        capitals: dict[str, list[str]] = {}
        parent = lex.get("inherit_capitals")
        if parent and parent != self.lang:
            for iso3, surfaces in load_lexicon(parent).get("capitals", {}).items():
                capitals.setdefault(iso3, []).extend(surfaces)
        for iso3, surfaces in lex.get("capitals", {}).items():
            capitals.setdefault(iso3, []).extend(surfaces)
        for iso3, surfaces in capitals.items():
            self._register(surfaces, iso3, "capital", p_names, force_cs=True)

        # 3. leaders (every script: a Cyrillic form never matches Latin text and vice versa)
        for surface, entry in load_leaders():
            forms = p_leaders.decline(surface) if p_leaders else [surface]
            for form in forms:
                self._add(form, entry, case_sensitive=True)

        # 4. display names
        for iso3, name in lex.get("display", {}).items():
            self.display[iso3] = name

    @staticmethod
    def _automaton(keys: dict[str, list[_Entry]]) -> ahocorasick.Automaton | None:
        if not keys:
            return None
        a = ahocorasick.Automaton()
        for key, entries in keys.items():
            if not entries:
                continue
            a.add_word(key, (len(key), tuple(entries), _is_word_char(key[0]), _is_word_char(key[-1])))
        a.make_automaton()
        return a


# ---------------------------------------------------------------------------------------------


class Gazetteer:
    """Country mentions in text, for any language with a lexicon file (others fall back to en)."""

    def __init__(self) -> None:
        self._indexes: dict[str, _LangIndex] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _lang(lang: str | None) -> str:
        code = (lang or FALLBACK_LANG).strip().lower().replace("_", "-").split("-")[0]
        return code if (COUNTRY_DIR / f"{code}.toml").exists() else FALLBACK_LANG

    def index(self, lang: str) -> _LangIndex:
        code = self._lang(lang)
        idx = self._indexes.get(code)
        if idx is None:
            with self._lock:
                idx = self._indexes.get(code)
                if idx is None:
                    idx = _LangIndex(code)
                    self._indexes[code] = idx
        return idx

    def build_all(self) -> None:
        for lang in available_languages():
            self.index(lang)

    def find(self, text: str, lang: str, on: dt.date | None = None) -> list[CountryMention]:
        if not text:
            return []
        idx = self.index(lang)
        ordinal = on.toordinal() if on is not None else None
        n = len(text)
        cands: list[tuple[int, int, int, _Entry]] = []
        shadows: list[tuple[int, int]] = []  # leader names found outside their terms
        for automaton, norm in ((idx.ci, fold), (idx.cs, exact)):
            if automaton is None:
                continue
            for end, (klen, entries, lb, rb) in automaton.iter(norm(text)):
                start = end - klen + 1
                end += 1
                if lb and start > 0 and _is_word_char(text[start - 1]):
                    continue
                if rb and end < n and _is_word_char(text[end]):
                    continue
                for entry in entries:
                    if entry.valid(ordinal):
                        cands.append((start, end, _PRIORITY[entry.kind], entry))
                        break
                else:
                    shadows.append((start, end))
        if not cands:
            return []
        if shadows:
            # A leader's full name outside the term still hides the shorter leader names inside it:
            # "Petro Poroshenko" in 2023 is not Colombia's Petro.
            cands = [
                c
                for c in cands
                if c[3].kind != "leader"
                or not any(a <= c[0] and c[1] <= b and b - a > c[1] - c[0] for a, b in shadows)
            ]
            if not cands:
                return []
        # longest first, then leftmost, then by kind priority
        cands.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
        taken: list[tuple[int, int, _Entry]] = []
        occupied = bytearray(n) if len(cands) > 1 else None
        for start, end, _prio, entry in cands:
            if occupied is not None:
                if any(occupied[start:end]):
                    continue
                occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, entry))
        taken.sort(key=lambda t: t[0])
        return [
            CountryMention(s, e, en.iso3, text[s:e], en.kind, en.role)
            for s, e, en in taken
            if en.kind != "block"
        ]

    def countries(self, text: str, lang: str, on: dt.date | None = None) -> set[str]:
        """Convenience: the set of codes found in ``text``."""
        return {m.iso3 for m in self.find(text, lang, on)}

    def name(self, iso3: str, lang: str = "en") -> str:
        """Display name of a code in a language ("Russia", "Rusia"; EUR -> "European Union")."""
        iso3 = (iso3 or "").upper()
        idx = self.index(lang)
        if iso3 in idx.display:
            return idx.display[iso3]
        if lang != FALLBACK_LANG:
            en = self.index(FALLBACK_LANG).display
            if iso3 in en:
                return en[iso3]
        if iso3 in ORG_CODES:
            return ORG_CODES[iso3]
        if iso3 in EXTRA_CODES:
            return EXTRA_CODES[iso3]
        c = pycountry.countries.get(alpha_3=iso3)
        return getattr(c, "common_name", None) or (c.name if c else iso3)

    def surfaces(self, lang: str) -> Iterator[tuple[str, str, str, bool]]:
        """(normalised key, iso3, kind, case_sensitive) for every key of a language (debugging)."""
        idx = self.index(lang)
        for table, cs in ((idx.ci_keys, False), (idx.cs_keys, True)):
            for key, entries in table.items():
                for e in entries:
                    yield key, e.iso3, e.kind, cs


_SINGLETON: Gazetteer | None = None
_SINGLETON_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The shared :class:`Gazetteer` (languages are built lazily on first use and cached)."""
    global _SINGLETON
    if _SINGLETON is None:
        with _SINGLETON_LOCK:
            if _SINGLETON is None:
                _SINGLETON = Gazetteer()
    return _SINGLETON
