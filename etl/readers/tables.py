"""Tables: CSV/TSV rows and JSON/JSONL objects -> records, with the date order of the file."""

from __future__ import annotations

import csv
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from etl.pubdate import order_evidence, order_hint
from etl.readers.common import (
    FIELD_NAMES,
    FileError,
    Options,
    Row,
    as_text,
    error_record,
    field_map,
    make_record,
    norm_name,
    open_text,
    pick,
    read_all_text,
)
from etl.schema import RawRecord

LOOKAHEAD_VALUES = 200  # date values sampled to decide the day/month order …
LOOKAHEAD_ROWS = 2000  # … but never more rows or characters than these held in memory
LOOKAHEAD_CHARS = 32_000_000
_MAX_CSV_ERRORS = 1000
_MAX_REREADS = 100  # unclosed quotes after which the rest of a CSV file is given up
# Date headers of English/Indonesian datasets: ambiguous dates there are month-first
# (detik's "tanggal" is "10/21/2025 20:43"); other headers (fecha, datum, дата …) default to DMY.
_MDY_DATE_HEADERS = frozenset(
    FIELD_NAMES["published_raw"][: FIELD_NAMES["published_raw"].index("fecha")]
)
# Keys under which a .json object usually keeps its list of articles.
_LIST_KEYS = "articles data items results records documents docs news entries posts rows hits"


def _group_key(fields: Mapping[str, str]) -> tuple[str, str]:
    return (fields.get("language", "").strip().lower(), fields.get("source", "").strip().lower())


def _own_order(counts: Counter[str], hint: str) -> str:
    """What sampled values say by themselves: day > 12 first or second ("" on a tie), else a
    hint in the strings, else "YMD" when all are year-first, else ""."""
    if counts["DMY"] != counts["MDY"]:
        return "DMY" if counts["DMY"] > counts["MDY"] else "MDY"
    if hint:
        return hint
    return "YMD" if counts["YMD"] and not (counts[""] or counts["DMY"]) else ""


def decide_orders(
    sample: Iterable[tuple[tuple[str, str], str]], date_header: str
) -> tuple[dict[tuple[str, str], str], str]:
    """Day/month order per (language, source) group and for the whole file, from sampled
    date values.  A group's own values decide ("21/10/2025" -> DMY, "10/21/2025" -> MDY), then
    a hint in its strings ("11h35", "WIB", "Uhr", dotted dates -> DMY), then the file's values
    and hints, then the header convention (MDY for English/Indonesian date headers, else DMY)."""
    evidence: dict[tuple[str, str], Counter[str]] = {}
    hints: dict[tuple[str, str], str] = {}
    for key, value in sample:
        evidence.setdefault(key, Counter())[order_evidence(value)] += 1
        if not hints.get(key):
            hints[key] = order_hint(value)
    total = sum(evidence.values(), Counter())
    file_hint = Counter(h for h in hints.values() if h).most_common(1)
    default = "MDY" if norm_name(date_header) in _MDY_DATE_HEADERS else "DMY"
    file_order = _own_order(total, file_hint[0][0] if file_hint else "") or default
    by_group = {key: _own_order(c, hints[key]) or file_order for key, c in evidence.items()}
    return by_group, file_order


def _with_orders(
    rows: Iterator[Row | RawRecord], date_header: str | None, opts: Options
) -> Iterator[RawRecord]:
    """Rows -> records, with the date order decided on a bounded look-ahead buffer."""
    if not date_header:
        for row in rows:
            yield row if isinstance(row, RawRecord) else make_record(row[0], row[1], opts)
        return
    buffer: list[Row | RawRecord] = []
    sample: list[tuple[tuple[str, str], str]] = []
    chars = 0
    for row in rows:
        buffer.append(row)
        if not isinstance(row, RawRecord):
            fields = row[1]
            chars += sum(len(v) for v in fields.values())
            value = fields.get("published_raw", "").strip()
            if value:
                sample.append((_group_key(fields), value[:200]))
        if (
            len(sample) >= LOOKAHEAD_VALUES
            or len(buffer) >= LOOKAHEAD_ROWS
            or chars > LOOKAHEAD_CHARS
        ):
            break
    by_group, file_order = decide_orders(sample, date_header)
    for row in itertools.chain(buffer, rows):
        if isinstance(row, RawRecord):
            yield row
        else:
            order = by_group.get(_group_key(row[1]), file_order)
            yield make_record(row[0], row[1], opts, order)


