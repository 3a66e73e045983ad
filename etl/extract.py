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
from dataclasses import replace

from .actors import (
    complete_pair,
    distinct,
    governmental,
    in_enumeration,
    main_pair,
    pair_from_sentence,
    preceded_by,
    with_surnames,
)
from .eventdates import (
    PAST_WINDOW_DAYS,
    carried_date,
    choose_date,
    date_previous,
    dates_compatible,
    family,
    period_end,
    publication_day,
)
from .gazetteer import CountryMention, get_gazetteer
from .lexicon import Lexicon, Trigger, cue, load_lexicon, lower_same_length
from .schema import ORG_CODES, Event
from .sentences import clean_text, split_sentences
from .textdates import find_dates

CUE_WINDOW_BEFORE = 45  # characters before a trigger searched for status cues


_CLAUSE_START = re.compile(r"[,;:(]|\s[-–—]\s")
CLAUSE_REACH = 90


def _clause_before(text: str, rel: int) -> str:
    """The clause leading up to a trigger: from the last comma, colon or dash, at most
    CLAUSE_REACH characters ("... said the US could stop it with one phone call")."""
    chunk = text[max(0, rel - CLAUSE_REACH) : rel]
    starts = [m.end() for m in _CLAUSE_START.finditer(chunk)]
    return chunk[starts[-1] :] if starts else chunk


