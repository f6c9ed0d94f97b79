"""Pages without episode markup: their visible text goes through the text-dump grammar."""

from __future__ import annotations

from typing import SupportsIndex

import pytest

from formats.html.pages import FIXTURES, codes, fixture, seed_show
from paperledge import ParseError, parse_html
from paperledge._formats.html import reader
from paperledge._formats.html.locate import Locator


def test_flat_page_goes_through_the_text_grammar() -> None:
    show = parse_html(fixture("flat_page_read_as_a_text_dump.html"), strict=True)
    expected = seed_show("003_21b804928e084a05.txt")
    assert show.title == expected.title
    assert show.description == expected.description


def test_flat_page_defects_are_located_in_the_html() -> None:
    page = fixture("flat_page_read_as_a_text_dump.html").decode("utf-8")
    page = page.replace("<p>Thursday Apr 10, 2025</p>", "<p>Thursday Apr 10 2025</p>", 1)
    show = parse_html(page)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "date-format"
    assert "Thursday Apr 10 2025" in page.split("\n")[diagnostic.line - 1]


def test_a_flat_page_cut_short() -> None:
    flat = (FIXTURES / "flat_page_read_as_a_text_dump.html").read_text(encoding="utf-8")
    show = parse_html(flat[: len(flat) // 2])
    assert codes(show) == ["html-truncated"]
    assert len(show.episodes) == 5


def test_a_flat_page_whose_first_line_is_a_defect() -> None:
    flat = (FIXTURES / "flat_page_read_as_a_text_dump.html").read_text(encoding="utf-8")
    data = flat.replace("<p>PaperLedge</p>", "<p>Thursday Apr 10 2025</p>", 1)
    first = parse_html(data).diagnostics[0]
    # Line 2 of the page is "<p>Thursday Apr 10 2025</p>": the comma is missing
    # after "10", 16 characters into the text, 19 into the line.
    assert (first.code, first.line, first.column) == ("date-format", 2, 19)


# Ordinary pages with dated paragraphs: the show's grammar is absent.
NEWS = """<!doctype html><html><head><title>City news</title></head><body>
<h1>Latest news</h1>
<div class="post"><p>Monday Mar 03, 2025</p><h2>Council approves new park</h2>
<p>The city council voted on Monday to approve a new park near the river.</p></div>
<div class="post"><p>Friday Feb 28, 2025</p>
<p>Road works on Main Street will last two weeks, the department said.</p></div>
<footer>Copyright 2025</footer>
</body></html>"""

RELEASE_NOTES = """<html><body><main>
<h2>Changelog</h2>
<p>Tuesday Jan 07, 2025</p><ul><li>Fixed the login form.</li><li>Faster search.</li></ul>
<p>Thursday Dec 12, 2024</p><p>First public release.</p>
<a href="https://www.eventbrite.com/e/launch-party-tickets-1234/">Launch party</a>
</main></body></html>"""


def test_dated_paragraphs_of_an_ordinary_page_are_no_episodes() -> None:
    for page in (NEWS, RELEASE_NOTES):
        show = parse_html(page)
        assert show.episodes == ()
        # What the grammar would say of them is not said: they are no episodes.
        assert codes(show) == ["no-episodes"]


def test_a_line_between_two_different_dates_is_no_episode_title() -> None:
    # A dated comment (mozilla/readability's aclu page), then the show's own form.
    for first, second in (
        ("April 5, 2018", "April 6, 2018"),
        ("Thursday Apr 05, 2018", "Friday Apr 06, 2018"),
    ):
        page = f"<html><body><p>{first}</p><p>Great article.</p><p>{second}</p></body></html>"
        show = parse_html(page)
        assert show.episodes == ()
        assert codes(show) == ["no-episodes"]


def test_an_ordinary_page_strictly_is_no_episodes_not_a_missing_credit() -> None:
    with pytest.raises(ParseError) as raised:
        parse_html(NEWS, strict=True)
    assert raised.value.code == "no-episodes"


def test_a_flat_page_with_credits_keeps_an_episode_cut_before_its_credit() -> None:
    # The page shows the show's grammar, so its last, uncredited episode is one.
    flat = (FIXTURES / "flat_page_read_as_a_text_dump.html").read_text(encoding="utf-8")
    cut = flat[: flat.rindex("Credit to Paper authors:")]
    show = parse_html(cut)
    whole = parse_html(flat)
    assert len(show.episodes) == len(whole.episodes)
    assert show.episodes[-1].authors == ()
    assert codes(show) == ["html-truncated"]


class _CountingText(str):
    """The page's text, adding up how much of it each search may read."""

    read = 0

    def find(
        self, sub: str, start: SupportsIndex | None = None, end: SupportsIndex | None = None
    ) -> int:
        begin = 0 if start is None else int(start)
        stop = len(self) if end is None else min(int(end), len(self))
        found = super().find(sub, start, end)
        # A search reads up to its match, or to its end when it fails.
        _CountingText.read += max((found + len(sub) if found >= 0 else stop) - begin, 0)
        return found


def test_locating_lines_the_source_writes_otherwise_stays_linear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every episode lacks its credit, and no line's words stand in the
    # source as they show (entities): each search for one fails.
    class CountingLocator(Locator):
        @property
        def text(self) -> str:
            return _CountingText(super().text)

    monkeypatch.setattr(reader, "Locator", CountingLocator)
    unit = (
        "<p>Monday Mar 03, 2025</p><p>Robotics - A paper</p><p>Monday Mar 03, 2025</p>\n"
        "<p>caf&eacute;&nbsp;caf&eacute;&nbsp;caf&eacute;</p>\n"
    )
    reads = []
    for episodes in (1000, 4000):
        _CountingText.read = 0
        page = "<html><body>\n" + unit * episodes + "</body></html>"
        show = parse_html(page)
        assert len(show.episodes) == episodes
        # The last is cut off where the page ends.
        assert codes(show) == ["missing-credit"] * (episodes - 1) + ["html-truncated"]
        reads.append(_CountingText.read / len(page))
    # The characters read per character of the page do not grow with the page.
    assert reads[1] <= reads[0] * 1.2


def test_a_missing_credit_names_the_episodes_first_line_in_the_html() -> None:
    page = (
        "<html><body>\n<h1>PaperLedge</h1>\n<p>Monday Mar 03, 2025</p>\n<p>Robotics - A</p>\n"
        "<p>Monday Mar 03, 2025</p>\n<p>Some text.</p>\n<p>Credit to Paper authors: A B</p>\n"
        "<p>Sunday Mar 02, 2025</p>\n<p>Robotics - B</p>\n<p>Sunday Mar 02, 2025</p>\n"
        "<p>More text.</p>\n<p>Saturday Mar 01, 2025</p>\n<p>Robotics - C</p>\n"
        "<p>Saturday Mar 01, 2025</p>\n<p>Last text.</p>\n<p>Credit to Paper authors: C D</p>\n"
        "</body></html>"
    )
    show = parse_html(page)
    (missing,) = [d for d in show.diagnostics if d.code == "missing-credit"]
    # The second episode opens on line 8 of the page and its text ends on line 11.
    assert missing.message == (
        "the episode that starts at line 8 has no 'Credit to Paper authors:' line"
    )
    assert missing.line == 11


def test_a_defect_is_not_located_in_a_scripts_copy_of_the_text() -> None:
    # The page writes its last line's neighbours with a character reference,
    # and a script after it holds the same words as data (a page's JSON
    # state, as on nytimes pages): the cut is where the page shows the text.
    page = (
        "<html><body>\n<p>Monday Mar 03, 2025</p>\n<p>Robotics - A</p>\n"
        "<p>Monday Mar 03, 2025</p>\n<p>Some text.</p>\n<p>Credit to Paper authors: A B</p>\n"
        "<p>Sunday Mar 02&#44; 2025</p>\n<p>Robotics - B</p>\n<p>Sunday Mar 02&#44; 2025</p>\n"
        "<p>More text.</p>\n"
        '<script>var state = {"date": "Sunday Mar 02, 2025", "text": "More text."};</script>\n'
        "</body></html>"
    )
    (diagnostic,) = parse_html(page).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("html-truncated", 10, 4)
