"""Cross-article dedupe: one event reported many times is one row; event ids are stable."""

from __future__ import annotations

from etl.dedupe import dedupe


def _m(article, etype="visit", a1="IRN", a2="RUS", date="2025-01-17", prec="day", status="occurred", source="a.test"):
    return {
        "article_id": article,
        "event_type": etype,
        "status": status,
        "actor1": a1,
        "actor2": a2,
        "event_date": date,
        "date_precision": prec,
        "date_text": "",
        "sentence": f"sentence of {article}",
        "char_start": 0,
        "char_end": 10,
        "trigger": "visit",
        "location": a2,
        "confidence": 0.8,
        "language": "en",
        "title": f"title {article}",
        "url": f"https://{source}/{article}",
        "source": source,
        "published": "2025-01-18",
    }


NAMES = {"IRN": "Iran", "RUS": "Russia"}


def test_same_event_from_two_sources_is_one_row():
    events, mentions = dedupe([_m("a1"), _m("a2", source="b.test")], NAMES)
    assert len(events) == 1 and len(mentions) == 2
    (e,) = events
    assert (e["n_articles"], e["n_sources"], e["dyad"]) == (2, 2, "IRN-RUS")
    assert {m["event_id"] for m in mentions} == {e["event_id"]}


def test_coarser_date_joins_precise_event():
    events, _ = dedupe([_m("a1", prec="month", date="2025-01"), _m("a2")], NAMES)
    assert len(events) == 1
    assert (events[0]["event_date"], events[0]["date_precision"]) == ("2025-01-17", "day")


def test_different_days_types_or_directions_stay_apart():
    rows = [
        _m("a1"),
        _m("a2", date="2025-02-01"),
        _m("a3", etype="meeting"),
        _m("a4", a1="RUS", a2="IRN"),
    ]
    events, _ = dedupe(rows, NAMES)
    assert len(events) == 4


def test_undated_does_not_swallow_dated():
    events, _ = dedupe([_m("a1"), _m("a2", date=None, prec="none", status="planned")], NAMES)
    assert len(events) == 2


def test_event_id_is_stable_and_order_independent():
    rows = [_m("a1"), _m("a2", source="b.test"), _m("a3", etype="call")]
    ids1 = sorted(e["event_id"] for e in dedupe(rows, NAMES)[0])
    ids2 = sorted(e["event_id"] for e in dedupe(list(reversed(rows)), NAMES)[0])
    assert ids1 == ids2


def test_status_occurred_wins_when_a_planned_event_happened():
    events, _ = dedupe([_m("a1", status="planned"), _m("a2")], NAMES)
    assert events[0]["status"] == "occurred"
