"""RFC 3339 moments (paperledge._rules.dates.parse_rfc3339), the same on every Python.

Before 3.11, datetime.fromisoformat reads neither ``Z`` nor a fraction of
other than 3 or 6 digits: the CSV reader's ``published_at`` failed there.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperledge._rules.dates import iso_date, parse_iso_day, parse_rfc3339

UTC = dt.timezone.utc
EDT = dt.timezone(dt.timedelta(hours=-4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-02T09:00:00Z", dt.datetime(2025, 10, 2, 9, tzinfo=UTC)),
        ("2025-10-02T09:00:00.5Z", dt.datetime(2025, 10, 2, 9, 0, 0, 500_000, tzinfo=UTC)),
        ("2025-10-02T09:00:00.123z", dt.datetime(2025, 10, 2, 9, 0, 0, 123_000, tzinfo=UTC)),
        # A fraction finer than a microsecond is cut, as fromisoformat cuts it.
        (
            "2025-10-02T09:00:00.123456789+02:00",
            dt.datetime(2025, 10, 2, 9, 0, 0, 123_456, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        ("2025-10-02t09:00:00-04:00", dt.datetime(2025, 10, 2, 9, tzinfo=EDT)),
        ("2025-10-02 09:00:00.25-04:00", dt.datetime(2025, 10, 2, 9, 0, 0, 250_000, tzinfo=EDT)),
        # RFC 3339's "offset unknown" is read as UTC.
        ("2025-10-02T09:00:00-00:00", dt.datetime(2025, 10, 2, 9, tzinfo=UTC)),
        # What datetime.isoformat writes beyond RFC 3339: no offset, an offset's seconds.
        ("2025-10-02T09:00:00", dt.datetime(2025, 10, 2, 9)),
        (
            "2025-10-02T09:00:00+05:30:15",
            dt.datetime(
                2025, 10, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30, seconds=15))
            ),
        ),
        # A spreadsheet saves a moment without its seconds.
        ("2025-10-02 09:00", dt.datetime(2025, 10, 2, 9)),
    ],
)
def test_rfc3339_moments_are_read(text: str, expected: dt.datetime) -> None:
    moment = parse_rfc3339(text)
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2025-10-02",
        "2025-10-02T09",
        "2025-10-02T09:00:00.Z",
        "2025-10-02T09:00:00+0200",
        "2025-10-02T09:00:00 Z",
        "2025-10-02T09:00:00Z ",
        "２０２５-10-02T09:00:00Z",  # full-width digits
        "2025-02-30T09:00:00Z",  # no such day
        "2025-10-02T09:00:60Z",  # a leap second: no datetime holds it
        "2025-10-02T24:00:00Z",
        "2025-10-02T09:00:00+24:00",
        "2025-10-02T09:00:00+01:60",
    ],
)
def test_what_is_not_a_moment_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        parse_rfc3339(text)


offsets = st.one_of(
    st.none(),
    st.just(UTC),
    st.timedeltas(
        min_value=dt.timedelta(hours=-23, minutes=-59, seconds=-59),
        max_value=dt.timedelta(hours=23, minutes=59, seconds=59),
    ).map(dt.timezone),
)
moments = st.datetimes(min_value=dt.datetime(1, 1, 1), timezones=offsets)


@given(moments)
def test_isoformat_reads_back_property(moment: dt.datetime) -> None:
    # What the CSV writer writes for published_at, every offset included.
    read = parse_rfc3339(moment.isoformat())
    assert read == moment
    assert read.utcoffset() == moment.utcoffset()
    assert read.isoformat() == moment.isoformat()


whole_minute_offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


@given(
    st.datetimes(min_value=dt.datetime(1, 1, 1), timezones=whole_minute_offsets),
    st.sampled_from(["T", "t", " "]),
    st.integers(0, 12),
    st.booleans(),
)
def test_rfc3339_spellings_read_the_same_moment_property(
    moment: dt.datetime, separator: str, digits: int, zulu: bool
) -> None:
    # Any separator, any number of fraction digits, Z or a numeric offset.
    if zulu:
        moment = moment.replace(tzinfo=UTC)
    fraction = f"{moment.microsecond:06d}000000"[:digits]
    text = (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}{separator}"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
        + (f".{fraction}" if digits else "")
        + ("Z" if zulu else moment.isoformat()[-6:])
    )
    expected = moment.replace(microsecond=int(fraction[:6].ljust(6, "0")) if digits else 0)
    read = parse_rfc3339(text)
    assert read == expected
    assert read.utcoffset() == expected.utcoffset()
    if sys.version_info >= (3, 11):
        # Where fromisoformat reads RFC 3339, the two agree.
        assert dt.datetime.fromisoformat(text) == read


@pytest.mark.parametrize(
    "text", ["20251002", "2025-W40-4", "2025-10-2", "2025-10-02T09", " 2025-10-02"]
)
def test_a_day_is_read_only_as_yyyy_mm_dd_on_every_python(text: str) -> None:
    # From 3.11 date.fromisoformat also takes 20251002 and week dates; 3.10 does not.
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_day(text)


@given(st.dates())
def test_every_day_reads_back_from_isoformat(day: dt.date) -> None:
    assert parse_iso_day(day.isoformat()) == day
    assert iso_date(day.isoformat() + "T08:00:00Z") == day


def test_a_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        parse_iso_day("2025-02-30")
    assert iso_date("2025-W40-4") is None
