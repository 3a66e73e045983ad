"""Candidate events: every plausible reading of each trigger, with the features a model decides on.

The rules (trigger words, gazetteer, cue words, date resolver) propose; they do not veto. What
used to drop a reading (a negation, a summit, a company, a list of many countries, no official
acting, ...) is now a feature of the candidate, beside distances, mention kinds, positions,
counts, the language and the trigger word. ``etl.decide`` turns the features into a calibrated
probability; ``etl.extract`` keeps the likely candidates and consolidates them.

A candidate's ``rule_ok`` says whether the hand-written rules alone would have kept it, so the
old extractor stays available as a baseline (``etl.decide.RuleDecider``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

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
    family,
    period_end,
)
from .gazetteer import CountryMention, get_gazetteer
from .lexicon import Lexicon, Trigger, cue, load_lexicon, lower_same_length
from .schema import ORG_CODES, Event
from .sentences import Sentence, clean_text, split_sentences
from .textdates import find_dates

CUE_WINDOW_BEFORE = 45  # characters before a trigger searched for status cues
WINDOW_WORDS = 4  # words either side of a trigger taken as features
MAX_ALT_PAIRS = 6  # other pairs of one sentence's countries proposed beside the rules' pair

_CLAUSE_START = re.compile(r"[,;:(]|\s[-–—]\s")
CLAUSE_REACH = 90
_WORD = re.compile(r"\w+")


@dataclass
class Candidate:
    """One reading of one trigger: the event it would be and what speaks for and against it."""

    event: Event
    features: dict[str, float] = field(default_factory=dict)
    rule_ok: bool = True


def _clause_before(text: str, rel: int) -> str:
    """The clause leading up to a trigger: from the last comma, colon or dash, at most
    CLAUSE_REACH characters ("... said the US could stop it with one phone call")."""
    chunk = text[max(0, rel - CLAUSE_REACH) : rel]
    starts = [m.end() for m in _CLAUSE_START.finditer(chunk)]
    return chunk[starts[-1] :] if starts else chunk


def _is_noise(sent: str, lex: Lexicon) -> bool:
    low = sent[:40].lower().lstrip("[(\"' ")
    return any(low.startswith(n) for n in lex.noise)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _tokens_between(text: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(_WORD.findall(text[lo:hi]))


@dataclass
class _Article:
    """What the whole article tells every trigger: sentences, mentions, the pair it is about."""

    text: str
    lang: str
    lex: Lexicon
    published: dt.date | None
    sents: list[Sentence]
    mentions: list[CountryMention]
    title_ms: list[CountryMention]
    title_types: set[str]
    pairs: Counter[tuple[str, str]]
    article_pair: tuple[str, str] | None
    n_countries: int
    subject: str | None = None  # the country the article names most (title twice)
    starts: list[int] = field(default_factory=list)  # mention offsets, for bisect

    def __post_init__(self) -> None:
        self.starts = [m.start for m in self.mentions]

    def in_span(self, a: int, b: int) -> list[CountryMention]:
        i = bisect.bisect_left(self.starts, a)
        j = bisect.bisect_left(self.starts, b)
        return [m for m in self.mentions[i:j] if m.end <= b]

    @property
    def main_strength(self) -> int:
        return self.pairs[self.article_pair] if self.article_pair else 0


def _triggers(text: str, lex: Lexicon) -> list[Trigger]:
    low = lower_same_length(text)
    hf = lex.host_first
    assert lex.all_triggers is not None
    trigs = [
        Trigger(
            m.lastgroup or "",
            m.start(),
            m.end(),
            text[m.start() : m.end()],
            m.lastgroup == "visit" and hf is not None and _ends_at(hf.match(text, m.start()), m.end()),
        )
        for m in lex.all_triggers.finditer(low)
    ]
    return [_longest_type(t, lex, text) for t in trigs]


def _article(text: str, title: str, lang: str, published: dt.date | None) -> _Article | None:
    lex = load_lexicon(lang)
    gaz = get_gazetteer()
    mentions = with_surnames(gaz.find(text, lang, published), text)
    title_clean = clean_text(title) if title else ""
    title_ms = distinct(gaz.find(title_clean, lang, published)) if title else []
    countries = {m.iso3 for m in mentions} | {m.iso3 for m in title_ms}
    if len(countries) < 2:
        return None  # an event needs two countries somewhere in the article
    sents = [s for s in split_sentences(text, lex.abbreviations) if not _is_noise(s.text, lex)]
    art = _Article(text, lang, lex, published, sents, mentions, title_ms, set(), Counter(), None,
                   len(countries))
    if title_clean and lex.all_triggers is not None:
        art.title_types = {m.lastgroup or "" for m in lex.all_triggers.finditer(lower_same_length(title_clean))}
    # Article context: the pair most often named together (the title counts twice).
    for ms, w in [(title_ms, 2)] + [(distinct(art.in_span(s.start, s.end)), 1) for s in sents]:
        isos = [m.iso3 for m in ms if m.iso3 not in ORG_CODES]
        for i, a in enumerate(isos):
            for b in isos[i + 1 :]:
                art.pairs[(a, b) if a <= b else (b, a)] += w
    art.article_pair = main_pair(art.pairs)
    counts = Counter(m.iso3 for m in mentions if m.iso3 not in ORG_CODES)
    counts.update(m.iso3 for m in title_ms if m.iso3 not in ORG_CODES)
    counts.update(m.iso3 for m in title_ms if m.iso3 not in ORG_CODES)
    if counts:
        art.subject = min(counts, key=lambda c: (-counts[c], c))
    return art


def propose(
    text: str,
    *,
    title: str = "",
    lang: str = "en",
    published: dt.date | None = None,
) -> list[Candidate]:
    """Every candidate event of one article, in text order, each with its features."""
    lex = load_lexicon(lang)
    if lex.all_triggers is None:
        return []
    all_trigs = _triggers(text, lex)
    if not all_trigs:
        return []
    art = _article(text, title, lang, published)
    if art is None:
        return []
    trig_starts = [t.start for t in all_trigs]
    state = _State()
    for idx, sent in enumerate(art.sents):
        ms_all = art.in_span(sent.start, sent.end)
        ms = distinct(ms_all)
        i = bisect.bisect_left(trig_starts, sent.start)
        j = bisect.bisect_left(trig_starts, sent.end)
        trigs = [t for t in all_trigs[i:j] if t.end <= sent.end]
        sent_pair = (ms[0].iso3, ms[1].iso3) if len(ms) >= 2 else None
        if not trigs:
            _followup_sentence(art, state, idx, sent, ms)
        else:
            _sentence_candidates(art, state, idx, sent, trigs, ms_all, ms)
        if sent_pair:
            state.prev_pair, state.prev_idx = sent_pair, idx
    # Rule-kept events may have been re-dated by later follow-up sentences: take their final form.
    for k, cand in state.kept.items():
        cand.event = state.events[k]
    _support(state.candidates)
    return state.candidates


def _support(cands: list[Candidate]) -> None:
    """How often the article names the same reading: an event told twice is seldom a passing mention."""
    same_type: Counter[tuple[str, frozenset[str]]] = Counter()
    same_pair: Counter[frozenset[str]] = Counter()
    for c in cands:
        pair = frozenset((c.event.actor1, c.event.actor2))
        same_type[(c.event.event_type, pair)] += 1
        same_pair[pair] += 1
    for c in cands:
        pair = frozenset((c.event.actor1, c.event.actor2))
        c.features[f"support_type={_bucket(same_type[(c.event.event_type, pair)], (1, 2, 4))}"] = 1
        c.features[f"support_pair={_bucket(same_pair[pair], (1, 2, 4, 8))}"] = 1


@dataclass
class _State:
    events: list[Event] = field(default_factory=list)  # what the rules keep: context for anaphora
    ev_idx: list[int] = field(default_factory=list)  # sentence index of each kept event
    soft: set[int] = field(default_factory=set)  # kept events dated by a carried narrative date
    candidates: list[Candidate] = field(default_factory=list)
    kept: dict[int, Candidate] = field(default_factory=dict)  # index in events -> its candidate
    prev_pair: tuple[str, str] | None = None
    prev_idx: int = -10


def _followup_sentence(art: _Article, st: _State, idx: int, sent: Sentence, ms: list[CountryMention]) -> None:
    """"The talks took place on Sunday": a sentence without a trigger may date the event before."""
    follow = cue(art.lex, "followup", sent.text)
    if follow is None or not st.events or ms:
        return
    last = st.events[-1]
    pseudo = Trigger(last.event_type, sent.start + follow.start(), sent.start + follow.end(), follow.group(0))
    date_previous(st.events, st.ev_idx, st.soft, idx, pseudo, find_dates(sent.text, art.lex), sent,
                  art.lex, art.published)


def _sentence_candidates(
    art: _Article,
    st: _State,
    idx: int,
    sent: Sentence,
    trigs: list[Trigger],
    ms_all: list[CountryMention],
    ms: list[CountryMention],
) -> None:
    dates = find_dates(sent.text, art.lex)
    seen_ok: set[tuple[str, str, str]] = set()  # one candidate per reading and sentence
    seen_vetoed: set[tuple[str, str, str]] = set()
    calls = [t for t in trigs if t.etype == "call"]
    for trig in trigs:
        f: dict[str, float] = {}
        if trig.etype == "meeting" and any(0 <= c.start - trig.end <= 25 for c in calls):
            f["v_call_talk"] = 1  # "a telephone conversation": the talk is the call
        pair, pair_src, from_context, anaphoric = _reading(art, st, idx, sent, trig, ms_all, ms, f)
        if pair is None or pair[0] == pair[1]:
            _topic_vetoes(art, sent, trig, ms_all, f)
            if not f:
                # "The talks took place on Sunday": a follow-up sentence may date the event before.
                date_previous(st.events, st.ev_idx, st.soft, idx, trig, dates, sent, art.lex, art.published)
            continue
        _topic_vetoes(art, sent, trig, ms_all, f)
        _pair_vetoes(art, sent, trig, ms_all, pair, from_context, anaphoric, f)
        f[f"src={pair_src}"] = 1
        cand = _candidate(art, st, idx, sent, trig, dates, pair, ms_all, ms, f)
        key = (trig.etype, min(pair), max(pair))
        if key in seen_ok or (not cand.rule_ok and key in seen_vetoed):
            continue
        (seen_ok if cand.rule_ok else seen_vetoed).add(key)
        _add(st, idx, cand)
        implied = implied_event(cand.event, trig, ms_all, art.lex, sent.text, sent.start) if cand.rule_ok else None
        if implied is not None:
            feats = {**cand.features, "implied": 1, f"implied_type={implied.event_type}": 1}
            _add(st, idx, Candidate(implied, feats, True))
        others = _alt_pairs(ms, pair) if pair_src == "sentence" else []
        alts = [(a, "alt") for a in others] + [(a, "subject") for a in _subject_pairs(art, ms, [pair, *others])]
        for alt, src in alts:
            fa = {k: v for k, v in f.items() if not k.startswith("src=")}
            fa[f"src={src}"] = 1
            _add(st, idx, _candidate(art, st, idx, sent, trig, dates, alt, ms_all, ms, fa, force_veto=True))


def _add(st: _State, idx: int, cand: Candidate) -> None:
    if cand.rule_ok:
        st.kept[len(st.events)] = cand
        st.ev_idx.append(idx)
        st.events.append(cand.event)
    st.candidates.append(cand)


def _alt_pairs(ms: list[CountryMention], chosen: tuple[str, str]) -> list[tuple[str, str]]:
    isos = [m.iso3 for m in ms]
    out = []
    for i, a in enumerate(isos):
        for b in isos[i + 1 :]:
            if {a, b} != set(chosen):
                out.append((a, b))
    return out[:MAX_ALT_PAIRS]


def _subject_pairs(art: _Article, ms: list[CountryMention], have: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The article's subject country with each country of the sentence ("Brazil's finance
    minister ... will visit Britain, France and Italy")."""
    subj = art.subject
    if subj is None:
        return []
    seen = {frozenset(p) for p in have}
    out = []
    for m in ms:
        if m.iso3 != subj and m.iso3 not in ORG_CODES and frozenset((subj, m.iso3)) not in seen:
            seen.add(frozenset((subj, m.iso3)))
            out.append((subj, m.iso3))
    return out[:MAX_ALT_PAIRS]


