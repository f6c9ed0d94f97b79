"""HTML pages of the show's Podbean site (listing and episode pages, any theme).

Placeholder: the reader is being written (issue 3).
"""

from __future__ import annotations

from ._model import Show

__all__ = ["parse_html"]


def parse_html(data: str | bytes, *, url: str | None = None, strict: bool = False) -> Show:
    """Read a listing page or an episode page of the show's site."""
    raise NotImplementedError("parse_html is not written yet")
