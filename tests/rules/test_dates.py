"""Dates (paperledge._rules.dates).

RFC 822 moments: the forms read, the zones, the forms refused.  Date lines:
remembered readings are the readings.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge._rules.dates as _dates_rules
from paperledge._rules.dates import parse_rfc822


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
def test_canonical_dates_read_back(moment: dt.datetime, minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    text = _dates_rules.format_rfc822(aware)
    parsed = parse_rfc822(text)
    # -0000 is no zone information: read as UTC, the zone not known.
    known = not text.endswith("-0000")
    assert parsed == (aware, known)
    assert parsed[0].utcoffset() == aware.utcoffset()
    assert parsed[0].replace(tzinfo=None) == aware.replace(tzinfo=None)


_OFFSET = dt.timezone(dt.timedelta(hours=-4))


@pytest.mark.parametrize("zone", ["+2400", "-2400", "+9999", "+24:00"])
def test_a_zone_of_a_day_or_more_is_not_a_date(zone: str) -> None:
    assert parse_rfc822(f"Thu, 02 Oct 2025 09:00:00 {zone}") is None


def test_a_zone_just_under_a_day_is_kept() -> None:
    parsed = parse_rfc822("Thu, 02 Oct 2025 09:00:00 +2359")
    assert parsed is not None
    assert parsed[0].utcoffset() == dt.timedelta(hours=23, minutes=59)


@pytest.mark.parametrize("zone", ["UTC", "UT", "GMT", "Z"])
def test_named_universal_zones(zone: str) -> None:
    expected = dt.datetime(2025, 10, 2, 9, tzinfo=dt.timezone.utc)
    assert parse_rfc822(f"Thu, 02 Oct 2025 09:00:00 {zone}") == (expected, True)


def test_a_zone_with_a_colon_keeps_its_sign() -> None:
    parsed = parse_rfc822("Thu, 02 Oct 2025 09:00:00 -04:00")
    assert parsed == (dt.datetime(2025, 10, 2, 9, tzinfo=_OFFSET), True)
    assert parsed[0].utcoffset() == dt.timedelta(hours=-4)


@pytest.mark.parametrize(
    ("year", "full"), [("25", 2025), ("49", 2049), ("50", 1950), ("99", 1999), ("00", 2000)]
)
def test_two_digit_years(year: str, full: int) -> None:
    parsed = parse_rfc822(f"Fri, 02 Oct {year} 09:00:00 GMT")
    assert parsed is not None
    assert parsed[0].date() == dt.date(full, 10, 2)


@pytest.mark.parametrize(
    ("zone", "known"), [("-0000", False), ("-00:00", False), ("", False), ("XYZ", False)]
)
def test_a_zone_that_says_nothing_is_read_as_utc_and_not_known(zone: str, known: bool) -> None:
    parsed = parse_rfc822(f"Thu, 02 Oct 2025 09:00:00 {zone}".strip())
    assert parsed == (dt.datetime(2025, 10, 2, 9, tzinfo=dt.timezone.utc), known)


_DATE_LINE_PIECES = st.sampled_from(
    [
        "Thursday",
        "Thu",
        "Oct",
        "October",
        "Feb",
        " ",
        ",",
        "02",
        "2",
        "30",
        "2nd",
        "2025",
        "x",
        "\xa0",
    ]
)


@given(st.lists(_DATE_LINE_PIECES, max_size=7).map("".join))
def test_a_remembered_date_line_reads_as_a_new_one(line: str) -> None:
    # match_date_line keeps the lines it read: asked again, it must answer
    # what reading the line afresh answers.
    fresh = (
        None
        if not line or len(line) > _dates_rules.MAX_DATE_LINE
        else (_dates_rules._match_date_line(line))
    )
    assert _dates_rules.match_date_line(line) == fresh
    assert _dates_rules.match_date_line(line) == fresh
