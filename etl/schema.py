"""The one place where the output tables are defined.

Every other module (writer, evaluator, dashboard) takes its column lists and types
from here.  Records passed between pipeline stages are frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

EVENT_TYPES = ("visit", "meeting", "agreement", "call")
STATUSES = ("occurred", "planned")
PRECISIONS = ("day", "month", "year", "none")
PUBLISHED_BASES = ("metadata", "url", "text", "none")
CAMEO = {"visit": "042", "meeting": "040", "agreement": "057", "call": "041"}

# Organisations that may stand as a party (codes fixed by the dev-set guideline).
ORG_CODES = {
    "EUR": "European Union",
    "UNO": "United Nations",
    "ASN": "ASEAN",
    "NAT": "NATO",
    "AFU": "African Union",
}

EVENTS_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("event_type", pa.string()),  # visit | meeting | agreement | call
        ("status", pa.string()),  # occurred | planned
        ("cameo_code", pa.string()),
        ("event_date", pa.string()),  # ISO: YYYY-MM-DD, YYYY-MM, YYYY, or null
        ("date_precision", pa.string()),  # day | month | year | none
        ("date_text", pa.string()),  # the words the date came from
        ("actor1", pa.string()),  # ISO3 (or ORG code)
        ("actor2", pa.string()),
        ("actor1_name", pa.string()),
        ("actor2_name", pa.string()),
        ("dyad", pa.string()),  # sorted pair "IRN-RUS"
        ("location", pa.string()),  # ISO3 of where it happened, if known
        ("evidence", pa.string()),  # the sentence that states it (first mention)
        ("language", pa.string()),
        ("article_id", pa.string()),  # first article reporting it
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("published", pa.string()),  # ISO date of that article
        ("n_articles", pa.int32()),
        ("n_sources", pa.int32()),
        ("confidence", pa.float32()),
    ]
)

MENTIONS_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("sentence", pa.string()),
        ("char_start", pa.int32()),  # offsets of the sentence in the article text
        ("char_end", pa.int32()),
        ("date_text", pa.string()),
        ("trigger", pa.string()),  # the trigger word(s) as written, for highlighting
        ("event_type", pa.string()),
        ("status", pa.string()),
        ("event_date", pa.string()),
        ("date_precision", pa.string()),
        ("actor1", pa.string()),
        ("actor2", pa.string()),
        ("confidence", pa.float32()),
    ]
)

ARTICLES_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("origin", pa.string()),  # path, or path#row=N
        ("record_id", pa.string()),  # the input's own id field
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("published", pa.string()),  # ISO date (YYYY-MM-DD / YYYY-MM / YYYY) or null
        ("published_precision", pa.string()),
        ("published_basis", pa.string()),  # metadata | url | text | none
        ("published_raw", pa.string()),
        ("status", pa.string()),  # ok | failed
        ("error", pa.string()),
        ("note", pa.string()),  # processed, but something to know (e.g. text truncated)
        ("n_events", pa.int32()),
        ("content_hash", pa.string()),
    ]
)

EVENT_COLUMNS = EVENTS_SCHEMA.names
MENTION_COLUMNS = MENTIONS_SCHEMA.names
ARTICLE_COLUMNS = ARTICLES_SCHEMA.names
SCHEMAS = {"events": EVENTS_SCHEMA, "mentions": MENTIONS_SCHEMA, "articles": ARTICLES_SCHEMA}


@dataclass(frozen=True)
class RawRecord:
    """One article as a reader found it, before any interpretation."""

    origin: str  # path or path#row=N
    record_id: str | None = None
    title: str = ""
    text: str = ""
    url: str = ""
    source: str = ""
    published_raw: str = ""
    language: str = ""  # the input's own language field, if any
    date_order: str = ""  # "MDY" / "DMY" / "YMD" decided by the reader for this column
    error: str | None = None  # set when the record could not be read; others empty
    note: str | None = None  # read, but with something to know ("text truncated ...")


@dataclass(frozen=True)
class PubDate:
    date: str | None  # ISO string at its precision
    precision: str = "none"  # day | month | year | none
    basis: str = "none"  # metadata | url | text | none


@dataclass(frozen=True)
class EventDate:
    date: str | None
    precision: str = "none"
    text: str = ""  # the words it came from ("" when none)


@dataclass(frozen=True)
class Event:
    """One event as stated in one article (a future mention row)."""

    event_type: str
    status: str
    actor1: str
    actor2: str
    date: EventDate
    sentence: str
    char_start: int
    char_end: int
    trigger: str = ""
    location: str | None = None
    confidence: float = 0.5
    background: bool = False


@dataclass(frozen=True)
class Article:
    article_id: str
    origin: str
    record_id: str | None
    title: str
    text: str
    url: str
    source: str
    language: str
    published: PubDate
    published_raw: str = ""
    content_hash: str = ""
    status: str = "ok"
    error: str | None = None
    note: str | None = None
    events: tuple[Event, ...] = field(default_factory=tuple)
