"""The feed reader's patterns at their worst: RFC 822 near misses, tags never closed,
the first element after a run of '<'."""

from __future__ import annotations

import paperledge._formats.feed.document as _document
import paperledge._formats.feed.item as _item
import paperledge._formats.feed.markup as _markup
from paperledge import parse_feed
from paperledge._rules.dates import parse_rfc822

N = 100_000


def test_rfc822_near_misses() -> None:
    assert parse_rfc822(" " * N + "Thu, 02 Oct 2025 10:00:00") is not None
    assert parse_rfc822("Thu, 02 Oct 2025 10:00:00" + " +" * N) is None
    assert parse_rfc822("1" * N) is None


def test_feed_tags_never_closed() -> None:
    assert _markup.html_to_lines("<p>a</p>" + "<p " * N) == ["a", ("<p " * N).strip()]
    assert _markup.html_to_lines("<p>a</p><b>b</b>" + "<" * N) == ["a", "b" + "<" * N]
    # "<div x<p>" is one tag (an attribute "x<p"), as a browser reads it.
    assert _markup.html_to_lines("<p>a</p><div x" * 3 + "<div x" * N) == ["a"] * 3 + [
        "<div x" * (N + 1)
    ]
    # Values in quotes never closed, or holding every later "<".
    assert _markup.html_to_lines('<a x="' * N + ">") == []
    assert _markup.html_to_lines("<p>a</p>" + '<b x="<' * N + ">") == ["a"]
    assert _markup.html_to_lines("<b x='" * N + '"' * N + ">") == []
    assert _markup.html_to_lines("<a " * N + "<p>b") == [("<a " * N).strip(), "b"]
    markup = "<p>a</p>" + "<script" * N + "<!--" * N
    assert _markup.html_to_lines(markup) == ["a"]
    assert _markup.LOOKS_LIKE_HTML.search("<a" * N) is None
    assert _markup.LOOKS_LIKE_HTML.search("<" + "a" * N + ">") is not None
    feed = (
        '<rss version="2.0"><channel><title>P</title><item><title>T</title><description>'
        + "&lt;p " * N
        + "</description></item></channel></rss>"
    )
    assert parse_feed(feed).episodes[0].description == ("<p " * N).strip()


def test_the_first_element_after_a_run_of_openings() -> None:
    assert _document._FIRST_ELEMENT.search(b"<" * N + b"<a") is not None


def test_a_name_before_an_address_near_misses() -> None:
    assert _item._without_address("a" + " " * N + "(b@c") == "a" + " " * N + "(b@c"
    assert (
        _item._without_address("a (" + " " * N + "b@c" + " " * N)
        == "a (" + " " * N + "b@c" + " " * N
    )
    assert _item._without_address("A " * N + "<b@c>") == ("A " * N).strip()


def test_an_address_before_a_name_near_misses() -> None:
    # Runs of "@" once cost time quadratic in their length.
    assert _item._without_address("a@" * N) == "a@" * N
    assert _item._without_address("a@a" * N + " (") == "a@a" * N + " ("
    feed = (
        '<rss version="2.0"><channel><title>P</title><item><title>T</title>'
        f"<author>{'a@' * N}</author></item></channel></rss>"
    )
    assert parse_feed(feed).episodes[0].creators == ("a@" * N,)


def test_a_long_run_of_spaces_in_an_author_costs_linear_time() -> None:
    feed = (
        '<rss version="2.0"><channel><title>P</title><item><title>T</title>'
        f"<author>Ann{' ' * N}Lee</author><pubDate>Thu{' ' * N}x</pubDate>"
        "</item></channel></rss>"
    )
    (episode,) = parse_feed(feed).episodes
    assert episode.creators == ("Ann Lee",)
    assert episode.published is None
