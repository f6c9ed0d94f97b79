"""RFC 822 dates (paperledge._rules.dates): the forms read, the zones, the forms refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge._formats.feed.reader as _rss
import paperledge._rules.dates as _dates_rules
from paperledge._formats.feed.reader import parse_rfc822


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thu, 02 Oct 2025 09:00:00 -0400",
            dt.datetime(2025, 10, 2, 13, 0, tzinfo=dt.timezone.utc),
        ),
        (
            "Thu, 02 Oct 2025 23:30:00 -0400",
            dt.datetime(2025, 10, 3, 3, 30, tzinfo=dt.timezone.utc),
        ),
        ("2 Oct 2025 09:00 GMT", dt.datetime(2025, 10, 2, 9, 0, tzinfo=dt.timezone.utc)),
        ("Thu, 02 Oct 25 09:00:00 EDT", dt.datetime(2025, 10, 2, 13, 0, tzinfo=dt.timezone.utc)),
        (
            "Thu, 02 October 2025 09:00:00 +0530",
            dt.datetime(2025, 10, 2, 3, 30, tzinfo=dt.timezone.utc),
        ),
    ],
)
def test_rfc822(text: str, expected: dt.datetime) -> None:
    parsed = parse_rfc822(text)
    assert parsed is not None
    assert parsed[0] == expected


@pytest.mark.parametrize("text", ["yesterday", "Thu, 31 Feb 2025 09:00:00 GMT", "2025-10-02", ""])
def test_bad_rfc822(text: str) -> None:
    assert parse_rfc822(text) is None


@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_canonical_dates_read_back_on_the_fast_path(moment: dt.datetime, minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    text = _dates_rules.format_rfc822(aware)
    fast = _dates_rules._fast_rfc822(text)
    if text.endswith("-0000"):
        assert fast is None  # no zone information: the general path
        return
    assert fast == (aware, True)
    assert fast[0].utcoffset() == aware.utcoffset()
    assert _rss.parse_rfc822(text) == fast