def _reading(
    art: _Article,
    st: _State,
    idx: int,
    sent: Sentence,
    trig: Trigger,
    ms_all: list[CountryMention],
    ms: list[CountryMention],
    f: dict[str, float],
) -> tuple[tuple[str, str] | None, str, bool, bool]:
    """The pair the trigger joins, where it came from, and the status cues before it (in f)."""
    lex = art.lex
    rel = trig.start - sent.start
    window = sent.text[max(0, rel - CUE_WINDOW_BEFORE) : rel]
    if cue(lex, "negation", window[-25:]):
        f["v_negation"] = 1
    if cue(lex, "hypothetical", _clause_before(sent.text, rel)):
        f["v_hypothetical"] = 1
    if trig.etype in ("visit", "call") and cue(lex, "multilateral", sent.text[rel : rel + 90]):
        f["v_multilateral_after"] = 1  # going or dialling in to a summit is not bilateral
    if trig.etype == "meeting" and cue(lex, "multilateral", sent.text[max(0, rel - 30) : rel + len(trig.text) + 35]):
        f["v_multilateral_near"] = 1  # "an OPEC meeting", "KTT ASEAN"
    follow = cue(lex, "followup", sent.text[max(0, rel - 12) : rel + 40])
    if follow is not None and any(family(e.event_type) == family(trig.etype) for e in st.events):
        f["v_followup"] = 1  # "the talks ...": the event already named, not a new one
    pair: tuple[str, str] | None = None
    src = "sentence"
    anaphora = cue(lex, "both", sent.text[rel : rel + 30])
    anaphoric = anaphora is not None and anaphora.start() == 0
    if anaphoric:
        if not st.events:
            f["v_anaphora_unbound"] = 1
            anaphoric = False
        else:
            pair, src = (st.events[-1].actor1, st.events[-1].actor2), "anaphora"
    elif cue(lex, "both", window[-30:]):
        isos = [m.iso3 for m in ms if m.iso3 not in ORG_CODES]
        if len(isos) >= 2:
            pair, src = (isos[0], isos[1]), "both"
    if pair is None:
        pair = pair_from_sentence(trig, ms_all, lex, sent.text, sent.start)
        src = "sentence"
    from_context = False
    if pair is None and len(ms) <= 1:
        context = st.prev_pair if idx - st.prev_idx <= 2 else None
        if not ms and art.main_strength >= 2:
            context = art.article_pair  # "kedua negara": the article's two countries
        if context is None or (ms and ms[0].iso3 not in context):
            context = art.article_pair if art.main_strength >= 2 else None
        both = cue(lex, "both", sent.text) is not None
        if len(ms) == 1 or both:
            pair = complete_pair(trig, ms, context)
            from_context = pair is not None
            src = "context"
            anaphoric = anaphoric or (both and not ms and pair is not None)
    if anaphoric:
        from_context = True
    return pair, src, from_context, anaphoric


