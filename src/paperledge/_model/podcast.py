"""What general podcast feeds say of an episode besides PaperLedge's own fields.

:class:`Person` (the ``podcast:person`` namespace element), :class:`Enclosure`
(one media file of an episode) and :class:`LinkedFile` (its chapters or a
transcript).  Frozen attrs values with keyword-only constructors, as
:class:`~paperledge.Episode` is.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._rules.names import normalize_name
from .._rules.numbers import MAX_WHOLE

__all__ = ["Enclosure", "LinkedFile", "Person"]


def _byte_count(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not 0 <= value <= MAX_WHOLE:
        raise ValueError(f"{attribute.name} must be from 0 to 2**63 - 1 bytes")


def _url(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


@attrs.frozen(kw_only=True)
class Person:
    """Someone a feed names for an episode, with what they did.

    The roles and groups are the Podcasting 2.0 taxonomy's (``host``,
    ``guest``, ``producer``...; groups ``cast``, ``writing``, ``crew``...);
    a feed that names no role means ``host`` in the ``cast``.  The authors of
    the paper an episode retells are :attr:`Episode.authors`, not persons.

    >>> Person(name="Ernis")
    Person(name='Ernis', role='host', group='cast', url=None, image_url=None)
    """

    name: str = attrs.field(converter=normalize_name, validator=attrs.validators.min_len(1))
    """The name, its whitespace normalised; never empty."""
    role: str = "host"
    """What the person did for the episode, lower case (``"guest"``)."""
    group: str = "cast"
    """The group the role belongs to, lower case (``"crew"``)."""
    url: str | None = None
    """A page about the person (the element's ``href``)."""
    image_url: str | None = None
    """A picture of the person (the element's ``img``)."""


@attrs.frozen(kw_only=True)
class Enclosure:
    """One media file of an episode: the audio, or another version of it."""

    url: str = attrs.field(validator=_url)
    """Where the file is."""
    type: str | None = None
    """Its media type (``"audio/mpeg"``)."""
    length: int | None = attrs.field(default=None, validator=_byte_count)
    """Its size in bytes, from 0 to ``2**63 - 1``."""


@attrs.frozen(kw_only=True)
class LinkedFile:
    """A file an episode links to: its chapters, or a transcript."""

    url: str = attrs.field(validator=_url)
    """Where the file is."""
    type: str | None = None
    """Its media type (``"application/json+chapters"``, ``"text/vtt"``)."""
    language: str | None = None
    """The language of a transcript (``"en"``), when the feed says."""
    rel: str | None = None
    """What the file is for, when the feed says (``"captions"`` for a transcript
    meant to be shown as captions)."""
