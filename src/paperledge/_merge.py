"""One show from many sources (pages, dumps, feeds).

Placeholder: being written (issue 4).
"""

from __future__ import annotations

from ._model import Show

__all__ = ["merge"]


def merge(*shows: Show) -> Show:
    """Combine shows of the same podcast into one."""
    raise NotImplementedError("merge is not written yet")