def _topic_vetoes(
    art: _Article, sent: Sentence, trig: Trigger, ms_all: list[CountryMention], f: dict[str, float]
) -> None:
    lex = art.lex
    rel = trig.start - sent.start
    near = sent.text[max(0, rel - 60) : rel + 60]
    if trig.etype == "agreement" and cue(lex, "domestic", sent.text[rel : rel + 60]):
        f["v_domestic"] = 1  # "signed into law", "menandatangani perintah eksekutif"
    if cue(lex, "business", near + sent.text[rel + 60 : rel + 160]) and not any(m.kind == "leader" for m in ms_all):
        f["v_business"] = 1  # companies, investors, chambers of commerce


def _pair_vetoes(
    art: _Article,
    sent: Sentence,
    trig: Trigger,
    ms_all: list[CountryMention],
    pair: tuple[str, str],
    from_context: bool,
    anaphoric: bool,
    f: dict[str, float],
) -> None:
    lex = art.lex
    if in_enumeration(pair, ms_all, lex, sent.text, sent.start):
        f["v_enumeration"] = 1  # "Bangladesh, Bhutan, India, Nepal and Pakistan"
    if not (anaphoric or governmental(lex, sent.text, ms_all, from_context, sent.start)):
        f["v_nongovernmental"] = 1  # two countries named, but no government acting


