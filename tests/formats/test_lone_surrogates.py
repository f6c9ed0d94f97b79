"""Text given as str with a lone surrogate, in every reader: reported, replaced, writable.

A Python str can hold half of a UTF-16 pair (from "surrogateescape", or a
JSON escape); no encoding can write one, so a show that kept it would make
every writer fail.  Each reader reports the first (with its line and
column) and replaces each with U+FFFD.
"""

from __future__ import annotations

import attrs
import pytest

import paperledge
from paperledge import Show

READABLE = [fmt.name for fmt in paperledge.formats() if fmt.can_read and fmt.writer]
WRITERS = [fmt.name for fmt in paperledge.formats() if fmt.writer]
LONE = "\ud83d"
WORD = "passable"  # a word of the first sample episode's text, which every format writes


def _show() -> Show:
    sample = paperledge.load_sample()
    return attrs.evolve(sample, episodes=sample.episodes[:2], diagnostics=())


def _hostile(fmt: str) -> str:
    text = paperledge.dumps(_show(), fmt)
    assert WORD in text
    return text.replace(WORD, "pass" + LONE + "able")


def _assert_reported_where_it_was(show: Show, text: str) -> None:
    (diagnostic,) = [d for d in show.diagnostics if d.code == "undecodable"]
    assert "U+D83D" in diagnostic.message
    line = text.replace("\r\n", "\n").split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1] == LONE


def _assert_every_writer_can_encode(show: Show) -> None:
    for writer in WRITERS:
        paperledge.dumps(show, writer).encode("utf-8")


@pytest.mark.parametrize("fmt", READABLE)
def test_a_lone_surrogate_is_reported_replaced_and_the_show_writable(fmt: str) -> None:
    text = _hostile(fmt)
    show = paperledge.get_format(fmt).reader(text)  # type: ignore[misc]  # can_read
    assert any("pass\ufffdable" in e.description for e in show.episodes)
    _assert_reported_where_it_was(show, text)
    _assert_every_writer_can_encode(show)


@pytest.mark.parametrize("fmt", READABLE)
def test_strict_mode_raises_at_a_lone_surrogate(fmt: str) -> None:
    with pytest.raises(paperledge.ParseError, match="lone surrogate"):
        paperledge.get_format(fmt).reader(_hostile(fmt), strict=True)  # type: ignore[misc]


@pytest.mark.parametrize("fmt", [f.name for f in paperledge.formats() if f.streamer])
def test_a_stream_of_str_chunks_reads_as_the_whole_text_does(fmt: str) -> None:
    text = _hostile(fmt)
    middle = text.index(LONE) - 7
    whole = paperledge.get_format(fmt).reader(text)  # type: ignore[misc]  # can_read
    found: list[paperledge.Diagnostic] = []
    streamed = list(
        paperledge.iter_episodes(
            [text[:middle], text[middle:]], format=fmt, on_diagnostic=found.append
        )
    )
    assert streamed == list(whole.episodes)
    assert [d for d in found if d.code == "undecodable"] == [
        d for d in whole.diagnostics if d.code == "undecodable"
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_an_escaped_lone_surrogate_in_json_bytes_is_replaced(fmt: str) -> None:
    text = paperledge.dumps(_show(), fmt).replace(WORD, "pass\\ud83dable", 1)
    show = paperledge.parse(text.encode(), format=fmt)
    assert any("pass\ufffdable" in e.description for e in show.episodes)
    (diagnostic,) = [d for d in show.diagnostics if d.code == "undecodable"]
    assert text.splitlines()[diagnostic.line - 1][diagnostic.column - 1 :].startswith("\\ud83d")
    _assert_every_writer_can_encode(show)


def test_an_escaped_lone_surrogate_in_a_pages_json_ld_is_replaced_and_reported() -> None:
    page = (
        "<html><head>\n"
        '<script type="application/ld+json">{"@type": "PodcastEpisode",\n'
        ' "name": "Ti\\ud83dtle", "datePublished": "2025-10-02"}</script>\n'
        "</head><body><p>Thursday Oct 02, 2025</p><p>Today we read a paper.</p>"
        "<p>Credit to Paper authors: Ada Lovelace</p></body></html>"
    )
    show = paperledge.parse_html(page, url="https://paperledge.podbean.com/e/one/")
    (episode,) = show.episodes
    assert episode.title == "Ti\ufffdtle"
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "undecodable"
    assert page.splitlines()[diagnostic.line - 1][diagnostic.column - 1 :].startswith("\\ud83d")
    _assert_every_writer_can_encode(show)
