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

import paperledge
from paperledge import _credits, _model
from paperledge._diagnostics import Reporter
from paperledge._model import Author, Episode

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


def test_valid_episode_sets_every_field_in_declared_order() -> None:
    values = tuple(f"value {index}" for index in range(len(_model._EPISODE_NAMES)))
    episode = _model._valid_episode(values)
    assert _model._EPISODE_VALUES(episode) == values
    assert tuple(field.name for field in attrs.fields(Episode)) == _model._EPISODE_NAMES


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