def _candidate(
    art: _Article,
    st: _State,
    idx: int,
    sent: Sentence,
    trig: Trigger,
    dates: list,
    pair: tuple[str, str],
    ms_all: list[CountryMention],
    ms: list[CountryMention],
    f: dict[str, float],
    force_veto: bool = False,
) -> Candidate:
    lex, published = art.lex, art.published
    rel = trig.start - sent.start
    window = sent.text[max(0, rel - CUE_WINDOW_BEFORE) : rel]
    planned = bool(cue(lex, "planned", window) or cue(lex, "planned", trig.text))
    date, strength = choose_date(trig, dates, sent, lex, published, 1 if planned else -1)
    carried = False
    if strength < 2 and not planned:
        c = carried_date(art.sents, idx, lex, published)
        if c is not None:
            date, strength, carried = c, 2, True
    from_text = strength > 0
    if from_text and date.date and published is not None:
        day_one = dt.date.fromisoformat((date.date + "-01-01")[:10])
        if date.precision == "day" and day_one > published + dt.timedelta(days=1):
            planned = True
    background = bool(
        from_text
        and date.date
        and published is not None
        and period_end(date) < published - dt.timedelta(days=PAST_WINDOW_DAYS)
    )
    if background:
        planned = False
    if not from_text and cue(lex, "background", window + sent.text[rel : rel + 40]):
        f["v_background_undated"] = 1  # recalled, but nothing places it in time
    if carried:
        st.soft.add(len(st.events))
    event = Event(
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
        background=background,
    )
    vetoes = sum(1 for k in f if k.startswith("v_"))
    vetoed = force_veto or vetoes > 0
    f["rules_keep" if not vetoed else f"rules_vetoes={min(vetoes, 2)}"] = 1
    f.update(_context_features(art, idx, sent, trig, pair, ms_all, ms, planned, background, strength, carried, date.precision))
    if carried and vetoed:
        st.soft.discard(len(st.events))
    return Candidate(event, f, not vetoed)


