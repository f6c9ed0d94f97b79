"""Author lists and date lines, checked against simple reference readings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperledge import Author
from paperledge._diagnostics import Reporter
from paperledge._rules.credits import _tokens, format_authors, parse_authors
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


def _closing_reference(text: str, opening: int) -> int:
    """Where the quoted name opened at ``opening`` ends, by a forward scan
    (as paperledge did before its reading was made linear): a doubled quote
    is one quote of the name; a lone quote followed by spaces, then a comma
    or the end, closes it; any other is part of it; no closing: -1."""
    j = opening + 1
    while j < len(text):
        if text[j] == '"':
            if text[j + 1 : j + 2] == '"':
                j += 2
                continue
            rest = text[j + 1 :].lstrip(" ")
            if rest == "" or rest.startswith(","):
                return j
        j += 1
    return -1


def _tokens_reference(text: str) -> list[tuple[str, int, bool]]:
    out = []
    position, length = 0, len(text)
    while position <= length:
        start = position
        while start < length and text[start] == " ":
            start += 1
        if start < length and text[start] == '"':
            closing = _closing_reference(text, start)
            if closing > 0:
                out.append((text[start + 1 : closing].replace('""', '"'), start, True))
                comma = text.find(",", closing + 1)
                position = length + 1 if comma < 0 else comma + 1
                continue
        comma = text.find(",", position)
        end = length if comma < 0 else comma
        out.append((text[position:end], position, False))
        position = end + 1
    return out


@given(st.text(alphabet='a",: ', max_size=40))
def test_tokens_match_a_forward_scan(text: str) -> None:
    assert list(_tokens(text)) == _tokens_reference(text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('"a""b", c', ['a"b', "c"]),
        ('"a"", c', ['"a""', "c"]),
        ('""",", c', ['",', "c"]),
        ('"a""", c', ['a"', "c"]),
        ('"a"b", c', ['a"b', "c"]),
        ('"""a""", c', ['"a"', "c"]),
        ('"a, b"  , c', ["a, b", "c"]),
        ('"a, b" x, c', ['"a', 'b" x', "c"]),
        ('x, "a', ["x", '"a']),
        ('"', ['"']),
        ('""', []),
        ('"  ", a', ["a"]),
    ],
)
def test_quoted_names(text: str, names: list[str]) -> None:
    authors = parse_authors(text, Reporter(), 1)
    assert [a.name for a in authors] == names


@given(
    st.lists(
        st.builds(
            Author,
            name=st.text(alphabet='a", :', min_size=1, max_size=8).filter(
                lambda s: s.strip() == s and s.strip()
            ),
            is_group=st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_format_then_parse_authors(authors: list[Author]) -> None:
    reporter = Reporter()
    assert list(parse_authors(format_authors(authors), reporter, 1)) == authors
    assert reporter.diagnostics == []


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


def test_empty_names_are_located() -> None:
    reporter = Reporter()
    authors = parse_authors("A, , B,", reporter, 7, 30)
    assert [a.name for a in authors] == ["A", "B"]
    assert [(d.code, d.line, d.column) for d in reporter.diagnostics] == [
        ("author-list", 7, 32),
        ("author-list", 7, 37),
    ]
    reporter = Reporter()
    authors = parse_authors(',"a, b", c', reporter, 1, 10)
    assert [a.name for a in authors] == ["a, b", "c"]
    assert [(d.code, d.column) for d in reporter.diagnostics] == [("author-list", 10)]
    reporter = Reporter()
    assert parse_authors("   ", reporter, 2, 5) == ()
    assert [(d.code, d.line, d.column, d.message) for d in reporter.diagnostics] == [
        ("author-list", 2, 5, "the credit names no author")
    ]
