"""Documents: one article a file (.txt/.md, .html)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from etl.deps import require
from etl.readers.common import (
    SNIFF_BYTES,
    FileError,
    Options,
    as_text,
    clean,
    field_map,
    make_record,
    pick,
    read_all_text,
)
from etl.schema import RawRecord

# trafilatura's time grows faster than linearly with the markup (a 4 MB page of paragraphs
# takes a minute, 30 MB over ten minutes and 1.5 GB): bigger pages are refused.
HTML_MAX_BYTES = 2_000_000
_BULK_TAGS = ((b"<script", b"</script"), (b"<style", b"</style"), (b"<!--", b"-->"),
              (b"<svg", b"</svg"))  # fmt: skip


def _strip_bulk(data: bytes) -> bytes:
    """Scripts (JSON-LD kept: it holds the publication date), styles, comments and inline SVG
    cut out in one linear pass per kind (an unclosed one runs to the end)."""
    for start, end in _BULK_TAGS:
        low, pieces, pos = data.lower(), [], 0
        while (i := low.find(start, pos)) >= 0:
            j = low.find(end, i + len(start))
            stop = len(data) if j < 0 else low.find(b">", j) + 1 or len(data)
            if start == b"<script" and b"ld+json" in low[i : low.find(b">", i) + 1 or stop]:
                pieces.append(data[pos:stop])
            else:
                pieces.append(data[pos:i])
            pos = stop
        pieces.append(data[pos:])
        data = b"".join(pieces)
    return data


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.{0,20000}?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HTML_LANG_RE = re.compile(
    rb"<html[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?![A-Za-z])", re.I
)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` lines of a Markdown front matter block, and the rest of the text."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            meta[key.strip()] = value.strip().strip("\"'")
    return meta, text[m.end() :]


def text_records(path: Path, opts: Options) -> Iterator[RawRecord]:
    """The first non-empty line is the title, the rest the body; a Markdown front matter
    block (``---`` … ``---``) gives fields of its own, and with a ``title:`` there the whole
    rest is the body."""
    # at most 4 bytes a character: what is beyond would be cut from the record anyway
    text = clean(read_all_text(path, 4 * opts.max_record_chars + 4096)).strip()
    if not text:
        raise FileError("empty file")
    markdown = path.suffix.lower() in (".md", ".markdown")
    fields: dict[str, str] = {}
    if markdown:
        meta, text = _front_matter(text)
        fields = pick(list(meta.values()), field_map(list(meta), None)) if meta else {}
        text = text.strip()
    if not fields.get("title"):
        title, _, text = text.partition("\n")
        fields["title"] = title.lstrip("#").strip() if markdown else title.strip()
    fields["text"] = text.strip()
    yield make_record(str(path), fields, opts)


def html_records(path: Path, opts: Options) -> Iterator[RawRecord]:
    # slow to import: only when there is HTML. trafilatura needs lxml's HTML cleaner, a
    # separate package since lxml 5.2; checked first so that its absence is named clearly.
    require("lxml_html_clean", "lxml_html_clean", "Reading HTML (.html/.htm)")
    trafilatura = require("trafilatura", "trafilatura", "Reading HTML (.html/.htm)")

    data = path.read_bytes()
    if not data.strip():
        raise FileError("empty file")
    if b"\x00" in data[:SNIFF_BYTES] and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise FileError("binary content (NUL bytes)")
    if len(data) > HTML_MAX_BYTES:  # big pages are mostly scripts and styles: drop those first
        data = _strip_bulk(data)
        if len(data) > HTML_MAX_BYTES:
            raise FileError(
                f"HTML too large to extract ({len(data)} bytes of markup without scripts and "
                f"styles > limit {HTML_MAX_BYTES})"
            )
    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None:
        raise FileError("no text")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    lang = _HTML_LANG_RE.search(data[:20000])
    fields = {
        "title": as_text(meta.get("title")),
        "text": as_text(meta.get("text")),
        "url": as_text(meta.get("url")),
        "source": as_text(meta.get("sitename")) or as_text(meta.get("hostname")),
        "published_raw": as_text(meta.get("date")),
        "language": as_text(meta.get("language"))
        or (lang.group(1).decode().lower() if lang else ""),
    }
    yield make_record(str(path), fields, opts, "YMD" if fields["published_raw"] else "")
