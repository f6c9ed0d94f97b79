"""The date line's pattern only ever sees short lines, and the cache of date lines
seen stays bounded."""

from __future__ import annotations

import datetime as dt

import paperledge
import paperledge._rules.dates as _dates
from paperledge import parse_text
from paperledge._rules.dates import _SEEN, _SEEN_SIZE, match_date_line

from support import DATE

N = 100_000


def test_the_date_pattern_is_only_tried_on_short_lines() -> None:
    # The longest line the pattern ever sees, built to backtrack the most:
    # letter runs that could be a weekday or a month, spaces, and digits.
    worst = ("a" * 9 + " ") * 5 + "1" * 14
    assert len(worst) == _dates.MAX_DATE_LINE
    assert _dates.match_date_line(worst) is None
    assert _dates._DATE_LINE.fullmatch(" " * 30 + "Oct" + " " * 28 + "2 2025") is not None
    # Longer lines are never given to the pattern: text, whatever they hold.
    assert _dates.match_date_line(" " * N + DATE) is None
    show = parse_text(f"{DATE}\n{DATE}\n{'Sept ' * N}2025\nHi!Credit to Paper authors: A")
    assert show.episodes[0].description.endswith("2025\nHi!")


def test_the_date_line_cache_is_bounded() -> None:
    start = dt.date(2000, 1, 1)
    for offset in range(_SEEN_SIZE + 10):
        day = start + dt.timedelta(days=offset)
        line = paperledge._rules.dates.format_date_line(day)
        read = match_date_line(line)
        assert read is not None
        assert read.date == day
        assert len(_SEEN) <= _SEEN_SIZE


def test_rfc822_spaces_around_the_weekdays_comma_cost_linear_time() -> None:
    # "\s*,?\s*" once split a run of spaces every way (quadratic).
    assert _dates.parse_rfc822("Thu" + " " * N + "x") is None
    found = _dates.parse_rfc822("Thu" + " " * N + "," + " " * N + "02 Oct 2025 10:00:00 GMT")
    assert found is not None
    assert found[0] == dt.datetime(2025, 10, 2, 10, tzinfo=dt.timezone.utc)
