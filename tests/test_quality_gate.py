"""Quality gate on skill, not fit: figures cross-validated over the annotated articles with whole
outlets held out (no article is scored by a model that saw its outlet), against floors set just
under the measured scores (README, quality section). Raise them when the extractor improves;
never lower them to let a change land."""

from __future__ import annotations

import pytest

from etl.corpus import DEFAULT_SHARED
from etl.train import cross_validate, prepare_all

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (DEFAULT_SHARED / "corpora").exists(), reason="needs ../shared/corpora"),
]

# Measured 2026-12-06 over 1,011 articles (5 outlet folds): strict F1 0.430 (rules 0.396),
# P 0.417, negatives clean 604/662 (0.912), published 1004/1011, Brier 0.120.
FLOOR_STRICT_F1 = 0.41
FLOOR_PRECISION = 0.40
FLOOR_NEGATIVES_CLEAN = 0.90
FLOOR_PUBLISHED = 0.98
CEILING_BRIER = 0.14


@pytest.fixture(scope="module")
def cv():
    return cross_validate(prepare_all())


def test_strict_f1_floor(cv):
    assert cv.model.strict.f1 >= FLOOR_STRICT_F1, cv.model.text()


def test_model_beats_the_rules_it_replaced(cv):
    m, r = cv.model, cv.rules
    assert m.strict.f1 >= r.strict.f1, (m.strict.row(), r.strict.row())
    assert m.strict.precision > r.strict.precision


def test_precision_floor(cv):
    assert cv.model.strict.precision >= FLOOR_PRECISION, cv.model.text()


def test_event_free_articles_stay_clean(cv):
    m = cv.model
    assert m.negatives_clean / m.negatives_total >= FLOOR_NEGATIVES_CLEAN, (m.negatives_clean, m.negatives_total)


def test_publication_dates(cv):
    assert cv.model.pub_accuracy >= FLOOR_PUBLISHED


def test_confidence_is_calibrated(cv):
    assert cv.brier <= CEILING_BRIER
    for _name, n, predicted, observed in cv.reliability():
        if n >= 100:  # each well-filled bin within 0.12 of what happened
            assert abs(predicted - observed) <= 0.12, cv.reliability()


def test_every_language_is_scored(cv):
    assert set(cv.model.by_lang) >= {"id", "en", "de", "fr", "pt", "ru", "es"}
