"""The research paper an episode retells: :class:`Paper`.

An episode is linked to its paper on arXiv by :mod:`paperledge.arxiv`;
until then :attr:`Episode.paper` is ``None``.  A :class:`Paper` is a frozen
attrs value with a keyword-only constructor, as :class:`~paperledge.Episode`
is, and says how the link was made (:attr:`Paper.matched_by`,
:attr:`Paper.score`) so that a reader can judge it.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from .._rules.arxiv import abstract_url, pdf_url, split_arxiv_id
from .author import Author, authors_of

__all__ = ["MATCH_ROUTES", "PAPER_COLUMNS", "Paper"]

#: How a link can be made: by the paper's title, by its authors (and the
#: episode's date), or by both agreeing.
MATCH_ROUTES = ("title", "authors", "both")


def _arxiv_id(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    split = split_arxiv_id(value)
    if split is None or split[0] != value:
        raise ValueError(
            f"{attribute.name} must be a bare arXiv identifier such as '2106.09685' or "
            f"'hep-th/9901001' (the version goes in 'version'), got {value!r}"
        )


def _version(_instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not 1 <= value <= 9999):
        raise ValueError(f"{attribute.name} must be from 1 to 9999, got {value!r}")


def _score(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= 1):
        raise ValueError(f"{attribute.name} must be a number from 0 to 1, got {value!r}")


def _route(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in MATCH_ROUTES:
        routes = ", ".join(repr(route) for route in MATCH_ROUTES)
        raise ValueError(f"{attribute.name} must be one of {routes}, got {value!r}")


def _plain_day(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} takes a datetime.date, not a datetime")


def _default_abstract(paper: Paper) -> str:
    return abstract_url(paper.arxiv_id, paper.version)


def _default_pdf(paper: Paper) -> str:
    return pdf_url(paper.arxiv_id, paper.version)


@attrs.frozen(kw_only=True)
class Paper:
    """A paper on arXiv, as linked to an episode.

    >>> paper = Paper(arxiv_id="2106.09685", version=2,
    ...               title="LoRA: Low-Rank Adaptation of Large Language Models",
    ...               matched_by="both", score=0.97)
    >>> paper.versioned_id
    '2106.09685v2'
    >>> paper.abstract_url
    'https://arxiv.org/abs/2106.09685v2'
    """

    arxiv_id: str = attrs.field(validator=_arxiv_id)
    """The arXiv identifier without a version (``"2106.09685"``,
    ``"hep-th/9901001"``)."""
    version: int | None = attrs.field(default=None, validator=_version)
    """The version linked (``2`` for ``v2``), or ``None`` for the paper as such."""
    title: str = ""
    """The paper's title as arXiv gives it, its whitespace normalised."""
    authors: tuple[Author, ...] = attrs.field(default=(), converter=authors_of)
    """The paper's authors in arXiv's order, as :class:`~paperledge.Author` values."""
    primary_category: str | None = None
    """arXiv's primary subject code (``"cs.CL"``)."""
    published: dt.date | None = attrs.field(default=None, validator=_plain_day)
    """The day its first version came out."""
    abstract_url: str = attrs.field(default=attrs.Factory(_default_abstract, takes_self=True))
    """The abstract page (arxiv.org's, unless given)."""
    pdf_url: str = attrs.field(default=attrs.Factory(_default_pdf, takes_self=True))
    """The PDF (arxiv.org's, unless given)."""
    matched_by: str = attrs.field(default="both", validator=_route)
    """How the link was made: ``"title"``, ``"authors"`` or ``"both"``."""
    score: float = attrs.field(default=1.0, validator=_score)
    """How sure the link is, from 0 to 1."""

    @property
    def versioned_id(self) -> str:
        """The identifier with its version (``"2106.09685v2"``), or without if none."""
        return self.arxiv_id + (f"v{self.version}" if self.version else "")


#: The column each table gives a :class:`Paper` field (CSV, the SQLite
#: archive, pandas), by field: ``arxiv_`` and the field's name, the
#: identifier's own name for the identifier.  One naming for every table.
PAPER_COLUMNS: dict[str, str] = {
    field.name: field.name if field.name == "arxiv_id" else f"arxiv_{field.name}"
    for field in attrs.fields(Paper)
}
