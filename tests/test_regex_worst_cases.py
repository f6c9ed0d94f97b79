"""Every regular expression in src/, fed the input most likely to make it backtrack.

Each test gives one pattern its worst case (long runs of what a quantifier
takes, openings that never close, near-misses repeated) at a size where a
quadratic pattern would take minutes (and so fail CI by its timeout), and
asserts the result is right.  The review, pattern by pattern, is in
docs/reliability.md.  No test measures time.
"""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
import paperledge._formats.feed.markup as _markup
import paperledge._formats.feed.reader as _rss
import paperledge._formats.html.lines as _html_text
import paperledge._formats.html.reader as _html
import paperledge._formats.markdown as _markdown
import paperledge._formats.text as _text
import paperledge._model.episode as _model
import paperledge._rules.arxiv as _arxiv
import paperledge._rules.credits as _credits
import paperledge._rules.dates as _dates
import paperledge._rules.durations as _durations_rules
import paperledge._rules.lines as _lines_rules
import paperledge._rules.names as _names_rules
import paperledge._rules.urls as _urls_rules
from paperledge import Author, Episode, Show, parse_feed, parse_html, parse_text, testing
from paperledge._diagnostics import Reporter

N = 100_000
DATE = "Thursday Oct 02, 2025"


# -- text dumps -------------------------------------------------------------------------


def test_hosted_by_near_misses() -> None:
    description = "Hosted by the x " * N + "Hosted by the Ernis."
    assert _text.host_from_description(description) == "Ernis"
    assert _names_rules._HOSTED_BY.search("Hosted by x " * N) is None


