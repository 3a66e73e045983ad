"""The shared corpora by article id: where annotations find their texts.

Annotation files in the repo hold ids, events and short evidence quotes only; the article texts
stay in ``../shared/corpora`` and are read from there, streaming, by these loaders. Ids are the
corpora's own (``detik-<id>`` for detik rows, ``reuters21578-<id>`` and the JSONL ``id`` fields).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .schema import RawRecord

DEFAULT_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS_FILES = (
    "detik-2025.csv",
    "reuters21578-000-002.jsonl",
    "multilingual-news.jsonl",
    "multilingual-news-2.jsonl",
)


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    language: str
    source: str  # the outlet: the unit that cross-validation holds out
    url: str
    published: str  # raw, as the outlet wrote it
    title: str
    text: str
    dateline: str = ""
    corpus: str = ""

    def record(self) -> RawRecord:
        """The article as the ETL reads it (the same fields a reader of the file would give)."""
        return RawRecord(
            origin=f"{self.corpus}#id={self.id}",
            record_id=self.id,
            title=self.title,
            text=self.text,
            url=self.url,
            source=self.source,
            published_raw=self.published,
            language=self.language,
            date_order="MDY" if self.corpus == "detik-2025.csv" else "",
        )


def _detik(path: Path) -> Iterator[CorpusArticle]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield CorpusArticle(
                id=f"detik-{row['id']}",
                language="id",
                source="detik.com",
                url=row["tautan"],
                published=row["tanggal"],
                title=row["judul"],
                text=row["isi_berita"],
                corpus=path.name,
            )


def _jsonl(path: Path) -> Iterator[CorpusArticle]:
    reuters = path.name.startswith("reuters")
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            yield CorpusArticle(
                id=d["id"],
                language="en" if reuters else d.get("language", ""),
                source="Reuters" if reuters else d.get("source", ""),
                url=d.get("url", "") or "",
                published=d.get("published", "") or "",
                title=d.get("title", "") or "",
                text=d.get("text", "") or "",
                dateline=d.get("dateline", "") or "",
                corpus=path.name,
            )


def iter_corpus(shared: Path = DEFAULT_SHARED) -> Iterator[CorpusArticle]:
    """Every article of the shared corpora, one at a time, in file order."""
    folder = Path(shared) / "corpora"
    for name in CORPUS_FILES:
        path = folder / name
        if not path.exists():
            raise FileNotFoundError(f"corpus file not found: {path} (is ../shared beside the repo?)")
        yield from (_detik(path) if name.endswith(".csv") else _jsonl(path))


def load_articles(ids: Iterable[str], shared: Path = DEFAULT_SHARED) -> dict[str, CorpusArticle]:
    """The articles with these ids (one streaming pass); ids not in the corpora are absent."""
    wanted = set(ids)
    return {a.id: a for a in iter_corpus(shared) if a.id in wanted}


def sealed_ids(shared: Path = DEFAULT_SHARED) -> frozenset[str]:
    """Ids kept for outside measurement: never annotated, never trained on."""
    path = Path(shared) / "wildset" / "SEALED.txt"
    return frozenset(path.read_text(encoding="utf-8").split()) if path.exists() else frozenset()
