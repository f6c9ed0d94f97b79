"""itunes:duration clock readings (paperledge._rules.durations): the forms read and refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge._rules.durations as _durations_rules
from paperledge._rules.durations import parse_clock as parse_itunes_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("372", 372),
        ("06:12", 372),
        ("6:12", 372),
        ("1:02:03", 3723),
        ("00:00:00", 0),
        (" 45 ", 45),
        ("372.5", 372.5),
        ("100:00:00", 360000),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_itunes_duration(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "-5", "12:75", "1:60:00", "٣", "5 min"])
def test_bad_durations(text: str) -> None:
    assert parse_itunes_duration(text) is None


def test_a_duration_of_up_to_ten_years_is_kept() -> None:
    ten_years = 10 * 365 * 86400
    assert parse_itunes_duration(str(ten_years)) == dt.timedelta(days=3650)
    assert parse_itunes_duration(str(ten_years + 1)) is None


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["", "0", "00"]),
    st.sampled_from(["", " ", "\t\n"]),
)
def test_whole_seconds_read_as_the_same_number_with_a_fraction(
    seconds: int, zeros: str, space: str
) -> None:
    text = f"{zeros}{seconds}"
    expected = None if float(seconds) > 10 * 365 * 86400 else dt.timedelta(seconds=float(seconds))
    assert _durations_rules.parse_clock(f"{space}{text}{space}") == expected
    # The same number with a fraction reads alike.
    assert _durations_rules.parse_clock(f"{text}.0") == expected
