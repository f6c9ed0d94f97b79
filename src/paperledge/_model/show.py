"""The show: :class:`Show`, and :func:`merge`, which makes one show of several."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._diagnostics import Diagnostic
from .episode import Episode
from .merge import merge_sources

__all__ = ["Show", "merge"]


def _episodes(value: Iterable[Episode]) -> tuple[Episode, ...]:
    return tuple(value)


def _diagnostics(value: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Show:
    """The podcast and its episodes, newest first as the source lists them.

    ``diagnostics`` lists the defects the parser met; it takes no part in
    equality or hashing, so two parses of the same content compare equal
    however clean their inputs were.  ``next_page_url`` (older episodes) and
    ``previous_page_url`` (newer) are filled from a listing page's pagination.
    """

    title: str | None = None
    description: str | None = None
    host: str | None = None
    url: str | None = None
    feed_url: str | None = None
    image_url: str | None = None
    next_page_url: str | None = None
    previous_page_url: str | None = None
    episodes: tuple[Episode, ...] = attrs.field(default=(), converter=_episodes)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(
        default=(), converter=_diagnostics, eq=False, repr=False
    )

    def merge(self, *others: Show) -> Show:
        """This show combined with ``others`` (see :func:`paperledge.merge`)."""
        return merge(self, *others)


def merge(*shows: Show) -> Show:
    """Combine shows of the same podcast, from any mix of sources, into one.

    Episodes are matched by guid, else URL, else date with title (or the
    opening of the text); each field is taken from whichever source has it.
    Where sources disagree the first source's value is kept and a
    ``merge-conflict`` diagnostic is added; texts that differ only in
    whitespace and indentation are not a conflict.  The result lists its
    episodes newest first and carries the diagnostics of every source.
    The rules are set out in :mod:`paperledge._model.merge`.
    """
    if not shows:
        return Show()
    fields, episodes, diagnostics = merge_sources(shows)
    return Show(**fields, episodes=episodes, diagnostics=diagnostics)
