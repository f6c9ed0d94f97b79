"""The object model: :class:`Show`, :class:`Episode` and :class:`Author`.

All three are frozen attrs classes with slots and keyword-only constructors:
values, not records to mutate.  They compare and hash by value (a show's
diagnostics take no part), and :func:`attrs.evolve` makes changed copies.
Every parser builds these and every writer reads them, whatever the format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from .._rules.arxiv import arxiv_code
from .._rules.names import normalize_name
from .._rules.numbers import MAX_WHOLE
from .._rules.titles import split_title
from .._rules.urls import clean_audio_url
from .author import Author, authors_of
from .paper import Paper
from .podcast import Enclosure, LinkedFile, Person

__all__ = ["Author", "Episode"]


def _short(text: str) -> str:
    # The text of an episode runs to pages; a repr shows its opening only.
    if len(text) <= 60:
        return repr(text)
    return repr(text[:57] + "...")


def _short_or_none(text: str | None) -> str:
    # A title can run long too (a paper's full title).
    return "None" if text is None else _short(text)


def _few(authors: tuple[Author, ...]) -> str:
    # A paper can have a hundred authors; a repr names the first three.
    if len(authors) <= 3:
        return repr(authors)
    shown = ", ".join(repr(author) for author in authors[:3])
    return f"({shown}, ...{len(authors) - 3} more)"


def _persons(value: Iterable[Person]) -> tuple[Person, ...]:
    return tuple(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    if value == ():
        return ()
    if isinstance(value, str):
        # One string is not a list of names: its letters would become names.
        raise TypeError(f"creators must be a sequence of names, not one string: {value!r}")
    return tuple(normalize_name(name) for name in value)


def _named(_instance: object, _attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not all(value):
        raise ValueError("a creator's name must not be empty")


def _enclosures(value: Iterable[Enclosure]) -> tuple[Enclosure, ...]:
    return tuple(value)


def _linked_files(value: Iterable[LinkedFile]) -> tuple[LinkedFile, ...]:
    return tuple(value)


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, dt.timedelta) and value < dt.timedelta(0):
        raise ValueError(f"{attribute.name} must not be negative, got {value!r}")
    if isinstance(value, int) and value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value!r}")
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_WHOLE:
        # Every archive format stores it as a signed 64-bit integer.
        raise ValueError(
            f"{attribute.name} must be at most 2**63 - 1, got a {value.bit_length():,}-bit number"
        )


def _plain_date(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # datetime is a subclass of date; an Episode keeps the day in `published`
    # and the full moment, when a source has it, in `published_at`.
    if isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} takes a datetime.date, not a datetime")


@attrs.frozen(kw_only=True)
class Episode:
    """One episode: one research paper retold.

    Fields a source does not carry are ``None``.  ``category`` and
    ``paper_title`` are read from ``title`` (see :func:`split_title`).

    Its ``repr`` stays short: the description is cut after 57 characters and
    only the first three authors are shown.

    >>> Episode(title="Robotics - A", description="word " * 100, authors=["A", "B", "C", "D"])
    Episode(published=None, title='Robotics - A',
            description='word word word word word word word word word word word w...',
            authors=(Author(name='A', is_group=False), Author(name='B', is_group=False),
                     Author(name='C', is_group=False), ...1 more), url=None, guid=None,
            published_at=None, audio_url=None, audio_type=None, audio_length=None,
            duration=None, image_url=None, subtitle=None, episode_type=None, number=None,
            season=None, explicit=None, persons=(), creators=(), other_enclosures=(),
            chapters=(), transcripts=(), paper=None)
    """

    published: dt.date | None = attrs.field(default=None, validator=_plain_date)
    """The day the episode came out (a :class:`datetime.date`, never a
    :class:`datetime.datetime`)."""
    title: str | None = attrs.field(default=None, repr=_short_or_none)
    """The episode's title, ``"<category> - <paper title>"`` on the show's
    pages (see :attr:`category` and :attr:`paper_title`)."""
    description: str = attrs.field(default="", repr=_short)
    """The spoken text, its lines as the source shows them (indentation
    kept), without the author credit; ``""`` when a source has none."""
    authors: tuple[Author, ...] = attrs.field(default=(), converter=authors_of, repr=_few)
    """The paper's authors in credit order (plain strings given are made
    :class:`Author` values)."""
    url: str | None = None
    """The episode's own page."""
    guid: str | None = None
    """The feed's unique id for the episode (its ``guid``)."""
    published_at: dt.datetime | None = None
    """The moment the episode came out, with its time zone, when the source
    gives one (the feed's ``pubDate``)."""
    audio_url: str | None = None
    """The audio file's address as the source gives it (see
    :attr:`clean_audio_url`)."""
    audio_type: str | None = None
    """The audio file's media type (``"audio/mpeg"``)."""
    audio_length: int | None = attrs.field(default=None, validator=_non_negative)
    """The audio file's size in bytes; never negative, at most ``2**63 - 1``."""
    duration: dt.timedelta | None = attrs.field(default=None, validator=_non_negative)
    """How long the episode plays; never negative."""
    image_url: str | None = None
    """The episode's cover art."""
    subtitle: str | None = None
    """A short line about the episode (``itunes:subtitle``)."""
    episode_type: str | None = None
    """``"full"``, ``"trailer"`` or ``"bonus"`` (``itunes:episodeType``), lower case."""
    number: int | None = attrs.field(default=None, validator=_non_negative)
    """The episode's number (``itunes:episode``, ``podcast:episode``)."""
    season: int | None = attrs.field(default=None, validator=_non_negative)
    """The season it belongs to (``itunes:season``, ``podcast:season``)."""
    explicit: bool | None = None
    """Whether the feed marks the episode explicit (``itunes:explicit``)."""
    persons: tuple[Person, ...] = attrs.field(default=(), converter=_persons)
    """The people the feed names for the episode (hosts, guests, crew), with
    their roles; the paper's authors are :attr:`authors`."""
    creators: tuple[str, ...] = attrs.field(default=(), converter=_names, validator=_named)
    """Who made the episode, as a general podcast feed names them: its
    ``itunes:author``, else each ``dc:creator``, else its ``author`` (an Atom
    entry's authors), each name as the feed writes it, whitespace normalised
    (the feed reader leaves out an e-mail address written beside a name).
    Not the paper's authors (:attr:`authors`): a feed's author is most often
    the show's host or publisher."""
    other_enclosures: tuple[Enclosure, ...] = attrs.field(default=(), converter=_enclosures)
    """The feed's other media files for the episode (a video, another format),
    in its order: every enclosure but the one chosen as the audio, which is
    :attr:`audio_url`."""
    chapters: tuple[LinkedFile, ...] = attrs.field(default=(), converter=_linked_files)
    """The episode's chapters files (``podcast:chapters``)."""
    transcripts: tuple[LinkedFile, ...] = attrs.field(default=(), converter=_linked_files)
    """The episode's transcripts (``podcast:transcript``), in the feed's order."""
    paper: Paper | None = None
    """The arXiv paper the episode retells, once linked (:mod:`paperledge.arxiv`)."""

    @property
    def category(self) -> str | None:
        """The arXiv subject the title names before ``" - "``, or ``None``."""
        return split_title(self.title)[0]

    @property
    def paper_title(self) -> str | None:
        """The paper's title: the part of ``title`` after the category."""
        return split_title(self.title)[1]

    @property
    def clean_audio_url(self) -> str | None:
        """:attr:`audio_url` without a tracking prefix before the real audio host."""
        return clean_audio_url(self.audio_url)

    @property
    def arxiv_code(self) -> str | None:
        """The arXiv code of :attr:`category` (``cs.CL``), or ``None`` if unknown."""
        return arxiv_code(self.category)
