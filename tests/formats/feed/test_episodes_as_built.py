"""The feed reader's episodes are exactly those Episode(...) builds from the same values."""

from __future__ import annotations

import datetime as dt
import sys

import attrs
import pytest

import paperledge
from paperledge._model.author import authors_of
from paperledge._model.episode import Author, Episode

from support import REPO

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


def test_authors_converter_keeps_authors_and_converts_names() -> None:
    authors = (Author(name="A B"), Author(name="C Team", is_group=True))
    assert authors_of(authors) == authors
    assert authors_of(list(authors)) == authors
    assert authors_of(("A  B", authors[1])) == authors
    assert authors_of(iter(authors)) == authors
    assert authors_of(()) == ()
    assert Episode(authors=["x"]).authors == (Author(name="x"),)
