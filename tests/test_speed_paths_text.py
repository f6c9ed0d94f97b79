"""The fast paths of the HTML and feed readers agree with the general ones they stand in for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge._formats.feed.markup as _markup
import paperledge._formats.feed.reader as _rss
import paperledge._formats.html.lines as _html_text

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
_OTHER = ["<", "<>", "<Li>", "<b>", "</b>", "<p/>", "<!--c-->", "<script>x</script>", "<p id=a>"]


@given(st.lists(st.sampled_from(_SIMPLE), max_size=16))
def test_bare_tags_read_as_the_tag_regex_reads_them(pieces: list[str]) -> None:
    markup = "".join(pieces)
    if "<" in markup:
        assert _markup._simple_lines(markup) is not None
    # A trailing inline element sends the markup down the regex path, and
    # changes nothing in lines of bare tags.
    assert _rss.html_to_lines(markup) == _rss.html_to_lines(markup + "<span></span>")


@given(st.lists(st.sampled_from(_SIMPLE + _OTHER), max_size=16))
def test_other_markup_leaves_the_fast_path(pieces: list[str]) -> None:
    markup = "".join(pieces)
    if any(piece in _OTHER for piece in pieces):
        assert _markup._simple_lines(markup) is None


def test_nested_lists_and_quotes_indent_on_the_fast_path() -> None:
    markup = (
        "<p>a</p><ul><li>b<ul><li>c</li></ul></li></ul><blockquote>d</blockquote><P>e &amp; f</P>"
    )
    assert _markup._simple_lines(markup) == ["a", "  b", "    c", "  d", "e & f"]
    assert _rss.html_to_lines(markup) == _rss.html_to_lines(markup + "<span></span>")


_HREF = st.text(
    alphabet=st.sampled_from([*"sShHaArReE?/#cCoOmMnNtTiIwWpP:.xK", "\u212a", "\u017f", "é"]),
    max_size=24,
)


@given(_HREF)
def test_chrome_links_found_as_the_case_insensitive_pattern_finds_them(href: str) -> None:
    assert _html_text._is_chrome_href(href) == (_html_text._CHROME.search(href) is not None)


def test_case_folding_beyond_ascii_still_counts() -> None:
    # U+017F (long s) folds to "s": the case-insensitive pattern decides.
    assert _html_text._is_chrome_href("https://x/\u017fharer.php")
    assert _html_text._is_chrome_href("https://x/SHARER.php")
    assert not _html_text._is_chrome_href("https://x/e/slug/")


_MARKED = st.text(
    alphabet=st.sampled_from(
        [_html_text.START, _html_text.BLOCK, _html_text.KEEP, " ", "\t", "\f", "\n", "a"]
    ),
    max_size=20,
)


@given(_MARKED)
def test_whitespace_only_blocks_kept_as_with_the_group_template(text: str) -> None:
    start, keep, block = _html_text.START, _html_text.KEEP, _html_text.BLOCK
    expected = _html_text._SPACES_ONLY.sub(f"{start}{keep}\\1{block}", text)
    assert _html_text._OPENS_SPACES_ONLY.sub(start + keep, text) == expected
