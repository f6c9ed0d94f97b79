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
from .._rules.names import looks_like_group, normalize_name
from .._rules.titles import split_title
from .._rules.urls import clean_audio_url

__all__ = ["Author", "Episode"]


def _short(text: str) -> str:
    # The text of an episode runs to pages; a repr shows its opening only.
    if len(text) <= 60:
        return repr(text)
    return repr(text[:57] + "...")


def _authors(value: Iterable[Author | str]) -> tuple[Author, ...]:
    return tuple(a if isinstance(a, Author) else Author(name=a) for a in value)


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, dt.timedelta) and value < dt.timedelta(0):
        raise ValueError(f"{attribute.name} must not be negative, got {value!r}")
    if isinstance(value, int) and value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value!r}")


def _plain_date(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # datetime is a subclass of date; an Episode keeps the day in `published`
    # and the full moment, when a source has it, in `published_at`.
    if isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} takes a datetime.date, not a datetime")


@attrs.frozen(kw_only=True)
class Author:
    """One name from an episode's credit line.

    ``is_group`` tells a collaboration or organisation (``DeepSeek-AI``,
    ``GLM-4.5 Team``) from a person.  :meth:`guess` sets it from the name.

    >>> Author(name="  Zalán   Borsos ")
    Author(name='Zalán Borsos', is_group=False)
    >>> Author.guess("GLM-4.5 Team").is_group
    True
    """

    name: str = attrs.field(converter=normalize_name, validator=attrs.validators.min_len(1))
    is_group: bool = False

    @classmethod
    def guess(cls, name: str) -> Author:
        """An author whose ``is_group`` is guessed from how ``name`` ends."""
        name = normalize_name(name)
        return cls(name=name, is_group=looks_like_group(name))


@attrs.frozen(kw_only=True)
class Episode:
    """One episode: one research paper retold.

    ``description`` is the spoken text, its lines as the source shows them
    (indentation kept), without the author credit.  ``category`` and
    ``paper_title`` are read from ``title`` (see :func:`split_title`).
    Fields a source does not carry are ``None``.
    """

    published: dt.date | None = attrs.field(default=None, validator=_plain_date)
    title: str | None = None
    description: str = attrs.field(default="", repr=_short)
    authors: tuple[Author, ...] = attrs.field(default=(), converter=_authors)
    url: str | None = None
    guid: str | None = None
    published_at: dt.datetime | None = None
    audio_url: str | None = None
    audio_type: str | None = None
    audio_length: int | None = attrs.field(default=None, validator=_non_negative)
    duration: dt.timedelta | None = attrs.field(default=None, validator=_non_negative)
    image_url: str | None = None

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
