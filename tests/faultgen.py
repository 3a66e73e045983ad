"""Fault corpus generator: dirty inputs made on the fly in a temporary folder.

Every :class:`Fault` writes its files with ``build(folder)`` and states what the ETL must make
of them: how many articles end ``ok`` and how many ``failed`` (with a human-readable reason
containing ``error``).  Nothing here is committed as a large file: the 50 MB single line is
written from repeated bytes in a few hundred milliseconds.

The sentences are written for these tests (no corpus text).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BODY = "Japan and Canada signed a trade agreement in Ottawa on Monday, officials said."
BODY2 = "The foreign minister of Kenya met the foreign minister of Ethiopia in Nairobi."
BODY3 = "President of Brazil visited Argentina on 3 March 2025 for talks on trade."
FORMULAS = (
    '=HYPERLINK("http://example.invalid/x","click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BIG_MB = 50


def png_bytes() -> bytes:
    """A real 1x1 PNG followed by noise (what a scraper saves as ``page.txt``)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00\xff")
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    return png + bytes(range(256)) * 8


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("article.txt", (BODY + "\n") * 50)
        z.writestr("data.bin", bytes(range(256)) * 16)
    return buf.getvalue()


def write_repeated(path: Path, head: bytes, unit: bytes, size: int, tail: bytes = b"") -> Path:
    """``head`` + ``unit`` repeated to about ``size`` bytes + ``tail``, written in 1 MB blocks
    (constant memory, no newline unless the unit holds one)."""
    block = unit * max(1, (1 << 20) // len(unit))
    with open(path, "wb") as f:
        f.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            f.write(block[:left])
            left -= len(block)
        f.write(tail)
    return path


def _csv(rows: list[list[str]], sep: str = ",") -> str:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in f'{sep}"\n\r') else v

    return "\n".join(sep.join(cell(v) for v in r) for r in rows) + "\n"


def _jsonl(objs: list[object]) -> str:
    return "\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n"


@dataclass(frozen=True)
class Fault:
    name: str  # test id and row of docs/faults.md
    what: str  # the input, in words
    files: Callable[[Path], list[Path]]  # writes the input into a folder, returns the paths
    ok: int  # articles that must end status=ok (a truncated record counts as ok)
    failed: int  # articles that must end status=failed
    error: str = ""  # text each failed article's error contains
    big: bool = False  # large file: run with small limits, keep out of property loops


def _files(**named: bytes | str) -> Callable[[Path], list[Path]]:
    """A builder writing {file name: content} (str as UTF-8) and returning the paths."""

    def build(folder: Path) -> list[Path]:
        paths = []
        for name, content in named.items():
            p = folder / name.replace("__", ".")
            data = content.encode("utf-8") if isinstance(content, str) else content
            p.write_bytes(data)
            paths.append(p)
        return paths

    return build


def _fifty_mb_line(ext: str) -> Callable[[Path], list[Path]]:
    size = BIG_MB << 20

    def build(folder: Path) -> list[Path]:
        p = folder / f"dump{ext}"
        if ext == ".jsonl":  # one valid object whose text is 50 MB, then a normal line
            write_repeated(
                p, b'{"title": "Dump", "text": "', b"word ", size, b'"}\n' + _line(BODY3)
            )
        elif ext == ".csv":  # a header, one good row, then a 50 MB row without newline
            head = f"title,text\nGood,{BODY3}\nDump,".encode()
            write_repeated(p, head, b"word ", size)
        else:  # .txt: a 50 MB first line (the title) and no body
            write_repeated(p, b"", b"word ", size)
        return [p]

    return build


def _big_html(folder: Path) -> list[Path]:
    """30 MB of paragraphs (trafilatura would need many minutes and GBs), and a 5 MB page
    that is mostly scripts and styles around a short article (read)."""
    big = write_repeated(folder / "big.html", b"<html><body><article>",
                         f"<p>{BODY}</p>".encode(), 30 << 20, b"</article></body></html>")
    bulky = folder / "bulky.html"
    with open(bulky, "wb") as f:
        f.write(b"<html><head><title>Talks</title><style>" + b"p{color:red}" * 100_000)
        f.write(b"</style></head><body><script>" + b"var a = '<p>x</p>';" * 100_000)
        f.write(f"</script><article><p>{BODY}</p><p>{BODY2}</p></article>".encode())
        f.write(b"<!--" + b"comment " * 300_000 + b"--><svg>" + b"<g/>" * 200_000 + b"</svg>")
        f.write(b"</body></html>")
    return [big, bulky]


