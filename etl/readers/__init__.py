"""Input side of the ETL: files and folders of news articles -> a stream of :class:`RawRecord`.

Formats (by extension):

- ``.txt``/``.text``/``.md``/``.markdown``: one article; the first non-empty line is the title,
  the rest the body (a Markdown ``---`` front matter block gives title/date/url when present).
- ``.csv``/``.tsv``/``.tab``: one article a row; delimiter and encoding sniffed, header names
  mapped to fields in several languages (``judul``, ``isi_berita``, ``tanggal`` …).
- ``.jsonl``/``.ndjson``: one JSON object a line; ``.json``: a list of objects, an object holding
  such a list under some key, or one object.
- ``.html``/``.htm``/``.xhtml``: main text, title and date via trafilatura (nothing is executed).

CSV and JSONL files are streamed row by row.  Errors in the input never escape: a file or row
that cannot be read becomes a RawRecord with ``error`` set (and ``origin``, plus ``record_id``
when known).  Two faults that would fail every file alike stop the run instead: a missing
library (:class:`etl.deps.MissingDependency`) and ``columns`` naming a header a table does not
have (:class:`ColumnsError`, an :class:`InputError`).

Records longer than ``max_record_chars`` are cut to that length (text and title) and kept as
good records; the cut is logged as a warning on the "etl.readers" logger, ``error`` stays None.

For tables (CSV/JSON) the order of ambiguous numeric dates ("05/12/2017") is decided once per
file from a look-ahead sample of the date column (see ``etl.readers.tables.decide_orders``)
and handed on in ``RawRecord.date_order`` for :func:`etl.pubdate.normalize_published`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from etl.deps import MissingDependency
from etl.readers.common import FIELD_NAMES, FileError, Options, error_record, log
from etl.readers.documents import html_records, text_records
from etl.readers.listing import ColumnsError, InputError, file_kind, list_input_files
from etl.readers.tables import csv_records, json_records, jsonl_records
from etl.schema import RawRecord

__all__ = [
    "FIELD_NAMES",
    "ColumnsError",
    "MAX_FILE_BYTES",
    "MAX_RECORD_CHARS",
    "InputError",
    "iter_records",
    "list_input_files",
]

_READERS = {
    "text": text_records,
    "csv": csv_records,
    "jsonl": jsonl_records,
    "json": json_records,
    "html": html_records,
}


def _read_file(path: Path, opts: Options) -> Iterator[RawRecord]:
    origin = str(path)
    n = 0
    try:
        if path.is_dir():
            raise FileError("cannot list folder (permission denied?)")
        if not path.exists():
            raise FileError("file not found")
        if not path.is_file():  # never opened: reading a pipe or device could block forever
            raise FileError("not a regular file (pipe, socket or device)")
        kind = file_kind(path)
        if kind is None:
            raise FileError(f"unsupported format ({path.suffix.lower() or 'no extension'})")
        size = path.stat().st_size
        if size > opts.max_file_bytes:
            raise FileError(f"file too large ({size} bytes > limit {opts.max_file_bytes})")
        if size == 0:
            raise FileError("empty file")
        for record in _READERS[kind](path, opts):
            n += 1
            yield record
        if not n:  # JSONL gives a record for every non-blank line: nothing means blank lines
            yield error_record(origin, "empty file" if kind == "jsonl" else "no records")
    except FileError as exc:
        yield error_record(origin, str(exc)[:300])
    except OSError as exc:
        yield error_record(origin, f"cannot read file: {exc.strerror or exc}")
    except MissingDependency:
        raise  # the environment's fault, the same for every file: stop the run
    except ColumnsError as exc:  # the user's mapping does not fit this file: stop the run
        raise ColumnsError(f"--columns does not fit {origin}: {exc}") from None
    except Exception as exc:  # errors never escape: the file becomes an error record
        log.exception("%s: unexpected error", origin)
        suffix = f" after {n} records" if n else ""
        yield error_record(origin, f"read failed{suffix}: {type(exc).__name__}: {exc}"[:500])


MAX_FILE_BYTES = 200_000_000  # a larger input file is refused with a recorded reason
MAX_RECORD_CHARS = 2_000_000  # a longer article text is cut to this


def iter_records(
    inputs: Sequence[str | Path] | str | Path,
    columns: Mapping[str, str] | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_record_chars: int = MAX_RECORD_CHARS,
) -> Iterator[RawRecord]:
    """Stream the records of all inputs (files and folders, in list_input_files order).

    Raises InputError at once (not on first iteration) when no input exists; after that every
    problem of the input becomes a RawRecord with ``error`` set, except ColumnsError and
    MissingDependency (raised during iteration).
    """
    files = list_input_files(inputs)
    opts = Options(columns, max_file_bytes, max(1, max_record_chars))
    return itertools.chain.from_iterable(_read_file(p, opts) for p in files)
