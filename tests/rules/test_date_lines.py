"""Date lines: every month by name and abbreviation, the spellings read with their
problem and column, lines that are not dates, and the canonical line of a date."""

from __future__ import annotations

import datetime as dt

import pytest

from paperledge._rules.dates import (
    MONTH_ABBREVIATIONS,
    UNKNOWN_DATE,
    WEEKDAY_NAMES,
    format_date_line,
    match_date_line,
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_by_name_and_abbreviation(month: int) -> None:
    date = dt.date(2024, month, 9)
    canonical = format_date_line(date)
    assert canonical == (
        f"{WEEKDAY_NAMES[date.weekday()]} {MONTH_ABBREVIATIONS[month - 1]} 09, 2024"
    )
    line = match_date_line(canonical)
    assert line is not None
    assert (line.date, line.problem) == (date, None)
    full = f"{WEEKDAY_NAMES[date.weekday()]} {MONTHS[month - 1]} 9th, 2024"
    read = match_date_line(full)
    assert read is not None
    assert read.date == date
    assert read.problem == "date-format"
    lower = match_date_line(full.lower())
    assert lower is not None
    assert lower.date == date


@pytest.mark.parametrize(
    ("line", "date", "problem", "column"),
    [
        ("Thursday Oct 02, 2025", dt.date(2025, 10, 2), None, 1),
        ("  Friday Oct 02, 2025", dt.date(2025, 10, 2), "weekday-mismatch", 3),
        ("Thurs. Oct. 2nd 2025", dt.date(2025, 10, 2), "date-format", 6),
        ("Tues Sept 30, 2025", dt.date(2025, 9, 30), "date-format", 5),
        ("Wednes Oct 01, 2025", dt.date(2025, 10, 1), "date-format", 7),
        ("Thur Oct 02, 2025", dt.date(2025, 10, 2), "date-format", 5),
        ("Oct 02 2025", dt.date(2025, 10, 2), "date-format", 1),
        ("Thursday Oct 02, 2025 ", dt.date(2025, 10, 2), "date-format", 22),
        ("Monday Feb 29, 2025", None, "date-invalid", 12),
        ("Sunday Feb 29, 2032", dt.date(2032, 2, 29), None, 1),
        ("Monday Feb 29, 2032", dt.date(2032, 2, 29), "weekday-mismatch", 1),
        (UNKNOWN_DATE, None, None, 1),
    ],
)
def test_date_line_spellings(
    line: str, date: dt.date | None, problem: str | None, column: int
) -> None:
    read = match_date_line(line)
    assert read is not None
    assert (read.date, read.problem, read.column) == (date, problem, column)


@pytest.mark.parametrize(
    "line",
    [
        "Someday Oct 02, 2025",
        "Thursday Octo 02, 2025",
        "Thursday Oct 002, 2025",
        "Thursday Oct 02, 20251",
        "Thursday Oct 02 2025 text",
        "Thursday 02 Oct 2025",
        "",
        "x" * 65 + " 2025",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert match_date_line(line) is None


@pytest.mark.parametrize(
    ("date", "line"),
    [
        (dt.date(2024, 1, 8), "Monday Jan 08, 2024"),
        (dt.date(2024, 2, 13), "Tuesday Feb 13, 2024"),
        (dt.date(2024, 3, 13), "Wednesday Mar 13, 2024"),
        (dt.date(2024, 4, 11), "Thursday Apr 11, 2024"),
        (dt.date(2024, 5, 10), "Friday May 10, 2024"),
        (dt.date(2024, 6, 8), "Saturday Jun 08, 2024"),
        (dt.date(2024, 7, 7), "Sunday Jul 07, 2024"),
        (dt.date(2024, 8, 1), "Thursday Aug 01, 2024"),
        (dt.date(2024, 9, 30), "Monday Sep 30, 2024"),
        (dt.date(2024, 10, 31), "Thursday Oct 31, 2024"),
        (dt.date(2024, 11, 5), "Tuesday Nov 05, 2024"),
        (dt.date(999, 12, 25), "Wednesday Dec 25, 0999"),
        (None, "Unknown date"),
    ],
)
def test_canonical_date_lines(date: dt.date | None, line: str) -> None:
    assert format_date_line(date) == line
    read = match_date_line(line)
    assert read is not None
    assert (read.date, read.problem) == (date, None)
