"""arXiv's query API answers in Atom 1.0: its entries as :class:`Entry` values.

The API's user manual describes the response: a ``feed`` with
``opensearch:totalResults`` (how many papers match in all), then one
``entry`` per paper with ``id`` (the abstract address with its version),
``title``, ``summary``, ``published`` (the first version's time),
``updated``, one ``author/name`` per author, ``link`` elements (the
abstract page and the PDF, which paperledge rebuilds from the id as
arxiv.org's https addresses) and ``arxiv:primary_category``.  A query the
API refuses comes back as a feed with one entry whose ``id`` is under ``http://arxiv.org/api/errors``.

The bytes are parsed by the same safe rule as every feed paperledge reads
(no entity expansion, no DTD, no network, libxml2's size limits); anything
that is not such a feed raises :class:`AtomError`, never another exception.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from lxml import etree

from .._formats.feed.document import SAFE_XML_OPTIONS
from .._rules.arxiv import split_arxiv_id

__all__ = ["AtomError", "Entry", "Results", "parse_results"]

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ARXIV = "{http://arxiv.org/schemas/atom}"


class AtomError(ValueError):
    """The response is not the API's Atom feed, or the API reports an error."""


@attrs.frozen(kw_only=True)
class Entry:
    """One paper as the API gives it."""

    arxiv_id: str
    version: int | None
    title: str
    authors: tuple[str, ...]
    published: dt.date | None
    primary_category: str | None


@attrs.frozen(kw_only=True)
class Results:
    """One page of results: the entries and how many papers match in all."""

    entries: tuple[Entry, ...]
    total: int


def _text(element: Any) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _day(text: str) -> dt.date | None:
    """The UTC day of an Atom date (``2025-09-30T17:59:59Z``; an offset is
    converted, as arXiv's dates and submittedDate ranges are in UTC)."""
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00", 1))
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    try:
        return moment.astimezone(dt.timezone.utc).date() if moment.tzinfo else moment.date()
    except (OverflowError, ValueError):  # 0001-01-01T00:00+01:00: before year 1 in UTC
        return None


def _entry(element: Any) -> Entry | None:
    """The paper an ``entry`` describes, or ``None`` if its id is no arXiv id."""
    split = split_arxiv_id(_text(element.find(f"{ATOM}id")))
    if split is None:
        return None
    category = element.find(f"{ARXIV}primary_category")
    authors = tuple(
        name
        for name in (_text(a.find(f"{ATOM}name")) for a in element.iterfind(f"{ATOM}author"))
        if name
    )
    return Entry(
        arxiv_id=split[0],
        version=split[1],
        title=_text(element.find(f"{ATOM}title")),
        authors=authors,
        published=_day(_text(element.find(f"{ATOM}published"))),
        primary_category=(category.get("term") or None) if category is not None else None,
    )


def _total(root: Any, count: int) -> int:
    text = _text(root.find(f"{OPENSEARCH}totalResults"))
    return max(int(text), count) if text.isdigit() and len(text) < 10 else count


def parse_results(data: bytes) -> Results:
    """The entries of one API response; raises :class:`AtomError` for anything else."""
    parser = etree.XMLParser(**SAFE_XML_OPTIONS, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise AtomError(f"the response is not well-formed XML ({error})") from None
    if root is None or root.tag != f"{ATOM}feed":
        tag = getattr(root, "tag", None)
        raise AtomError(f"the response is not an Atom feed (its root is {tag!r})")
    entries: list[Entry] = []
    for element in root.iterfind(f"{ATOM}entry"):
        ident = _text(element.find(f"{ATOM}id"))
        if "arxiv.org/api/errors" in ident:
            summary = _text(element.find(f"{ATOM}summary")) or "no reason given"
            raise AtomError(f"arXiv refused the query: {summary}")
        entry = _entry(element)
        if entry is not None:
            entries.append(entry)
    return Results(entries=tuple(entries), total=_total(root, len(entries)))
