"""Readers: every input shape becomes RawRecords, and nothing a file holds can crash them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.pubdate import normalize_published
from etl.readers import ColumnsError, InputError, iter_records, list_input_files
from etl.schema import RawRecord

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not present")

BODY = "Presiden bertemu Perdana Menteri di Jakarta untuk membahas kerja sama."


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def records(*inputs: Path | str, **kwargs) -> list[RawRecord]:
    return list(iter_records(list(inputs), **kwargs))


def err(record: RawRecord) -> str:
    assert record.error is not None, record
    return record.error


def one(*inputs: Path | str, **kwargs) -> RawRecord:
    recs = records(*inputs, **kwargs)
    assert len(recs) == 1, recs
    return recs[0]


# ---------------------------------------------------------------------------------------------
# Text files.
def test_txt_title_and_body(tmp_path: Path):
    p = write(
        tmp_path / "a.txt", "\n\n  Judul Berita  \n\nBaris satu.\r\nBaris dua.\rBaris tiga.\n\n"
    )
    r = one(p)
    assert r.origin == str(p)
    assert r.title == "Judul Berita"
    assert r.text == "Baris satu.\nBaris dua.\nBaris tiga."
    assert r.error is None


def test_markdown_heading_and_front_matter(tmp_path: Path):
    r = one(write(tmp_path / "a.md", "# A title\n\nBody text here."))
    assert (r.title, r.text) == ("A title", "Body text here.")
    fm = '---\ntitle: "Front title"\ndate: 2013-04-01\nlayout: post\n---\n\nBody first line.\nMore.'
    r = one(write(tmp_path / "b.md", fm))
    assert (r.title, r.text, r.published_raw) == (
        "Front title",
        "Body first line.\nMore.",
        "2013-04-01",
    )


def test_txt_binary_empty_and_title_only(tmp_path: Path):
    assert err(one(write(tmp_path / "bin.txt", b"abc\x00\x01\x02def"))).startswith("binary content")
    assert err(one(write(tmp_path / "ctl.txt", bytes(range(1, 9)) * 50))).startswith(
        "binary content"
    )
    assert one(write(tmp_path / "empty.txt", b"")).error == "empty file"
    assert one(write(tmp_path / "blank.txt", b" \n\n \t\n")).error == "empty file"
    assert one(write(tmp_path / "title.txt", "Only a title\n")).error == "no text"


def test_txt_encodings(tmp_path: Path):
    text = "Café à Moscou\n\nLe président s’est rendu à Moscou."
    for name, data in {
        "utf8.txt": text.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "cp1252.txt": text.encode("cp1252"),
        "utf16.txt": text.encode("utf-16"),
        "utf16le.txt": text.encode("utf-16-le"),
    }.items():
        r = one(write(tmp_path / name, data))
        assert (r.title, r.text) == ("Café à Moscou", "Le président s’est rendu à Moscou."), name


# ---------------------------------------------------------------------------------------------
# CSV / TSV.
DETIK_LIKE = (
    "id,judul,tautan,tanggal,isi_berita,Summary\n"
    '1,"Judul satu",https://news.detik.com/d-1/a,10/21/2025 20:43,"Isi, dengan koma\nDan baris ""dua"".",s\n'
    "2,Judul dua,https://news.detik.com/d-2/b,10/9/2025 8:51,Isi kedua.,s\n"
)


def test_csv_indonesian_headers(tmp_path: Path):
    p = write(tmp_path / "berita.csv", DETIK_LIKE)
    r1, r2 = records(p)
    assert r1.origin == f"{p}#row=0" and r2.origin == f"{p}#row=1"
    assert (r1.record_id, r1.title, r1.url) == ("1", "Judul satu", "https://news.detik.com/d-1/a")
    assert r1.text == 'Isi, dengan koma\nDan baris "dua".'
    assert r1.published_raw == "10/21/2025 20:43"
    assert r1.date_order == r2.date_order == "MDY"
    assert normalize_published(r2.published_raw, date_order=r2.date_order).date == "2025-10-09"


@pytest.mark.parametrize(
    ("header", "expect"),
    [
        ("Title,Content,Published_At,Link,Media,Lang", ("t", "x", "d", "u", "s", "l")),
        ("HEADLINE,body,pubdate,url,outlet,language", ("t", "x", "d", "u", "s", "l")),
        ("titulo,texto,date,url,source,lang", ("t", "x", "d", "u", "s", "l")),
        ("titre,texte,datetime,url,source,lang", ("t", "x", "d", "u", "s", "l")),
        ("заголовок,текст,date,url,source,lang", ("t", "x", "d", "u", "s", "l")),
        ("judul,isi,waktu,tautan,sumber,bahasa", ("t", "x", "d", "u", "s", "l")),
    ],
)
def test_csv_header_synonyms(tmp_path: Path, header: str, expect: tuple[str, ...]):
    r = one(write(tmp_path / "a.csv", f"{header}\nt,x,d,u,s,l\n"))
    assert (r.title, r.text, r.published_raw, r.url, r.source, r.language) == expect


def test_csv_columns_override(tmp_path: Path):
    p = write(
        tmp_path / "a.csv", "No,Judul Berita,Isi,Tgl Terbit\n7,Sebuah judul,Isinya.,18/06/2025\n"
    )
    r = one(p, columns={"title": "Judul Berita", "text": "Isi", "date": "Tgl Terbit", "id": "No"})
    assert (r.record_id, r.title, r.text, r.published_raw) == (
        "7",
        "Sebuah judul",
        "Isinya.",
        "18/06/2025",
    )
    # a header the file lacks is the user's mistake, the same for every row: it stops the
    # run (exit code 2 on the command line) instead of failing the file (tests/test_cli.py)
    with pytest.raises(ColumnsError, match=r"^--columns does not fit .*a\.csv: column 'Nope'"):
        one(p, columns={"text": "Nope"})


@pytest.mark.parametrize(
    ("name", "sep"), [("a.csv", ";"), ("a.csv", "\t"), ("a.tsv", "\t"), ("a.csv", "|")]
)
def test_csv_delimiters(tmp_path: Path, name: str, sep: str):
    rows = [
        ["title", "text", "date"],
        ["T1", "Body, with comma; and semicolon", "2025-01-02"],
        ["T2", "B2", ""],
    ]
    content = "\n".join(sep.join(f'"{c}"' if sep in c else c for c in row) for row in rows) + "\n"
    r1, r2 = records(write(tmp_path / name, content))
    assert (r1.title, r1.text, r1.published_raw) == (
        "T1",
        "Body, with comma; and semicolon",
        "2025-01-02",
    )
    assert (r2.title, r2.text) == ("T2", "B2")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str):
    p = write(tmp_path / "a.csv", "title,text\nCafé,Le président à Moscou.\n", encoding)
    r = one(p)
    assert (r.title, r.text) == ("Café", "Le président à Moscou.")


def test_csv_ragged_duplicate_and_blank_rows(tmp_path: Path):
    content = "title,text,title,extra\nA,Body A\n\nB,Body B,ignored,x,y,z\n,,\n"
    ra, rb = records(write(tmp_path / "a.csv", content))
    assert (ra.title, ra.text, ra.origin.endswith("#row=0")) == ("A", "Body A", True)
    assert (rb.title, rb.text, rb.origin.endswith("#row=1")) == ("B", "Body B", True)


def test_csv_row_without_text(tmp_path: Path):
    ra, rb = records(write(tmp_path / "a.csv", "id,title,text\n1,A,\n2,B,Body\n"))
    assert (ra.error, ra.record_id, ra.title) == ("no text", "1", "")
    assert rb.error is None


def test_csv_broken_quote_and_truncation(tmp_path: Path):
    # an unterminated quote swallows the rest of the file into one field: still no exception
    recs = records(write(tmp_path / "a.csv", 'title,text\nA,Body A\nB,"unterminated\nC,Body C\n'))
    assert recs[0].text == "Body A"
    assert all(isinstance(r, RawRecord) for r in recs)
    # a field above the csv field limit becomes an error row and reading continues
    big = "x" * 300_000
    recs = records(
        write(tmp_path / "b.csv", f'title,text\nA,"{big}"\nB,Body B\n'), max_record_chars=1000
    )
    assert recs[0].error and "field larger" in recs[0].error
    assert recs[-1].text == "Body B"


def test_csv_without_text_column_or_rows(tmp_path: Path):
    assert err(one(write(tmp_path / "a.csv", "foo,bar\n1,2\n"))).startswith(
        "no text column (columns: foo, bar"
    )
    assert one(write(tmp_path / "b.csv", "title,text\n")).error == "no records"
    assert one(write(tmp_path / "c.csv", "\n\n  \n")).error == "empty file"


def test_csv_nul_bytes_and_surrogates_removed(tmp_path: Path):
    filler = "x" * 400
    content = f'title,text\nA\x00B,"Bo\x00dy\r\nline two\rthree {filler}"\r\n'
    r = one(write(tmp_path / "a.csv", content))
    assert (r.title, r.text) == ("AB", f"Body\nline two\nthree {filler}")


def test_date_order_decided_per_file(tmp_path: Path):
    def orders(content: str, name: str = "a.csv") -> set[str]:
        return {r.date_order for r in records(write(tmp_path / name, content))}

    assert orders("title,text,tanggal\nA,B,10/21/2025\nA,B,05/06/2025\n") == {"MDY"}
    assert orders("title,text,date\nA,B,21/10/2025\nA,B,05/06/2025\n") == {"DMY"}
    # only ambiguous values: an English/Indonesian date header means month-first (detik) …
    assert orders("title,text,tanggal\nA,B,05/06/2025\n") == {"MDY"}
    # … any other header day-first, and so does a hint in the strings themselves
    assert orders("titulo,texto,fecha\nA,B,05/06/2025\n") == {"DMY"}
    assert orders("title,text,date\nA,B,05/06/2025 11h35\n") == {"DMY"}


def test_date_order_per_source_in_a_mixed_file(tmp_path: Path):
    lines = [
        {"id": i, "title": "t", "text": "x", "source": "detik.com", "published": "10/21/2025 20:43"}
        for i in range(3)
    ]
    lines += [{"id": 9, "title": "t", "text": "x", "source": "g1", "published": "05/12/2017 11h35"}]
    p = write(tmp_path / "mixed.jsonl", "\n".join(json.dumps(x) for x in lines))
    recs = records(p)
    assert [r.date_order for r in recs] == ["MDY", "MDY", "MDY", "DMY"]
    assert (
        normalize_published(recs[-1].published_raw, date_order=recs[-1].date_order).date
        == "2017-12-05"
    )


def test_truncation_and_file_size_limits(tmp_path: Path):
    p = write(tmp_path / "a.csv", f"title,text\nT,{'y' * 5000}\n")
    r = one(p, max_record_chars=1000)
    assert (r.error, len(r.text), r.title) == (None, 1000, "T")
    r = one(p, max_file_bytes=100)
    assert r.error == f"file too large ({p.stat().st_size} bytes > limit 100)"
    assert r.origin == str(p)


# ---------------------------------------------------------------------------------------------
# JSON / JSONL.
def test_jsonl_bad_line_and_ids(tmp_path: Path):
    content = "\n".join(
        [
            json.dumps(
                {
                    "id": "a1",
                    "title": "T1",
                    "text": "Body 1",
                    "published": "2025-01-02",
                    "language": "id",
                }
            ),
            "{not json",
            "",
            json.dumps([1, 2]),
            json.dumps(
                {
                    "id": 5,
                    "judul": "T2",
                    "isi_berita": ["Para 1", "Para 2"],
                    "source": {"name": "Kompas"},
                }
            ),
            json.dumps({"id": "x", "title": "no text"}),
            json.dumps({"title": "surrogate", "text": "a\ud800b"}),
        ]
    )
    p = write(tmp_path / "a.jsonl", content)
    recs = records(p)
    assert [r.origin for r in recs] == [f"{p}#row={i}" for i in (0, 1, 3, 4, 5, 6)]
    r0, bad, notobj, r4, notext, sur = recs
    assert (r0.record_id, r0.title, r0.text, r0.published_raw, r0.language) == (
        "a1",
        "T1",
        "Body 1",
        "2025-01-02",
        "id",
    )
    assert err(bad).startswith("invalid JSON")
    assert notobj.error == "not a JSON object (list)"
    assert (r4.record_id, r4.title, r4.text, r4.source) == ("5", "T2", "Para 1\nPara 2", "Kompas")
    assert (notext.error, notext.record_id) == ("no text", "x")
    assert sur.text == "ab"


def test_jsonl_blank_file(tmp_path: Path):
    assert one(write(tmp_path / "a.jsonl", "\n\n   \n")).error == "empty file"


def test_json_shapes(tmp_path: Path):
    item = {"id": "1", "headline": "H", "content": "C"}
    lst = records(write(tmp_path / "list.json", json.dumps([item, item])))
    assert [r.origin for r in lst] == [f"{tmp_path / 'list.json'}#row={i}" for i in (0, 1)]
    nested = records(
        write(tmp_path / "nested.json", json.dumps({"meta": {"n": 2}, "articles": [item]}))
    )
    assert [(r.title, r.text) for r in nested] == [("H", "C")]
    single = one(write(tmp_path / "single.json", json.dumps(item)))
    assert (single.origin, single.record_id) == (str(tmp_path / "single.json"), "1")
    lines = records(write(tmp_path / "lines.json", json.dumps(item) + "\n" + json.dumps(item)))
    assert len(lines) == 2 and all(r.error is None for r in lines)
    assert err(one(write(tmp_path / "bad.json", "{broken"))).startswith("invalid JSON")
    assert one(write(tmp_path / "num.json", "42")).error == "not a JSON object or list (int)"
    assert one(write(tmp_path / "empty.json", "[]")).error == "no records"


# ---------------------------------------------------------------------------------------------
# HTML.
HTML = """<!DOCTYPE html><html lang="id"><head><title>Presiden ke Rusia | Berita</title>
<meta property="og:title" content="Presiden ke Rusia">
<meta property="article:published_time" content="2025-01-18T10:00:00+07:00">
<script>document.write("EVIL SCRIPT TEXT")</script></head>
<body><nav>Menu Home</nav><article><h1>Presiden ke Rusia</h1>
<p>{p}</p><p>{p}</p><p>{p}</p></article><footer>Copyright</footer></body></html>
""".replace("{p}", BODY * 3)


def test_html(tmp_path: Path):
    r = one(write(tmp_path / "a.html", HTML))
    assert r.error is None
    assert "Presiden ke Rusia" in r.title
    assert BODY in r.text
    assert "EVIL" not in r.text
    assert r.published_raw == "2025-01-18"
    assert r.language == "id"
    assert normalize_published(r.published_raw, date_order=r.date_order).date == "2025-01-18"


# ---------------------------------------------------------------------------------------------
# Finding files.
def test_folders_sorted_hidden_and_non_articles(tmp_path: Path):
    root = tmp_path / "in"
    for rel in [
        "b.txt",
        "a/z.txt",
        "a/b.md",
        ".hidden.txt",
        ".git/x.txt",
        "img.png",
        "data.parquet",
        "c.xml",
        "sub/.d/y.txt",
    ]:
        write(root / rel, "Title\n\nBody")
    files = list_input_files([root])
    assert [p.relative_to(root).as_posix() for p in files] == [
        "a/b.md",
        "a/z.txt",
        "b.txt",
        "c.xml",
    ]
    recs = records(root)
    assert [r.error for r in recs] == [None, None, None, "unsupported format (.xml)"]


def test_explicit_files_and_missing_inputs(tmp_path: Path):
    good = write(tmp_path / "a.txt", "T\n\nBody")
    explicit_png = write(tmp_path / "x.png", b"\x89PNG")
    recs = records(good, explicit_png, tmp_path / "missing.txt", good)
    assert [r.error for r in recs] == [None, "unsupported format (.png)", "file not found"]
    with pytest.raises(InputError, match="no input found"):
        iter_records([tmp_path / "nope.txt", tmp_path / "nope2"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no input files"):
        list_input_files([empty])
    with pytest.raises(InputError):
        list_input_files([])


def test_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    p = write(tmp_path / "a.txt", "T\n\nBody")
    q = write(tmp_path / "b.csv", "title,text\nT,Body\n")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    monkeypatch.setattr("builtins.open", denied)
    assert [r.error for r in records(p, q)] == ["cannot read file: Permission denied"] * 2


def test_is_lazy(tmp_path: Path):
    rows = "".join(f"T{i},Body {i}\n" for i in range(5000))
    p = write(tmp_path / "a.csv", "title,text\n" + rows)
    it = iter_records([p])
    first = next(it)
    assert first.title == "T0"
    # rows written after the look-ahead window are still seen: the file is read as we go
    assert sum(1 for _ in it) == 4999


# ---------------------------------------------------------------------------------------------
# Never crash on arbitrary bytes.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=600)
    | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    ext=st.sampled_from([".txt", ".csv", ".tsv", ".jsonl", ".json", ".md", ".html"]),
)
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, ext: str):
    p = tmp_path / f"fuzz{ext}"
    p.write_bytes(data)
    recs = records(p)
    assert recs
    assert all(isinstance(r, RawRecord) for r in recs)
    assert all(r.error or r.text for r in recs)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(st.text(max_size=20), min_size=0, max_size=6), max_size=6))
def test_arbitrary_csv_rows_never_raise(tmp_path: Path, rows: list[list[str]]):
    lines = ["title,text,date"] + [",".join(r) for r in rows]
    p = tmp_path / "fuzz.csv"
    p.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    assert records(p)


# ---------------------------------------------------------------------------------------------
# Real data (skipped where ../shared is absent).
@needs_shared
def test_detik_csv():
    recs = records(SHARED / "corpora" / "detik-2025.csv")
    assert len(recs) == 1000
    assert all(r.error is None and r.title and r.text and r.url and r.published_raw for r in recs)
    assert {r.date_order for r in recs} == {"MDY"}
    dates = [normalize_published(r.published_raw, date_order=r.date_order) for r in recs]
    assert all(d.basis == "metadata" and d.precision == "day" for d in dates)
    assert Counter(d.date[:4] for d in dates if d.date).most_common(1)[0][0] == "2025"


@needs_shared
def test_reuters_jsonl():
    recs = records(SHARED / "corpora" / "reuters21578-000-002.jsonl")
    assert len(recs) == 2761
    ok = [r for r in recs if r.error is None]
    assert len(ok) >= 2700
    assert recs[0].record_id == "reuters21578-1"
    dates = [normalize_published(r.published_raw, date_order=r.date_order) for r in ok]
    assert all(d.date and d.date.startswith("1987-") for d in dates)


@needs_shared
def test_devset_articles():
    recs = records(SHARED / "devset" / "articles.jsonl")
    assert len(recs) == 27
    with open(SHARED / "devset" / "articles.jsonl", encoding="utf-8") as f:
        ids = [json.loads(line)["id"] for line in f if line.strip()]
    assert [r.record_id for r in recs] == ids
    assert all(r.error is None and r.text for r in recs)
    txt = records(SHARED / "devset" / "txt")
    assert len(txt) == 27 and all(r.error is None and r.title for r in txt)
