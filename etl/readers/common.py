"""Shared pieces of the readers: options, bytes -> text, field mapping, record building."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from etl.readers.listing import ColumnsError
from etl.schema import RawRecord

log = logging.getLogger("etl.readers")

SNIFF_BYTES = 1 << 20  # bytes looked at to sniff encoding and binary content
_STRAY_NULS = 8  # NUL bytes a text file may hold whatever its size

# Field name -> header/key names that mean it (normalised: lower case, spaces/dashes -> "_").
# fmt: off
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "judul", "headline", "titulo", "título", "titre", "titel", "titolo",
              "заголовок", "judul_berita", "heading", "head"),
    "text": ("text", "isi_berita", "isi", "content", "body", "article", "texto", "texte", "текст",
             "article_text", "full_text", "fulltext", "maintext", "main_text", "article_body",
             "body_text", "story", "konten", "inhalt", "testo", "conteudo", "conteúdo",
             "contenido"),
    "published_raw": ("date", "tanggal", "published", "published_at", "pubdate", "pub_date",
                      "datetime", "waktu", "publish_date", "published_date", "date_published",
                      "publication_date", "publishdate", "datepublished", "date_time", "tgl",
                      "fecha", "datum", "data_publicacao", "date_publication", "дата"),
    "url": ("url", "tautan", "link", "href", "article_url", "source_url", "permalink", "uri",
            "enlace", "lien", "ссылка"),
    "record_id": ("id", "article_id", "doc_id", "docid", "news_id", "_id", "uuid", "guid",
                  "identifier"),
    "source": ("source", "media", "outlet", "sumber", "publisher", "site", "sitename",
               "site_name", "source_name", "domain", "portal", "fuente", "fonte", "quelle",
               "источник"),
    "language": ("language", "lang", "bahasa", "idioma", "langue", "sprache", "lingua", "язык"),
}
# Names a user may give in ``columns`` for each field (besides the field names themselves).
_FIELD_ALIASES = {
    "body": "text", "date": "published_raw", "published": "published_raw",
    "pubdate": "published_raw", "id": "record_id", "lang": "language",
}
# fmt: on
_NAME_TO_FIELD = {n: (f, i) for f, names in FIELD_NAMES.items() for i, n in enumerate(names)}

_SURROGATES_RE = re.compile(r"[\ud800-\udfff]")
_CONTROL_RE = re.compile(r"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class FileError(Exception):
    """A whole file cannot be read; the message becomes the error record's ``error``."""


@dataclass(frozen=True)
class Options:
    columns: Mapping[str, str] | None
    max_file_bytes: int
    max_record_chars: int


# ---------------------------------------------------------------------------------------------
# Bytes -> text.
def clean(s: str) -> str:
    """NUL bytes and lone surrogates removed, line endings normalised to \\n."""
    if "\x00" in s:
        s = s.replace("\x00", "")
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATES_RE.sub("", s)