def _line(text: str) -> bytes:
    return (json.dumps({"title": "After", "text": text}) + "\n").encode()


def _deep_json(depth: int) -> bytes:
    return b'{"title": "Deep", "text": ' + b"[" * depth + b"]" * depth + b"}"


def _huge_json(folder: Path) -> list[Path]:
    """A .json list of 2 000 objects (one 3 MB text among them) and a mixed bag of values."""
    p = folder / "huge.json"
    with open(p, "w", encoding="utf-8") as f:
        f.write("[")
        for i in range(2_000):
            text = BODY if i != 7 else "word " * 600_000
            f.write(json.dumps({"id": i, "title": f"T{i}", "text": text}) + ",")
        f.write('1, "text", null, [], {"title": "no body"}]')
    return [p]


def _mixed_folder(folder: Path) -> list[Path]:
    """A folder with an image, an archive and an unknown format next to one good file."""
    (folder / "photo.png").write_bytes(png_bytes())  # skipped silently (not an article type)
    (folder / "bundle.zip").write_bytes(zip_bytes())
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # unknown: failed
    (folder / "good.txt").write_text(f"Title\n{BODY}\n", encoding="utf-8")
    return [folder]


def _fifo(folder: Path) -> list[Path]:
    """A named pipe with an article name next to a good file (opening it would block)."""
    os.mkfifo(folder / "pipe.txt")
    (folder / "good.txt").write_text(f"Title\n{BODY}\n", encoding="utf-8")
    return [folder]


def _missing(folder: Path) -> list[Path]:
    good = folder / "good.txt"
    good.write_text(f"Title\n{BODY}\n", encoding="utf-8")
    return [good, folder / "gone.csv"]


DATES = ["00/00/0000", "31/02/2025", "2025-13-45", "9999-12-31", "01/01/2999", "0000-00-00",
         "-1", "1e308", "NaN", "31 Smarch 2025", "2025-02-29", "99999999999999999999"]  # fmt: skip

