"""Durations: ISO 8601 durations and clock times at their worst (long digit runs, near
misses) are read or refused, never slowly."""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge._rules.durations as _durations_rules

N = 100_000


def test_iso_duration_near_misses() -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 duration"):
        _durations_rules.parse_iso_duration("P" + "1" * N + "X")
    with pytest.raises(ValueError, match="not an ISO 8601 duration"):
        _durations_rules.parse_iso_duration("PT" + "1" * N + "H" + "1" * N)
    assert _durations_rules.parse_iso_duration("PT" + "0" * 4000 + "5S") == dt.timedelta(seconds=5)
    # Past Python's limit on digits: a ValueError, which readers report.
    with pytest.raises(ValueError, match="digits"):
        _durations_rules.parse_iso_duration("PT" + "0" * N + "5S")


def test_iso_durations_and_clocks_of_long_digit_runs() -> None:
    assert _durations_rules._ISO_DURATION.fullmatch("PT" + "1" * N + "H" + "x") is None
    assert _durations_rules.parse_clock("1" * N + ":") is None
    assert _durations_rules.parse_clock("1" * N + ":00:05") is None  # no episode runs so long
