"""The rss writer's description HTML: one element per line, by the rule of line_kinds.

And text cleaned only when lxml refuses it, as cleaning everything would give.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import paperledge._formats.feed.writer as _writer
from paperledge import Author, Episode, Show, dumps, parse_feed
from paperledge._formats.feed.writer import description_html
from paperledge._rules.credits import format_credit
from paperledge._rules.lines import xml_safe


def test_a_blank_line_in_a_description_is_skipped_not_the_end() -> None:
    html = description_html("first\n\nsecond")
    assert html == "<p>first</p><p>second</p>"


def test_an_item_deeper_than_any_before_it_is_an_item_of_the_first_level() -> None:
    # A list may not skip a level (paperledge._rules.lines.line_kinds).
    assert description_html("    deep") == "<ul><li>deep</li></ul>"
    assert description_html("  top\n    deep") == "<ul><li>top<ul><li>deep</li></ul></li></ul>"


@pytest.mark.parametrize(
    ("line", "html"),
    [
        ('  ""', '<blockquote><p>""</p></blockquote>'),
        ('  "', '<ul><li>"</li></ul>'),
        ('  "x"', '<blockquote><p>"x"</p></blockquote>'),
    ],
)
def test_an_indented_quoted_line_is_a_block_quote(line: str, html: str) -> None:
    assert description_html(line) == html


def test_a_written_feed_reads_back_blank_lines_and_quotes() -> None:
    episode = Episode(
        published=dt.date(2025, 10, 2),
        title="Computation and Language - A",
        description='One\n\n  "Quoted"\n  item\n    deep\nTwo',
        authors=(Author(name="A B"),),
    )
    back = parse_feed(dumps(Show(title="S", episodes=[episode]), "rss")).episodes[0]
    assert back.description == 'One\n  "Quoted"\n  item\n    deep\nTwo'
    assert back.authors == (Author(name="A B"),)


def test_the_writer_marks_people_as_the_papers_writers() -> None:
    show = Show(title="S", episodes=[Episode(title="t", authors=(Author(name="A B"),))])
    written = dumps(show, "rss")
    assert '<podcast:person role="author" group="writing">A B</podcast:person>' in written


def test_the_written_feed_is_indented_one_element_a_line() -> None:
    written = dumps(Show(title="S", episodes=[Episode(title="t")]), "rss")
    lines = written.splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert lines[1].startswith("<rss ")
    assert lines[2] == "  <channel>"
    assert "    <item>" in lines


# -- text is cleaned only when lxml refuses it ------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(["a", " ", "\n", '"', "<", "&", "\x00", "\x0b", "\ufffe", "é"])
)
_AUTHORS = st.lists(
    st.sampled_from([Author(name="A B"), Author(name="C\x01D"), Author(name="G", is_group=True)]),
    max_size=3,
)


@given(_TEXT, _AUTHORS)
def test_description_html_is_what_cleaning_every_line_gives(
    description: str, authors: list[Author]
) -> None:
    credit = format_credit(authors) if authors else None
    cleaned = _writer._description_html(description, credit and xml_safe(credit), None, clean=True)
    assert description_html(description, authors) == cleaned


@given(_TEXT, _TEXT)
def test_an_element_is_what_cleaning_its_text_and_attributes_gives(text: str, value: str) -> None:
    written = _writer._sub(etree.Element("item"), "title", text, href=value)
    cleaned = etree.SubElement(etree.Element("item"), "title", {"href": xml_safe(value)})
    cleaned.text = xml_safe(text)
    assert etree.tostring(written) == etree.tostring(cleaned)
