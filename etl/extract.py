"""Find diplomatic events in one article: text in, frozen ``Event``s out.

Rules propose (``etl.candidates``: every reading of every trigger, with its features), a
trained model decides (``etl.decide``: a calibrated probability per candidate), and the
likely candidates are consolidated to one event per event per article. An event's
``confidence`` is the model's probability.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Protocol

from .candidates import Candidate, propose
from .decide import FLOOR, default_decider
from .eventdates import dates_compatible, publication_day
from .schema import Event


class Decider(Protocol):
    def probability(self, features: dict[str, float], rule_ok: bool = True) -> float: ...


def decide(candidates: list[Candidate], decider: Decider, floor: float = FLOOR) -> list[Event]:
    """The candidates the decider finds likely, as events carrying its probability."""
    return keep(candidates, [decider.probability(c.features, c.rule_ok) for c in candidates], floor)


def keep(candidates: list[Candidate], probabilities: list[float], floor: float) -> list[Event]:
    """The candidates whose probability reaches ``floor``, as events carrying it."""
    return [
        replace(c.event, confidence=round(p, 3))
        for c, p in zip(candidates, probabilities, strict=True)
        if p >= floor
    ]


def extract_events(
    text: str,
    *,
    title: str = "",
    lang: str = "en",
    published: dt.date | None = None,
    decider: Decider | None = None,
    floor: float = FLOOR,
) -> tuple[Event, ...]:
    """All events stated in one article, consolidated (one per event per article)."""
    cands = propose(text, title=title, lang=lang, published=published)
    if not cands:
        return ()
    events = decide(cands, decider if decider is not None else default_decider(), floor)
    return consolidate(events, published)


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
