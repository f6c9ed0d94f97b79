"""CSV on every Python: NUL characters survive the round trip, RFC 3339 moments load.

Before Python 3.11 the csv module stops at a NUL ("line contains NUL"): one
NUL in the first episode lost all 24 of the sample's.  And
datetime.fromisoformat read neither ``Z`` nor most fractions there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import attrs
from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import Author, Episode, Show
from paperledge._formats.csv import (
    _escape_nul,
    _unescape_nul,
    iter_csv_episodes,
    parse_csv,
    write_csv,
)

from strategies import moments, optional

# The characters the reader's escape uses, beside the CSV's own.
_TRICKY = "\x00\x01\x02\x03\"',;\r\n a'=é"
UTC = dt.timezone.utc
EDT = dt.timezone(dt.timedelta(hours=-4))
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def _with_nul(show: Show) -> Show:
    # NUL in the first episode's text, title and author, and in the last one's.
    episodes = list(show.episodes)
    first, last = episodes[0], episodes[-1]
    episodes[0] = attrs.evolve(
        first,
        title="Robotics - A\x00B",
        description="\x00" + first.description + "\x00\x01\x02\x03",
        authors=(attrs.evolve(first.authors[0], name="Nul\x00Name"), *first.authors[1:]),
    )
    episodes[-1] = attrs.evolve(last, description=last.description.replace(" ", "\x00", 3))
    return attrs.evolve(show, episodes=episodes)


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_nul_characters_in_the_sample_keep_every_episode() -> None:
    show = _with_nul(paperledge.load_sample())
    text = write_csv(show)
    assert "\x00" in text
    read = parse_csv(text, strict=True)
    assert len(read.episodes) == 24
    assert read == Show(episodes=show.episodes)
    assert read.episodes[0].title == "Robotics - A\x00B"
    assert read.episodes[0].authors[0].name == "Nul\x00Name"
    # As bytes, and streamed in chunks that split the escape's neighbourhood.
    data = text.encode()
    assert parse_csv(data, strict=True) == read
    for size in (1, 7, 4096):
        assert tuple(iter_csv_episodes(_chunks(data, size), strict=True)) == read.episodes


def test_a_nul_in_the_header_is_reported_by_its_name() -> None:
    text = write_csv(paperledge.load_sample()).replace("image_url", "image\x00url", 1)
    read = parse_csv(text)
    assert len(read.episodes) == 24
    assert [d.message for d in read.diagnostics] == ["unknown column 'image\\x00url' was ignored"]


def test_rfc3339_published_at_loads_on_the_sample() -> None:
    # The sample's episodes, each given a moment that its published_at cell
    # spells as other programs write RFC 3339 (Z, fractions, offsets).
    sample = paperledge.load_sample()
    spellings = [
        ("{day}T09:00:00.5Z", dt.time(9, 0, 0, 500_000, tzinfo=UTC)),
        ("{day}T09:00:00.000Z", dt.time(9, tzinfo=UTC)),
        ("{day}t21:30:15.123456789-04:00", dt.time(21, 30, 15, 123_456, tzinfo=EDT)),
        ("{day} 09:00:00+05:30", dt.time(9, tzinfo=IST)),
    ]
    rows = list(csv.reader(io.StringIO(write_csv(sample), newline="")))
    column = rows[0].index("published_at")
    expected = []
    for number, (row, episode) in enumerate(zip(rows[1:], sample.episodes, strict=True)):
        assert episode.published is not None
        spelling, time = spellings[number % len(spellings)]
        row[column] = spelling.format(day=episode.published.isoformat())
        moment = dt.datetime.combine(episode.published, time)
        expected.append(attrs.evolve(episode, published_at=moment))
    document = io.StringIO()
    csv.writer(document, lineterminator="\r\n").writerows(rows)
    read = parse_csv(document.getvalue(), strict=True)
    assert read.episodes == tuple(expected)
    assert [e.published_at.utcoffset() for e in read.episodes if e.published_at] == [
        e.published_at.utcoffset() for e in expected if e.published_at
    ]


# -- properties ----------------------------------------------------------------

_tricky_text = st.text(
    alphabet=st.sampled_from(_TRICKY) | st.characters(codec="utf-8"), max_size=40
)
_cells = _tricky_text.filter(bool)
_names = _tricky_text.filter(lambda s: s.split() != [] and ";" not in s)
_episodes = st.builds(
    Episode,
    title=optional(_cells),
    description=_tricky_text,
    authors=st.lists(st.builds(Author, name=_names), max_size=3, unique_by=lambda a: a.name).map(
        tuple
    ),
    guid=optional(_cells),
    published_at=optional(moments),
)


@given(st.lists(_episodes, max_size=4))
def test_text_with_nul_and_the_escape_characters_round_trips_property(
    episodes: list[Episode],
) -> None:
    text = write_csv(Show(episodes=episodes))
    assert parse_csv(text, strict=True) == Show(episodes=episodes)
    assert parse_csv(text.encode(), strict=True) == Show(episodes=episodes)


@given(st.lists(_episodes, min_size=1, max_size=4), st.integers(1, 40))
def test_streaming_text_with_nul_matches_reading_property(
    episodes: list[Episode], size: int
) -> None:
    data = write_csv(Show(episodes=episodes)).encode()
    streamed = tuple(iter_csv_episodes(_chunks(data, size), strict=True))
    assert streamed == tuple(episodes)
    text = data.decode()
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    assert tuple(iter_csv_episodes(pieces, strict=True)) == tuple(episodes)


@given(_tricky_text, _tricky_text)
def test_the_nul_escape_reads_back_and_works_piece_by_piece_property(
    first: str, second: str
) -> None:
    # What Python 3.10's reader uses (tested there through the reader): no NUL
    # reaches the csv module, every cell reads back, and a chunk can be
    # escaped on its own.
    escaped = _escape_nul(first + second)
    assert "\x00" not in escaped
    assert escaped == _escape_nul(first) + _escape_nul(second)
    assert _unescape_nul(escaped) == first + second