def test_closing_quote_and_quote_runs_in_an_author_list() -> None:
    # Openings that never close, quotes followed by long runs of spaces, and
    # long runs of quotes: every name is still read, left to right.
    text = '"a, ' * (N // 10) + '"' + " " * N + "x" + ', "' + '"' * 1001 + ", b"
    names = [a.name for a in _credits.parse_authors(text, Reporter(), 1)]
    assert names[: N // 10] == ['"a'] * (N // 10)
    assert names[-1] == "b"
    assert list(_credits._QuotedNames('"' * N)._run_end.values()) == [N]
    closings = _credits._CLOSING_QUOTE.findall('" ' * N)
    assert len(closings) == 1  # only the last quote is followed by spaces to the end


def test_quoted_names_full_of_doubled_quotes() -> None:
    name = 'A ""B"" C' * 1000
    text = ", ".join([f'"{name}"'] * 100)
    authors = _credits.parse_authors(text, Reporter(), 1)
    assert [a.name for a in authors] == [name.replace('""', '"')] * 100


def test_date_line_pattern_is_only_tried_on_short_lines() -> None:
    # The longest line the pattern ever sees, built to backtrack the most:
    # letter runs that could be a weekday or a month, spaces, and digits.
    worst = ("a" * 9 + " ") * 5 + "1" * 14
    assert len(worst) == _dates.MAX_DATE_LINE
    assert _dates.match_date_line(worst) is None
    assert _dates._DATE_LINE.fullmatch(" " * 30 + "Oct" + " " * 28 + "2 2025") is not None
    # Longer lines are never given to the pattern: text, whatever they hold.
    assert _dates.match_date_line(" " * N + DATE) is None
    show = parse_text(f"{DATE}\n{DATE}\n{'Sept ' * N}2025\nHi!Credit to Paper authors: A")
    assert show.episodes[0].description.endswith("2025\nHi!")


def test_a_dump_of_near_miss_date_lines() -> None:
    near = ["Thursday Oct 02, 202", "Thursday Oct 2025", "Thursdayy Oct 02, 2025", "Oct 0x, 2025"]
    lines = [DATE, DATE] + near * (N // 40) + ["Hi!Credit to Paper authors: A"]
    show = parse_text("\n".join(lines), strict=True)
    assert len(show.episodes) == 1
    assert show.episodes[0].description.count("Thursday Oct 2025") == N // 40


# -- JSON, arXiv names, Markdown, the model -----------------------------------------------------


def test_iso_duration_near_misses() -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 duration"):
        _durations_rules.parse_iso_duration("P" + "1" * N + "X")
    with pytest.raises(ValueError, match="not an ISO 8601 duration"):
        _durations_rules.parse_iso_duration("PT" + "1" * N + "H" + "1" * N)
    assert _durations_rules.parse_iso_duration("PT" + "0" * 4000 + "5S") == dt.timedelta(seconds=5)
    # Past Python's limit on digits: a ValueError, which readers report.
    with pytest.raises(ValueError, match="digits"):
        _durations_rules.parse_iso_duration("PT" + "0" * N + "5S")


def test_subject_name_punctuation_runs() -> None:
    assert _arxiv._key(" ,-–—" * N + "Machine" + "- ," * N + "Learning") == "machine learning"
    assert _arxiv.arxiv_code("Machine" + " -" * N + "Learning") == "cs.LG"
    assert _arxiv.arxiv_code("Machine" + " -" * N + "Learnin") is None


def test_markdown_entities_and_ordered_list_starts() -> None:
    assert _markdown._ENTITY.sub("!", "&" + "a" * N) == "&" + "a" * N  # no ';': not an entity
    assert _markdown._ENTITY.sub("!", "&a" * N + ";") == "&a" * (N - 1) + "!a;"
    assert _markdown._escape_start("1" * N + ".") == "1" * N + "."  # over 9 digits: no list
    assert _markdown._escape_start("123456789. x") == "123456789\\. x"
    text = paperledge.dumps(Show(episodes=[Episode(description="&amp" * N)]), "markdown")
    assert text.count("\\&amp") == 0  # no ';' anywhere: nothing to escape
    assert "&amp" * 10 in text


def test_name_whitespace_runs() -> None:
    assert _model.normalize_name(" \t\u00a0" * N + "Ada" + " \n" * N + "Lovelace") == (
        "Ada Lovelace"
    )


def test_testing_slug() -> None:
    assert testing._SLUG.sub("-", "a" + "!?" * N + "b") == "a-b"


# -- HTML pages ------------------------------------------------------------------------------


def test_html_sniffing_looks_at_the_head_only() -> None:
    assert _html._SNIFF.search("<" * N) is None
    assert _html._SNIFF.search("<!doctype" + " " * N) is None
    assert paperledge.get_format("html").sniffer is not None
    assert paperledge._api.formats.sniff_format("<" + "<div " * N).name == "html"
    assert paperledge._api.formats.sniff_format("<" + "<div" * N).name == "text"


def test_pagination_labels() -> None:
    assert _html._NEXT_LABELS.search("olde" * N + "r") is not None
    assert _html._PREVIOUS_LABELS.search("newe" * N) is None


def test_date_in_a_meta_line() -> None:
    # The pattern is only tried on lines of at most 200 characters; this is
    # the worst such line: one long letter run, then a near miss.
    worst = "a" * 190 + " 2020 x"
    assert _html._DATE_IN_LINE.search(worst) is None
    found = _html._DATE_IN_LINE.search("Posted on " + DATE + " by Ernis")
    assert found is not None
    assert found[0] == DATE
    # In a page: a paragraph of N letters and " 2020" is text, not a date.
    page = (
        "<html><body><article><h2>T</h2><p>"
        + DATE
        + "</p><p>"
        + "a" * N
        + " 2020</p><p>Hi!Credit to Paper authors: A</p></article></body></html>"
    )
    show = parse_html(page)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    assert "a" * N + " 2020" in show.episodes[0].description


def test_needle_and_markers_and_control_bytes() -> None:
    assert _html.needle("é" * N + "Hello world, again") == "Hello world, again"
    assert _html.needle("a " * N)[:6] == "a a a "
    assert (
        _html._MARKER_BYTES.sub(b"?", "\ue000\ue007\ue008".encode() * N)
        == (b"??" + "\ue008".encode()) * N
    )
    assert _html._CONTROL_BYTES.sub(b"?", b"\x01\xef\xbf\xbe\xef\xbf" * N) == b"??\xef\xbf" * N


def test_end_tag_name_in_libxml2_messages() -> None:
    assert _html._END_TAG_NAME.search("mismatch" + " " * N) is None
    match = _html._END_TAG_NAME.search("Opening and ending tag mismatch: " + "d" * N)
    assert match is not None
    assert match[1] == "d" * N


def test_episode_and_page_paths() -> None:
    assert _urls_rules._EPISODE_PATH.search("/e/" + "a" * N + " x") is None
    assert _urls_rules._EPISODE_PATH.search("/e/a" * N) is not None
    assert _urls_rules.episode_slug("/e/" + "s" * N + "/") == "s" * N
    assert _urls_rules._PAGE_PATH.search("/page/" + "1" * N + "x") is None
    assert _urls_rules._PAGE_PATH.search("/page/" * N + "7/") is not None


def test_iso_duration_and_clock_in_pages() -> None:
    assert _durations_rules._ISO_DURATION.fullmatch("PT" + "1" * N + "H" + "x") is None
    assert _durations_rules.parse_clock("1" * N + ":") is None
    assert _durations_rules.parse_clock("1" * N + ":00:05") is None  # no episode runs so long


def test_ui_labels_and_hidden_styles() -> None:
    assert not _html_text.is_ui_line("3 " * N + "comments")  # too long to be a counter
    assert _html_text.is_ui_line("3 comments")
    assert _html_text._HIDDEN_STYLE.search("display" + " " * N + ":" + " " * N + "none")
    assert _html_text._HIDDEN_STYLE.search("display :" * N) is None
    assert _html_text._SPACES_ONLY.search(_html_text.START + " " * N) is None
    assert _html_text._LABELS.sub("", "\ue003" + "x" * N + "\ue004") == ""


def test_marker_references_script_tags_and_episode_slugs() -> None:
    # Character references to the reader's own marker characters: only tried
    # where "&#" stands, so a long run of zeros is read once.
    references = _html._MARKER_REFERENCES
    assert references.search(b"&#x" + b"0" * N + b"1") is None
    assert references.search(b"&#" + b"0" * N + b"9") is None
    assert references.search(b"&#" * N) is None
    assert references.search(b"x &#xE000; y") is not None
    assert references.search(b"&#57351;") is not None
    assert references.search(b"&#57352;") is None  # U+E008: not a marker
    assert _html._SCRIPT_TAG.search(b"</scrip" * N) is None
    assert _html._SCRIPT_TAG.search(b"<" * N + b"script>") is not None
    # _SLUG alone backtracks quadratically under search(); episode_slug only
    # ever match()es it where "e/" starts a path segment, and each match
    # stops at the next "/", so the whole link is read about once.
    assert _urls_rules.episode_slug("/e/" + "x" * N + " ") is None
    assert _urls_rules.episode_slug("e/" * N) == "e"
    assert _urls_rules.episode_slug("e/x " * N) is None
    assert _urls_rules.episode_slug("https://h/e/" + "a" * N + "/") == "a" * N


def test_chrome_links() -> None:
    assert not _html_text._is_chrome_href("/" + "x" * N)


# -- the feed ------------------------------------------------------------------------------


def test_audio_url_domains_and_embedded_schemes() -> None:
    assert _urls_rules._DOMAIN.fullmatch("a." * N + "1") is None
    assert _urls_rules._DOMAIN.fullmatch("a-" * N + ".com") is not None
    assert _urls_rules._EMBEDDED_SCHEME.search("http" * N) is None
    url = "https://mcdn.podbean.com/mf/web/" + "a/" * 1000 + "x.mp3"
    assert _urls_rules.clean_audio_url(url) == url


def test_rfc822_near_misses() -> None:
    assert _rss.parse_rfc822(" " * N + "Thu, 02 Oct 2025 10:00:00") is not None
    assert _rss.parse_rfc822("Thu, 02 Oct 2025 10:00:00" + " +" * N) is None
    assert _rss.parse_rfc822("1" * N) is None


def test_html_space_and_first_element() -> None:
    assert _lines_rules.HTML_SPACE.sub(" ", "a" + " \t\n" * N + "b") == "a b"
    assert _rss._FIRST_ELEMENT.search(b"<" * N + b"<a") is not None
    assert _lines_rules.xml_safe("\x00" * N + "ok") == "\ufffd" * N + "ok"


def test_link_and_time_labels() -> None:
    # The label patterns scan from an opening marker to its closing one; an
    # opening never closed would make every later opening scan to the end.
    # Only the reader inserts markers, in pairs: the private-use characters
    # it uses are replaced in the input, so a page cannot open one.
    line = _html_text.LINK + "label" + _html_text.SEP + _html_text.TIME + "t" + _html_text.SEP
    link = _html._LINK_LABEL.search(line)
    time = _html._TIME_LABEL.search(line)
    assert link is not None
    assert time is not None
    assert (link[1], time[1]) == ("label", "t")
    page = (
        f"<html><body><article><h2>T</h2><p>{DATE}</p><p>"
        + (_html_text.LINK + _html_text.TIME) * N
        + "</p><p>Hi!Credit to Paper authors: A</p></article></body></html>"
    )
    show = parse_html(page)
    assert show.episodes[0].description == "\ufffd" * (2 * N) + "\nHi!"
    assert show.episodes[0].authors == (Author(name="A"),)


def test_feed_tags_never_closed() -> None:
    assert _rss.html_to_lines("<p>a</p>" + "<p " * N) == ["a", ("<p " * N).strip()]
    assert _rss.html_to_lines("<p>a</p><b>b</b>" + "<" * N) == ["a", "b" + "<" * N]
    # "<div x<p>" is one tag (an attribute "x<p"), as a browser reads it.
    assert _rss.html_to_lines("<p>a</p><div x" * 3 + "<div x" * N) == ["a"] * 3 + [
        "<div x" * (N + 1)
    ]
    markup = "<p>a</p>" + "<script" * N + "<!--" * N
    assert _rss.html_to_lines(markup) == ["a"]
    assert _markup._MAYBE_HIDDEN.search("<s" * N) is None
    assert _markup.LOOKS_LIKE_HTML.search("<a" * N) is None
    assert _markup.LOOKS_LIKE_HTML.search("<" + "a" * N + ">") is not None
    feed = (
        '<rss version="2.0"><channel><title>P</title><item><title>T</title><description>'
        + "&lt;p " * N
        + "</description></item></channel></rss>"
    )
    assert parse_feed(feed).episodes[0].description == ("<p " * N).strip()
