"""paperledge: the PaperLedge podcast as typed Python objects.

Read the show's text dumps, web pages and feed into :class:`Show`,
:class:`Episode` and :class:`Author` values, and write them out as JSON,
text and more::

    >>> import paperledge
    >>> show = paperledge.load_sample()
    >>> len(show.episodes)
    24
    >>> show.episodes[0].published
    datetime.date(2025, 10, 2)

Everything public is importable from this module; the modules whose names
start with ``_`` are private and may change in any release.
"""

from __future__ import annotations

import contextlib

import attrs

from ._api.formats import formats, get_format, register_format
from ._api.io import dump, dumps, iter_episodes, load, loads, parse
from ._api.samples import load_sample, sample_paths
from ._archive.search import SearchError, search
from ._archive.tables import PANDAS_COLUMNS, to_pandas
from ._diagnostics import DIAGNOSTIC_CODES, Diagnostic, FormatError, PaperledgeError, ParseError
from ._formats.base import Format
from ._formats.feed import parse_feed
from ._formats.html import parse_html
from ._formats.json import schema
from ._formats.text import parse_text
from ._limits import Limits
from ._model import Author, Enclosure, Episode, LinkedFile, Paper, Person, Show, merge
from ._rules.arxiv import arxiv_code, arxiv_name
from ._rules.titles import split_title
from ._scale.many import parse_many
from ._version import __version__

__all__ = [
    "DIAGNOSTIC_CODES",
    "PANDAS_COLUMNS",
    "Author",
    "Diagnostic",
    "Enclosure",
    "Episode",
    "Format",
    "FormatError",
    "Limits",
    "LinkedFile",
    "Paper",
    "PaperledgeError",
    "ParseError",
    "Person",
    "SearchError",
    "Show",
    "__version__",
    "arxiv_code",
    "arxiv_name",
    "dump",
    "dumps",
    "formats",
    "get_format",
    "iter_episodes",
    "load",
    "load_sample",
    "loads",
    "merge",
    "parse",
    "parse_feed",
    "parse_html",
    "parse_many",
    "parse_text",
    "register_format",
    "sample_paths",
    "schema",
    "search",
    "split_title",
    "to_pandas",
]


def _present_as_public() -> None:
    # Public classes and functions live in private modules; make them show
    # as ``paperledge.X`` in reprs, tracebacks and the docs, which is where
    # users import them from.
    # The attrs classes' string annotations are resolved first, in their own
    # modules, since resolving looks names up in the class's __module__.
    namespace = globals()
    for name in __all__:
        value = namespace[name]
        if isinstance(value, type) and attrs.has(value):
            attrs.resolve_types(value)
        if isinstance(value, type) or callable(value):
            with contextlib.suppress(AttributeError, TypeError):  # builtins and the like
                value.__module__ = __name__


_present_as_public()
