"""HTML pages of the show's Podbean site: listing pages and episode pages, any theme.

:mod:`.reader` reads a page (:func:`parse_html`), in steps:

* :mod:`.decoding`: the bytes decoded, checked and made inert for lxml;
* :mod:`.structure`: what libxml2 repaired, and which elements are episodes;
* :mod:`.lines`: the visible text cut into the dumps' lines;
* :mod:`.episode`: the episode grammar applied to an episode's lines;
* :mod:`.meta` and :mod:`.page`: the page's ``<head>`` (JSON-LD, OpenGraph),
  pagination and the show;
* :mod:`.locate`: where a defect stands in the source.

paperledge writes no HTML.
"""

from __future__ import annotations

from ..base import Format
from .reader import parse_html, sniff_html

__all__ = ["FORMAT", "parse_html"]

#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="html",
    description="a listing page or an episode page of the show's Podbean site (any theme)",
    extensions=(".html", ".htm"),
    media_type="text/html",
    reader=parse_html,
    sniffer=sniff_html,
)
