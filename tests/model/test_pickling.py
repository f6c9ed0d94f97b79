"""The model pickles (as parse_many and Dask send it between processes) to equal,
frozen values with every field."""

from __future__ import annotations

import pickle

import attrs
import pytest

import paperledge
from paperledge import Diagnostic
from paperledge.testing import Archive


def test_the_model_pickles_with_every_field() -> None:
    show = Archive(30).show(fields="all")
    show = paperledge.Show(
        title=show.title,
        episodes=show.episodes,
        diagnostics=[Diagnostic(code="blank-lines", message="m", line=3, source="a.txt")],
    )
    copy = pickle.loads(pickle.dumps(show))
    assert copy == show
    assert copy.diagnostics == show.diagnostics
    assert copy.episodes[0].authors == show.episodes[0].authors


def test_pickled_episodes_and_authors_are_the_same_frozen_values() -> None:
    # Episode and Author pickle through a tuple of their fields (the fast path
    # parse_many and Dask use): every field, a group author, equality, hash.
    episode = Archive(8).show(fields="all").episodes[0]
    group = paperledge.Author(name="DeepSeek-AI", is_group=True)
    episode = attrs.evolve(episode, authors=(*episode.authors, group))
    copy = pickle.loads(pickle.dumps(episode, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == episode
    assert hash(copy) == hash(episode)
    for field in attrs.fields(paperledge.Episode):
        assert getattr(copy, field.name) == getattr(episode, field.name), field.name
    assert copy.authors[-1].is_group is True
    assert copy.authors[0].is_group is False
    assert type(copy.authors[-1]) is paperledge.Author
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        copy.title = "changed"  # type: ignore[misc]  # the write a frozen value refuses
    alone = pickle.loads(pickle.dumps(group))
    assert alone == group
    assert alone.is_group is True
    # Shared author objects stay shared (pickle's memo), so an archive whose
    # parser reuses them does not grow when it crosses processes.
    twice = pickle.loads(pickle.dumps([group, group]))
    assert twice[0] is twice[1]
