"""Page furniture around an episode's text: a running time under the date, play
counters, footers after the credit. None of it is the episode's text."""

from __future__ import annotations

import datetime as dt

import pytest

from formats.html.pages import CREDIT, DATE, TEXT, TEXT2, codes, page
from paperledge import parse_html
from paperledge._formats.html.furniture import duration_line, is_footer


def _card(opening: str = "", footer: str = "") -> str:
    return (
        f"<article><p>{DATE}</p>{opening}"
        '<h2><a href="/e/one/">Robotics - A Robot</a></h2>'
        f"<p>{TEXT}</p><p>{TEXT2}{CREDIT}Ann Lee, Bo Chen</p>{footer}</article>"
    )


def test_a_running_time_under_the_date_is_the_duration_not_text() -> None:
    show = parse_html(page(_card(opening="<p>00:06:12</p>")))
    (episode,) = show.episodes
    assert episode.duration == dt.timedelta(minutes=6, seconds=12)
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert codes(show) == []


def test_a_labelled_running_time_is_read_too() -> None:
    (episode,) = parse_html(page(_card(opening="<span>Duration: 1:02:03</span>"))).episodes
    assert episode.duration == dt.timedelta(hours=1, minutes=2, seconds=3)
    assert "Duration" not in episode.description


def test_a_play_counter_is_no_text() -> None:
    for counter in ("1,234 plays", "Plays: 1.2K", "(56) Listens"):
        show = parse_html(page(_card(opening=f"<p>{counter}</p>", footer=f"<p>{counter}</p>")))
        (episode,) = show.episodes
        assert counter not in episode.description
        assert codes(show) == []


def test_a_footer_after_the_credit_is_the_pages() -> None:
    footer = "<p>Filed under: Robotics, Learning</p><p>Tags: robots</p>"
    show = parse_html(page(_card(footer=footer)))
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert codes(show) == []


def test_other_text_after_the_credit_is_still_stray_text() -> None:
    show = parse_html(page(_card(footer="<p>Categories are hard to define, said the paper.</p>")))
    assert codes(show) == ["stray-text"]
    assert show.episodes[0].description.endswith("Categories are hard to define, said the paper.")


def test_a_clock_inside_the_text_stays_text() -> None:
    # Only the opening shows the running time; in the text a time is words.
    card = _card().replace(f"<p>{TEXT}</p>", f"<p>{TEXT}</p><p>12:30</p>")
    (episode,) = parse_html(page(card)).episodes
    assert episode.duration is None
    assert "12:30" in episode.description.split("\n")


@pytest.mark.parametrize(
    ("line", "seconds"),
    [("06:12", 372), ("0:06:12", 372), ("Length: 6:12 mins", 372), ("Runtime 45:00", 2700)],
)
def test_running_time_lines(line: str, seconds: int) -> None:
    assert duration_line(line) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("line", ["6:75", "Robotics 6:12", "12:30 and more", "2025", ""])
def test_lines_that_are_no_running_time(line: str) -> None:
    assert duration_line(line) is None


@pytest.mark.parametrize(
    ("line", "footer"),
    [
        ("Filed under Robotics", True),
        ("Posted in News", True),
        ("Tags: a, b", True),
        ("Category: cs.CL", True),
        ("Tagged robots", True),
        ("Categories are hard to define.", False),
        ("Tags are what we use.", False),
    ],
)
def test_footer_lines(line: str, footer: bool) -> None:
    assert is_footer(line) is footer