FAULTS: list[Fault] = [
    Fault("empty_txt", "0-byte .txt", _files(**{"a__txt": b""}), 0, 1, "empty file"),
    Fault("empty_csv", "0-byte .csv", _files(**{"a__csv": b""}), 0, 1, "empty file"),
    Fault("blank_jsonl", ".jsonl of blank lines", _files(**{"a__jsonl": "\n \n\r\n"}), 0, 1,
          "empty file"),  # fmt: skip
    Fault("bom_only_txt", ".txt holding only a UTF-8 BOM and spaces",
          _files(**{"a__txt": codecs.BOM_UTF8 + b"  \n"}), 0, 1, "empty file"),  # fmt: skip
    Fault("png_as_txt", "PNG bytes named .txt", _files(**{"page__txt": png_bytes()}), 0, 1,
          "binary content"),  # fmt: skip
    Fault("zip_as_txt", "ZIP bytes named .txt", _files(**{"page__txt": zip_bytes()}), 0, 1,
          "binary content"),  # fmt: skip
    Fault("png_as_csv", "PNG bytes named .csv", _files(**{"t__csv": png_bytes()}), 0, 1,
          "binary content"),  # fmt: skip
    Fault("zip_as_jsonl", "ZIP bytes named .jsonl", _files(**{"t__jsonl": zip_bytes()}), 0, 1,
          "binary content"),  # fmt: skip
    Fault("png_as_html", "PNG bytes named .html", _files(**{"t__html": png_bytes()}), 0, 1,
          "binary content"),  # fmt: skip
    Fault("utf16_txt", "UTF-16 LE with BOM .txt",
          _files(**{"a__txt": f"Título\n{BODY}\n".encode("utf-16")}), 1, 0),  # fmt: skip
    Fault("utf16_csv", "UTF-16 CSV (BOM), CRLF",
          _files(**{"a__csv": _csv([["title", "text"], ["Ä", BODY], ["Ö", BODY2]])
                    .replace("\n", "\r\n").encode("utf-16")}), 2, 0),  # fmt: skip
    Fault("utf16_nobom_txt", "UTF-16 LE without BOM .txt",
          _files(**{"a__txt": f"Title\n{BODY}\n".encode("utf-16-le")}), 1, 0),  # fmt: skip
    Fault("cp1252_txt", "Windows-1252 .txt (é, ’, €)",
          _files(**{"a__txt": f"Café – ’quoted’ €\n{BODY}\n".encode("cp1252")}), 1, 0),  # fmt: skip
    Fault("cp1252_csv", "Windows-1252 CSV",
          _files(**{"a__csv": _csv([["judul", "isi_berita"], ["Café", BODY], ["Señor", BODY2]])
                    .encode("cp1252")}), 2, 0),  # fmt: skip
    Fault("invalid_utf8_jsonl", "JSONL with invalid UTF-8 bytes inside a string",
          _files(**{"a__jsonl": b'{"title": "Bad \xff\xfe bytes", "text": "' + BODY.encode()
                    + b'"}\n'}), 1, 0),  # fmt: skip
    Fault("mixed_newlines_csv", "CSV mixing \\r\\n, \\r and \\n",
          _files(**{"a__csv": f"title,text\r\nA,{BODY}\rB,{BODY2}\nC,{BODY3}\r\n"}), 3, 0),  # fmt: skip
    Fault("mixed_newlines_txt", ".txt mixing \\r\\n, \\r and \\n",
          _files(**{"a__txt": f"Title\r\n{BODY}\r{BODY2}\n{BODY3}"}), 1, 0),  # fmt: skip
    Fault("csv_broken_quote", "CSV with an unclosed quote in the middle row",
          _files(**{"a__csv": f'title,text\nA,{BODY}\nB,"unclosed {BODY2}\nC,{BODY3}\n'}), 2, 1,
          "quote"),  # fmt: skip
    Fault("csv_truncated", "CSV cut off inside a quoted field",
          _files(**{"a__csv": f'title,text\nA,{BODY}\nB,"{BODY2[:30]}'}), 1, 1, "quote"),  # fmt: skip
    Fault("csv_ragged_dup_headers", "CSV with ragged rows and duplicate headers",
          _files(**{"a__csv": f"title,text,title,text\nA,{BODY}\nB,{BODY2},x,y,z,extra\nC\n"}),
          2, 1, "no text"),  # fmt: skip
    Fault("csv_no_text_column", "CSV whose header has no text column",
          _files(**{"a__csv": "foo,bar\n1,2\n"}), 0, 1, "no text column"),  # fmt: skip
    Fault("csv_header_only", "CSV with a header and no rows",
          _files(**{"a__csv": "title,text\n"}), 0, 1, "no records"),  # fmt: skip
    Fault("csv_nul_bytes", "CSV with NUL bytes in a field",
          _files(**{"a__csv": f"title,text\nA\x00B,{BODY}\n"}), 1, 0),  # fmt: skip
    Fault("jsonl_bad_line", "JSONL with one broken line in the middle",
          _files(**{"a__jsonl": _jsonl([{"title": "A", "text": BODY}]) + '{"title": "B", "te\n'
                    + _jsonl([{"title": "C", "text": BODY2}])}), 2, 1, "invalid JSON"),  # fmt: skip
    Fault("jsonl_not_objects", "JSONL lines that are numbers, strings, lists, null",
          _files(**{"a__jsonl": '1\n"s"\n[1,2]\nnull\n' + _jsonl([{"text": BODY}])}), 1, 4,
          "not a JSON object"),  # fmt: skip
    Fault("jsonl_deep", "JSONL with a 100 000-deep nested line between good ones",
          _files(**{"a__jsonl": _jsonl([{"text": BODY}]).encode() + _deep_json(100_000) + b"\n"
                    + _jsonl([{"text": BODY2}]).encode()}), 2, 1, "nested too deeply"),  # fmt: skip
    Fault("json_deep", ".json nested 100 000 deep", _files(**{"a__json": _deep_json(100_000)}),
          0, 1, "nested too deeply"),  # fmt: skip
    Fault("json_truncated", ".json cut off mid-object",
          _files(**{"a__json": '[{"text": "' + BODY + '"}, {"te'}), 0, 1, "invalid JSON"),  # fmt: skip
    Fault("json_scalar", ".json holding a bare number", _files(**{"a__json": "42"}), 0, 1,
          "not a JSON object or list"),  # fmt: skip
    Fault("json_odd_values", ".json with nested objects/lists/numbers as field values",
          _files(**{"a__json": json.dumps([{"title": {"name": "T"}, "text": [BODY, 3, None],
                                            "date": 20250101, "url": ["x"], "source": {}}])}),
          1, 0),  # fmt: skip
    Fault("json_huge", ".json list of 2 000 objects, one with a 3 MB text, plus junk items",
          _huge_json, 2_000, 5, "", big=True),  # fmt: skip
    Fault("big_line_txt", f"{BIG_MB} MB single-line .txt", _fifty_mb_line(".txt"), 0, 1,
          "no text", big=True),  # fmt: skip
    Fault("big_line_csv", f"{BIG_MB} MB single CSV row without newline", _fifty_mb_line(".csv"),
          1, 1, "field larger", big=True),  # fmt: skip
    Fault("big_line_jsonl", f"{BIG_MB} MB single JSONL line (truncated record)",
          _fifty_mb_line(".jsonl"), 2, 0, big=True),  # fmt: skip
    Fault("big_html", "30 MB HTML of paragraphs; 5 MB page of scripts/styles around an article",
          _big_html, 1, 1, "HTML too large", big=True),  # fmt: skip
    Fault("html_script", "HTML with <script>, event handlers and javascript: links",
          _files(**{"a__html": (
              '<html lang="en"><head><title>Talks <script>alert(1)</script></title>'
              "<script>document.write('<p>INJECTED</p>')</script></head>"
              '<body onload="alert(2)"><article><h1>Ministers meet</h1>'
              f'<p onclick="alert(3)">{BODY} {BODY2}</p><img src=x onerror="alert(4)">'
              f'<p><a href="javascript:alert(5)">more</a> {BODY3}</p></article>'
              "<style>p{color:red}</style><iframe src='javascript:alert(6)'></iframe>"
              "</body></html>")}), 1, 0),  # fmt: skip
    Fault("html_empty_body", "HTML with only scripts", _files(**{"a__html":
          "<html><head><script>var a=1;</script></head><body><script>b()</script></body></html>"}),
          0, 1, "no text"),  # fmt: skip
    Fault("bad_dates", "impossible and far-future dates (00/00/0000, 31/02, 9999-12-31 …)",
          _files(**{"a__csv": _csv([["title", "text", "date"]]
                                   + [[f"D{i}", BODY, d] for i, d in enumerate(DATES)])}),
          len(DATES), 0),  # fmt: skip
    Fault("rtl_zero_width", "right-to-left text, bidi overrides and zero-width characters",
          _files(**{"a__jsonl": _jsonl([
              {"title": "\u202eevil.exe\u202c txt", "text": "Japan\u200b and Ca\u200dnada signed "
               "a trade agreement in Ottawa on Monday\u2066, officials said\u2069."},
              {"title": "وزير الخارجية", "text": "التقى وزير خارجية مصر بنظيره الأردني في عمان."},
              {"title": "\u200b\u200c\u200d\ufeff", "text": "\u200b\u200c\u200d\ufeff\u2060"},
          ])}), 2, 1, "no text"),  # fmt: skip
    Fault("formula_titles", "titles, outlets and URLs starting with = + - @ tab CR",
          _files(**{"a__jsonl": _jsonl([
              {"title": f, "text": f"{f}\n{BODY}", "source": f, "url": f} for f in FORMULAS
          ])}), len(FORMULAS), 0),  # fmt: skip
    Fault("unknown_and_skipped", "folder with .png/.zip (skipped) and a .pdf (unknown)",
          _mixed_folder, 1, 1, "unsupported format"),  # fmt: skip
    Fault("fifo_in_folder", "a named pipe called pipe.txt in the input folder", _fifo, 1, 1,
          "not a regular file"),  # fmt: skip
    Fault("gzip_as_csv", "gzip-compressed CSV named .csv (few NUL bytes)",
          _files(**{"a__csv": gzip.compress(_csv([["title", "text"]] + [[f"T{i}", BODY]
                                                 for i in range(300)]).encode(), mtime=0)}),
          0, 1, "binary content"),  # fmt: skip
    Fault("missing_file", "an input path that does not exist", _missing, 1, 1,
          "file not found"),  # fmt: skip
]
FAULTS_BY_NAME = {f.name: f for f in FAULTS}


def build_all(folder: Path, include_big: bool = False) -> list[Path]:
    """Every fault in its own subfolder of ``folder``; returns all input paths."""
    paths = []
    for fault in FAULTS:
        if fault.big and not include_big:
            continue
        sub = folder / fault.name
        sub.mkdir(parents=True, exist_ok=True)
        paths.extend(fault.files(sub))
    return paths
