"""Find diplomatic events in one article: text in, frozen ``Event``s out.

One pass of the language's combined trigger pattern over the text and one pass of
the country gazetteer; everything else works only on the sentences that hold a
trigger.  For each trigger the extractor decides the pair of countries (from the
sentence, else from the sentence before or the article's main pair), the status
(occurred / planned; wishes, invitations and negations are dropped) and the date
(the date expression nearest the trigger, resolved against the publication date).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from .gazetteer import CountryMention, get_gazetteer
from .lexicon import Lexicon, load_lexicon, lower_same_length
from .schema import ORG_CODES, Event, EventDate
from .sentences import Sentence, clean_text, split_sentences
from .textdates import DateMention, find_dates, resolve

CUE_WINDOW_BEFORE = 45  # characters before a trigger searched for status cues
PAST_WINDOW_DAYS = 60  # an explicit date further back than this is a recalled event
YEAR_REACH = 60  # a bare year dates an event only this close to its trigger
# "LONDON, March 22 -", "SEOUL, Jan. 4 (Yonhap) --": the report's date, not the event's.
_DATELINE_BEFORE = re.compile(r"(?:^|\n|\s)[A-ZÀ-Ý][\w.'’ -]{1,40},\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:,\s*\d{4}\s*)?(?:\([^)]{1,30}\)\s*)?[-–—]")


@dataclass(frozen=True)
class _Trigger:
    etype: str
    start: int
    end: int
    text: str


def _iso_date(pub: dt.date | None) -> EventDate:
    if pub is None:
        return EventDate(None, "none", "")
    return EventDate(pub.isoformat(), "day", "")


def _cue(lex: Lexicon, kind: str, text: str) -> re.Match[str] | None:
    rx = lex.cues.get(kind)
    return rx.search(text) if rx is not None else None


def _distinct(ms: list[CountryMention]) -> list[CountryMention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.iso3 not in seen:
            seen.add(m.iso3)
            out.append(m)
    return out


def _preceded_by(lex: Lexicon, kind: str, text: str, m: CountryMention, off: int) -> bool:
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
    """"the South African organization", "warga Rusia": the country names people or a
    group, not its government."""
    if m.kind in ("leader", "org"):
        return False
    rx = lex.cues.get("nonstate")
    if rx is None:
        return False
    after = rx.match(text[m.end - off : m.end - off + 30].lstrip(" "))
    if after is not None and m.kind == "adjective":
        return True
    return _preceded_by(lex, "nonstate", text, m, off)


def _pair_from_sentence(
    trig: _Trigger, ms: list[CountryMention], lex: Lexicon, sent_text: str, off: int
) -> tuple[str, str] | None:
    ms = [
        m
        for m in ms
        if not _preceded_by(lex, "topic", sent_text, m, off) and not _nonstate(lex, sent_text, m, off)
    ]
    before = [m for m in ms if m.end <= trig.start]
    after = [m for m in ms if m.start >= trig.end]
    if trig.etype == "visit":
        return _visit_pair(trig, before, after, lex, sent_text, off)
    coordinated = _coordinated_before(before, lex, sent_text, off)
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
    trig: _Trigger,
    before: list[CountryMention],
    after: list[CountryMention],
    lex: Lexicon,
    text: str,
    off: int,
) -> tuple[str, str] | None:
    """(visitor, host). The host is where the visit goes ("ke Rusia", "nach Washington");
    with a host-first verb ("received", "menerima kunjungan") the subject is the host."""

    def dest(ms: list[CountryMention]) -> CountryMention | None:
        return next((m for m in ms if _preceded_by(lex, "destination", text, m, off)), None)

    if _host_first(lex, trig):
        host = before[-1] if before else None
        guest = next((m for m in after if host is None or m.iso3 != host.iso3), None)
        if host is None and guest is not None:
            host = next((m for m in after if m.iso3 != guest.iso3), None)
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


def _coordinated_before(
    before: list[CountryMention], lex: Lexicon, text: str, off: int
) -> tuple[str, str] | None:
    """"Indonesia dan Singapura menandatangani", "Merz und Trump telefonierten": the two
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


_CLAUSE_START = re.compile(r"[,;:(]|\s[-–—]\s")
CLAUSE_REACH = 90