def _context_features(
    art: _Article,
    idx: int,
    sent: Sentence,
    trig: Trigger,
    pair: tuple[str, str],
    ms_all: list[CountryMention],
    ms: list[CountryMention],
    planned: bool,
    background: bool,
    strength: int,
    carried: bool,
    precision: str,
) -> dict[str, float]:
    lex, lang, et = art.lex, art.lang, trig.etype
    rel = trig.start - sent.start
    f: dict[str, float] = {
        f"type={et}": 1,
        f"lang={lang}": 1,
        f"type_lang={et}_{lang}": 1,
        f"trig={lang}:{trig.text.lower()[:24]}": 1,
        f"sent_countries={_bucket(len(ms), (1, 2, 3))}": 1,
        f"art_countries={_bucket(art.n_countries, (2, 3, 5, 8))}": 1,
        f"sent_idx={_bucket(idx, (0, 1, 3, 6, 12))}": 1,
        f"date_strength={strength}": 1,
        f"date_prec={precision}": 1,
        f"pair_strength={_bucket(art.pairs[(min(pair), max(pair))], (0, 1, 2, 4))}": 1,
    }
    flags = {
        "planned": planned,
        "background": background,
        "carried_date": carried,
        "org_actor": any(c in ORG_CODES for c in pair),
        "main_pair": art.article_pair is not None and set(pair) == set(art.article_pair),
        "title_both": {m.iso3 for m in art.title_ms} >= set(pair),
        "title_one": bool({m.iso3 for m in art.title_ms} & set(pair)),
        "title_type": et in art.title_types,
        "host_first": trig.host_first,
        "resident": cue(lex, "resident", sent.text) is not None,
        "speech": cue(lex, "speech", sent.text) is not None,
        "official_cue": cue(lex, "official", sent.text) is not None,
        "both_cue": cue(lex, "both", sent.text) is not None,
        "today_cue": cue(lex, "today", sent.text) is not None,
        "multilateral_sent": cue(lex, "multilateral", sent.text) is not None,
        "business_sent": cue(lex, "business", sent.text) is not None,
        "quote": '"' in sent.text or "«" in sent.text or "“" in sent.text,
    }
    f.update({k: 1 for k, v in flags.items() if v})
    for side, code in (("a1", pair[0]), ("a2", pair[1])):
        here = [m for m in ms_all if m.iso3 == code]
        if not here:
            f[f"{side}_absent"] = 1
            continue
        for kind in {m.kind for m in here}:
            f[f"{side}_kind={kind}"] = 1
        for role in {m.role for m in here if m.role}:
            f[f"{side}_role={role}"] = 1
        dist = min(_tokens_between(sent.text, rel, m.start - sent.start) for m in here)
        f[f"{side}_dist={_bucket(dist, (2, 5, 10, 20))}"] = 1
    before = _WORD.findall(sent.text[max(0, rel - 60) : rel].lower())[-WINDOW_WORDS:]
    after = _WORD.findall(sent.text[rel + len(trig.text) : rel + len(trig.text) + 60].lower())[:WINDOW_WORDS]
    for w in before:
        f[f"wb={lang}:{w}"] = 1
    for w in after:
        f[f"wa={lang}:{w}"] = 1
    if flags["title_both"] and flags["title_type"]:
        f["title_tells_it"] = 1  # the headline names this pair and this kind of event
    if idx <= 1 and flags["main_pair"]:
        f["lead_main_pair"] = 1
    f["n_leaders"] = min(3, sum(m.kind == "leader" for m in ms_all)) / 3
    f["sent_len"] = min(1.0, len(sent.text) / 400)
    return f


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
        return replace(ev, event_type="meeting", location=None)
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
            )
    return None
