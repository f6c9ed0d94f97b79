"""The feed reader's fast paths agree with the general code they stand in for.

Each fast path is checked on the real fixture feed, on the benchmark's feed
(the fixture's items cycled) and on the seed pages' credits, and on
generated inputs where the general path is cheap to call directly.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import paperledge
import paperledge._formats.feed.markup as _markup
import paperledge._formats.feed.reader as _rss
import paperledge._model.episode as _episode
import paperledge._model.episode as _model
import paperledge._rules.credits as _credits
import paperledge._rules.dates as _dates_rules
import paperledge._rules.durations as _durations_rules
from paperledge._diagnostics import Reporter
from paperledge._formats.feed.reader import html_to_lines
from paperledge._model.episode import Author, Episode

from conftest import SEED_NAMES, seed_text

REPO = Path(__file__).resolve().parent.parent
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


def _credit_texts() -> list[str]:
    """The author lists after every credit marker of the fixture and the seeds."""
    sources = [SAMPLE.read_text(encoding="utf-8")]
    sources += [seed_text(name) for name in SEED_NAMES]
    texts = []
    for source in sources:
        for line in source.splitlines():
            position = _credits.find_credit(line)
            if position >= 0:
                rest = line[position + len(_credits.CREDIT_MARKER) :]
                texts.append(rest.split("<", 1)[0])
    return texts


# -- Episode built without attrs' converters and validators -------------------------


@pytest.mark.parametrize("data", _feeds(), ids=["fixture", "bench"])
def test_feed_episodes_equal_those_built_by_the_constructor(data: bytes) -> None:
    show = paperledge.parse_feed(data)
    assert show.episodes
    for episode in show.episodes:
        rebuilt = Episode(**attrs.asdict(episode, recurse=False))
        assert rebuilt == episode
        assert hash(rebuilt) == hash(episode)
        assert repr(rebuilt) == repr(episode)
        assert type(episode.authors) is tuple
        assert all(type(author) is Author for author in episode.authors)
        assert episode.published is None or type(episode.published) is dt.date


def test_trusted_episode_sets_every_field_it_is_given_and_defaults_the_rest() -> None:
    values = {name: f"value {index}" for index, name in enumerate(_model._EPISODE_NAMES)}
    episode = _episode.trusted_episode(**values)
    assert _model._EPISODE_VALUES(episode) == tuple(values.values())
    assert tuple(field.name for field in attrs.fields(Episode)) == _model._EPISODE_NAMES
    assert _episode.trusted_episode(title="T") == Episode(title="T")
    with pytest.raises(TypeError, match="no field 'titel'"):
        _episode.trusted_episode(titel="T")


def test_authors_converter_keeps_a_tuple_of_authors_and_converts_the_rest() -> None:
    authors = (Author(name="A B"), Author(name="C Team", is_group=True))
    assert _model._authors(authors) is authors
    assert _model._authors(list(authors)) == authors
    assert _model._authors(("A  B", authors[1])) == authors
    assert _model._authors(iter(authors)) == authors
    assert _model._authors(()) == ()
    assert Episode(authors=["x"]).authors == (Author(name="x"),)


# -- author lists ------------------------------------------------------------------


def _both(text: str) -> tuple[tuple[Author, ...], list[str], tuple[Author, ...], list[str]]:
    fast_reporter, general_reporter = Reporter(), Reporter()
    fast = _credits.parse_authors(text, fast_reporter, 3, 5)
    general = _credits._parse_tokens(text, general_reporter, 3, 5)
    return (
        fast,
        [repr(d) for d in fast_reporter.diagnostics],
        general,
        [repr(d) for d in general_reporter.diagnostics],
    )


def test_credit_texts_of_the_fixtures_read_alike() -> None:
    texts = _credit_texts()
    assert len(texts) > 20
    assert any(", :," in text for text in texts)  # a group mark is among them
    for text in texts:
        fast, fast_reports, general, general_reports = _both(text)
        assert fast == general
        assert [a.is_group for a in fast] == [a.is_group for a in general]
        assert fast_reports == general_reports


_NAME_PIECES = st.sampled_from(
    ["Ann Lee", "DeepSeek-AI", "GLM Team", ":", " : ", "", " ", "a:b", "X: Y", "Qi", "  Bo  Li "]
)


@given(st.lists(_NAME_PIECES, max_size=8))
def test_generated_author_lists_read_alike(pieces: list[str]) -> None:
    fast, fast_reports, general, general_reports = _both(",".join(pieces))
    assert fast == general
    assert [a.is_group for a in fast] == [a.is_group for a in general]
    assert fast_reports == general_reports


# -- the feed's HTML: bare block tags, read without the tag pattern -----------------

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _general_lines(markup: str) -> list[str]:
    # A trailing inline element sends html_to_lines down its regex path,
    # and changes nothing in the lines.
    return html_to_lines(markup + "<span></span>")


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
    # Every tag here but these is one the fast path knows (as the old
    # reader did, ``<br\n>`` is not: its name reads as "br ").
    if "<" in markup and not {"<", "<b>", "<br\n>", "<li\n>"} & set(pieces):
        assert lines is not None


# -- durations ---------------------------------------------------------------------


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["", "0", "00"]),
    st.sampled_from(["", " ", "\t\n"]),
)
def test_whole_seconds_read_as_the_general_path_reads_them(
    seconds: int, zeros: str, space: str
) -> None:
    text = f"{zeros}{seconds}"
    expected = None if float(seconds) > 10 * 365 * 86400 else dt.timedelta(seconds=float(seconds))
    assert _durations_rules.parse_clock(f"{space}{text}{space}") == expected
    # The general path: the same number with a fraction.
    assert _durations_rules.parse_clock(f"{text}.0") == expected


# -- dates -------------------------------------------------------------------------


@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_canonical_dates_read_back_on_the_fast_path(moment: dt.datetime, minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    text = _dates_rules.format_rfc822(aware)
    fast = _dates_rules._fast_rfc822(text)
    if text.endswith("-0000"):
        assert fast is None  # no zone information: the general path
        return
    assert fast == (aware, True)
    assert fast[0].utcoffset() == aware.utcoffset()
    assert _rss.parse_rfc822(text) == fast