# ---------------------------------------------------------------------------------------------
# CSV / TSV.
def _sniff_delimiter(sample: str, ext: str) -> str:
    default = "\t" if ext in (".tsv", ".tab") else ","
    header = sample.split("\n", 1)[0]
    cut = sample.rfind("\n")
    try:
        delimiter = (
            csv.Sniffer().sniff(sample[:cut] if cut > 0 else sample, delimiters=",;\t|").delimiter
        )
    except csv.Error:
        delimiter = ""
    if delimiter and delimiter in header:
        return delimiter
    if default in header:
        return default
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else default


def _open_quote_at_end(lines: list[str], delimiter: str) -> bool:
    """True when these lines end inside a quoted field (an unclosed quote ran to the end)."""
    try:
        for _ in csv.reader(iter(lines), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def csv_records(path: Path, opts: Options) -> Iterator[RawRecord]:
    origin = str(path)
    # Long articles fit; a field beyond twice the record limit (a runaway quote swallowing the
    # file) becomes an error row instead of eating memory.  The limit is process-wide.
    csv.field_size_limit(max(131_072, 2 * opts.max_record_chars))
    with open_text(path) as f:
        sample = f.read(64 * 1024)
        if not sample.strip():
            raise FileError("empty file")
        f.seek(0)
        delimiter = _sniff_delimiter(sample, path.suffix.lower())
        consumed: list[str] = []  # the physical lines of the row being parsed

        def tracked(lines: Iterable[str]) -> Iterator[str]:
            for line in lines:
                line = line.replace("\x00", "")
                consumed.append(line)
                yield line

        reader = csv.reader(tracked(f), delimiter=delimiter, strict=False)
        header = next((r for r in reader if any(c.strip() for c in r)), None)
        if header is None:
            raise FileError("empty file")
        consumed.clear()
        fmap = field_map(header, opts.columns)
        if "text" not in fmap:
            shown = ", ".join(h.strip() for h in header[:30])
            raise FileError(f"no text column (columns: {shown})")
        date_header = header[fmap["published_raw"]] if "published_raw" in fmap else None
        n = errors = 0

        def parse(rdr: Any) -> Iterator[Row | RawRecord]:
            """Rows of ``rdr``; the last row is held back until the end is reached, where an
            unclosed quote that swallowed the rest of the file makes it an error row and the
            lines after its first one are read again as rows (see ``rows``)."""
            nonlocal n, errors
            last_error_line = -1
            pending: tuple[str, list[str], list[str]] | None = None
            while True:
                try:
                    row = next(rdr)
                except StopIteration:
                    break
                except csv.Error as exc:
                    consumed.clear()
                    if pending:
                        yield (pending[0], pick(pending[1], fmap))
                        pending = None
                    errors += 1
                    yield error_record(f"{origin}#row={n}", f"unreadable CSV row: {exc}")
                    n += 1
                    if errors > _MAX_CSV_ERRORS or rdr.line_num == last_error_line:
                        yield error_record(
                            origin, "too many unreadable CSV rows; rest of file skipped"
                        )
                        return
                    last_error_line = rdr.line_num
                    continue
                lines = consumed[:]
                consumed.clear()
                if not any(c.strip() for c in row):
                    continue
                if pending:
                    yield (pending[0], pick(pending[1], fmap))
                pending = (f"{origin}#row={n}", row, lines)
                n += 1
            if pending is None:
                return
            row_origin, row, lines = pending
            if not _open_quote_at_end(lines, delimiter):
                yield (row_origin, pick(row, fmap))
                return
            rid = pick(row, fmap).get("record_id", "").strip()[:200] or None
            again = f"; the {len(lines) - 1} line(s) after it read again" if len(lines) > 1 else ""
            yield error_record(
                row_origin,
                "unclosed quote: a quoted field runs to the end of the file (row cut off or a "
                f"stray quote){again}",
                rid,
            )
            rereads.append(lines[1:])

        rereads: list[list[str]] = []

        def rows() -> Iterator[Row | RawRecord]:
            yield from parse(reader)
            for _ in range(_MAX_REREADS):
                if not rereads or not rereads[-1]:
                    return
                again = rereads.pop()
                yield from parse(csv.reader(tracked(again), delimiter=delimiter, strict=False))
            if rereads and rereads[-1]:
                yield error_record(origin, "too many unclosed quotes; rest of file skipped")

        yield from _with_orders(rows(), date_header, opts)


# ---------------------------------------------------------------------------------------------
# JSON / JSONL.
class _KeyMapper:
    """Field map per distinct key tuple (objects in one file usually share their keys)."""

    def __init__(self, columns: Mapping[str, str] | None):
        self.columns = columns
        self.cache: dict[tuple[str, ...], dict[str, int]] = {}

    def _fmap(self, keys: tuple[str, ...]) -> dict[str, int]:
        fmap = self.cache.get(keys)
        if fmap is None:
            fmap = self.cache[keys] = field_map([str(k) for k in keys], self.columns, strict=False)
        return fmap

    def fields(self, obj: Mapping[str, Any]) -> dict[str, str]:
        return pick(list(obj.values()), self._fmap(tuple(obj)), as_text)

    def date_key(self, obj: Mapping[str, Any]) -> str | None:
        keys = tuple(obj)
        idx = self._fmap(keys).get("published_raw")
        return str(keys[idx]) if idx is not None else None


def _object_rows(
    objects: Iterable[tuple[str, Any]], mapper: _KeyMapper
) -> Iterator[Row | RawRecord]:
    for origin, obj in objects:
        if isinstance(obj, RawRecord):
            yield obj
        elif isinstance(obj, dict):
            yield (origin, mapper.fields(obj))
        else:
            yield error_record(origin, f"not a JSON object ({type(obj).__name__})")


def _json_records(objects: Iterator[tuple[str, Any]], opts: Options) -> Iterator[RawRecord]:
    """Objects -> records, the date column named by the first object that has one."""
    mapper = _KeyMapper(opts.columns)
    head = list(itertools.islice(objects, 50))
    if opts.columns:  # an override must name a key of at least one of the first objects
        keys = sorted({str(k) for _, o in head if isinstance(o, dict) for k in o})
        if keys:
            field_map(keys, opts.columns)
    date_header = next(
        (k for _, o in head if isinstance(o, dict) and (k := mapper.date_key(o))), None
    )
    yield from _with_orders(_object_rows(itertools.chain(head, objects), mapper), date_header, opts)


def _jsonl_objects(lines: Iterable[str], origin: str) -> Iterator[tuple[str, Any]]:
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        row_origin = f"{origin}#row={i}"
        try:
            yield row_origin, json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield row_origin, error_record(row_origin, f"invalid JSON: {message}")


def jsonl_records(path: Path, opts: Options) -> Iterator[RawRecord]:
    with open_text(path, newline=None) as f:
        yield from _json_records(_jsonl_objects(f, str(path)), opts)


def json_records(path: Path, opts: Options) -> Iterator[RawRecord]:
    origin = str(path)
    text = read_all_text(path)
    if not text.strip():
        raise FileError("empty file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # JSON Lines saved as .json
            yield from _json_records(_jsonl_objects(text.split("\n"), origin), opts)
            return
        raise FileError(f"invalid JSON: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise FileError("invalid JSON: nested too deeply") from None
    if isinstance(data, dict):
        lists = [
            k
            for k, v in data.items()
            if isinstance(v, list) and any(isinstance(x, dict) for x in v)
        ]
        if lists:
            key = next((k for k in _LIST_KEYS.split() if k in lists), lists[0])
            data = data[key]
        else:
            yield from _json_records(iter([(origin, data)]), opts)
            return
    if not isinstance(data, list):
        raise FileError(f"not a JSON object or list ({type(data).__name__})")
    yield from _json_records(((f"{origin}#row={i}", o) for i, o in enumerate(data)), opts)
