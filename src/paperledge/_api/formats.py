"""The table of formats behind ``parse``/``load``/``dumps``/``dump``.

The built-in formats are listed here, once, in the order in which a
document is sniffed: the most specific first, the text dump (which takes
anything) last.  Formats that others add with :func:`register_format` are
sniffed before the built-in ones, so that they can claim what they know.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._diagnostics import Diagnostic, FormatError
from .._formats import csv, html, json, jsonl, jsonld, markdown, parquet, sqlite, text
from .._formats import feed as rss
from .._formats.base import Format
from .._rules.decode import sniff_bom

__all__ = ["BUILTIN_FORMATS", "formats", "get_format", "register_format", "sniff_format"]

#: paperledge's own formats, in sniffing order.
BUILTIN_FORMATS: tuple[Format, ...] = (
    sqlite.FORMAT,
    parquet.FORMAT,
    json.FORMAT,
    jsonl.FORMAT,
    csv.FORMAT,
    rss.FORMAT,
    html.FORMAT,
    jsonld.FORMAT,
    markdown.FORMAT,
    text.FORMAT,
)

# Formats added by register_format, in the order they were added.
_ADDED: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    """Add ``fmt`` to the formats paperledge reads and writes.

    A format of the same name as one already known replaces it; an added
    format is sniffed before the built-in ones.
    """
    _ADDED[fmt.name] = fmt
    return fmt


def formats() -> tuple[Format, ...]:
    """Every format, in sniffing order."""
    added = tuple(_ADDED.values())
    return added + tuple(fmt for fmt in BUILTIN_FORMATS if fmt.name not in _ADDED)


def get_format(name: str) -> Format:
    """The format called ``name`` (case-insensitive); :class:`FormatError` if none."""
    wanted = name.lower()
    for fmt in formats():
        if fmt.name == wanted:
            return fmt
    known = ", ".join(sorted(fmt.name for fmt in formats()))
    raise FormatError(f"unknown format {name!r}; known formats: {known}")


def format_for_path(path: str) -> Format | None:
    """The format whose extension ``path`` ends with, if any (the longest one wins)."""
    lowered = path.lower()
    best: Format | None = None
    best_length = 0
    for fmt in formats():
        for extension in fmt.extensions:
            if lowered.endswith(extension) and len(extension) > best_length:
                best, best_length = fmt, len(extension)
    return best


def _head(data: str | bytes, size: int = 16384) -> str:
    if isinstance(data, str):
        text = data[:size]
    else:
        # A byte-order mark names the encoding (UTF-16 pages exist).
        encoding, skip = sniff_bom(data)
        text = data[skip:size].decode(encoding, "replace")
    return text.lstrip("\ufeff \t\r\n")


def sniff_format(data: str | bytes) -> Format:
    """The readable format ``data`` looks like; text dumps are the fallback."""
    head = _head(data)
    for fmt in formats():
        if fmt.reader is not None and fmt.sniffer is not None and fmt.sniffer(head):
            return fmt
    return get_format("text")


def with_source(diagnostics: Iterable[Diagnostic], source: str | None) -> tuple[Diagnostic, ...]:
    """``diagnostics`` with ``source`` filled in where it is missing."""
    if source is None:
        return tuple(diagnostics)
    return tuple(
        d if d.source is not None else attrs.evolve(d, source=source) for d in diagnostics
    )
