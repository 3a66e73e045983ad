"""Who took part: the pair of countries a trigger speaks of.

From the country mentions of a sentence (the gazetteer's), decide the two parties of an
event and, for visits, who travels and who hosts; complete a pair from the article's
context when a sentence names only one side ("Keduanya ...", "the two sides"); and tell
governments from firms, teams and people ("South African organization", "warga Rusia").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .gazetteer import CountryMention
from .lexicon import Lexicon, Trigger, cue


def distinct(ms: list[CountryMention]) -> list[CountryMention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.iso3 not in seen:
            seen.add(m.iso3)
            out.append(m)
    return out


def preceded_by(lex: Lexicon, kind: str, text: str, m: CountryMention, off: int) -> bool:
    """Is the mention introduced by a cue word ("ke Rusia", "on North Korea")?"""
    rx = lex.cues.get(kind)
    if rx is None:
        return False
    rel = m.start - off
    window = text[max(0, rel - 24) : rel]
    hits = list(rx.finditer(window))
    if hits and len(window) - hits[-1].end() <= 5:  # allow "the ", "la "
        return True
    if kind == "topic":  # "Ukraine-Krieg": a compound names the topic
        tail = text[m.end - off : m.end - off + 14]
        return tail.startswith("-") and rx.match(tail[1:]) is not None
    return False


def _nonstate(lex: Lexicon, text: str, m: CountryMention, off: int) -> bool:
    """ "the South African organization", "warga Rusia": the country names people or a
    group, not its government."""
    if m.kind in ("leader", "org"):
        return False
    rx = lex.cues.get("nonstate")
    if rx is None:
        return False
    after = rx.match(text[m.end - off : m.end - off + 30].lstrip(" "))
    if after is not None and m.kind == "adjective":
        return True
    return preceded_by(lex, "nonstate", text, m, off)


def pair_from_sentence(
    trig: Trigger, ms: list[CountryMention], lex: Lexicon, sent_text: str, off: int
) -> tuple[str, str] | None:
    ms = [
        m
        for m in ms
        if not preceded_by(lex, "topic", sent_text, m, off)
        and not _nonstate(lex, sent_text, m, off)
    ]
    before = [m for m in ms if m.end <= trig.start]
    after = [m for m in ms if m.start >= trig.end]
    if trig.etype == "visit":
        return _visit_pair(trig, before, after, lex, sent_text, off)
    coordinated = coordinated_before(before, lex, sent_text, off)
    if coordinated is not None:
        return coordinated
    a = before[-1] if before else None
    b = next((m for m in after if a is None or m.iso3 != a.iso3), None)
    if a is None and b is not None:
        a, b = b, next((m for m in after if m.iso3 != b.iso3), None)
    elif b is None and a is not None:
        b = next((m for m in reversed(before) if m.iso3 != a.iso3), None)
        if b is not None:
            a, b = b, a
    if a is None or b is None or a.iso3 == b.iso3:
        return None
    return (a.iso3, b.iso3) if a.start <= b.start else (b.iso3, a.iso3)


def _visit_pair(
    trig: Trigger,
    before: list[CountryMention],
    after: list[CountryMention],
    lex: Lexicon,
    text: str,
    off: int,
) -> tuple[str, str] | None:
    """(visitor, host). The host is where the visit goes ("ke Rusia", "nach Washington");
    with a host-first verb ("received", "menerima kunjungan") the subject is the host."""

    def dest(ms: list[CountryMention]) -> CountryMention | None:
        return next((m for m in ms if preceded_by(lex, "destination", text, m, off)), None)

    if trig.host_first:
        host = before[-1] if before else None
        guest = next((m for m in after if host is None or m.iso3 != host.iso3), None)
        if host is None and guest is not None:
            host = next((m for m in after if m.iso3 != guest.iso3), None)
    elif (
        dest(after) is None
        and (near := dest(list(reversed(before)))) is not None
        and (trig.start - near.end <= 25)
    ):
        # verb-final with its destination just before it: "will Merz nach Brüssel reisen"
        host = near
        guest = next((m for m in before if m.iso3 != host.iso3), None)
    elif after:
        host = dest(after) or next(
            (m for m in after if m.kind in ("name", "capital", "short")), after[0]
        )
        guest = next((m for m in reversed(before) if m.iso3 != host.iso3), None)
        if guest is None:
            guest = next((m for m in after if m.iso3 != host.iso3), None)
    else:  # verb-final ("... Trump im Weißen Haus besuchen"): the subject comes first
        guest = before[0] if before else None
        host = dest(before[1:]) if before else None
        if host is None or (guest is not None and host.iso3 == guest.iso3):
            host = next((m for m in reversed(before) if guest and m.iso3 != guest.iso3), None)
    if host is None or guest is None or host.iso3 == guest.iso3:
        return None
    return guest.iso3, host.iso3


_JOINERS = re.compile(r"\s*[-–/]\s*")


def coordinated_before(
    before: list[CountryMention], lex: Lexicon, text: str, off: int
) -> tuple[str, str] | None:
    """ "Indonesia dan Singapura menandatangani", "Merz und Trump telefonierten": the two
    parties named together right before the trigger."""
    if len(before) < 2:
        return None
    last = before[-1]
    prev = next((m for m in reversed(before[:-1]) if m.iso3 != last.iso3), None)
    if prev is None:
        return None
    # Only mentions of the two countries may stand between them ("Presiden RI Prabowo dan ...").
    between = text[prev.end - off : last.start - off]
    rx = lex.cues.get("coordination")
    words = between.strip(" ,")
    for m in before:
        if prev.end <= m.start and m.end <= last.start:
            words = words.replace(m.surface, " ")
    if _JOINERS.fullmatch(between) or (rx is not None and len(words) <= 40 and rx.search(words)):
        return prev.iso3, last.iso3
    return None


def governmental(
    lex: Lexicon, text: str, ms: list[CountryMention], from_context: bool, off: int
) -> bool:
    """Governments take part: a leader is named or an office/government word stands in the
    sentence; without one, only countries named as such ("Kenya and Ethiopia signed") count,
    never a pair completed from context."""
    if any(m.kind in ("leader", "org") for m in ms) or cue(lex, "official", text):
        return True
    if from_context:
        return False
    # "Kenya and Ethiopia signed": two countries named together as the actors.
    names = [m for m in ms if m.kind in ("name", "short", "capital")]
    return any(
        coordinated_before([a, b], lex, text, off)
        for a, b in zip(names, names[1:], strict=False)
        if a.iso3 != b.iso3
    )


def complete_pair(
    trig: Trigger,
    ms: list[CountryMention],
    context: tuple[str, str] | None,
) -> tuple[str, str] | None:
    """One country in the sentence: the other comes from the context pair that contains it."""
    if context is None:
        return None
    if not ms:
        return context
    x = ms[0]
    if x.iso3 not in context:
        return None
    other = context[1] if context[0] == x.iso3 else context[0]
    if trig.etype == "visit":
        after = x.start >= trig.end
        if after != trig.host_first:  # "... tiba di Jakarta": the country after is the host
            return other, x.iso3
        return x.iso3, other  # "menerima kunjungan Dubes AS": the one after is the guest
    return (x.iso3, other)


_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’-]+")


def with_surnames(mentions: list[CountryMention], text: str) -> list[CountryMention]:
    """After "President Lee Jae Myung", a bare "Lee" is the same person: add the first and
    last name tokens of full leader names as mentions for the rest of the article."""
    full = [m for m in mentions if m.kind == "leader" and " " in m.surface.strip()]
    if not full:
        return mentions
    names: dict[str, CountryMention] = {}
    for m in full:
        toks = _NAME_TOKEN.findall(m.surface)
        for tok in (toks[0], toks[-1]) if toks else ():
            if len(tok) >= 2 and tok[0].isupper():
                names.setdefault(tok, m)
    if not names:
        return mentions
    rx = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    first = min(m.start for m in full)
    for hit in rx.finditer(text, first):
        a, b = hit.span()
        if any(s < b and a < e for s, e in taken):
            continue
        src = names[hit.group(1)]
        extra.append(replace(src, start=a, end=b, surface=hit.group(1)))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.start)


def main_pair(pairs: Counter[tuple[str, str]]) -> tuple[str, str] | None:
    if not pairs:
        return None
    (pair, _), *_ = pairs.most_common(1)
    return pair


_LIST_SEP = re.compile(r"\s*(?:,|;|/)\s*")
ENUMERATION = 3  # this many countries listed together make a multilateral statement


def in_enumeration(
    pair: tuple[str, str], ms: list[CountryMention], lex: Lexicon, text: str, off: int
) -> bool:
    """Are both countries of the pair members of one list of three or more countries
    ("Bangladesh, Bhutan, India, Nepal and Pakistan")?"""
    names = [m for m in ms if m.kind in ("name", "short", "capital", "adjective")]
    if len({m.iso3 for m in names}) < ENUMERATION:
        return False
    rx = lex.cues.get("coordination")
    runs: list[set[str]] = []
    run: set[str] = set()
    for a, b in zip(names, names[1:], strict=False):
        gap = text[a.end - off : b.start - off]
        joined = _LIST_SEP.fullmatch(gap) is not None or (
            rx is not None and len(gap) <= 12 and rx.fullmatch(gap.strip(" ,")) is not None
        )
        if joined:
            run |= {a.iso3, b.iso3}
        else:
            if run:
                runs.append(run)
            run = set()
    if run:
        runs.append(run)
    return any(len(r) >= ENUMERATION and pair[0] in r and pair[1] in r for r in runs)