def _clause_before(text: str, rel: int) -> str:
    """The clause leading up to a trigger: from the last comma, colon or dash, at most
    CLAUSE_REACH characters ("... said the US could stop it with one phone call")."""
    chunk = text[max(0, rel - CLAUSE_REACH) : rel]
    starts = [m.end() for m in _CLAUSE_START.finditer(chunk)]
    return chunk[starts[-1] :] if starts else chunk


def _governmental(
    lex: Lexicon, text: str, ms: list[CountryMention], from_context: bool, off: int
) -> bool:
    """Governments take part: a leader is named or an office/government word stands in the
    sentence; without one, only countries named as such ("Kenya and Ethiopia signed") count,
    never a pair completed from context."""
    if any(m.kind in ("leader", "org") for m in ms) or _cue(lex, "official", text):
        return True
    if from_context:
        return False
    # "Kenya and Ethiopia signed": two countries named together as the actors.
    names = [m for m in ms if m.kind in ("name", "short", "capital")]
    return any(
        _coordinated_before([a, b], lex, text, off)
        for a, b in zip(names, names[1:], strict=False)
        if a.iso3 != b.iso3
    )


def _host_first(lex: Lexicon, trig: _Trigger) -> bool:
    return lex.host_first is not None and lex.host_first.fullmatch(trig.text) is not None


def _complete_pair(
    trig: _Trigger,
    ms: list[CountryMention],
    context: tuple[str, str] | None,
    host_first: bool = False,
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
        if after != host_first:  # "... tiba di Jakarta": the country after is the host
            return other, x.iso3
        return x.iso3, other  # "menerima kunjungan Dubes AS": the one after is the guest
    return (x.iso3, other)


def _choose_date(
    trig: _Trigger,
    dates: list[DateMention],
    sent: Sentence,
    lex: Lexicon,
    pub: dt.date | None,
    tense: int,
) -> tuple[EventDate, int]:
    """The date nearest the trigger; a date right after a reporting verb dates the statement.

    Returns the date and its strength: 2 stated for the event, 1 only the date of a
    statement or dateline, 0 none."""
    best: tuple[int, EventDate] | None = None
    weak: tuple[int, EventDate] | None = None
    tpos = trig.start - sent.start
    # "Monday, 17 June": the weekday only restates the explicit date that follows it.
    dates = [
        d
        for i, d in enumerate(dates)
        if not (
            d.kind == "weekday"
            and i + 1 < len(dates)
            and dates[i + 1].kind in ("daymonth", "numeric")
            and dates[i + 1].start - d.end <= 3
        )
    ]
    for d in dates:
        ed = resolve(d, pub, tense)
        if ed.precision == "none":
            continue
        dist = d.start - tpos if d.start >= tpos else tpos - d.end
        if d.kind == "year" and (dist > YEAR_REACH or (pub is not None and d.year == pub.year)):
            continue  # "a plan for 2025", a year far from the trigger: says nothing of the day
        if _cue(lex, "since", sent.text[max(0, d.start - 40) : d.start]):
            continue  # "since taking office in June": the date of something else
        between = sent.text[min(tpos, d.start) : max(tpos, d.start)]
        speech = _cue(lex, "speech", between[-60:] if d.start > tpos else "") or _cue(
            lex, "speech", sent.text[max(0, d.start - 40) : d.start]
        )
        dateline = _DATELINE_BEFORE.search(sent.text[max(0, d.start - 45) : d.start]) and (
            _DATELINE_AFTER.match(sent.text[d.end : d.end + 30])
        )
        cand = (dist + (40 if d.kind == "year" else 0), ed)
        if speech or dateline:
            if weak is None or cand[0] < weak[0]:
                weak = cand
        elif best is None or cand[0] < best[0]:
            best = cand
    if best is not None:
        return best[1], 2
    if weak is not None:
        return weak[1], 1
    return EventDate(None, "none", ""), 0


CARRY_SENTENCES = 4  # how far back a narrative date ("Rabu (28/5/2025)") carries
CARRY_DAYS = 10  # ... and only when it is this close before the publication day


def _carried_date(
    sents: list[Sentence], idx: int, lex: Lexicon, published: dt.date | None
) -> EventDate | None:
    """News states the day once, in the lead: a later sentence without a date of its own
    takes the latest day-precise date of the sentences just before it."""
    if published is None:
        return None
    for k in range(idx - 1, max(-1, idx - 1 - CARRY_SENTENCES), -1):
        sent = sents[k]
        pseudo = _Trigger("", sent.end, sent.end, "")
        date, strength = _choose_date(pseudo, find_dates(sent.text, lex), sent, lex, published, -1)
        if strength == 2 and date.precision == "day" and date.date:
            day = dt.date.fromisoformat(date.date)
            if published - dt.timedelta(days=CARRY_DAYS) <= day <= published:
                return date
    return None


_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’-]+")


