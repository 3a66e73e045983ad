"""Publication dates from day/month/year URL paths (``/politics/09/07/2025/<id>``), issue 13."""

from __future__ import annotations

import pytest

from etl.pubdate import normalize_published


@pytest.mark.parametrize(
    ("url", "language", "date"),
    [
        # ambiguous day/month: the path is read day/month/year, whatever the language
        ("https://news.example.org/politics/09/07/2025/a1b2c3", "", "2025-07-09"),
        ("https://news.example.org/politics/09/07/2025/a1b2c3", "en", "2025-07-09"),
        ("https://news.example.org/politics/09/07/2025/a1b2c3", "id", "2025-07-09"),
        ("https://news.example.org/world/1/2/2024/story.html", "en", "2024-02-01"),
        # a field > 12 decides the order by itself
        ("https://news.example.org/politics/25/07/2025/x9", "en", "2025-07-25"),
        ("https://news.example.org/politics/07/25/2025/x9", "en", "2025-07-25"),
        # the path may end at the year, or go on with a slug joined by - _ .
        ("https://news.example.org/politics/09/07/2025", "", "2025-07-09"),
        ("https://news.example.org/politics/09/07/2025-summit-talks", "", "2025-07-09"),
        # same date as the year-first form
        ("https://news.example.org/politics/2025/07/09/a1b2c3", "", "2025-07-09"),
        # the year-first form wins when a URL has both
        ("https://news.example.org/2024/03/05/politics/09/07/2025/x", "", "2024-03-05"),
        # impossible dates and digits that are not a date give nothing
        ("https://news.example.org/politics/31/02/2025/a1b2c3", "", None),
        ("https://news.example.org/politics/13/13/2025/a1b2c3", "", None),
        ("https://news.example.org/politics/09/07/20255/a1b2c3", "", None),
        ("https://news.example.org/politics/109/07/2025/a1b2c3", "", None),
    ],
)
def test_day_month_year_url_path(url: str, language: str, date: str | None):
    got = normalize_published("", language=language, url=url)
    expected = (date, "day", "url") if date else (None, "none", "none")
    assert (got.date, got.precision, got.basis) == expected


def test_metadata_still_wins_over_the_url():
    url = "https://news.example.org/politics/09/07/2025/a1b2c3"
    assert normalize_published("2025-07-10", url=url).date == "2025-07-10"
