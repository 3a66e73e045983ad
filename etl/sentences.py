"""Text clean-up and sentence splitting with character offsets (pure functions)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\([^)\s]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\((?:https?:)?[^)\s]{0,2000}\)")
_MD_EMPH = re.compile(r"(\*\*|__|\\\*|\\_)")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_BACKSLASH_ESC = re.compile(r"\\([\"'\[\]()#*_])")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")

GENERIC_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "sen",
        "rep",
        "st",
        "no",
        "jr",
        "sr",
        "vs",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
    ]
)


def clean_text(text: str) -> str:
    """Undo HTML entities and Markdown furniture; drop control and bidi characters.

    The result is what offsets, sentences and evidence refer to.
    """
    if "&" in text:
        text = html.unescape(text)
    if "](" in text:
        text = _MD_IMAGE.sub(lambda m: m.group(1) + ".", text)
        text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPH.sub("", text)
    text = _BACKSLASH_ESC.sub(r"\1", text)
    text = _CTRL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", text)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before white
# space and an upper-case letter, digit, quote or bracket; or at a paragraph break.
_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[^\W_a-z])|\n[ \t]*\n\s*|\n""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LINE_END = frozenset('.!?:;"”’)»…|')
SHORT_LINE = 50  # a line this short without final punctuation is a heading, not a wrapped line


def _is_abbreviation(prefix: str, abbreviations: Iterable[str]) -> bool:
    m = _WORD_BEFORE.search(prefix)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():  # initials: "J. Smith"
        return True
    return word in abbreviations or word in GENERIC_ABBREVIATIONS


def _line_break_ends_sentence(text: str, pos: int) -> bool:
    """A single line break ends a sentence unless it only wraps a long line (newswire style)."""
    before = text[:pos].rstrip(" \t")
    if not before or before[-1] in _LINE_END:
        return True
    nxt = text[pos + 1 : pos + 2]
    if nxt in (" ", "\t", "-", "•", "*", "#", "\u2022"):
        return True  # an indented or bulleted line starts a paragraph
    line_start = before.rfind("\n") + 1
    return len(before) - line_start < SHORT_LINE


def split_sentences(
    text: str, abbreviations: frozenset[str] = frozenset(), max_len: int = 1500
) -> list[Sentence]:
    """Split into sentences; offsets index into ``text``. Over-long runs are cut at ``max_len``."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0).startswith("\n"):
            if m.group(0) == "\n" and not _line_break_ends_sentence(text, m.start()):
                continue
            end = m.start()
        else:
            if _is_abbreviation(text[max(0, m.start() - 12) : m.start()], abbreviations):
                continue
            end = m.end(1)
        _emit(text, start, end, out, max_len)
        start = m.end()
    _emit(text, start, len(text), out, max_len)
    return out


def _emit(text: str, start: int, end: int, out: list[Sentence], max_len: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_len:
        cut = text.rfind(" ", start, start + max_len)
        cut = cut if cut > start else start + max_len
        out.append(Sentence(start, cut, text[start:cut]))
        start = cut + 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
