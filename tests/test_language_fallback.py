"""Language identification keeps to the languages with a lexicon (issue 13).

Short, upper-case or figure-heavy English used to come out as Nigerian Pidgin (pcm), Volapük
(vo) or "no linguistic content" (zxx) and got no extraction. Fixture texts are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.langdetect import _identifier, identify_language
from etl.process import process_record
from etl.schema import RawRecord
from etl.sentences import clean_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
REUTERS = SHARED / "corpora" / "reuters21578-000-002.jsonl"


@pytest.mark.parametrize(
    ("text", "raw_model_says"),
    [
        ("Brazil and Argentina agree", "pcm"),
        ("Mali and Niger sign deal", "pcm"),
        ("Qtly div 10 cts vs 10 cts", "pcm"),
        ("SHR 12 CTS VS 10 CTS", "zxx"),
        ("KESTREL LABS <KSL> YEAR LOSS\nNet loss 12,400 vs loss 5,300\n Revs 88,100 vs 91,700", "vo"),
        ("Leaders meet", "nl"),
        ("Ministers met in Vienna on Friday.", "nl"),
    ],
)
def test_short_english_falls_back_to_english_with_a_note(text: str, raw_model_says: str):
    assert _identifier().classify(text)[0] == raw_model_says  # the case the fallback is for
    code, note = identify_language(text, "")
    assert code == "en"
    assert note == f"language: identified as {raw_model_says!r}, read as 'en' (closest supported)"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The foreign minister arrived in Jakarta on Monday for talks.", "en"),
        ("Menteri luar negeri tiba di Jakarta pada hari Senin untuk berunding.", "id"),
        ("Der Außenminister traf am Montag zu Gesprächen in Berlin ein.", "de"),
        ("Le ministre est arrivé lundi à Paris pour des entretiens.", "fr"),
    ],
)
def test_supported_languages_need_no_note(text: str, code: str):
    assert identify_language(text, "") == (code, "")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Il ministro degli esteri è arrivato a Roma lunedì per colloqui con il suo omologo.", "it"),
        ("De minister van buitenlandse zaken is maandag in Den Haag aangekomen voor overleg.", "nl"),
        ("Minister spraw zagranicznych przybył w poniedziałek do Warszawy na rozmowy.", "pl"),
    ],
)
def test_clearly_other_languages_keep_their_code_and_say_so(text: str, code: str):
    assert identify_language(text, "") == (code, f"language {code!r} has no lexicon: no events extracted")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("en", ("en", "")),
        ("EN-us", ("en", "")),
        ("ms", ("id", "")),
        ("it", ("it", "language 'it' has no lexicon: no events extracted")),
    ],
)
def test_declared_language_wins(declared: str, expected: tuple[str, str]):
    assert identify_language("Brazil and Argentina agree", "", declared) == expected


def test_fallback_reaches_the_article_note_and_extraction(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr("etl.process.extract_events", lambda *a, lang, **k: calls.append(lang) or ())
    rec = RawRecord(origin="x.txt", title="Mali and Niger sign deal", note="text truncated")
    art = process_record(rec)
    assert (art.status, art.language, calls) == ("ok", "en", ["en"])
    assert art.note == (
        "text truncated; language: identified as 'pcm', read as 'en' (closest supported)"
    )


def test_unsupported_language_is_not_extracted_but_noted(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr("etl.process.extract_events", lambda *a, lang, **k: calls.append(lang) or ())
    art = process_record(RawRecord(origin="x.txt", title="Incontro a Roma", language="it"))
    assert (art.status, art.language, calls) == ("ok", "it", [])
    assert art.note == "language 'it' has no lexicon: no events extracted"


@pytest.mark.skipif(not REUTERS.exists(), reason="needs ../shared/corpora")
def test_reuters_wires_are_english():
    """All 2,761 English wires (193 came out pcm/zxx/vo before the fallback)."""
    codes = []
    for line in REUTERS.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        codes.append(identify_language(clean_text(r["title"]).strip(), clean_text(r["text"]))[0])
    assert len(codes) == 2761
    assert codes.count("en") == 2761