def sniff_encoding(head: bytes) -> str:
    """utf-8-sig / UTF-16 / UTF-32 by BOM, else utf-8 if the sample decodes, else cp1252.
    Raises FileError for binary content."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        # UTF-16 without BOM: NULs in every other byte of ASCII-range text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        if half >= 2 and odd >= 0.4 * half and even <= 0.05 * half:
            return "utf-16-le"
        if half >= 2 and even >= 0.4 * half and odd <= 0.05 * half:
            return "utf-16-be"
        # a few stray NULs in text are removed, not fatal (even in a file of a few bytes)
        if head.count(0) > max(_STRAY_NULS, 0.01 * len(head)):
            raise FileError("binary content (NUL bytes)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def check_text(sample: str) -> None:
    if sample and len(_CONTROL_RE.findall(sample)) > 0.05 * len(sample):
        raise FileError("binary content (control characters)")


def read_head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(SNIFF_BYTES)


def open_text(path: Path, newline: str | None = "") -> TextIO:
    """A text stream of the file with its sniffed encoding (undecodable bytes replaced)."""
    encoding = sniff_encoding(read_head(path))
    f = open(path, encoding=encoding, errors="replace", newline=newline)  # noqa: SIM115
    try:
        check_text(f.read(SNIFF_BYTES // 4))
        f.seek(0)
    except BaseException:
        f.close()
        raise
    return f


def read_all_text(path: Path, max_bytes: int | None = None) -> str:
    """The whole file as text; with ``max_bytes`` only its first ``max_bytes`` bytes (a
    character cut in two at the end is dropped), so a huge file costs bounded memory."""
    with open(path, "rb") as f:
        data = f.read() if max_bytes is None else f.read(max_bytes)
        cut = max_bytes is not None and bool(f.read(1))
    if cut:
        log.warning("%s: larger than %d bytes, only the start is read", path, max_bytes)
    encoding = sniff_encoding(data[:SNIFF_BYTES])
    if encoding == "utf-8":
        try:
            text = codecs.getincrementaldecoder("utf-8")().decode(data, final=not cut)
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    else:
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(data, final=not cut)
    if encoding.startswith("utf-16") and "\x00" in text:
        raise FileError("binary content (NUL characters)")
    check_text(text[: SNIFF_BYTES // 4])
    return text


# ---------------------------------------------------------------------------------------------
# Fields of tables.
def norm_name(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.replace("\ufeff", "").strip().strip("\"'").lower())


def field_map(
    names: Sequence[str], columns: Mapping[str, str] | None, strict: bool = True
) -> dict[str, int]:
    """field -> index of the column/key that holds it.  Automatic mapping by FIELD_NAMES
    (the earlier synonym wins; among duplicate headers the first column), overridden by
    ``columns`` ({"title": "Judul Berita", …}).  Raises FileError for an unknown field name
    and, when ``strict``, for an override column that is not there."""
    normed = [norm_name(n) for n in names]
    best: dict[str, tuple[int, int]] = {}
    for idx, n in enumerate(normed):
        hit = _NAME_TO_FIELD.get(n)
        if hit and (hit[0] not in best or hit[1] < best[hit[0]][0]):
            best[hit[0]] = (hit[1], idx)
    fields = {f: idx for f, (_, idx) in best.items()}
    for key, wanted in (columns or {}).items():
        field = column_field(key)
        try:
            fields[field] = normed.index(norm_name(wanted))
        except ValueError:
            if not strict:
                fields.pop(field, None)
                continue
            shown = ", ".join(names[:30])
            raise ColumnsError(f"column {wanted!r} not found (columns: {shown})") from None
    return fields


def column_field(key: str) -> str:
    """The field a ``columns`` key names ("date" -> "published_raw"); ColumnsError if none."""
    field = _FIELD_ALIASES.get(norm_name(key), norm_name(key))
    if field not in FIELD_NAMES:
        known = "title, text, date, url, id, source, language"
        raise ColumnsError(f"unknown field in --columns: {key!r} (fields: {known})")
    return field


def as_text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "\n".join(t for t in (as_text(v) for v in value) if t)
    if isinstance(value, dict):  # e.g. {"source": {"name": "Reuters"}}
        for key in ("name", "title", "text", "url", "value"):
            if isinstance(value.get(key), str):
                return value[key]
    return ""


def make_record(
    origin: str, fields: Mapping[str, str], opts: Options, date_order: str = ""
) -> RawRecord:
    """A good record from raw field strings, or an error record "no text"."""
    limit = opts.max_record_chars
    text = clean(fields.get("text", "")).strip()
    record_id = clean(fields.get("record_id", "")).strip() or None
    if not text:
        return RawRecord(origin=origin, record_id=record_id, error="no text")
    title = " ".join(clean(fields.get("title", "")).split())
    note = None
    if len(text) > limit or len(title) > limit:
        log.warning("%s: record longer than %d chars, truncated", origin, limit)
        note = f"text truncated from {len(text):,} to {min(len(text), limit):,} characters (--max-record-chars)"
        text, title = text[:limit], title[:limit]
    return RawRecord(
        origin=origin,
        record_id=record_id,
        title=title,
        text=text,
        url=clean(fields.get("url", "")).strip()[:limit],
        source=clean(fields.get("source", "")).strip()[:limit],
        published_raw=" ".join(clean(fields.get("published_raw", "")).split())[:1000],
        language=clean(fields.get("language", "")).strip()[:100],
        date_order=date_order,
        note=note,
    )


def error_record(origin: str, message: str, record_id: str | None = None) -> RawRecord:
    return RawRecord(origin=origin, record_id=record_id, error=message)


# A table reader yields (origin, fields) for rows and RawRecord for rows it could not read.
Row = tuple[str, dict[str, str]]


def pick(values: Sequence[Any], fmap: Mapping[str, int], convert: Any = None) -> dict[str, str]:
    n = len(values)
    if convert is None:
        return {f: values[i] if i < n else "" for f, i in fmap.items()}
    return {f: convert(values[i]) if i < n else "" for f, i in fmap.items()}
