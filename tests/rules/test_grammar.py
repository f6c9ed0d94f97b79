"""The episode grammar's shared decisions (paperledge._rules.grammar): one rule and one
wording per diagnostic for the text reader and the HTML reader alike."""

from __future__ import annotations

import datetime as dt

import pytest

from paperledge import parse_html, parse_text
from paperledge._diagnostics import Reporter
from paperledge._rules import grammar
from paperledge._rules.credits import CREDIT_MARKER

OCT_02 = dt.date(2025, 10, 2)
OCT_03 = dt.date(2025, 10, 3)
DATE = "Thursday Oct 02, 2025"
TEXT = "Today we read a paper about teaching small models to reason step by step."


def reported(reporter: Reporter) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in reporter.diagnostics]


TRUNCATED = "the input ends inside an episode, before its author credit"
STRAY = (
    "text after an author credit or before the first episode was kept in the episode's description"
)


@pytest.mark.parametrize(
    ("credited", "strays", "cut", "outcome"),
    [
        (True, False, False, (False, None, None)),
        (True, False, True, (False, None, None)),
        (True, True, False, (True, "stray-text", STRAY)),
        # On a cut page, text after the last credit is the next episode's start.
        (True, True, True, (False, "html-truncated", TRUNCATED)),
        (False, False, False, (True, "missing-credit", None)),
        (False, False, True, (True, "html-truncated", TRUNCATED)),
    ],
)
def test_what_an_episode_end_says(
    credited: bool, strays: bool, cut: bool, outcome: tuple[bool, str | None, str | None]
) -> None:
    kept, code, message = outcome
    reporter = Reporter()
    answer = grammar.episode_end(
        reporter,
        credited=credited,
        strays=strays,
        cut=cut,
        start=3,
        line=7,
        column=5,
        truncated="html-truncated",
    )
    assert answer is kept
    if code is None:
        assert not reporter.diagnostics
        return
    expected = message or f"the episode that starts at line 3 has no '{CREDIT_MARKER}' line"
    assert reported(reporter) == [(code, 7, 5, expected)]


def test_the_text_reader_says_truncated() -> None:
    reporter = Reporter()
    grammar.episode_end(reporter, credited=False, strays=False, cut=True, start=1, line=4)
    assert reported(reporter) == [("truncated", 4, 1, TRUNCATED)]


def test_stray_text_kept_in_the_show() -> None:
    reporter = Reporter()
    grammar.stray_text(reporter, 6, kept_in=grammar.SHOW)
    assert reported(reporter) == [
        (
            "stray-text",
            6,
            1,
            "text after an author credit or before the first episode was kept in the show's "
            "description",
        )
    ]


def test_date_mismatch_keeps_the_first() -> None:
    reporter = Reporter()
    assert not grammar.date_mismatch(reporter, OCT_02, DATE, OCT_02, DATE, line=2)
    assert not reporter.diagnostics
    assert grammar.date_mismatch(
        reporter, OCT_02, DATE, OCT_03, "Friday Oct 03, 2025", line=3, column=9
    )
    assert reported(reporter) == [
        (
            "date-mismatch",
            3,
            9,
            "date 'Friday Oct 03, 2025' differs from the episode's first date "
            "'Thursday Oct 02, 2025'; the first is kept",
        )
    ]


def test_a_day_against_no_day_is_a_mismatch() -> None:
    # The text reader compares with a first date line that named no real day.
    reporter = Reporter()
    assert grammar.date_mismatch(reporter, None, "Thursday Feb 30, 2025", OCT_02, DATE, line=2)
    assert [d.code for d in reporter.diagnostics] == ["date-mismatch"]


def _messages(show: object) -> dict[str, str]:
    return {d.code: d.message for d in show.diagnostics}  # type: ignore[attr-defined]


def _page(*articles: str) -> str:
    return "<html><body><main>" + "".join(articles) + "</main></body></html>"


def test_text_and_html_word_each_defect_alike() -> None:
    text = parse_text(
        f"{DATE}\n{DATE}\n{TEXT}\n{CREDIT_MARKER} A\nstray\n\n\n\n"
        f"{DATE}\nFriday Oct 03, 2025\n{TEXT}\n\n\n\n{DATE}\n{DATE}\n{TEXT}"
    )
    html = parse_html(
        _page(
            f'<article><p>{DATE}</p><a href="/e/one/">{DATE}</a><p>{TEXT}</p>'
            f"<p>{CREDIT_MARKER} A</p><p>stray text after the credit</p></article>",
            f'<article><p>{DATE}</p><a href="/e/two/">Friday Oct 03, 2025</a>'
            f"<p>{TEXT}</p><p>{TEXT}</p><p>{TEXT}</p></article>",
        )
    )
    in_text, in_html = _messages(text), _messages(html)
    assert in_text["stray-text"] == in_html["stray-text"] == STRAY
    assert in_text["date-mismatch"] == in_html["date-mismatch"]
    assert in_text["missing-credit"].startswith("the episode that starts at line ")
    assert in_html["missing-credit"].startswith("the episode that starts at line ")
    assert in_text["truncated"] == TRUNCATED


@pytest.mark.parametrize(
    ("lines", "titled"),
    [
        (["Monday Mar 03, 2025", "Robotics - A paper", "Monday Mar 03, 2025"], True),
        (["intro", "Monday Mar 03, 2025", "A title", "Monday Mar 03, 2025", "text"], True),
        # The same day written another way is still the episode's date, repeated.
        (["March 3, 2025", "A title", "Monday Mar 03, 2025"], True),
        # A dated comment, a news page's headlines between two stories' dates.
        (["April 5, 2018", "Great article.", "April 6, 2018"], False),
        (["Thursday Apr 05, 2018", "Great article.", "Friday Apr 06, 2018"], False),
        (["Monday Mar 03, 2025", "Monday Mar 03, 2025", "Monday Mar 03, 2025"], False),
        (["Monday Mar 03, 2025", "   ", "Monday Mar 03, 2025"], False),
        (["Monday Feb 30, 2025", "A title", "Monday Feb 30, 2025"], False),
        (["Monday Mar 03, 2025", "A title"], False),
        ([], False),
    ],
)
def test_a_titled_opening_is_a_title_between_two_dates_of_one_day(
    lines: list[str], titled: bool
) -> None:
    assert grammar.titled_opening(lines) is titled
