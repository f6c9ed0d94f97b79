"""A number of any length, in any reader: never a raise, always a diagnostic.

Python refuses to turn a string of more than 4,300 digits into an int
(ValueError); a source can write a number of any length.  Each case builds
its hostile input from real sample content, with a 5,000-digit number where
a number belongs.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest

import paperledge
from paperledge import ParseError, Show

HUGE = "9" * 5000


def _two_episodes() -> Show:
    sample = paperledge.load_sample()
    return attrs.evolve(
        sample,
        episodes=[
            attrs.evolve(
                e,
                audio_url=f"https://mcdn.podbean.com/mf/web/episode{index}.mp3",
                audio_type="audio/mpeg",
                audio_length=123_456,
                duration=dt.timedelta(minutes=6, seconds=12),
            )
            for index, e in enumerate(sample.episodes[:2])
        ],
        diagnostics=(),
    )


def _with_huge_length(fmt: str) -> str:
    text = paperledge.dumps(_two_episodes(), fmt)
    assert text.count("123456") == 2
    return text.replace("123456", HUGE, 1)


def test_feed_enclosure_length_too_long_is_reported_and_the_rest_kept() -> None:
    show = paperledge.parse(_with_huge_length("rss").encode(), format="rss")
    assert [e.audio_length for e in show.episodes] == [None, 123_456]
    assert all(e.audio_url for e in show.episodes)  # the enclosure's URL stays
    (diagnostic,) = [d for d in show.diagnostics if "enclosure's length" in d.message]
    assert "past 2**63 - 1 bytes" in diagnostic.message


def test_feed_duration_too_long_is_reported() -> None:
    feed = paperledge.dumps(_two_episodes(), "rss")
    start = feed.index("<itunes:duration>") + len("<itunes:duration>")
    end = feed.index("</itunes:duration>", start)
    for value in (HUGE, f"{HUGE}:{HUGE}:{HUGE}", f"1:{HUGE}"):
        show = paperledge.parse((feed[:start] + value + feed[end:]).encode(), format="rss")
        assert show.episodes[0].duration is None
        assert show.episodes[1].duration is not None
        assert [d.code for d in show.diagnostics] == ["feed-duration"]


def test_feed_stream_reads_a_too_long_length_as_the_whole_feed_does() -> None:
    data = _with_huge_length("rss").encode()
    streamed = list(paperledge.iter_episodes([data[:3000], data[3000:]], format="rss"))
    assert streamed == list(paperledge.parse(data, format="rss").episodes)


def test_json_lines_with_a_too_long_number_skips_that_line_only() -> None:
    text = _with_huge_length("jsonl")
    show = paperledge.parse(text.encode(), format="jsonl")
    assert [e.audio_length for e in show.episodes] == [123_456]
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "json-syntax"
    assert "5,000 digits is too long" in diagnostic.message
    assert (diagnostic.line, text.splitlines()[0][diagnostic.column - 1]) == (1, "9")
    with pytest.raises(ParseError, match="5,000 digits"):
        paperledge.parse(text.encode(), format="jsonl", strict=True)


def test_json_lines_number_past_64_bits_is_a_schema_defect_of_its_line() -> None:
    text = paperledge.dumps(_two_episodes(), "jsonl").replace("123456", "9" * 19, 1)
    show = paperledge.parse(text.encode(), format="jsonl")
    assert len(show.episodes) == 1
    assert "audio_length must be at most 2**63 - 1" in show.diagnostics[0].message


def test_json_document_with_a_too_long_number_is_refused_with_its_place() -> None:
    text = _with_huge_length("json")
    with pytest.raises(ParseError) as raised:
        paperledge.parse(text.encode(), format="json")
    error = raised.value
    assert error.code == "json-syntax"
    assert "5,000 digits" in error.message
    assert text.splitlines()[error.line - 1][error.column - 1 :].startswith(HUGE)


def test_csv_byte_count_too_long_leaves_the_cell_empty_and_says_so() -> None:
    show = paperledge.parse(_with_huge_length("csv").encode(), format="csv")
    assert [e.audio_length for e in show.episodes] == [None, 123_456]
    (diagnostic,) = show.diagnostics
    assert "a byte count past 2**63 - 1" in diagnostic.message
    streamed = list(paperledge.iter_episodes([_with_huge_length("csv")], format="csv"))
    assert streamed == list(show.episodes)


def test_html_page_link_with_a_too_long_number_is_no_page_link() -> None:
    source = (
        "<html><body>"
        f'<a href="/page/{HUGE}/">Older episodes</a>'
        '<div><a href="/e/one/">One</a><p>Thursday Oct 02, 2025</p>'
        "<p>Today we read a paper.</p><p>Credit to Paper authors: Ada Lovelace</p></div>"
        "</body></html>"
    )
    show = paperledge.parse_html(source, url="https://paperledge.podbean.com/")
    (episode,) = show.episodes
    assert episode.authors[0].name == "Ada Lovelace"
    assert show.next_page_url is None


def test_text_dump_date_with_a_too_long_year_is_no_date_line() -> None:
    dump = paperledge.dumps(_two_episodes(), "text")
    dates = [line for line in dump.splitlines() if re.fullmatch(r"\w+ \w{3} \d\d, \d{4}", line)]
    assert len(dates) == 4  # each episode opens with its date twice, as the site shows it
    head, tail = dump.rsplit(dates[2] + "\n" + dates[3], 1)
    hostile = head + (dates[2][:-4] + HUGE + "\n") * 2 + tail
    show = paperledge.parse(hostile.encode(), format="text")
    # The second date line is no date: its lines stay text of the first episode.
    (episode,) = show.episodes
    assert HUGE in episode.description
    assert [d.code for d in show.diagnostics] == ["stray-text"]


def test_a_too_long_number_in_a_pages_json_ld_is_invalid_json_ld_not_a_raise() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "PodcastEpisode", '
        f'"timeRequired": {"9" * 5000}}}</script></head><body><p>Thursday Oct 02, 2025</p>'
        "<p>Today we read a paper.</p><p>Credit to Paper authors: Ada Lovelace</p></body></html>"
    )
    show = paperledge.parse_html(page, url="https://paperledge.podbean.com/e/one/")
    assert len(show.episodes) == 1
    assert [(d.code, d.message) for d in show.diagnostics] == [
        ("json-syntax", "a JSON-LD block is not valid JSON: a number of 5,000 digits is too long")
    ]
