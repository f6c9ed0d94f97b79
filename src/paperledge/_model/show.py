"""The show: :class:`Show`, and :func:`merge`, which makes one show of several."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from .._diagnostics import Diagnostic
from .episode import Episode, _short
from .merge import merge_sources

__all__ = ["Show", "merge"]


def _episodes(value: Iterable[Episode]) -> tuple[Episode, ...]:
    return tuple(value)


def _categories(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _diagnostics(value: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(value)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


@attrs.frozen(kw_only=True)
class Show:
    """The podcast and its episodes, newest first as the source lists them.

    Its ``repr`` is one short line, however many episodes it holds: the title
    and how many episodes and diagnostics there are.  Look at :attr:`episodes`
    and :attr:`diagnostics` themselves for the rest.

    >>> Show(title="PaperLedge", episodes=[Episode(title="A"), Episode(title="B")])
    <Show 'PaperLedge': 2 episodes, 0 diagnostics>
    """

    title: str | None = None
    """The podcast's name (``"PaperLedge"``)."""
    description: str | None = None
    """The podcast's own description of itself (the feed's, or the page's)."""
    host: str | None = None
    """Who presents the show: the feed's author or owner, else the name a
    description gives after ``Hosted by``."""
    url: str | None = None
    """The show's home page."""
    feed_url: str | None = None
    """The address of the show's RSS feed."""
    image_url: str | None = None
    """The show's cover art."""
    next_page_url: str | None = None
    """A listing page's link to the next page of older episodes."""
    previous_page_url: str | None = None
    """A listing page's link to the previous page of newer episodes."""
    language: str | None = None
    """The show's language as its feed gives it (``"en"``, ``"en-us"``)."""
    categories: tuple[str, ...] = attrs.field(default=(), converter=_categories)
    """The show's categories as its feed lists them; a subcategory follows
    its category after ``" > "`` (``"Science > Mathematics"``)."""
    explicit: bool | None = None
    """Whether the feed marks the show explicit (``itunes:explicit``)."""
    new_feed_url: str | None = None
    """The address the feed says it has moved to (``itunes:new-feed-url``)."""
    episodes: tuple[Episode, ...] = attrs.field(default=(), converter=_episodes)
    """The episodes (any iterable given is kept as a tuple), newest first as
    the source lists them."""
    diagnostics: tuple[Diagnostic, ...] = attrs.field(
        default=(), converter=_diagnostics, eq=False, repr=False
    )
    """The defects the parser met (see :class:`Diagnostic`).  They take no part
    in equality or hashing, so two parses of the same content compare equal
    however clean their inputs were."""

    def __repr__(self) -> str:
        title = "(untitled)" if self.title is None else _short(self.title)
        return (
            f"<Show {title}: {_count(len(self.episodes), 'episode')}, "
            f"{_count(len(self.diagnostics), 'diagnostic')}>"
        )

    def merge(self, *others: Show) -> Show:
        """This show combined with ``others`` (see :func:`paperledge.merge`)."""
        return merge(self, *others)


def merge(*shows: Show, names: Sequence[str] | None = None) -> Show:
    """Combine shows of the same podcast, from any mix of sources, into one.

    Episodes are matched by guid, else URL, else date with title (or the
    opening of the text); each field is taken from whichever source has it.
    Where sources disagree the first source's value is kept and a
    ``merge-conflict`` diagnostic is added; texts that differ only in
    whitespace and indentation are not a conflict.  The result lists its
    episodes newest first and carries the diagnostics of every source.
    The rules are set out in :mod:`paperledge._model.merge`.

    ``names`` (one per show: file names, say) name the source of each
    conflict as the diagnostic's ``source``; without them a conflict says
    "source 2" and its source is ``"merge"``.
    """
    if not shows:
        return Show()
    for show in shows:
        if not isinstance(show, Show):
            # merge([a, b]) is the likely slip: say how to call it.
            hint = (
                " (pass the shows themselves: merge(*shows))"
                if isinstance(show, (list, tuple))
                else ""
            )
            raise TypeError(f"merge() combines Show values, not {type(show).__name__}{hint}")
    if names is not None and len(names) != len(shows):
        raise ValueError(f"merge() got {len(shows)} shows but {len(names)} names")
    fields, episodes, diagnostics = merge_sources(shows, names)
    return Show(**fields, episodes=episodes, diagnostics=diagnostics)