def _with_surnames(mentions: list[CountryMention], text: str) -> list[CountryMention]:
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


def _is_noise(sent: str, lex: Lexicon) -> bool:
    low = sent[:40].lower().lstrip("[(\"' ")
    return any(low.startswith(n) for n in lex.noise)


def _main_pair(pairs: Counter[tuple[str, str]]) -> tuple[str, str] | None:
    if not pairs:
        return None
    (pair, _), *_ = pairs.most_common(1)
    return pair


def extract_events(
    text: str,
    *,
    title: str = "",
    lang: str = "en",
    published: dt.date | None = None,
) -> tuple[Event, ...]:
    """All events stated in one article, consolidated (one per event per article)."""
    lex = load_lexicon(lang)
    gaz = get_gazetteer()
    if lex.all_triggers is None:
        return ()
    low = lower_same_length(text)
    # One pass of the language's trigger pattern over the whole text, bucketed by sentence.
    all_trigs = [
        _Trigger(m.lastgroup or "", m.start(), m.end(), text[m.start() : m.end()])
        for m in lex.all_triggers.finditer(low)
    ]
    if not all_trigs:
        return ()
    trig_starts = [t.start for t in all_trigs]
    mentions = _with_surnames(gaz.find(text, lang, published), text)
    title_ms = _distinct(gaz.find(clean_text(title), lang, published)) if title else []
    if len({m.iso3 for m in mentions} | {m.iso3 for m in title_ms}) < 2:
        return ()  # an event needs two countries somewhere in the article
    sents = [s for s in split_sentences(text, lex.abbreviations) if not _is_noise(s.text, lex)]
    starts = [m.start for m in mentions]

    def in_span(a: int, b: int) -> list[CountryMention]:
        i = bisect.bisect_left(starts, a)
        j = bisect.bisect_left(starts, b)
        return [m for m in mentions[i:j] if m.end <= b]

    # Article context: the pair most often named together (the title counts twice).
    pairs: Counter[tuple[str, str]] = Counter()
    per_sent = [_distinct(in_span(s.start, s.end)) for s in sents]
    for ms, w in [(title_ms, 2)] + [(ms, 1) for ms in per_sent]:
        isos = [m.iso3 for m in ms if m.iso3 not in ORG_CODES]
        for i, a in enumerate(isos):
            for b in isos[i + 1 :]:
                pairs[tuple(sorted((a, b)))] += w  # type: ignore[arg-type]
    main_pair = _main_pair(pairs)
    main_strength = pairs[main_pair] if main_pair else 0

    events: list[Event] = []
    ev_idx: list[int] = []  # sentence index of each event
    soft: set[int] = set()  # events dated only by a carried-over narrative date
    prev_pair: tuple[str, str] | None = None
    prev_idx = -10
    for idx, sent in enumerate(sents):
        ms_all = in_span(sent.start, sent.end)
        ms = _distinct(ms_all)
        i = bisect.bisect_left(trig_starts, sent.start)
        j = bisect.bisect_left(trig_starts, sent.end)
        trigs = [t for t in all_trigs[i:j] if t.end <= sent.end]
        sent_pair = None
        if len(ms) >= 2:
            a, b = ms[0].iso3, ms[1].iso3
            sent_pair = (a, b)
        if not trigs:
            follow = _cue(lex, "followup", sent.text)
            if follow is not None and events and not ms:
                last = events[-1]
                pseudo = _Trigger(last.event_type, sent.start + follow.start(), sent.start + follow.end(), follow.group(0))
                _date_previous(events, ev_idx, soft, idx, pseudo, find_dates(sent.text, lex), sent, lex, published)
            if sent_pair:
                prev_pair, prev_idx = sent_pair, idx
            continue
        dates = find_dates(sent.text, lex)
        seen_types: set[tuple[str, str, str]] = set()
        calls = [t for t in trigs if t.etype == "call"]
        for trig in trigs:
            if trig.etype == "meeting" and any(0 <= c.start - trig.end <= 25 for c in calls):
                continue  # "a telephone conversation": the talk is the call
            rel = trig.start - sent.start
            window = sent.text[max(0, rel - CUE_WINDOW_BEFORE) : rel]
            clause = _clause_before(sent.text, rel)
            if _cue(lex, "negation", window[-25:]) or _cue(lex, "hypothetical", clause):
                continue
            # Future verb forms may be the trigger itself ("se reunirá", "посетит").
            planned = bool(_cue(lex, "planned", window) or _cue(lex, "planned", trig.text))
            if trig.etype in ("visit", "call") and _cue(
                lex, "multilateral", sent.text[rel : rel + 90]
            ):
                continue  # going or dialling in to a summit or conference is not bilateral
            multi = _cue(lex, "multilateral", sent.text[rel : rel + len(trig.text) + 15])
            if trig.etype == "meeting" and multi is not None:
                continue  # "the Venice summit of Western democracies", "KTT ASEAN"
            pair = None
            follow = _cue(lex, "followup", sent.text[max(0, rel - 12) : rel + 40])
            if follow is not None and any(
                _family(e.event_type) == _family(trig.etype) for e in events
            ):
                continue  # "the talks ...": the event already named, not a new one
            anaphora = _cue(lex, "both", sent.text[rel : rel + 30])
            anaphoric = anaphora is not None and anaphora.start() == 0 and main_strength >= 2
            if anaphoric:
                pair = main_pair  # "Pertemuan ini ...", "The talks ...": the article's pair
            elif _cue(lex, "both", window[-30:]):
                # "the two countries held consultations": the pair named earlier
                isos = [m.iso3 for m in ms if m.iso3 not in ORG_CODES]
                if len(isos) >= 2:
                    pair = (isos[0], isos[1])
            if pair is None:
                pair = _pair_from_sentence(trig, ms_all, lex, sent.text, sent.start)
            from_context = False
            if pair is None and len(ms) <= 1:
                context = prev_pair if idx - prev_idx <= 2 else None
                if not ms and main_strength >= 2:
                    context = main_pair  # "kedua negara": the article's two countries
                if context is None or (ms and ms[0].iso3 not in context):
                    context = main_pair
                both = _cue(lex, "both", sent.text) is not None
                if len(ms) == 1 or both:
                    pair = _complete_pair(trig, ms, context, _host_first(lex, trig))
                    from_context = pair is not None
                    # "Keduanya menandatangani ...": the two named before, officials included
                    anaphoric = anaphoric or (both and not ms and pair is not None)
            near = sent.text[max(0, rel - 60) : rel + 60]
            if trig.etype == "agreement" and _cue(lex, "domestic", sent.text[rel : rel + 60]):
                continue  # "signed into law", "menandatangani perintah eksekutif"
            if _cue(lex, "business", near + sent.text[rel + 60 : rel + 160]) and not any(
                m.kind == "leader" for m in ms_all
            ):
                continue  # companies, investors, chambers of commerce
            if pair is not None and not (
                anaphoric or _governmental(lex, sent.text, ms_all, from_context, sent.start)
            ):
                continue  # two countries named, but no government acting (firms, sport, media)
            if pair is None or pair[0] == pair[1]:
                # "The talks took place on Sunday": a follow-up sentence may date the event
                # named just before it.
                _date_previous(events, ev_idx, soft, idx, trig, dates, sent, lex, published)
                continue
            date, strength = _choose_date(trig, dates, sent, lex, published, 1 if planned else -1)
            if strength < 2 and not planned:
                carried = _carried_date(sents, idx, lex, published)
                if carried is not None:
                    date, strength = carried, 2
                    soft.add(len(events))
            from_text = strength > 0
            if from_text and date.date and published is not None:
                first = dt.date.fromisoformat((date.date + "-01-01")[:10])
                if date.precision == "day" and first > published + dt.timedelta(days=1):
                    planned = True
            background = False
            if from_text and date.date and published is not None:
                last = _period_end(date)
                if last < published - dt.timedelta(days=PAST_WINDOW_DAYS):
                    background, planned = True, False
            if not from_text and _cue(lex, "background", window + sent.text[rel:rel + 40]):
                continue  # recalled, but nothing places it in time
            key = (trig.etype, *sorted(pair))
            if key in seen_types:
                continue
            seen_types.add(key)
            conf = 0.9 if not from_context else 0.6
            if background:
                conf -= 0.3
            if any(c in ORG_CODES for c in pair):
                conf -= 0.2
            ev_idx.append(idx)
            events.append(
                Event(
                    event_type=trig.etype,
                    status="planned" if planned else "occurred",
                    actor1=pair[0],
                    actor2=pair[1],
                    date=date,
                    sentence=sent.text,
                    char_start=sent.start,
                    char_end=sent.end,
                    trigger=trig.text,
                    location=pair[1] if trig.etype == "visit" else None,
                    confidence=round(conf, 2),
                    background=background,
                )
            )
        if sent_pair:
            prev_pair, prev_idx = sent_pair, idx
    return consolidate(events, published)


