"""Merging finds an episode's match among the day's episodes by their keys, not one by one.

The rule (see :class:`paperledge._model.merge._Candidates`): the first of the
first episode with the new one's guid, the first with its URL, and the
episodes within a day of its date in the order they were first seen there,
that :func:`_matches` accepts.  The reference below tries every episode of
the day, in that order; the indexed lists must give the same merge on shows
whose keys collide in every way (repeated days, guids, URLs, titles and
openings; whitespace-only guids; fields filled in by later sources).
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperledge
from paperledge import Episode, Show
from paperledge._model.matching import guid_key
from paperledge._rules.urls import url_key

# The module, not the function paperledge._model re-exports under its name.
merging = importlib.import_module("paperledge._model.merge")


class _EveryEpisodeOfTheDay:
    """The rule, tried against every episode of the day in bucket order."""

    def __init__(self, episodes: list[dict[str, Any]]) -> None:
        self.episodes = episodes
        self.by_guid: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_day: dict[dt.date, list[int]] = {}

    def index(self, position: int) -> None:
        fields = self.episodes[position]
        guid = guid_key(fields["guid"])
        if guid:
            self.by_guid.setdefault(guid, position)
        key = url_key(fields["url"])
        if key:
            self.by_url.setdefault(key, position)
        day = fields["published"]
        if day is not None:
            for offset in (-1, 0, 1):
                if (offset < 0 and day == dt.date.min) or (offset > 0 and day == dt.date.max):
                    continue
                bucket = self.by_day.setdefault(day + dt.timedelta(days=offset), [])
                if position not in bucket:
                    bucket.append(position)

    def find(self, episode: Episode) -> int | None:
        candidates: list[int] = []
        guid = guid_key(episode.guid)
        if guid and guid in self.by_guid:
            candidates.append(self.by_guid[guid])
        key = url_key(episode.url)
        if key and key in self.by_url:
            candidates.append(self.by_url[key])
        if episode.published is not None:
            candidates.extend(self.by_day.get(episode.published, ()))
        for position in candidates:
            if merging._matches(self.episodes[position], episode):
                return position
        return None


_DAY = dt.date(2025, 3, 10)
_episodes = st.builds(
    Episode,
    published=st.none()
    | st.integers(0, 3).map(lambda n: _DAY + dt.timedelta(days=n))
    | st.sampled_from([dt.date.min, dt.date.max]),
    title=st.sampled_from([None, "", "A", "a ", "B", "  "]),
    description=st.sampled_from(["", "one two", "One  two", "three"]),
    guid=st.sampled_from([None, "", " ", "g1", "g1 ", "g2"]),
    url=st.sampled_from(
        # "/" and " " give no URL key: no URL to match on.
        [
            None,
            "/",
            " ",
            "https://x.example/e/a/",
            "http://x.example/e/a",
            "https://x.example/e/b/",
        ]
    ),
    audio_url=st.sampled_from([None, "https://x.example/a.mp3"]),
)
_shows = st.lists(
    st.lists(_episodes, max_size=12).map(lambda eps: Show(title="S", episodes=eps)),
    min_size=1,
    max_size=4,
)


@settings(max_examples=400, deadline=None)
@given(_shows)
def test_the_indexed_candidates_merge_as_trying_every_episode_of_the_day_property(
    shows: list[Show],
) -> None:
    indexed = paperledge.merge(*shows)
    with mock.patch.object(merging, "_Candidates", _EveryEpisodeOfTheDay):
        reference = paperledge.merge(*shows)
    assert indexed.episodes == reference.episodes
    assert indexed.diagnostics == reference.diagnostics


class _CountingMatches:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, a: dict[str, Any], b: Episode) -> bool:
        self.calls += 1
        return _REAL_MATCHES(a, b)


_REAL_MATCHES = merging._matches


@pytest.mark.parametrize("guids", [True, False])
def test_episodes_of_one_day_are_matched_without_trying_each_other(
    monkeypatch: pytest.MonkeyPatch, guids: bool
) -> None:
    # A feed that dates its whole archive the same day, merged with itself
    # and with a copy of new guids: each episode once compared every
    # episode of the day (quadratic).
    def show(tag: str, n: int) -> Show:
        return Show(
            episodes=[
                Episode(
                    published=_DAY,
                    title=f"Episode {i}",
                    guid=f"{tag}{i}" if guids else None,
                    description=f"Text of episode {i}.",
                )
                for i in range(n)
            ]
        )

    for n in (200, 800):
        counting = _CountingMatches()
        monkeypatch.setattr(merging, "_matches", counting)
        merged = paperledge.merge(show("a", n), show("a", n), show("b", n))
        # The same guids match; new guids are new episodes, titles alike.
        assert len(merged.episodes) == (2 * n if guids else n)
        assert counting.calls <= 4 * n
