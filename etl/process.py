"""One record in, one ``Article`` (with its events) out. Pure: no file system."""

from __future__ import annotations

import datetime as dt
import hashlib
import traceback

from .deps import MissingDependency
from .extract import extract_events
from .langdetect import identify_language, supported
from .pubdate import normalize_published
from .schema import Article, Event, PubDate, RawRecord
from .sentences import clean_text


def content_hash(rec: RawRecord) -> str:
    h = hashlib.sha1()
    for part in (rec.title, rec.text, rec.url, rec.published_raw, rec.source):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def origin_id(origin: str) -> str:
    return hashlib.sha1(origin.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _pub_day(p: PubDate) -> dt.date | None:
    if p.date is None:
        return None
    # A month- or year-precise publication date still anchors relative words to its start.
    return dt.date.fromisoformat((p.date + "-01-01")[:10])


def failed_article(rec: RawRecord, error: str) -> Article:
    return Article(
        article_id=origin_id(rec.origin),
        origin=rec.origin,
        record_id=rec.record_id,
        title=clean_text(rec.title).strip(),
        text="",
        url=rec.url,
        source=rec.source,
        language=rec.language,
        published=PubDate(None),
        published_raw=rec.published_raw,
        content_hash="",
        status="failed",
        error=error,
    )


def process_record(rec: RawRecord) -> Article:
    """Normalize, date and extract one record; any failure becomes a failed Article."""
    if rec.error:
        return failed_article(rec, rec.error)
    try:
        text = clean_text(rec.text)
        title = clean_text(rec.title).strip()
        if not text.strip() and not title:
            return failed_article(rec, "no text")
        lang, lang_note = identify_language(title, text, rec.language)
        pub = normalize_published(
            rec.published_raw, language=lang, date_order=rec.date_order, url=rec.url, text=text
        )
        events: tuple[Event, ...] = ()
        if lang in supported():
            events = extract_events(text, title=title, lang=lang, published=_pub_day(pub))
        chash = content_hash(rec)
        return Article(
            article_id=chash[:16],
            origin=rec.origin,
            record_id=rec.record_id,
            title=title,
            text=text,
            url=rec.url,
            source=rec.source,
            language=lang,
            published=pub,
            published_raw=rec.published_raw,
            content_hash=chash,
            note="; ".join(n for n in (rec.note, lang_note) if n) or None,
            events=events,
        )
    except MissingDependency:
        raise  # a missing library fails every record alike: stop the run with one message
    except Exception as exc:  # one bad record must not stop the run
        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {tb[-1].name}:{tb[-1].lineno}" if tb else ""
        return failed_article(rec, f"extraction error: {type(exc).__name__}: {exc}{where}"[:500])
