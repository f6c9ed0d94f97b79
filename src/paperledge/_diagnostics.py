"""Diagnostics, errors and the reporter every parser uses to emit them.

Every parser in paperledge works in one of two modes.  In tolerant mode (the
default) it keeps everything it can and records each defect it meets as a
:class:`Diagnostic`.  In strict mode the first defect raises
:class:`ParseError` instead.  Both carry the same ``code``, ``line`` and
``column`` so that a defect reads the same in either mode.

The codes are short, stable strings: scripts may match on them.  Their
meanings are listed in :data:`DIAGNOSTIC_CODES` (and in the documentation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs

__all__ = [
    "DIAGNOSTIC_CODES",
    "Diagnostic",
    "FormatError",
    "PaperledgeError",
    "ParseError",
    "Reporter",
]

logger = logging.getLogger("paperledge")

DIAGNOSTIC_CODES: dict[str, str] = {
    "encoding": "The bytes are not UTF-8; they were decoded with the detected encoding.",
    "undecodable": "Some bytes fit no encoding, or text given as str holds lone surrogates "
    "(which no encoding can write); they were replaced with U+FFFD.",
    "control-character": "The input holds a NUL or another control character (or U+FFFE, "
    "U+FFFF); the first is reported, and each was replaced (a form feed with a space, any "
    "other with U+FFFD).",
    "date-format": "A date line is written in an unusual way (tabs, NBSP, extra spaces, "
    "abbreviations); the date was read.",
    "date-invalid": "A date line names a day that does not exist (such as Feb 30); "
    "the episode's date is unknown.",
    "weekday-mismatch": "A date line's weekday does not match its date; the date was kept.",
    "date-mismatch": "The repeated date lines of an episode disagree; the first was kept.",
    "date-repeat": "An episode's date line is not repeated as often as the format "
    "says (a lost or an extra repeat).",
    "blank-lines": "The number of blank lines between episodes is not three.",
    "missing-credit": "An episode has no author credit (the line that closes its text).",
    "author-list": "The author list holds an empty name or a stray ':'.",
    "stray-text": "Text stands where the format has none (after a credit, before the "
    "first episode); it was kept in the nearest episode or the show.",
    "header-mismatch": "A repeated page header differs from the first one.",
    "missing-newline": "A line was glued onto the previous one (a file concatenated "
    "without its final newline); it was split again.",
    "truncated": "The input ends inside an episode, before its credit.",
    "html-structure": "The HTML is malformed (unclosed or stray tags); the tree was repaired.",
    "html-truncated": "The HTML page ends in the middle of an episode.",
    "no-episodes": "The document holds nothing recognisable as an episode; the message says "
    "when the input is empty, blank (only whitespace) or binary.",
    "xml-syntax": "The XML is malformed; what could be recovered was read.",
    "xml-repaired": "The feed was malformed, so it was repaired (references made numeric, "
    "junk before the XML declaration dropped) and read again: recovery alters no text.",
    "xml-unsafe": "The XML declares a DTD or entities, or uses XInclude; they were "
    "ignored, never expanded or processed.",
    "feed-structure": "The feed lacks an element RSS requires, or holds one in the wrong place.",
    "feed-date": "A feed date is neither a valid RFC 822 nor an ISO 8601 date.",
    "feed-duration": "An itunes:duration is not a number of seconds, MM:SS or HH:MM:SS.",
    "merge-conflict": "Two sources give different values for the same field; the first "
    "source's value was kept.",
    "fetch-failed": "A URL could not be fetched after every try (timeouts, connection "
    "errors, 429 or 5xx responses); the crawl went on without it.",
    "fetch-status": "A URL answered with a client error such as 404 (a missing page); it "
    "was not retried.",
    "fetch-refused": "A URL was not fetched: robots.txt forbids it, or it (or a redirect, or "
    "a page's 'older' link) leads off the show's host or to a scheme other than http(s).",
    "fetch-redirect": "A URL redirects in a loop or more times than allowed.",
    "fetch-truncated": "A response body was cut short on every try; what arrived was used.",
    "fetch-too-large": "A response is larger than the size limit; it was dropped.",
    "fetch-content-type": "A response is not what was asked for (a listing page that is not "
    "HTML, a feed that is not XML); it was not read.",
    "fetch-cycle": "A page's 'older' link leads back to a page already walked; the "
    "pagination walk stopped there.",
    "fetch-cache": "The crawler's cache or resume journal could not be read or written (a "
    "full disk, a symbolic link below the cache folder); the page was still read and the "
    "crawl went on.",
    "unreadable": "A file could not be read (missing, a folder, no permission) or its "
    "reader failed; the other files were read (paperledge.parse_many, paperledge parse -j).",
    "too-large": "The input is larger than, or holds more episodes than, the configured "
    "Limits allow; the rest was not read.",
    "csv-structure": "A CSV row or cell is malformed (wrong cell count, a value of the "
    "wrong kind); the cell was left empty or the row skipped.",
    "json-syntax": "The document, or a JSON-LD block of an HTML page, is not valid JSON.",
    "json-schema": "The JSON is valid but is not a paperledge show.",
    "paper-unmatched": "An episode was not linked to an arXiv paper: no candidate was sure "
    "enough (the message names the best and its score), the query failed, or the episode "
    "gives neither a paper title nor a credited author (paperledge.arxiv).",
    "paper-ambiguous": "An episode was not linked to an arXiv paper: two candidates scored too "
    "close to call; the message names both (paperledge.arxiv).",
    "arxiv-response": "An arXiv API response is not its Atom feed (malformed XML, another "
    "document, an error the API reports); the episodes it was asked about stay unlinked.",
}
"""Every diagnostic code paperledge emits, with what causes it."""


@attrs.frozen(kw_only=True)
class Diagnostic:
    """A defect found in the input, located by 1-based line and column.

    ``str()`` gives it as ``FILE:LINE:COL: code: message``.
    """

    code: str
    """What kind of defect it is: one of :data:`DIAGNOSTIC_CODES` (short,
    stable strings that scripts may match on)."""
    message: str
    """What was found, and what was done about it, in words."""
    line: int
    """The 1-based line of the input where the defect is; 0 for a finding that
    belongs to no one place of a source (a conflict found while merging)."""
    column: int = 1
    """The 1-based column on that line (0 with a ``line`` of 0)."""
    source: str | None = None
    """The input it was found in (a file name or URL), when the caller knows it."""

    def __str__(self) -> str:
        where = f"{self.source}:" if self.source else ""
        if self.line:
            where += f"{self.line}:{self.column}:"
        return f"{where} {self.code}: {self.message}".lstrip()


class PaperledgeError(Exception):
    """Base class of every exception paperledge raises on purpose."""


class FormatError(PaperledgeError, ValueError):
    """An unknown format name, or a format that cannot read or write."""


class ParseError(PaperledgeError, ValueError):
    """The input has a defect and the parser was asked to be strict.

    Also raised, in either mode, by readers of formats that must be exact
    (paperledge's own JSON).  ``line`` and ``column`` are 1-based.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        line: int,
        column: int = 1,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.line = line
        self.column = column
        self.source = source
        where = f"{source}, " if source else ""
        super().__init__(f"{where}line {line}, column {column}: {message} [{code}]")

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic) -> ParseError:
        """The error strict mode raises for ``diagnostic``."""
        return cls(
            diagnostic.message,
            code=diagnostic.code,
            line=diagnostic.line,
            column=diagnostic.column,
            source=diagnostic.source,
        )

    def with_source(self, source: str | None) -> ParseError:
        """This error, naming ``source`` unless it already names one."""
        if self.source is not None or source is None:
            return self
        return ParseError(
            self.message, code=self.code, line=self.line, column=self.column, source=source
        )

    def to_diagnostic(self) -> Diagnostic:
        """This error as a :class:`Diagnostic`."""
        return Diagnostic(
            code=self.code,
            message=self.message,
            line=self.line,
            column=self.column,
            source=self.source,
        )


class Reporter:
    """Collects diagnostics, or raises the first one when strict.

    Parsers call :meth:`report` for every defect; they never decide on their
    own whether to raise, so tolerant and strict mode share one code path.
    ``sink``, when given, receives each diagnostic as it is found (used by
    the streaming readers, which have no show to attach them to).
    """

    __slots__ = ("diagnostics", "sink", "strict")

    def __init__(
        self,
        *,
        strict: bool = False,
        sink: Callable[[Diagnostic], None] | None = None,
    ) -> None:
        self.strict = strict
        self.sink = sink
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, message: str, line: int, column: int = 1) -> None:
        """Record a defect; raise :class:`ParseError` instead when strict."""
        diagnostic = Diagnostic(code=code, message=message, line=line, column=column)
        if self.strict:
            raise ParseError.from_diagnostic(diagnostic)
        logger.debug("%s", diagnostic)
        if self.sink is not None:
            self.sink(diagnostic)
        else:
            self.diagnostics.append(diagnostic)
