"""When it happened: choose and resolve the date of an event stated in a sentence.

The date expression nearest the trigger wins; a date right after a reporting verb or in
a dateline only dates the statement or the report; news states the day once, so a later
sentence without a date of its own takes the narrative date of the lead; and a follow-up
sentence ("the talks took place on Sunday") dates the event named just before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .lexicon import Lexicon, Trigger, cue
from .schema import Event, EventDate
from .sentences import Sentence
from .textdates import DateMention, find_dates, resolve

PAST_WINDOW_DAYS = 60  # an explicit date further back than this is a recalled event


YEAR_REACH = 60  # a bare year dates an event only this close to its trigger


# "LONDON, March 22 -", "SEOUL, Jan. 4 (Yonhap) --": the report's date, not the event's.
_DATELINE_BEFORE = re.compile(r"(?:^|\n|\s)[A-ZÀ-Ý][\w.'’ -]{1,40},\s*$")


_DATELINE_AFTER = re.compile(r"^\s*(?:,\s*\d{4}\s*)?(?:\([^)]{1,30}\)\s*)?[-–—]")


def publication_day(pub: dt.date | None) -> EventDate:
    if pub is None:
        return EventDate(None, "none", "")
    return EventDate(pub.isoformat(), "day", "")


def choose_date(
    trig: Trigger,
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
    tend = trig.end - sent.start
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
        # "... donde asistirá el viernes", "akan bertemu pada Jumat": a future verb right
        # before the date says which way to resolve it, whatever the trigger's status.
        local = 1 if tense <= 0 and cue(lex, "planned", sent.text[max(0, d.start - 25) : d.start]) else tense
        ed = resolve(d, pub, local)
        if ed.precision == "none":
            continue
        dist = d.start - tend if d.start >= tend else max(0, tpos - d.end)
        if d.kind == "year" and (dist > YEAR_REACH or (pub is not None and d.year == pub.year)):
            continue  # "a plan for 2025", a year far from the trigger: says nothing of the day
        if cue(lex, "since", sent.text[max(0, d.start - 40) : d.start]):
            continue  # "since taking office in June": the date of something else
        between = sent.text[min(tpos, d.start) : max(tpos, d.start)]
        speech = cue(lex, "speech", between[-60:] if d.start > tpos else "") or cue(
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


def carried_date(
    sents: list[Sentence], idx: int, lex: Lexicon, published: dt.date | None
) -> EventDate | None:
    """News states the day once, in the lead: a later sentence without a date of its own
    takes the latest day-precise date of the sentences just before it."""
    if published is None:
        return None
    for k in range(idx - 1, max(-1, idx - 1 - CARRY_SENTENCES), -1):
        sent = sents[k]
        pseudo = Trigger("", sent.end, sent.end, "")
        date, strength = choose_date(pseudo, find_dates(sent.text, lex), sent, lex, published, -1)
        if strength == 2 and date.precision == "day" and date.date:
            day = dt.date.fromisoformat(date.date)
            if published - dt.timedelta(days=CARRY_DAYS) <= day <= published:
                return date
    return None


FOLLOW_UP_SENTENCES = 3  # how far a "the talks took place on Sunday" sentence reaches back


def family(etype: str) -> str:
    # "Das Gespräch fand am Sonntag statt" may follow a phone call: talks and calls are kin.
    return "talk" if etype in ("meeting", "call") else etype


def date_previous(
    events: list[Event],
    ev_idx: list[int],
    soft: set[int],
    idx: int,
    trig: Trigger,
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
        if family(ev.event_type) == family(trig.etype) and (ev.date.text == "" or k in soft):
            tense = 1 if ev.status == "planned" else -1
            date, strength = choose_date(trig, dates, sent, lex, published, tense)
            if strength == 2 and date.precision == "day":
                events[k] = replace(ev, date=date)
                soft.discard(k)
            return


def period_end(d: EventDate) -> dt.date:
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
