"""HTML pages of the show's Podbean site: listing pages and episode pages, any theme.

:mod:`.reader` reads a page; :mod:`.lines` cuts its visible text into the
dumps' lines; :mod:`.meta` reads the page's ``<head>`` (JSON-LD, OpenGraph).
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
