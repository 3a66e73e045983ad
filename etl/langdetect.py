"""Language identification per article with py3langid (offline, ~0.2 ms an article).

py3langid is a maintained fork of langid.py: a small naive-Bayes model shipped inside
the package (no download), 142 languages, deterministic. The input's own language
field wins when present; Malay is folded into Indonesian (same lexicon works).

The full model often names a language we have no lexicon for when the text is short, upper
case or mostly figures: English wire stories and one-line English pages came out as Nigerian
Pidgin (pcm), Volapük (vo) or "no linguistic content" (zxx) and got no extraction. So when
the best language is unsupported, the best supported one is taken instead if it scores
nearly as well (per byte of the lower-cased sample); the article's ``note`` says so. Text that
is clearly in another language (Italian, Dutch, Chinese …) keeps its code, no events are
extracted, and the note says that too.
"""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .lexicon import available_languages

FOLD = {"ms": "id", "jv": "id", "su": "id", "gl": "pt"}
SAMPLE_CHARS = 600  # title and lead decide; more text costs time, not accuracy
# Largest gap in log-probability per byte between the best language and the best supported
# one for which the supported one is taken: English wires read as pcm/zxx/vo stay below 0.14,
# "Trade talks resume" (read as Swedish) is 0.23; a short Italian sentence is 0.5, Ukrainian 0.7.
FALLBACK_MAX_GAP = 0.35


@cache
def _identifier() -> LanguageIdentifier:
    from py3langid import langid

    return LanguageIdentifier.from_modelpath(langid.MODEL_DIR / MODEL_FILE, norm_probs=False)


@cache
def supported() -> frozenset[str]:
    """Languages with a lexicon (etl/lexicons/*.toml)."""
    return frozenset(available_languages())


def normalize_code(code: str) -> str:
    code = (code or "").strip().lower().replace("_", "-").split("-")[0]
    if code in {"ind", "indonesian", "bahasa"}:
        return "id"
    if code in {"eng", "english"}:
        return "en"
    return FOLD.get(code, code) if len(code) == 2 else ""


def _fallback(sample: str, first: str) -> tuple[str, str]:
    """(code, note) for a sample whose best language ``first`` has no lexicon."""
    low = sample.lower()  # upper-case headlines and tickers mislead the model more than case
    ranked = _identifier().rank(low)
    code, score = next((FOLD.get(c, c), s) for c, s in ranked if FOLD.get(c, c) in supported())
    gap = (ranked[0][1] - score) / max(1, len(low.encode("utf-8")))
    if gap <= FALLBACK_MAX_GAP:
        return code, f"language: identified as {first!r}, read as {code!r} (closest supported)"
    return first, _unsupported(first)


def _unsupported(code: str) -> str:
    return f"language {code!r} has no lexicon: no events extracted"


def identify_language(title: str, text: str, declared: str = "") -> tuple[str, str]:
    """(ISO 639-1 code, note) of the article; code "" when there is no text to judge.

    The note is "" unless the code is a fallback or a language without a lexicon.
    """
    code = normalize_code(declared)
    if code:
        return code, "" if code in supported() else _unsupported(code)
    sample = (title + "\n" + text)[:SAMPLE_CHARS].strip()
    if len(sample) < 3:
        return "", ""
    lang, _ = _identifier().classify(sample)
    lang = FOLD.get(lang, lang)
    return (lang, "") if lang in supported() else _fallback(sample, lang)


def detect_language(title: str, text: str, declared: str = "") -> str:
    """ISO 639-1 code of the article ("" when there is no text to judge)."""
    return identify_language(title, text, declared)[0]
