"""One name from an episode's credit line or a paper's author list: :class:`Author`."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._rules.names import looks_like_group, normalize_name

__all__ = ["Author", "authors_of"]


@attrs.frozen(kw_only=True)
class Author:
    """One name from an episode's credit line.

    ``is_group`` tells a collaboration or organisation (``DeepSeek-AI``,
    ``GLM-4.5 Team``) from a person; :meth:`guess` sets it from the name.

    >>> Author(name="  Zalán   Borsos ")
    Author(name='Zalán Borsos', is_group=False)
    >>> Author.guess("GLM-4.5 Team").is_group
    True
    """

    name: str = attrs.field(converter=normalize_name, validator=attrs.validators.min_len(1))
    """The name as credited, its whitespace normalised (runs of spaces, tabs,
    line breaks and no-break spaces become one space; none at either end).
    It must not be empty."""
    is_group: bool = False
    """Whether the name is a collaboration or an organisation, not a person."""

    @classmethod
    def guess(cls, name: str) -> Author:
        """An author whose ``is_group`` is guessed from how ``name`` ends."""
        name = normalize_name(name)
        return cls(name=name, is_group=looks_like_group(name))


def authors_of(value: Iterable[Author | str]) -> tuple[Author, ...]:
    """``value`` as a tuple of :class:`Author` (plain names are made authors)."""
    return tuple(a if isinstance(a, Author) else Author(name=a) for a in value)
