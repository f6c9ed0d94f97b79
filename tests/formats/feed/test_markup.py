"""An item's HTML as the dumps' lines.

The bare-tag and paragraphs-only readings give what the general tokenizer
gives.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import paperledge._formats.feed.markup as _markup
from paperledge._formats.feed.markup import _simple_lines, html_to_lines

from support import REPO


def test_html_to_lines() -> None:
    markup = (
        "<p>One &amp; <b>two</b>\n   three</p>\n<ul><li>item <i>a</i></li>"
        '<li>b<ul><li>nested</li></ul></li></ul><blockquote><p>"quoted"</p></blockquote>'
        "<p>Line<br/>break</p><script>alert(1)</script><p></p><!-- <p>hidden</p> -->"
        "<p>&lt;script&gt; stays text</p>"
    )
    assert html_to_lines(markup) == [
        "One & two three",
        "  item a",
        "  b",
        "    nested",
        '  "quoted"',
        "Line",
        "break",
        "<script> stays text",
    ]


@pytest.mark.parametrize("space", ["&#9;", "&#10;", "&#13;", "&#12;", "&#32;&#32;"])
def test_whitespace_written_as_an_entity_collapses(space: str) -> None:
    # Decoded after the whitespace pass, so collapsed on its own.
    assert html_to_lines(f"<p>a{space}b</p>") == ["a b"]


def test_the_feeds_lists_are_read_on_the_fast_path() -> None:
    markup = "<p>Why?</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>End</p>"
    assert _simple_lines(markup.replace("\n", " ")) == ["Why?", "  one", "  two", "End"]
    assert html_to_lines(markup) == ["Why?", "  one", "  two", "End"]


def test_a_paragraph_between_lists_is_not_indented() -> None:
    markup = "<ul><li>a</li></ul><p>b</p><ul><li><ul><li>c</li></ul></li></ul><p>d</p>"
    assert html_to_lines(markup) == ["  a", "b", "    c", "d"]


def test_headings_are_read_on_the_fast_path() -> None:
    assert _simple_lines("<h2>Title</h2> <p>a</p> <H6>b</H6>") == ["Title", "a", "b"]


@pytest.mark.parametrize(
    ("markup", "lines"),
    [
        ("<p>one</p>\n<p> two </p>\n<p></p>\n<p>three</p>", ["one", "two", "three"]),
        ("<p>only</p>", ["only"]),
        ("<p></p>", []),
        ("<p>a</p>\n<ul>\n<li>b</li>\n</ul>", ["a", "  b"]),
        ("<p>a\nb</p>", ["a b"]),
        ("a</p>\n<p>b</p>", ["a", "b"]),
        ("<p>a</p>\n<p>b", ["a", "b"]),
    ],
)
def test_paragraphs_separated_as_the_site_does_read_one_a_line(
    markup: str, lines: list[str]
) -> None:
    assert _simple_lines(markup) == lines
    assert html_to_lines(markup) == lines == _general_lines(markup)


def test_line_breaks_are_read_on_the_fast_path() -> None:
    assert _simple_lines("<p>a<br/>b<br />c<BR/>d</p>") == ["a", "b", "c", "d"]


def test_runs_of_spaces_in_the_feeds_markup_collapse() -> None:
    assert _simple_lines("<p>a  b</p> <ul><li>c   d</li></ul>") == ["a b", "  c d"]


def test_a_newline_beside_a_space_is_one_space() -> None:
    # Spaces only once the newline is one: "a \nb" reads "a b".
    assert html_to_lines("<p>a \nb</p>") == ["a b"]
    assert html_to_lines("<p>x</p>\n<p>a \nb</p>") == ["x", "a b"]


SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"


def _bench_feed(items: int) -> bytes:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from bench_feed import build_feed
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return build_feed(items)


def _feeds() -> list[bytes]:
    return [SAMPLE.read_bytes(), _bench_feed(60)]


_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _general_lines(markup: str) -> list[str]:
    # html_to_lines's regex path, which reads any markup.
    return _markup._regex_lines(markup)


@pytest.mark.parametrize("data", _feeds(), ids=["fixture", "bench"])
def test_feed_html_reads_alike_on_both_paths(data: bytes) -> None:
    root = etree.fromstring(data)
    contents = [item.findtext(_CONTENT) or "" for item in root.iter("item")]
    assert contents
    for markup in contents:
        fast = _markup._simple_lines(markup)
        assert fast is not None  # the site's markup takes the fast path
        assert fast == _general_lines(markup)
        # With its newlines moved into the blocks, runs of spaces and
        # entities added, it still reads as the general path reads it.
        for variant in (
            markup.replace("</p>", " \n</p>").replace("<li>", "<li>\n "),
            markup.replace(". ", ".\n").replace(", ", ",  "),
            markup.replace("'", "&#39;").replace("</li>", "&amp;\n</li>"),
            markup.replace("<br/>", "<br\n/>").replace("</p>", "<br\n/></p>"),
        ):
            lines = _markup._simple_lines(variant)
            assert lines is not None
            assert lines == _general_lines(variant)


_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "</p>\n<p>",
        "<ul>",
        "</ul>",
        "<li>",
        "</li>",
        "<blockquote>",
        "</blockquote>",
        "<br/>",
        "<br\n/>",
        "<br\n>",
        "<li\n>",
        "\n",
        " ",
        "  ",
        " \n ",
        "a",
        "b c",
        "&amp;",
        "&#32;",
        "&nbsp;",
        ">",
        "<",
        "<b>",
    ]
)


@given(st.lists(_PIECES, max_size=20))
def test_generated_bare_tag_markup_reads_alike(pieces: list[str]) -> None:
    markup = "".join(pieces)
    lines = _markup._simple_lines(markup)
    if lines is not None:
        assert lines == _general_lines(markup)
    # Every tag here is one the fast path reads; a "<" that opens none is not.
    if "<" in markup and "<" not in pieces:
        assert lines is not None


# Pieces of the bare-tag markup the site's feed carries, and a few that are not.
_SIMPLE = [
    "<p>",
    "</p>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<blockquote>",
    "</blockquote>",
    "<br/>",
    "<br />",
    "<br>",
    "<P>",
    "</LI>",
    "<H2>",
    "</h6>",
    "<pre>",
    " ",
    "  ",
    "a",
    "two words",
    "&amp;",
    "&",
    "&nbsp;",
    "\xa0",
    ">",
]


# Tags the fast path reads as the regex path does: inline ones, attributes,
# names in mixed case, a "/" or a newline after the name.
_TAGS = ["<>", "<Li>", "<b>", "</b>", "<p/>", "<p id=a>", "<a href='x'>", "<br\n>", "<li\n>"]
# Tags with values in quotes, some holding "<" or ">", some never closed.
_QUOTED = ['<a href="x>y">', "<p title='<b>'>", '<i x= "a" y=">', "<b x='", '"', "'", "="]
# What it leaves to the regex path: a "<" that opens no tag, comments and
# hidden elements (and whatever may start one).
_OTHER = ["<", "<!--c-->", "<script>x</script>", "<STYLE>", "<scripts>"]


@given(st.lists(st.sampled_from(_SIMPLE), max_size=16))
def test_bare_tags_read_as_the_tag_regex_reads_them(pieces: list[str]) -> None:
    markup = "".join(pieces)
    if "<" in markup:
        assert _markup._simple_lines(markup) is not None
    # A trailing inline element sends the markup down the regex path, and
    # changes nothing in lines of bare tags.
    assert _markup.html_to_lines(markup) == _markup.html_to_lines(markup + "<span></span>")


@given(st.lists(st.sampled_from(_SIMPLE + _TAGS + _OTHER), max_size=16))
def test_comments_hidden_elements_and_unclosed_tags_leave_the_fast_path(pieces: list[str]) -> None:
    markup = "".join(pieces)
    lines = _markup._simple_lines(markup)
    # A lone "<" opens a tag after all when a ">" comes later ("<" then ">" is "<>"):
    # only the comments and hidden elements always leave the fast path.
    if any(piece in _OTHER and piece != "<" for piece in pieces):
        assert lines is None
    elif "<" in markup and "<" not in pieces:
        assert lines is not None
    if lines is not None:
        assert lines == _general_lines(markup)


_MIXED = st.sampled_from(
    [
        *_SIMPLE,
        *_TAGS,
        *_OTHER,
        "</a>",
        "<em>",
        "</em>",
        "<P class=x>",
        "<h2>",
        "<ul>",
        "\n",
        "&#39;",
        *_QUOTED,
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_MIXED, max_size=25).map("".join))
def test_inline_tags_and_attributes_read_alike_on_both_paths(markup: str) -> None:
    lines = _markup._simple_lines(markup)
    if lines is not None:
        assert lines == _general_lines(markup)


def test_long_notes_with_links_and_emphasis_take_the_fast_path() -> None:
    markup = (
        '<p>Links: <a href="https://arxiv.org/abs/2106.09685">the paper</a>, '
        '<a href="https://example.org/code">the <b>code</b></a>.</p>'
        "<ul><li>First point</li><li>Second <em>point</em></li></ul>"
    )
    lines = _markup._simple_lines(markup)
    assert lines == ["Links: the paper, the code.", "  First point", "  Second point"]
    assert lines == _general_lines(markup)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="x.jpg" alt="cat<br />dog">',
        "<p>a <img alt='x>y'> b</p>",
        '<p>a <a title = "<p>" href=x>b</a> c</p>',
        '<P title="1>2">a</P><li>b',
    ],
)
def test_a_tag_ends_at_no_angle_bracket_inside_a_quoted_attribute_value(markup: str) -> None:
    # feedparser's atom10/tag_in_attr: the value's "<br />" is not a tag.
    expected = {
        '<img src="x.jpg" alt="cat<br />dog">': [],
        "<p>a <img alt='x>y'> b</p>": ["a b"],
        '<p>a <a title = "<p>" href=x>b</a> c</p>': ["a b c"],
        '<P title="1>2">a</P><li>b': ["a", "  b"],
    }[markup]
    assert html_to_lines(markup) == expected == _general_lines(markup)
    assert _simple_lines(markup) in (None, expected)


def test_a_quote_never_closed_is_a_character_and_the_tag_ends_at_its_first_gt() -> None:
    markup = "<p>a <a title=\"x>b</a> c</p><p>d 'e' f</p>"
    assert html_to_lines(markup) == ["a b c", "d 'e' f"] == _general_lines(markup)
    assert _simple_lines(markup) is None  # left to the regex path
    assert _simple_lines('<p x=1 y="2">a</p><p>"b</p>') == ["a", '"b']


def test_the_tags_looked_up_as_written_are_what_the_tag_reader_says_of_them() -> None:
    for written, tag in _markup._BARE_TAGS.items():
        assert _markup._tag(written) == tag, written
    assert _markup._tag("em") is _markup._INLINE
    assert _markup._tag("p title='x") is _markup._HIDDEN_TAG  # its value is open
    assert _markup._tag('p title="x"') is None


def test_a_decoded_reference_never_makes_a_new_one_with_the_text_around_it() -> None:
    # "&&#97;mp;" is "&amp;" as written, as decoding per block reads it.
    assert html_to_lines("<p>&&#97;mp; x &#8217;</p>") == ["&amp; x \u2019"]


def test_nested_lists_and_quotes_indent_on_the_fast_path() -> None:
    markup = (
        "<p>a</p><ul><li>b<ul><li>c</li></ul></li></ul><blockquote>d</blockquote><P>e &amp; f</P>"
    )
    assert _markup._simple_lines(markup) == ["a", "  b", "    c", "  d", "e & f"]
    assert _markup.html_to_lines(markup) == _markup.html_to_lines(markup + "<span></span>")


_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<br/>",
        "<a href='x'>",
        "</a>",
        "&#8217;",
        "&#38;",
        "&#60;b&#62;",
        "&#160;",
        "&#32;",
        "&#10;",
        "&#128;",
        "&#55357;",
        "&#0;",
        "&amp;#8217;",
        "&#x2019;",
        "&#8217",
        "it",
        " ",
        "  ",
        "\n",
        "&lt;",
        "word",
        # Quotes and "=" written as references, beside values in quotes.
        "&#39;",
        "&#34;",
        "&#61;",
        "<a title=",
        '<a title="',
        "'>",
        '">',
        "<b>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_decoding_references_first_gives_the_lines_decoding_per_block_gives(markup: str) -> None:
    # The pre-step decodes each distinct reference once; without it every
    # block decodes its own. Both must read the same.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_markup, "_decode_references", lambda text: text)
        expected = _markup.html_to_lines(markup)
    assert _markup.html_to_lines(markup) == expected