def _is_noise(sent: str, lex: Lexicon) -> bool:
    low = sent[:40].lower().lstrip("[(\"' ")
    return any(low.startswith(n) for n in lex.noise)


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
    hf = lex.host_first
    all_trigs = [
        Trigger(
            m.lastgroup or "",
            m.start(),
            m.end(),
            text[m.start() : m.end()],
            m.lastgroup == "visit"
            and hf is not None
            and _ends_at(hf.match(text, m.start()), m.end()),
        )
        for m in lex.all_triggers.finditer(low)
    ]
    if not all_trigs:
        return ()
    all_trigs = [_longest_type(t, lex, text) for t in all_trigs]
    trig_starts = [t.start for t in all_trigs]
    mentions = with_surnames(gaz.find(text, lang, published), text)
    title_ms = distinct(gaz.find(clean_text(title), lang, published)) if title else []
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
    per_sent = [distinct(in_span(s.start, s.end)) for s in sents]
    for ms, w in [(title_ms, 2)] + [(ms, 1) for ms in per_sent]:
        isos = [m.iso3 for m in ms if m.iso3 not in ORG_CODES]
        for i, a in enumerate(isos):
            for b in isos[i + 1 :]:
                pairs[(a, b) if a <= b else (b, a)] += w
    article_pair = main_pair(pairs)
    main_strength = pairs[article_pair] if article_pair else 0

    events: list[Event] = []
    ev_idx: list[int] = []  # sentence index of each event
    soft: set[int] = set()  # events dated only by a carried-over narrative date
    prev_pair: tuple[str, str] | None = None
    prev_idx = -10
    for idx, sent in enumerate(sents):
        ms_all = in_span(sent.start, sent.end)
        ms = distinct(ms_all)
        i = bisect.bisect_left(trig_starts, sent.start)
        j = bisect.bisect_left(trig_starts, sent.end)
        trigs = [t for t in all_trigs[i:j] if t.end <= sent.end]
        sent_pair = None
        if len(ms) >= 2:
            a, b = ms[0].iso3, ms[1].iso3
            sent_pair = (a, b)
        if not trigs:
            follow = cue(lex, "followup", sent.text)
            if follow is not None and events and not ms:
                last = events[-1]
                pseudo = Trigger(
                    last.event_type,
                    sent.start + follow.start(),
                    sent.start + follow.end(),
                    follow.group(0),
                )
                date_previous(
                    events,
                    ev_idx,
                    soft,
                    idx,
                    pseudo,
                    find_dates(sent.text, lex),
                    sent,
                    lex,
                    published,
                )
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
            if cue(lex, "negation", window[-25:]) or cue(lex, "hypothetical", clause):
                continue
            # Future verb forms may be the trigger itself ("se reunirá", "посетит").
            planned = bool(cue(lex, "planned", window) or cue(lex, "planned", trig.text))
            if trig.etype in ("visit", "call") and cue(
                lex, "multilateral", sent.text[rel : rel + 90]
            ):
                continue  # going or dialling in to a summit or conference is not bilateral
            multi = cue(
                lex, "multilateral", sent.text[max(0, rel - 30) : rel + len(trig.text) + 35]
            )
            if trig.etype == "meeting" and multi is not None:
                continue  # "the Venice summit of Western democracies", "an OPEC meeting", "KTT ASEAN"
            pair = None
            follow = cue(lex, "followup", sent.text[max(0, rel - 12) : rel + 40])
            if follow is not None and any(
                family(e.event_type) == family(trig.etype) for e in events
            ):
                continue  # "the talks ...": the event already named, not a new one
            anaphora = cue(lex, "both", sent.text[rel : rel + 30])
            anaphoric = anaphora is not None and anaphora.start() == 0
            if anaphoric:
                if not events:
                    continue  # "this meeting" refers back, but no event was named before
                # "Pertemuan ini ...", "The talks ...": the pair of the event just named
                pair = (events[-1].actor1, events[-1].actor2)
            elif cue(lex, "both", window[-30:]):
                # "the two countries held consultations": the pair named earlier
                isos = [m.iso3 for m in ms if m.iso3 not in ORG_CODES]
                if len(isos) >= 2:
                    pair = (isos[0], isos[1])
            if pair is None:
                pair = pair_from_sentence(trig, ms_all, lex, sent.text, sent.start)
            from_context = False
            if pair is None and len(ms) <= 1:
                context = prev_pair if idx - prev_idx <= 2 else None
                if not ms and main_strength >= 2:
                    context = article_pair  # "kedua negara": the article's two countries
                if context is None or (ms and ms[0].iso3 not in context):
                    # the article's pair only when it is established (named together twice,
                    # or in the title), not a chance co-occurrence
                    context = article_pair if main_strength >= 2 else None
                both = cue(lex, "both", sent.text) is not None
                if len(ms) == 1 or both:
                    pair = complete_pair(trig, ms, context)
                    from_context = pair is not None
                    # "Keduanya menandatangani ...": the two named before, officials included
                    anaphoric = anaphoric or (both and not ms and pair is not None)
            if anaphoric:
                from_context = True
            near = sent.text[max(0, rel - 60) : rel + 60]
            if trig.etype == "agreement" and cue(lex, "domestic", sent.text[rel : rel + 60]):
                continue  # "signed into law", "menandatangani perintah eksekutif"
            if cue(lex, "business", near + sent.text[rel + 60 : rel + 160]) and not any(
                m.kind == "leader" for m in ms_all
            ):
                continue  # companies, investors, chambers of commerce
            if pair is not None and in_enumeration(pair, ms_all, lex, sent.text, sent.start):
                continue  # "Bangladesh, Bhutan, India, Nepal and Pakistan": many countries
            if pair is not None and not (
                anaphoric or governmental(lex, sent.text, ms_all, from_context, sent.start)
            ):
                continue  # two countries named, but no government acting (firms, sport, media)
            if pair is None or pair[0] == pair[1]:
                # "The talks took place on Sunday": a follow-up sentence may date the event
                # named just before it.
                date_previous(events, ev_idx, soft, idx, trig, dates, sent, lex, published)
                continue
            date, strength = choose_date(trig, dates, sent, lex, published, 1 if planned else -1)
            if strength < 2 and not planned:
                carried = carried_date(sents, idx, lex, published)
                if carried is not None:
                    date, strength = carried, 2
                    soft.add(len(events))
            from_text = strength > 0
            if from_text and date.date and published is not None:
                day_one = dt.date.fromisoformat((date.date + "-01-01")[:10])
                if date.precision == "day" and day_one > published + dt.timedelta(days=1):
                    planned = True
            background = False
            if (
                from_text
                and date.date
                and published is not None
                and period_end(date) < published - dt.timedelta(days=PAST_WINDOW_DAYS)
            ):
                background, planned = True, False
            if not from_text and cue(lex, "background", window + sent.text[rel : rel + 40]):
                continue  # recalled, but nothing places it in time
            key = (trig.etype, min(pair), max(pair))
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
            implied = implied_event(events[-1], trig, ms_all, lex, sent.text, sent.start)
            if implied is not None:
                ev_idx.append(idx)
                events.append(implied)
        if sent_pair:
            prev_pair, prev_idx = sent_pair, idx
    return consolidate(events, published)