FOLLOW_UP_SENTENCES = 3  # how far a "the talks took place on Sunday" sentence reaches back


def _family(etype: str) -> str:
    # "Das Gespräch fand am Sonntag statt" may follow a phone call: talks and calls are kin.
    return "talk" if etype in ("meeting", "call") else etype


def _date_previous(
    events: list[Event],
    ev_idx: list[int],
    soft: set[int],
    idx: int,
    trig: _Trigger,
    dates: list[DateMention],
    sent: Sentence,
    lex: Lexicon,
    published: dt.date | None,
) -> None:
    if not dates or not events or idx - ev_idx[-1] > FOLLOW_UP_SENTENCES:
        return
    for k in range(len(events) - 1, -1, -1):
        ev = events[k]
        if idx - ev_idx[k] > FOLLOW_UP_SENTENCES:
            break
        if _family(ev.event_type) == _family(trig.etype) and (ev.date.text == "" or k in soft):
            tense = 1 if ev.status == "planned" else -1
            date, strength = _choose_date(trig, dates, sent, lex, published, tense)
            if strength == 2 and date.precision == "day":
                events[k] = replace(ev, date=date)
            return


def _period_end(d: EventDate) -> dt.date:
    assert d.date is not None
    y = int(d.date[:4])
    if d.precision == "year":
        return dt.date(y, 12, 31)
    m = int(d.date[5:7])
    if d.precision == "month":
        return (dt.date(y + m // 12, m % 12 + 1, 1)) - dt.timedelta(days=1)
    return dt.date.fromisoformat(d.date)


def dates_compatible(a: EventDate, b: EventDate) -> bool:
    """Same date at the coarser of the two precisions (an undated one fits anything)."""
    if a.date is None or b.date is None:
        return True
    n = min(len(a.date), len(b.date))
    return a.date[:n] == b.date[:n]


def consolidate(events: list[Event], published: dt.date | None) -> tuple[Event, ...]:
    """One event per (type, pair, date) in an article; undated mentions join a dated one;
    planned events without a date take the date of the visit they belong to; events
    that happened with no date in the text are dated by the publication day."""
    groups: list[list[Event]] = []
    for ev in events:
        pair = frozenset((ev.actor1, ev.actor2))
        for g in groups:
            head = g[0]
            if (
                head.event_type == ev.event_type
                and frozenset((head.actor1, head.actor2)) == pair
                and dates_compatible(head.date, ev.date)
                and (head.date.date is not None or ev.date.date is None or head.status == ev.status)
            ):
                g.append(ev)
                break
        else:
            groups.append([ev])
    merged: list[Event] = []
    for g in groups:
        dated = [e for e in g if e.date.date is not None]
        best = max(dated or g, key=lambda e: (len(e.date.date or ""), e.confidence))
        head = g[0]
        status = best.status if dated else head.status
        merged.append(replace(head, date=best.date, status=status, confidence=max(e.confidence for e in g)))
    out: list[Event] = []
    for ev in merged:
        if ev.date.date is None and ev.status == "planned":
            visit = next(
                (
                    v
                    for v in merged
                    if v.event_type == "visit"
                    and v is not ev
                    and v.date.date is not None
                    and {v.actor1, v.actor2} == {ev.actor1, ev.actor2}
                ),
                None,
            )
            if visit is not None:
                ev = replace(ev, date=replace(visit.date, text=visit.date.text))
        elif ev.date.date is None and ev.status == "occurred":
            ev = replace(ev, date=_iso_date(published))
        out.append(ev)
    # Two groups may now coincide (an undated one took a date): merge again once.
    final: list[Event] = []
    for ev in out:
        twin = next(
            (
                f
                for f in final
                if f.event_type == ev.event_type
                and {f.actor1, f.actor2} == {ev.actor1, ev.actor2}
                and f.date.date == ev.date.date
            ),
            None,
        )
        if twin is None:
            final.append(ev)
    return tuple(final)
