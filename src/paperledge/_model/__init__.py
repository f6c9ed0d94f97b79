"""The object model: :class:`Show`, :class:`Episode` and :class:`Author`.

All three are frozen attrs classes with slots and keyword-only constructors:
values, not records to mutate.  They compare and hash by value (a show's
diagnostics take no part), and :func:`attrs.evolve` makes changed copies.
Every reader builds these and every writer reads them, whatever the format.
"""

from __future__ import annotations

from .author import Author
from .episode import Episode
from .paper import Paper
from .podcast import Enclosure, LinkedFile, Person
from .show import Show, merge

__all__ = ["Author", "Enclosure", "Episode", "LinkedFile", "Paper", "Person", "Show", "merge"]