def _longest_type(t: Trigger, lex: Lexicon, text: str) -> Trigger:
    """The combined pattern takes the first type that matches at a position; when another
    type's words are longer there ("perbincangan telepon": a call, not just a talk), they win."""
    best = t
    for etype, rx in lex.triggers.items():
        if etype == t.etype:
            continue
        m = rx.match(text, t.start)
        if m is not None and m.end() > best.end:
            best = Trigger(etype, t.start, m.end(), text[t.start : m.end()], False)
    return best


def _ends_at(m: re.Match[str] | None, end: int) -> bool:
    return m is not None and m.end() == end


def implied_event(
    ev: Event,
    trig: Trigger,
    ms: list[CountryMention],
    lex: Lexicon,
    text: str,
    off: int,
) -> Event | None:
    """The guideline's pairs: receiving a visitor is also meeting them ("menerima kunjungan",
    "received the visiting president"); talks held in one side's country ("met Macron in
    Paris") mean the other side visited. Resident envoys and summits imply nothing."""
    if ev.background or cue(lex, "multilateral", text) or cue(lex, "resident", text):
        return None
    if ev.event_type == "visit" and trig.host_first:
        # only when the one receiving is an official ("students welcomed him" is no meeting)
        rel = trig.start - off
        hosts = [m for m in ms if m.kind == "leader" and rel - 80 <= m.end - off <= rel]
        if not hosts and not cue(lex, "official", _clause_before(text, rel)):
            return None
        return replace(
            ev, event_type="meeting", location=None, confidence=round(ev.confidence - 0.1, 2)
        )
    if ev.event_type != "meeting":
        return None
    for m in ms:
        if (
            m.iso3 in (ev.actor1, ev.actor2)
            and m.kind in ("capital", "name")
            and preceded_by(lex, "destination", text, m, off)
        ):
            guest = ev.actor2 if m.iso3 == ev.actor1 else ev.actor1
            return replace(
                ev,
                event_type="visit",
                actor1=guest,
                actor2=m.iso3,
                location=m.iso3,
                confidence=round(ev.confidence - 0.2, 2),
            )
    return None


VISIT_DAYS = 3  # one visitor's days in one host country this close are one (multi-day) visit


def _merge_visit_days(events: list[Event]) -> list[Event]:
    """A multi-day visit is dated by its first day: same visitor and host, day-precise dates
    at most VISIT_DAYS apart, one event (the earliest)."""
    visits = sorted(
        (e for e in events if e.event_type == "visit" and e.date.precision == "day"),
        key=lambda e: e.date.date or "",
    )
    drop: set[int] = set()
    for i, a in enumerate(visits):
        if id(a) in drop:
            continue
        day_a = dt.date.fromisoformat(a.date.date or "")
        for b in visits[i + 1 :]:
            same = (b.actor1, b.actor2) == (a.actor1, a.actor2) and id(b) not in drop
            if same and (dt.date.fromisoformat(b.date.date or "") - day_a).days <= VISIT_DAYS:
                drop.add(id(b))
    return [e for e in events if id(e) not in drop]


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
        merged.append(
            replace(head, date=best.date, status=status, confidence=max(e.confidence for e in g))
        )
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
            ev = replace(ev, date=publication_day(published))
        out.append(ev)
    out = _merge_visit_days(out)
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
