"""Synthetic, invented tables in the ETL's output schema.

Nothing here comes from a real article: outlets are invented, URLs point at
``*.example`` hosts, sentences are generated from templates.  Used by the tests,
the screenshots and the benchmark (``synthetic_events(n, seed)`` scales to 1M+ rows
in a few seconds).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from etl.schema import (
    ARTICLE_COLUMNS,
    ARTICLES_SCHEMA,
    CAMEO,
    EVENT_COLUMNS,
    EVENT_TYPES,
    EVENTS_SCHEMA,
    MENTION_COLUMNS,
    MENTIONS_SCHEMA,
)

from .countries import country_name

COUNTRIES = (
    "IDN", "RUS", "CHN", "USA", "IND", "FRA", "DEU", "GBR", "JPN", "BRA",
    "ZAF", "TUR", "IRN", "SAU", "EGY", "NGA", "KEN", "MEX", "ARG", "AUS",
    "KOR", "VNM", "THA", "MYS", "PHL", "SGP", "PAK", "BGD", "UKR", "POL",
    "ITA", "ESP", "CAN", "QAT", "ARE", "ISR", "ETH", "DZA", "MAR", "KAZ",
    "EUR", "UNO", "ASN", "NAT", "AFU",
)  # fmt: skip
OUTLETS = (
    "Example Daily", "The Placeholder Post", "Synthetic Wire", "Mock Herald",
    "Demo Gazette", "Sample Times", "Fixture Tribune", "Invented Observer",
)  # fmt: skip
LANGUAGES = ("en", "fr", "ru", "id", "es", "ar")
VERBS = {
    "visit": ("visits", "visit"),
    "meeting": ("meets", "meeting"),
    "agreement": ("signs an agreement with", "agreement"),
    "call": ("holds a phone call with", "phone call"),
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _weights(n: int, s: float = 0.9) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def synthetic_events(n: int, seed: int = 0, start: str = "2023-01-01", days: int = 1096) -> pd.DataFrame:
    """``n`` invented events with every column of EVENTS_SCHEMA (vectorized; 1M in seconds)."""
    rng = np.random.default_rng(seed)
    codes = np.array(COUNTRIES)
    p = _weights(len(codes))
    a1 = rng.choice(len(codes), size=n, p=p)
    a2 = rng.choice(len(codes), size=n, p=p)
    clash = a1 == a2
    a2[clash] = (a2[clash] + 1 + rng.integers(0, len(codes) - 1, clash.sum())) % len(codes)
    actor1 = codes[a1]
    actor2 = codes[a2]
    # dyads sort alphabetically, like the ETL: "IRN-RUS"
    first = actor1 < actor2
    lo = np.where(first, actor1, actor2)
    hi = np.where(first, actor2, actor1)
    names = {c: country_name(c) for c in codes}

    etype = np.array(EVENT_TYPES)[rng.choice(4, size=n, p=[0.35, 0.35, 0.15, 0.15])]
    status = np.where(rng.random(n) < 0.8, "occurred", "planned")
    prec = np.array(["day", "month", "year", "none"])[rng.choice(4, size=n, p=[0.85, 0.08, 0.04, 0.03])]
    day = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    dser = pd.Series(day)
    iso_day = dser.dt.strftime("%Y-%m-%d")
    event_date = iso_day.where(prec == "day", iso_day.str[:7].where(prec == "month", iso_day.str[:4]))
    event_date = event_date.where(prec != "none", None)
    month_name = pd.Series(np.array(MONTHS)[dser.dt.month.to_numpy() - 1])
    year = dser.dt.year.astype(str)
    date_text = (
        ("on " + dser.dt.day.astype(str) + " " + month_name + " " + year).where(
            prec == "day",
            ("in " + month_name + " " + year).where(prec == "month", "in " + year),
        )
    ).where(prec != "none", None)

    n1 = pd.Series(actor1).map(names)
    n2 = pd.Series(actor2).map(names)
    verb = pd.Series(etype).map({k: v[0] for k, v in VERBS.items()})
    noun = pd.Series(etype).map({k: v[1] for k, v in VERBS.items()})
    planned = pd.Series(status == "planned")
    evidence = (n1 + " " + verb + " " + n2 + " " + date_text.fillna("")).str.strip() + "."
    evidence = evidence.where(~planned, n1 + " will " + verb.str.replace(r"^(\w+?)s\b", r"\1", regex=True) + " " + n2 + ".")
    title = n1 + " and " + n2 + ": " + noun + " " + pd.Series(np.where(planned, "announced", "held"))

    idx = pd.Series(np.arange(n)).astype(str).str.zfill(7)
    article_id = "a" + str(seed) + "-" + idx
    src_i = rng.choice(len(OUTLETS), size=n, p=_weights(len(OUTLETS), 0.6))
    source = np.array(OUTLETS)[src_i]
    host = pd.Series(np.array([o.lower().replace(" ", "") for o in OUTLETS])[src_i])
    url = "https://" + host + ".example/news/" + article_id
    published = (dser + pd.to_timedelta(rng.integers(0, 4, n), unit="D")).dt.strftime("%Y-%m-%d")
    n_sources = np.minimum(1 + rng.geometric(0.45, n) - 1, 12).astype("int32")
    n_articles = (n_sources + rng.integers(0, 3, n)).astype("int32")

    df = pd.DataFrame(
        {
            "event_id": "e" + str(seed) + "-" + idx,
            "event_type": etype,
            "status": status,
            "cameo_code": pd.Series(etype).map(CAMEO),
            "event_date": event_date,
            "date_precision": prec,
            "date_text": date_text,
            "actor1": actor1,
            "actor2": actor2,
            "actor1_name": n1,
            "actor2_name": n2,
            "dyad": pd.Series(lo) + "-" + pd.Series(hi),
            "location": pd.Series(actor2).where(pd.Series(etype == "visit"), None),
            "evidence": evidence,
            "language": np.array(LANGUAGES)[rng.choice(len(LANGUAGES), size=n, p=_weights(len(LANGUAGES), 1.2))],
            "article_id": article_id,
            "title": title,
            "url": url,
            "source": source,
            "published": published,
            "n_articles": n_articles,
            "n_sources": n_sources,
            "confidence": rng.uniform(0.5, 1.0, n).astype("float32"),
        }
    )
    return df[EVENT_COLUMNS]


# Hand-made rows that exercise the edges: spreadsheet formulas, markup, bad URLs,
# month/year/no date, organisations, both directions of one pair.
EDGE_EVENTS: list[dict[str, object]] = [
    dict(event_id="x-001", event_type="visit", status="occurred", event_date="2025-03-14",
         date_precision="day", date_text="on 14 March 2025", actor1="IDN", actor2="RUS",
         location="RUS", evidence='=HYPERLINK("http://evil.example","click") Indonesia\'s president visited Moscow on 14 March 2025.',
         language="en", title="+Indonesian president visits Moscow", url="javascript:alert(1)",
         source="Example Daily", published="2025-03-15", n_articles=3, n_sources=3, confidence=0.9),
    dict(event_id="x-002", event_type="call", status="occurred", event_date="2025-02",
         date_precision="month", date_text="in February 2025", actor1="RUS", actor2="IDN",
         location=None, evidence="-2+3 officials said Russia's foreign minister called his Indonesian counterpart in February.",
         language="en", title="@SUM(1,2) Moscow and Jakarta talk by phone", url="https://mockherald.example/x-002",
         source="Mock Herald", published="2025-02-20", n_articles=1, n_sources=1, confidence=0.7),
    dict(event_id="x-003", event_type="agreement", status="planned", event_date="2024",
         date_precision="year", date_text="in 2024", actor1="IDN", actor2="RUS",
         location=None, evidence="Indonesia and Russia plan to sign a trade agreement in 2024.",
         language="id", title="Indonesia, Russia to sign trade deal", url="http://sampletimes.example/x-003",
         source="Sample Times", published="2024-01-05", n_articles=2, n_sources=2, confidence=0.6),
    dict(event_id="x-004", event_type="meeting", status="occurred", event_date=None,
         date_precision="none", date_text=None, actor1="IDN", actor2="CHN",
         location=None, evidence="\tTab-led: Indonesia and China held talks, officials said.",
         language="en", title="Undated talks between Jakarta and Beijing", url="https://demogazette.example/x-004",
         source="Demo Gazette", published="2025-04-02", n_articles=1, n_sources=1, confidence=0.5),
    dict(event_id="x-005", event_type="meeting", status="occurred", event_date="2025-05-20",
         date_precision="day", date_text="on 20 May", actor1="EUR", actor2="IDN",
         location="BEL", evidence="<script>alert('x')</script> The EU and Indonesia met in Brussels on 20 May.",
         language="fr", title="<b>EU</b> **meets** [Indonesia](javascript:alert(1))", url="ftp://files.example/x-005",
         source="\rCarriage Return Weekly", published="2025-05-21", n_articles=4, n_sources=4, confidence=0.8),
]  # fmt: skip

TRIGGERS = {"visit": "visited", "meeting": "met", "agreement": "sign", "call": "called"}


def _complete_edges() -> pd.DataFrame:
    rows = []
    for r in EDGE_EVENTS:
        r = dict(r)
        a, b = str(r["actor1"]), str(r["actor2"])
        r["cameo_code"] = CAMEO[str(r["event_type"])]
        r["actor1_name"] = country_name(a)
        r["actor2_name"] = country_name(b)
        r["dyad"] = "-".join(sorted((a, b)))
        r["article_id"] = "art-" + str(r["event_id"])
        rows.append(r)
    df = pd.DataFrame(rows)
    df["n_articles"] = df["n_articles"].astype("int32")
    df["n_sources"] = df["n_sources"].astype("int32")
    df["confidence"] = df["confidence"].astype("float32")
    return df[EVENT_COLUMNS]


def fixture_tables(n_random: int = 60, seed: int = 7, edges: bool = True) -> dict[str, pd.DataFrame]:
    """Small invented events/mentions/articles tables: random rows plus EDGE_EVENTS."""
    parts = [synthetic_events(n_random, seed, start="2024-06-01", days=365)]
    if edges:
        parts.append(_complete_edges())
    events = pd.concat(parts, ignore_index=True)
    rng = np.random.default_rng(seed)
    mentions: list[dict[str, object]] = []
    articles: dict[str, dict[str, object]] = {}
    for ev in events.to_dict("records"):
        k = int(min(int(ev["n_articles"] or 1), 3))
        for j in range(k):
            aid = str(ev["article_id"]) if j == 0 else f"{ev['article_id']}-m{j}"
            sentence = str(ev["evidence"]) if j == 0 else f"Officials confirmed that {ev['actor1_name']} {TRIGGERS[str(ev['event_type'])]} {ev['actor2_name']}."
            trig = TRIGGERS[str(ev["event_type"])]
            pos = sentence.find(trig)
            mentions.append(
                dict(event_id=ev["event_id"], article_id=aid, sentence=sentence,
                     char_start=100 * j, char_end=100 * j + len(sentence), date_text=ev["date_text"],
                     trigger=trig if pos >= 0 else None, event_type=ev["event_type"], status=ev["status"],
                     event_date=ev["event_date"], date_precision=ev["date_precision"],
                     actor1=ev["actor1"], actor2=ev["actor2"], confidence=ev["confidence"])
            )  # fmt: skip
            if aid not in articles:
                outlet = ev["source"] if j == 0 else OUTLETS[int(rng.integers(0, len(OUTLETS)))]
                articles[aid] = dict(
                    article_id=aid, origin=f"fixtures/{aid}.txt", record_id=None,
                    title=ev["title"] if j == 0 else f"Follow-up: {ev['title']}",
                    url=ev["url"] if j == 0 else f"https://example.example/{aid}",
                    source=outlet, language=ev["language"], published=ev["published"],
                    published_precision="day", published_basis="metadata", published_raw=ev["published"],
                    status="ok", error=None, note=None, n_events=1, content_hash=f"h{len(articles):06d}",
                )  # fmt: skip
    for i, err in enumerate(["could not decode bytes as UTF-8", "empty text after extraction"]):
        aid = f"failed-{i}"
        articles[aid] = dict(article_id=aid, origin=f"fixtures/broken_{i}.txt", record_id=None, title="",
                             url="", source="", language=None, published=None, published_precision="none",
                             published_basis="none", published_raw="", status="failed", error=err,
                             note=None, n_events=0, content_hash=None)  # fmt: skip
    m = pd.DataFrame(mentions)[MENTION_COLUMNS]
    a = pd.DataFrame(list(articles.values()))[ARTICLE_COLUMNS]
    return {"events": events, "mentions": m, "articles": a}


def to_arrow(df: pd.DataFrame, name: str) -> pa.Table:
    schema = {"events": EVENTS_SCHEMA, "mentions": MENTIONS_SCHEMA, "articles": ARTICLES_SCHEMA}[name]
    cols = {}
    for f in schema:
        s = df[f.name] if f.name in df.columns else pd.Series([None] * len(df))
        if pa.types.is_string(f.type):
            s = s.astype(object).where(s.notna(), None)
        cols[f.name] = pa.array(s.tolist() if pa.types.is_string(f.type) else s, type=f.type, from_pandas=True)
    return pa.table(cols, schema=schema)


def write_tables(tables: dict[str, pd.DataFrame], out: Path, layout: str = "parquet") -> Path:
    """Write tables like the ETL would: ``parquet`` (flat files, plus CSV), ``csv`` only,
    or ``partitioned`` (``events/event_type=visit/part-0.parquet`` hive layout)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        table = to_arrow(df, name)
        if layout in ("parquet", "csv"):
            df2 = table.to_pandas()
            # CRLF rows: a bare CR inside a field is then quoted (csv quotes line-terminator chars)
            df2.to_csv(out / f"{name}.csv", index=False, lineterminator="\r\n")
            if layout == "parquet":
                pq.write_table(table, out / f"{name}.parquet")
        elif layout == "partitioned":
            part = "event_type" if "event_type" in table.column_names and name != "articles" else None
            ds.write_dataset(
                table,
                out / name,
                format="parquet",
                partitioning=[part] if part else None,
                partitioning_flavor="hive" if part else None,
                existing_data_behavior="overwrite_or_ignore",
                basename_template="part-{i}.parquet",
            )
        else:
            raise ValueError(layout)
    return out
