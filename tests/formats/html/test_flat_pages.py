"""Pages without episode markup: their visible text goes through the text-dump grammar."""

from __future__ import annotations

from formats.html.pages import FIXTURES, codes, fixture, seed_show
from paperledge import parse_html


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
