"""HTML pages of the show's Podbean site: listing pages and episode pages, any theme.

The reader never relies on one theme's class names.  It works from what
every theme shares:

* episode links, ``/e/<slug>/``: an episode in the listing is the largest
  element around one of its links that holds no link to another episode and
  that holds a date and text.  Links in a sidebar, a menu or a "more
  episodes" box have no date and no text around them, so they make no episode;
* dates written ``Thursday Oct 02, 2025`` (alone on a line or in a short
  meta line) or given by ``<time datetime>``;
* headings and the episode link's text for the title;
* the ``Credit to Paper authors:`` line that closes every episode's text;
* JSON-LD (``PodcastEpisode``, ``PodcastSeries``) and OpenGraph in ``<head>``.

When the markup has no such structure (a flat page), the page's visible text
goes through the text-dump grammar (:class:`paperledge._formats.text.TextParser`),
so the result is never worse than :func:`paperledge.parse_text` on that text.

lxml builds the tree (libxml2's HTML parser: no network, no DTD, only HTML's
own named entities); bs4's ``UnicodeDammit`` is used for what it does best,
finding the encoding of bytes that are not UTF-8.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import re
import threading
from collections.abc import Sequence
from typing import cast

import attrs
from bs4.dammit import EncodingDetector, UnicodeDammit
from lxml import etree

from ..._diagnostics import Reporter
from ..._limits import Limits, clip_input, episode_limit_reached
from ..._limits import resolve as resolve_limits
from ..._model import Author, Episode, Show, trusted_episode
from ..._rules.credits import CREDIT_MARKER, parse_authors
from ..._rules.dates import DateLine, iso_date, match_date_line
from ..._rules.decode import decode_text, sniff_bom
from ..._rules.durations import read_duration
from ..._rules.names import host_from_description, normalize_name
from ..._rules.urls import episode_slug, page_number, resolve, site_root
from ..text import TextParser
from .lines import (
    BLOCK,
    EDGE,
    HEAD,
    HEADINGS,
    LINK,
    SEP,
    SKIP_TAGS,
    TIME,
    Prepared,
    count_end_tags,
    is_ui_line,
    plain,
    prepare,
    text_lines,
)
from .meta import LdEpisode, PageMeta, read_meta

__all__ = ["MAX_HTML_BYTES", "parse_html", "sniff_html"]

#: Pages larger than this are cut (a listing page is well under 1 MB; an
#: archive page of 400 episodes about 2 MB).
MAX_HTML_BYTES = 64 << 20

_CREDIT_LENGTH = len(CREDIT_MARKER)
# Declared encodings browsers read as Windows-1252 (WHATWG Encoding).
_AS_WINDOWS_1252 = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "cp1252"}
)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})
_SNIFF = re.compile(
    r"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<p>)",
    re.IGNORECASE,
)
_NEXT_LABELS = re.compile(r"older|next|»|›|→|more episodes", re.IGNORECASE)
_PREVIOUS_LABELS = re.compile(r"newer|prev|«|‹|←", re.IGNORECASE)

_DATE_IN_LINE = re.compile(
    r"(?:[A-Za-z]+\.?,?\s+)?[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
)
_LINK_LABEL = re.compile(f"{LINK}([^{SEP}]*){SEP}")
_TIME_LABEL = re.compile(f"{TIME}([^{SEP}]*){SEP}")
_NEEDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.:;!?()-]{5,23}")
_MARKER_BYTES = re.compile(b"\xee\x80[\x80-\x87]")
# &#xE000; to &#xE007; (57344 to 57351), leading zeros allowed.
_MARKER_NUMBERS = rb"([xX])(0*[eE]00[0-7])(?![0-9a-fA-F])|(0*5734[4-9]|0*5735[01])(?![0-9])"
_MARKER_REFERENCES = re.compile(rb"&#(?:" + _MARKER_NUMBERS + rb")")
# Character references to what XML does not allow in text (below): libxml2's
# HTML parser turns them into the characters themselves, which lxml then
# refuses when the reader sets a text.  Decimal 0-8, 11, 12, 14-31, 65534 and
# 65535; hex the same.  The lookahead keeps &#1 from matching &#10;.
_CONTROL_NUMBERS = (
    rb"[xX]0*([0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
    rb"|0*([0-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9])"
)
_CONTROL_REFERENCES = re.compile(rb"&#(?:" + _CONTROL_NUMBERS + rb");?")
# Characters XML (and so lxml) does not allow in text, U+FFFE and U+FFFF included.
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
# Every control byte to a zero (zero is one of them), every other byte to itself.
_CONTROL_TABLE = bytes(
    0 if byte in (*range(9), 11, 12, *range(14, 32)) else byte for byte in range(256)
)
_NONCHARACTER_BYTES = re.compile(b"\xef\xbf[\xbe\xbf]")
# Either kind of reference above, in one scan (both open with "&#").
_SUSPECT_REFERENCES = re.compile(rb"&#(?:" + _MARKER_NUMBERS + rb"|" + _CONTROL_NUMBERS + rb")")


def _reference_replacement(match: re.Match[bytes]) -> bytes:
    """A reference to U+FFFD as long as the marker's one it replaces."""
    if match[1]:
        return b"&#" + match[1] + b"fffd".rjust(len(match[2]), b"0")
    return b"&#" + b"65533".rjust(len(match[3]), b"0")


# What the page's bytes need (the flags of _scan).
_NOT_UTF8 = 1
_MARKERS = 2
_CONTROLS = 4
_NONCHARACTERS = 8
_REFERENCES = 16


def _fixups(source: bytes) -> int:
    """The flags of what ``source`` needs fixed, in Python (see :func:`_scan`).

    Each scan of a 2 MB page costs about as much as a tenth of parsing it,
    so each starts with the cheapest test that rules it out: ``in`` for one
    byte is a ``memchr``, while ``in`` for two or three bytes is several
    times slower than a regular expression with a literal prefix.
    bytes.translate through a table is a tight C loop (half the work of
    translate with bytes to delete), then memchr finds a zero; a regular
    expression's scan over a whole page costs as much as parsing it.
    """
    flags = 0
    if b"\xee" in source and _MARKER_BYTES.search(source):
        flags |= _MARKERS
    if b"&" in source and _SUSPECT_REFERENCES.search(source) is not None:
        flags |= _REFERENCES
    if b"\x00" in source.translate(_CONTROL_TABLE):
        flags |= _CONTROLS
    if b"\xef" in source and _NONCHARACTER_BYTES.search(source):
        flags |= _NONCHARACTERS
    return flags


def _scan(data: bytes) -> int:
    """Whether ``data`` is UTF-8 (else ``_NOT_UTF8`` alone) and what it needs fixed."""
    return _fixups(data) if _is_utf8(data) else _NOT_UTF8


def _inert(source: bytes, reporter: Reporter, flags: int | None = None) -> bytes:
    """``source`` with what would pass for the reader's marks or be refused as text replaced.

    ``flags`` (from :func:`_scan`) say what ``source`` holds; without them,
    it is scanned here.  Columns are counted with a decode that cannot fail,
    whatever the bytes.
    """
    if flags is None or flags & _NOT_UTF8:
        flags = _fixups(source)
    if flags & _MARKERS:
        # The text holds our private-use marker characters: make them inert.
        source = _MARKER_BYTES.sub("\ufffd".encode(), source)
    if flags & _REFERENCES:
        # So do character references to them (of the same length: columns stay).
        source = _MARKER_REFERENCES.sub(_reference_replacement, source)
        reference = _CONTROL_REFERENCES.search(source)
        if reference is not None:
            line = source.count(b"\n", 0, reference.start()) + 1
            start = source.rfind(b"\n", 0, reference.start()) + 1
            column = len(source[start : reference.start()].decode("utf-8", "replace")) + 1
            code = int(reference[1], 16) if reference[1] else int(reference[2])
            reporter.report(
                "control-character",
                f"the page refers to the control character U+{code:04X} "
                f"({reference[0].decode()!r}); it was replaced",
                line,
                column,
            )
            # One character for the reference: later columns on that line
            # shift by the reference's length less one.
            source = _CONTROL_REFERENCES.sub("\ufffd".encode(), source)
    # Neither replacement above makes a control character or a noncharacter.
    if not flags & (_CONTROLS | _NONCHARACTERS):
        return source
    control = _CONTROL_BYTES.search(source)
    if control is None:  # pragma: no cover - the tests above found one
        return source
    # libxml2 keeps them, but they are not text (and lxml refuses them back).
    line = source.count(b"\n", 0, control.start()) + 1
    start = source.rfind(b"\n", 0, control.start()) + 1
    column = len(source[start : control.start()].decode("utf-8", "replace")) + 1
    reporter.report(
        "control-character",
        f"the page holds the control character {control[0]!r}; it was replaced",
        line,
        column,
    )
    return _CONTROL_BYTES.sub(_control_replacement, source)


def _control_replacement(match: re.Match[bytes]) -> bytes:
    # A form feed is whitespace in HTML; anything else becomes U+FFFD.
    return b" " if match[0] == b"\x0c" else "\ufffd".encode()


_CONFLICT = ""
# libxml2 2.14's wording: "Opening and ending tag mismatch", "Unexpected end
# tag", "misplaced <html> tag".
_STRUCTURE_ERRORS = ("mismatch", "Unexpected", "misplaced")
_CHECKED_END_TAGS = ("div", "a")
# descendant:: rather than //: the abbreviation visits every text node too.
_COUNT_ELEMENTS = {
    tag: etree.XPath(f"count(descendant-or-self::{tag})") for tag in _CHECKED_END_TAGS
}


def _line(element: etree._Element) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else 1


def sniff_html(head: str) -> bool:
    """Whether a document's first KiB look like HTML."""
    return head.startswith("<") and _SNIFF.search(head[:4096]) is not None


# -- decoding --------------------------------------------------------------------


def _declared_utf8(data: bytes) -> bool:
    """Whether bytes are to be read as UTF-8: no BOM, and UTF-8 declared or nothing declared."""
    if sniff_bom(data)[1]:
        return False
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    return declared is None or declared.lower() in _UTF8_NAMES


def _decode(data: str | bytes, reporter: Reporter) -> bytes:
    """The page as UTF-8 bytes for lxml (line breaks kept, so lines match).

    The bytes are always valid UTF-8 (the decoders used never give lone
    surrogates): slices at ASCII characters decode without an error handler.
    """
    if isinstance(data, str):
        if data.startswith("\ufeff"):
            data = data[1:]
        if len(data) > MAX_HTML_BYTES:
            reporter.report("too-large", f"the page is larger than {MAX_HTML_BYTES} characters", 1)
            data = data[:MAX_HTML_BYTES]
        return data.encode("utf-8", "replace")
    if len(data) > MAX_HTML_BYTES:
        reporter.report("too-large", f"the page is larger than {MAX_HTML_BYTES} bytes", 1)
        data = data[:MAX_HTML_BYTES]
    encoding, skip = sniff_bom(data)
    if skip:
        body = data[skip:]
        if encoding == "utf-8":
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return _dammit(body, reporter, declared="utf-8")
            return body
        return body.decode(encoding, "replace").encode()
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    declared = declared.lower() if declared else None
    if declared is None or declared in _UTF8_NAMES:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and error.end == len(data):
                # A page cut inside a character: only its last character is lost.
                line = data.count(b"\n") + 1
                column = len(data[data.rfind(b"\n") + 1 : error.start].decode("utf-8")) + 1
                reporter.report(
                    "undecodable",
                    "the page ends inside a character; it was replaced with U+FFFD",
                    line,
                    column,
                )
                return data[: error.start] + "\ufffd".encode()
            if declared is not None:
                # Declared UTF-8 with some bytes that are not: repair those bytes
                # alone, as the text reader does (it reports the first one).
                return decode_text(data, reporter).encode()
            return _dammit(data, reporter, declared=declared)
        return data
    return _dammit(data, reporter, declared=declared)


def _dammit(data: bytes, reporter: Reporter, *, declared: str | None) -> bytes:
    known = []
    if declared is not None and declared not in _UTF8_NAMES:
        known.append("windows-1252" if declared in _AS_WINDOWS_1252 else declared)
    # Undeclared bytes that are not UTF-8 are read as Windows-1252, as browsers
    # read English pages; UnicodeDammit's own guess is the last resort (its
    # detectors take short English pages for Central European encodings).
    dammit = UnicodeDammit(
        data,
        known_definite_encodings=known,
        user_encodings=["windows-1252"],
        is_html=True,
    )
    text: str | None = dammit.unicode_markup
    used = (dammit.original_encoding or "").lower()
    if text is None:
        text, used = data.decode("windows-1252", "replace"), "windows-1252"
    if not known or used not in known:
        what = f"declared {declared!r} but " if declared else ""
        reporter.report(
            "encoding",
            f"the page {what}is not UTF-8; it was decoded as {used or 'unknown'}",
            1,
        )
    if dammit.contains_replacement_characters:
        reporter.report("undecodable", "some bytes fit no encoding and were replaced", 1)
    return text.encode()


# Pages longer than this are checked as UTF-8 a piece at a time.
_CHECK_CHUNK = 1 << 16
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's HTML parser (making one costs a tenth of parsing a small page)."""
    parser: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            collect_ids=False,
            huge_tree=False,
        )
    return parser


def _tree(source: bytes, parser: etree.HTMLParser) -> etree._Element | None:
    try:
        # isspace() stops at the first other byte; strip() would copy the page.
        return None if source.isspace() or not source else etree.fromstring(source, parser)
    except (etree.LxmlError, ValueError):
        # Not seen with libxml2 2.14 (it returns None for a page it cannot
        # read); a reader in tolerant mode must not raise whatever it does.
        return None


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, without building the whole page as text.

    Decoding a large page in one go allocates a string twice its size (and
    the page faults that come with it): pieces through an incremental
    decoder cost a third as much.  (libxml2 checks the bytes too, and logs
    what is not UTF-8, but not everywhere: not inside a bogus doctype.)
    """
    if data.isascii():
        return True
    try:
        if len(data) <= _CHECK_CHUNK:
            data.decode("utf-8")
        else:
            decoder = codecs.getincrementaldecoder("utf-8")()
            view = memoryview(data)
            for start in range(0, len(data), _CHECK_CHUNK):
                decoder.decode(view[start : start + _CHECK_CHUNK])
            decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


def _read_tree(
    data: str | bytes, reporter: Reporter
) -> tuple[bytes, etree._Element | None, etree.HTMLParser]:
    """The page as inert UTF-8 bytes, its tree, and the parser (whose log holds its errors).

    Bytes that are UTF-8, as declared or as nothing else is declared, go to
    the parser as they are; anything else is decoded the careful way
    (repaired, or its encoding detected) first.
    """
    flags = (
        _scan(data)
        if isinstance(data, bytes) and len(data) <= MAX_HTML_BYTES and _declared_utf8(data)
        else _NOT_UTF8
    )
    if flags & _NOT_UTF8:
        source = _inert(_decode(data, reporter), reporter)
    else:
        source = _inert(cast("bytes", data), reporter, flags)
    parser = _parser()
    return source, _tree(source, parser), parser


# -- locating defects in the source ----------------------------------------------


class _Locator:
    """Line and column of things in the HTML source, computed only when a defect needs them."""

    __slots__ = ("_source", "_starts", "_text")

    def __init__(self, source: bytes) -> None:
        self._source = source
        self._text: str | None = None
        self._starts: list[int] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._source.decode()
        return self._text

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            text = self.text
            starts = [0]
            position = text.find("\n")
            while position >= 0:
                starts.append(position + 1)
                position = text.find("\n", position + 1)
            self._starts = starts
        return self._starts

    def line_text(self, line: int) -> str:
        starts = self._line_starts()
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end]

    def offset(self, line: int) -> int:
        starts = self._line_starts()
        return starts[min(max(line, 1), len(starts)) - 1]

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def find(self, line: int, needle: str) -> tuple[int, int]:
        """Where ``needle`` first occurs at or after ``line``: (line, 1-based column)."""
        if needle:
            index = self.text.find(needle, self.offset(line))
            if index >= 0:
                return self.position(index)
        return line, 1

    def find_line(self, line: int, text: str) -> tuple[int, int]:
        """Where a line of visible text starts in the source (entities may differ)."""
        return self.find(line, needle(text))


def needle(text: str) -> str:
    """A piece of a visible line that the HTML source most likely holds as it is."""
    match = _NEEDLE.search(text)
    return match[0] if match else text.strip()[:8]


@attrs.define
class _Context:
    reporter: Reporter
    locator: _Locator
    base: str | None
    truncated: bool
    credits: _CreditReporter = attrs.field(init=False)
    #: The openings read so far, by line: a page repeats its date lines.
    openings: dict[str, _Opening] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        self.credits = _CreditReporter(self)


class _CreditReporter(Reporter):
    """Locates an author-list defect in the source only when there is one.

    ``parse_authors`` reports columns from the start of the list; finding the
    credit in the source for every episode would cost more than reading it.
    """

    def __init__(self, ctx: _Context) -> None:
        super().__init__(strict=ctx.reporter.strict)
        self._ctx = ctx

    def report(self, code: str, message: str, line: int, column: int = 1) -> None:
        # ``line`` is where the episode starts: the credit is the first after it.
        where, start = self._ctx.locator.find(line, CREDIT_MARKER)
        self._ctx.reporter.report(code, message, where, start + _CREDIT_LENGTH + column - 1)


# No line longer than this (stripped) is read as a date or a meta line.
_LONGEST_OPENING = 200


class _Opening:
    """What one line at the top of an episode says: a date, a title, or neither."""

    __slots__ = ("date", "date_text", "heading", "is_date", "slug", "text", "time_date")

    def with_slug(self, slug: str) -> _Opening:
        """This opening, for the same text behind an episode link to ``slug``."""
        clone = _Opening.__new__(_Opening)
        clone.date = self.date
        clone.date_text = self.date_text
        clone.heading = self.heading
        clone.is_date = self.is_date
        clone.slug = slug
        clone.text = self.text
        clone.time_date = self.time_date
        return clone

    def __init__(self, line: str) -> None:
        self.heading = line.startswith(HEAD)
        self.slug: str | None = None
        self.time_date: dt.date | None = None
        # A line holds no other marker than these (the block edges cut it).
        self.text = line
        if LINK in line:
            if line[0] == LINK and SEP in line:
                # An episode link's own line: its label opens it (str methods,
                # not the label pattern and plain(), for the common case).
                self.slug, _, self.text = line[1:].partition(SEP)
            else:
                match = _LINK_LABEL.search(line)
                self.slug = match[1] if match else None
        if TIME in line:
            match = _TIME_LABEL.search(line)
            self.time_date = iso_date(match[1]) if match else None
        if self.heading or TIME in self.text or LINK in self.text:
            self.text = plain(self.text)
        stripped = self.text.strip()
        self.date: DateLine | None = None
        self.date_text = stripped
        if len(stripped) <= 64:
            self.date = match_date_line(stripped) if stripped else None
        if (
            self.date is None
            and len(stripped) <= _LONGEST_OPENING
            and not self.heading
            and (" 20" in stripped or " 19" in stripped)
        ):
            # A meta line: "Posted on Thursday Oct 02, 2025 by Ernis".
            found = _DATE_IN_LINE.search(stripped)
            if found is not None:
                self.date = match_date_line(found[0])
                self.date_text = found[0]
        self.is_date = (self.date is not None and self.date.date is not None) or (
            self.time_date is not None and len(stripped) <= _LONGEST_OPENING
        )
        if self.date is not None and self.date.problem == "date-invalid":
            self.is_date = True


def _opening(line: str, openings: dict[str, _Opening]) -> _Opening:
    """:class:`_Opening` of ``line``, from what is known of the text after its link label.

    An episode link's line (LINK slug SEP text) is new on every episode, but
    its text is often not (the same date on many episodes): the text's
    opening is read once, and each line's is a copy with its own slug.  The
    same as ``_Opening(line)``: the label is all the slug changes.
    """
    if line[0] == LINK and SEP in line:
        slug, _, rest = line[1:].partition(SEP)
        # Not when the text opens with a mark of its own: a heading's mark,
        # or a second label (read on its own, it would keep the marks after it).
        if rest and rest[0] != HEAD and rest[0] != LINK:
            known = openings.get(rest)
            if known is None:
                known = openings[rest] = _Opening(rest)
            return known.with_slug(slug)
    return _Opening(line)


def _episode(
    lines: Sequence[str],
    ctx: _Context,
    *,
    slug: str | None,
    page: bool,
    last: bool,
    start_line: int,
    expected: str | None = None,
    audio_url: str | None = None,
    image_url: str | None = None,
) -> Episode | None:
    """One episode from its lines: an opening of dates and a title, then the text.

    ``page`` is set for an episode's own page, whose lines also hold the
    page's chrome: lines before the opening and after the credit are not the
    episode's.
    """
    reporter = ctx.reporter
    locator = ctx.locator
    openings = ctx.openings
    published: dt.date | None = None
    first_text = ""
    title: str | None = None
    started = not page
    index = 0
    count = len(lines)
    # -- the opening: dates and a title, in any order ---------------------------------
    while index < count:
        line = lines[index]
        if (
            len(line) > _LONGEST_OPENING
            and LINK not in line
            and TIME not in line
            and line[0] != HEAD
            and not line[0].isspace()
            and not line[-1].isspace()
        ):
            # Running text (most episodes' first line of it): too long for a
            # date line, with no heading, link or time to make it a title or
            # a date.  What _Opening would find, without making one.
            if not started:
                index += 1
                continue
            break
        info = openings.get(line)
        if info is None:
            info = openings[line] = _opening(line, openings)
        if info.is_date:
            started = True
            index += 1
            day = info.date.date if info.date is not None else None
            if day is None:
                day = info.time_date
            if (
                info.date is not None
                and info.date.problem is not None
                and (info.date_text != first_text)
            ):
                where, column = locator.find(start_line, info.date_text)
                reporter.report(
                    info.date.problem, info.date.message, where, column + info.date.column - 1
                )
            if published is None:
                published, first_text = day, info.date_text
            elif day is not None and day != published:
                where, column = locator.find(start_line, info.date_text)
                reporter.report(
                    "date-mismatch",
                    f"date {info.date_text!r} differs from {first_text!r}; the first is kept",
                    where,
                    column,
                )
            continue
        text = info.text
        if not text or (not text.isspace() and len(text) < 40 and is_ui_line(text)):
            index += 1
            continue
        if title is None and (info.heading or (info.slug is not None and not page)):
            candidate = normalize_name(text) or None
            # On an episode page, the site's own heading is not the episode's
            # title: when the page's metadata names the title, wait for it.
            if expected is None or candidate == expected or started:
                title = candidate
                started = True
                index += 1
                continue
        if not started:
            index += 1
            continue
        break
    if not started:
        return None
    # -- the text, up to the credit ---------------------------------------------------
    body = lines[index:]
    joined = "\n".join(body)
    texts: Sequence[str] = body
    if LINK in joined or TIME in joined or HEAD in joined:
        joined = plain(joined)
        texts = joined.split("\n")
    position = joined.find(CREDIT_MARKER)
    authors: tuple[Author, ...] = ()
    if position >= 0:
        # Counted from the end: the credit closes the text, so few line
        # breaks follow it.
        credit_index = len(texts) - 1 - joined.count("\n", position)
        credit_line = texts[credit_index]
        before = [t for t in texts[:credit_index] if len(t) >= 40 or (t and not is_ui_line(t))]
        cut = credit_line.rfind(CREDIT_MARKER)
        if cut:
            before.append(credit_line[:cut])
        authors = parse_authors(credit_line[cut + _CREDIT_LENGTH :], ctx.credits, start_line, 1)
        strays = [
            t
            for t, marked in zip(texts[credit_index + 1 :], body[credit_index + 1 :], strict=True)
            if t and not t.isspace() and LINK not in marked and not is_ui_line(t)
        ]
        if strays and not page:
            where, column = locator.find_line(start_line, strays[0])
            if last and ctx.truncated:
                # The start of the next episode, cut before its link: not this one's.
                reporter.report(
                    "html-truncated",
                    "the page ends in the middle of an episode, before its link",
                    where,
                    column,
                )
            else:
                reporter.report(
                    "stray-text",
                    "text after the author credit was kept in the episode's description",
                    where,
                    column,
                )
                before.extend(strays)
        description = before
    else:
        description = [t for t in texts if t and (len(t) >= 40 or not is_ui_line(t))]
        while description and description[-1].isspace():
            description.pop()
        last_text = description[-1] if description else ""
        where, column = locator.find_line(start_line, last_text) if last_text else (start_line, 1)
        if last and ctx.truncated:
            reporter.report(
                "html-truncated",
                "the page ends in the middle of an episode, before its author credit",
                where,
                column,
            )
        else:
            reporter.report(
                "missing-credit",
                "the episode has no 'Credit to Paper authors:' line",
                where,
                column,
            )
    url = resolve(ctx.base, f"/e/{slug}/") if slug is not None else None
    # Every value is valid as made here (a date, a tuple of Authors): the
    # constructor's converters and validators would change and refuse nothing.
    return trusted_episode(
        published=published,
        title=title,
        description="\n".join(description),
        authors=authors,
        url=url,
        audio_url=audio_url,
        image_url=image_url,
    )


# -- structure: which elements are the listing's episodes ----------------------------


def _containers(
    body: etree._Element, links: list[tuple[etree._Element, str]]
) -> tuple[list[tuple[etree._Element, str, list[str]]], list[str]]:
    """The listing's episode elements in document order, with slugs and lines.

    An episode is the largest element around one of its links that holds no
    link to another episode, provided it holds text (a sidebar's or a menu's
    link has none around it).  Also returns the lines of the whole body.
    """
    found = _episode_elements(body, links)
    for element in found:
        # Each element's text opens and closes with a line of its own, EDGE:
        # the page's text is written and cut into lines once, and an
        # episode's lines are a slice of those.  The elements do not nest
        # (each holds one slug) and come in document order, so the EDGE
        # lines pair up in turn.
        heading = HEAD if element.tag in HEADINGS else ""
        element.text = f"{BLOCK}{EDGE}{BLOCK}{heading}{element.text or ''}"
        if len(element):
            last = element[-1]
            last.tail = f"{last.tail or ''}{BLOCK}{EDGE}{BLOCK}"
        else:
            element.text += f"{BLOCK}{EDGE}{BLOCK}"
    text = text_lines(body)
    result = []
    end = 0
    for element, slug in found.items():
        try:
            start = text.index(EDGE, end) + 1
            end = text.index(EDGE, start)
        except ValueError:  # pragma: no cover - _written keeps the marks paired
            break
        inner = text[start:end]
        end += 1
        if not (inner and CREDIT_MARKER in inner[-1]):
            joined = "\n".join(inner)
            # rfind: the credit closes the text, so the search from the end is short.
            if joined.rfind(CREDIT_MARKER) < 0 and len(plain(joined).strip()) < 200:
                continue  # a sidebar's or a menu's link: no text around it
        result.append((element, slug, inner))
    return result, text


def _episode_elements(
    body: etree._Element, links: list[tuple[etree._Element, str]]
) -> dict[etree._Element, str]:
    """The element of each episode link, in the links' order (see :func:`_containers`)."""
    slugs: dict[etree._Element, str] = {}
    for link, slug in links:
        node: etree._Element | None = link
        while node is not None:
            known = slugs.get(node)
            if known is None:
                slugs[node] = slug
            elif known in (slug, _CONFLICT):
                break
            else:
                slugs[node] = _CONFLICT
            node = node.getparent()
    found: dict[etree._Element, str] = {}
    for link, slug in links:
        node = link
        parent = node.getparent()
        while parent is not None and parent is not body and slugs.get(parent) == slug:
            node, parent = parent, parent.getparent()
        found.setdefault(node, slug)
    return _written(body, found)


def _written(body: etree._Element, found: dict[etree._Element, str]) -> dict[etree._Element, str]:
    """The episode elements whose text the stylesheet writes, none inside another.

    The EDGE marks pair up in turn only if every element's pair is written
    and no element holds another.  Left out: an element inside chrome (a
    tag in _SKIP, a link renamed to one) or outside the body (a link in the
    head), and one inside another episode element (a link inside a link).
    """
    kept: dict[etree._Element, str] = {}
    for element, slug in found.items():
        node: etree._Element | None = element
        while node is not None and node is not body:
            if node.tag in SKIP_TAGS or (node is not element and node in found):
                break
            node = node.getparent()
        if node is body:
            kept[element] = slug
    return kept


def _structure_checks(
    root: etree._Element,
    parser: etree.HTMLParser,
    source: bytes,
    ctx: _Context,
) -> None:
    """Report what libxml2 repaired: its logged errors, and elements it closed silently."""
    found: list[tuple[int, int, str]] = []
    for error in parser.error_log:
        message = error.message.strip()
        if any(marker in message for marker in _STRUCTURE_ERRORS):
            line, column = _error_place(ctx.locator, message, error.line, error.column)
            found.append((line, column, f"{message}; the tree was repaired"))
    # Strict mode raises at the first defect in the source, wherever libxml2 met it.
    if found:
        for line, column, message in sorted(found):
            ctx.reporter.report("html-structure", message, line, column)
    # libxml2 closes unclosed elements silently; compare elements with end tags.
    if ctx.truncated:
        # A page cut short leaves its elements open: html-truncated says it.
        return
    counts = {
        tag: int(cast("float", count_elements(root)))
        for tag, count_elements in _COUNT_ELEMENTS.items()
    }
    checked = [tag for tag in _CHECKED_END_TAGS if counts[tag]]
    if not checked:
        return
    written = count_end_tags(source, checked)
    # An end tag written in a script's text ("</div>" in a string) is no end tag.
    scripts = [script.text for script in root.iter("script") if script.text]
    for tag in checked:
        elements = counts[tag]
        closing = f"</{tag}>"
        ends = written[tag] - sum(text.count(closing) for text in scripts)
        if elements > ends:
            line, column = _first_unclosed(source, tag)
            ctx.reporter.report(
                "html-structure",
                f"{elements - ends} <{tag}> element(s) are not closed; the tree was repaired",
                line,
                column,
            )


_SCRIPT_TAG = re.compile(rb"<(/?)script[\s>/]", re.IGNORECASE)
_END_TAG_NAME = re.compile(r"(?:mismatch|end tag)\s*:\s*([A-Za-z][\w-]*)")


def _error_place(locator: _Locator, message: str, line: int, column: int) -> tuple[int, int]:
    """Point at the end tag an error is about, near where libxml2 says it stands.

    libxml2 2.14 gives the column of the text before the end tag, older
    versions the column after it: the tag is looked for after the column
    first, then before it.
    """
    match = _END_TAG_NAME.search(message)
    column = max(column, 1)
    if match is None:
        return line, column
    text = locator.line_text(line).lower()
    needle = f"</{match[1].lower()}"
    index = text.find(needle, column)
    if index < 0:
        index = text.rfind(needle, 0, column + len(needle))
    return line, index + 1 if index >= 0 else column


def _script_spans(source: bytes) -> list[int]:
    """Where the scripts' texts start and end in the source, in turn."""
    edges: list[int] = []
    for match in _SCRIPT_TAG.finditer(source):
        if len(edges) % 2 == 0 and not match[1]:
            edges.append(match.end())
        elif len(edges) % 2 == 1 and match[1]:
            edges.append(match.start())
    return edges


def _first_unclosed(source: bytes, tag: str) -> tuple[int, int]:
    """Where the first ``<tag>`` that is never closed opens (a slow path: defects only)."""
    pattern = re.compile(rb"<(/?)" + tag.encode() + rb"[\s>/]", re.IGNORECASE)
    scripts = _script_spans(source)
    opened: list[int] = []
    for match in pattern.finditer(source):
        if bisect.bisect_right(scripts, match.start()) % 2:
            continue  # inside a script's text
        if match[1]:
            if opened:
                opened.pop()
        else:
            opened.append(match.start())
    if not opened:
        return 1, 1
    offset = opened[0]
    line_start = source.rfind(b"\n", 0, offset) + 1
    line = source.count(b"\n", 0, offset) + 1
    return line, len(source[line_start:offset].decode()) + 1


def _is_truncated(source: bytes) -> bool:
    tail = source[-1024:].lower()
    return b"</html" not in tail and b"</body" not in tail


def _base_url(url: str | None, meta: PageMeta) -> str | None:
    document = url or meta.canonical or meta.og.get("og:url")
    if document is not None and not site_root(document):
        document = None
    if meta.base_href:
        return resolve(document, meta.base_href) if document else meta.base_href
    return document


def _pagination(
    prepared: Prepared, meta: PageMeta, base: str | None, document: str | None
) -> tuple[str | None, str | None]:
    """(next = older, previous = newer) listing pages."""
    following = meta.rel_next
    preceding = meta.rel_prev
    current = page_number(document or "") or 1
    by_number: dict[int, str] = {}
    root_link: str | None = None
    for href, label, rel in prepared.page_links:
        if "next" in rel and following is None:
            following = href
        elif ("prev" in rel or "previous" in rel) and preceding is None:
            preceding = href
        number = page_number(href)
        if number is not None:
            by_number.setdefault(number, href)
            if _NEXT_LABELS.search(label) and following is None and number > current:
                following = href
            elif _PREVIOUS_LABELS.search(label) and preceding is None and number < current:
                preceding = href
        elif _PREVIOUS_LABELS.search(label) and len(label) < 40:
            root_link = root_link or href
    if following is None:
        following = by_number.get(current + 1)
    if preceding is None and current > 1:
        preceding = by_number.get(current - 1) or (root_link if current == 2 else None)
    return resolve(base, following), resolve(base, preceding)


def _fallback(texts: list[str], ctx: _Context) -> tuple[TextParser, list[Episode]]:
    """The page's visible text through the text-dump grammar."""
    reporter = _LineMapper(ctx.reporter, ctx.locator, texts)
    parser = TextParser(reporter)
    episodes = []
    for number, text in enumerate(texts, 1):
        episode = parser.feed(text, number)
        if episode is not None:
            episodes.append(episode)
    episode = parser.close()
    if episode is not None:
        episodes.append(episode)
    return parser, episodes


class _LineMapper(Reporter):
    """Passes the text grammar's defects on, located in the HTML source.

    The blank-line and date-repeat rules describe one theme's text layout,
    not HTML: those are dropped.
    """

    _LAYOUT = frozenset({"blank-lines", "date-repeat", "header-mismatch", "missing-newline"})

    def __init__(self, target: Reporter, locator: _Locator, texts: list[str]) -> None:
        super().__init__(strict=target.strict)
        self._target = target
        self._locator = locator
        self._texts = texts
        # Source offsets of the lines located so far, found in order.
        self._offsets: list[int] = []

    def _offset(self, index: int) -> int:
        text = self._locator.text
        offsets = self._offsets
        while len(offsets) <= index:
            start = offsets[-1] if offsets else 0
            found = text.find(needle(self._texts[len(offsets)]), start)
            offsets.append(found if found >= 0 else start)
        return offsets[index]

    def report(self, code: str, message: str, line: int, column: int = 1) -> None:
        if code in self._LAYOUT:
            return
        if code == "truncated":
            code = "html-truncated"
        if self._texts:
            index = min(max(line, 1), len(self._texts)) - 1
            where, start = self._locator.position(self._offset(index))
        else:
            where, start = 1, 1
        self._target.report(code, message, where, start + column - 1)


def _expected_title(meta: PageMeta) -> str | None:
    """The episode's title as an episode page's metadata gives it, if it does."""
    for ld in meta.episodes:
        if ld.name:
            return _title(ld.name)
    return _title(meta.og.get("og:title"))


def _title(name: str | None) -> str | None:
    """A title from metadata; an untitled episode's page shows its date instead."""
    if not name:
        return None
    title = normalize_name(name)
    return None if not title or match_date_line(title) is not None else title


def _merge_ld(episode: Episode, ld: LdEpisode, base: str | None) -> Episode:
    return attrs.evolve(
        episode,
        title=episode.title or _title(ld.name),
        published=episode.published or ld.published,
        url=episode.url or resolve(base, ld.url),
        audio_url=episode.audio_url or resolve(base, ld.audio_url),
        duration=episode.duration or ld.duration,
        image_url=episode.image_url or resolve(base, ld.image_url),
    )


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    slug = episode_slug(url)
    return slug or url.rstrip("/")


def _ld_episode(ld: LdEpisode, ctx: _Context) -> Episode:
    """An episode from JSON-LD alone (a page whose text is drawn by scripts)."""
    text = ld.description or ""
    authors: tuple[Author, ...] = ()
    position = text.rfind(CREDIT_MARKER)
    if position >= 0:
        authors = parse_authors(text[position + _CREDIT_LENGTH :], ctx.reporter, 1)
        text = text[:position]
    lines = [line for line in (clean_line(part) for part in text.split("\n")) if line]
    return Episode(
        published=ld.published,
        title=_title(ld.name),
        description="\n".join(lines),
        authors=authors,
        url=resolve(ctx.base, ld.url),
        audio_url=resolve(ctx.base, ld.audio_url),
        duration=ld.duration,
        image_url=resolve(ctx.base, ld.image_url),
    )


def clean_line(text: str) -> str:
    """A line of JSON-LD text: trailing whitespace dropped, no-break spaces as spaces."""
    return text.rstrip().replace("\xa0", " ")


def parse_html(
    data: str | bytes,
    *,
    url: str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> Show:
    """Read a listing page or an episode page of the show's Podbean site.

    ``data`` is the page as text or bytes (the encoding comes from a BOM, the
    ``<meta>`` declarations, or detection).  ``url`` is the page's address:
    links are made absolute against it (else against ``<base>``, else the
    page's canonical URL).  Works on any theme of the site; see
    ``docs/html.md``.  In tolerant mode (the default) this never raises and
    each defect becomes a :class:`~paperledge.Diagnostic` located by line and
    column in the HTML source; ``strict=True`` raises
    :class:`~paperledge.ParseError` at the first defect.  ``next_page_url``
    (older episodes) and ``previous_page_url`` (newer) come from the page's
    pagination.
    """
    reporter = Reporter(strict=strict)
    data = clip_input(data, limits, reporter)
    source, root, parser = _read_tree(data, reporter)
    if root is None:
        reporter.report("no-episodes", "the page holds no HTML", 1)
        return Show(diagnostics=reporter.diagnostics)
    meta = read_meta(root)
    document = url or meta.canonical or meta.og.get("og:url")
    base = _base_url(url, meta)
    ctx = _Context(reporter, _Locator(source), base, _is_truncated(source))
    # Counted before prepare() changes the tree.
    _structure_checks(root, parser, source, ctx)
    for line, message in meta.bad_jsonld:
        reporter.report("json-syntax", f"a JSON-LD block is not valid JSON: {message}", line)
    body = root.find("body")
    if body is None:
        body = root
    prepared = prepare(body)
    episodes: list[Episode] = []
    text_parser: TextParser | None = None
    if meta.is_episode_page:
        page_slug = episode_slug(document) if document else None
        episode = _episode(
            text_lines(body),
            ctx,
            slug=page_slug,
            page=True,
            last=True,
            start_line=_line(body),
            expected=_expected_title(meta),
        )
        if episode is not None and (episode.description or episode.authors):
            if prepared.audio:
                episode = attrs.evolve(episode, audio_url=resolve(base, prepared.audio[0][1]))
            if episode.url is None and document:
                episode = attrs.evolve(episode, url=resolve(base, document))
            episodes.append(episode)
    else:
        containers, text = _containers(body, prepared.links)
        if containers:
            episodes = _listing(containers, prepared, ctx)
        else:
            text_parser, found = _fallback([t for t in (plain(t) for t in text) if t], ctx)
            episodes.extend(found)
    episodes = _add_page_facts(episodes, meta, ctx)
    maximum = resolve_limits(limits).max_episodes
    if len(episodes) > maximum:
        episode_limit_reached(maximum, limits, reporter, 1)
        episodes = episodes[:maximum]
    if not episodes:
        reporter.report("no-episodes", "the page holds nothing recognisable as an episode", 1)
    following, preceding = _pagination(prepared, meta, base, document)
    return _show(
        meta=meta,
        ctx=ctx,
        episodes=episodes,
        text_parser=text_parser,
        following=following,
        preceding=preceding,
        document=document,
    )


def _listing(
    containers: list[tuple[etree._Element, str, list[str]]], prepared: Prepared, ctx: _Context
) -> list[Episode]:
    audio: dict[int, str] = {}
    images: dict[int, str] = {}
    elements = [element for element, _, _ in containers]
    for found, media in ((audio, prepared.audio), (images, prepared.images)):
        # The first audio file and image inside each episode's element are its own.
        for index, (_, src) in zip(_owners([e for e, _ in media], elements), media, strict=True):
            if index >= 0:
                found.setdefault(index, src)
    episodes = []
    last = len(containers) - 1
    for index, (element, slug, texts) in enumerate(containers):
        # The media go into the episode as it is made: attrs.evolve would
        # build (and validate) every episode twice.
        episode = _episode(
            texts,
            ctx,
            slug=slug,
            page=False,
            last=index == last,
            start_line=_line(element),
            audio_url=resolve(ctx.base, audio.get(index)),
            image_url=resolve(ctx.base, images.get(index)),
        )
        if episode is not None:
            episodes.append(episode)
    return episodes


def _owners(elements: list[etree._Element], containers: list[etree._Element]) -> list[int]:
    """For each element, the index of the nearest container holding it (itself included), or -1."""
    owner = {element: index for index, element in enumerate(containers)}
    found = []
    for element in elements:
        node: etree._Element | None = element
        while node is not None and node not in owner:
            node = node.getparent()
        found.append(-1 if node is None else owner[node])
    return found


def _add_page_facts(episodes: list[Episode], meta: PageMeta, ctx: _Context) -> list[Episode]:
    base = ctx.base
    if meta.episodes:
        by_key = {_url_key(ld.url): ld for ld in meta.episodes if ld.url}
        if len(episodes) == 1 and len(meta.episodes) == 1 and meta.is_episode_page:
            episodes[0] = _merge_ld(episodes[0], meta.episodes[0], base)
        elif episodes:
            for index, episode in enumerate(episodes):
                ld = by_key.get(_url_key(episode.url))
                if ld is not None:
                    episodes[index] = _merge_ld(episode, ld, base)
        else:
            episodes = [_ld_episode(ld, ctx) for ld in meta.episodes]
    if meta.is_episode_page and len(episodes) == 1:
        episode = episodes[0]
        og = meta.og
        duration = episode.duration or read_duration(meta.itemprop_duration)
        episodes[0] = attrs.evolve(
            episode,
            title=episode.title or _title(og.get("og:title")),
            url=episode.url or resolve(base, og.get("og:url") or meta.canonical),
            audio_url=episode.audio_url or resolve(base, og.get("og:audio")),
            image_url=episode.image_url or resolve(base, og.get("og:image")),
            duration=duration,
        )
    return episodes


def _show(
    *,
    meta: PageMeta,
    ctx: _Context,
    episodes: list[Episode],
    text_parser: TextParser | None,
    following: str | None,
    preceding: str | None,
    document: str | None,
) -> Show:
    title = meta.site_name or meta.series_name
    if title is None and meta.title:
        title = meta.title.split(" | ")[0].strip() or None
    if title is None and text_parser is not None:
        title = text_parser.title
    if meta.is_episode_page:
        description = meta.series_description
    else:
        description = meta.description or meta.og.get("og:description") or meta.series_description
    if description is None and text_parser is not None:
        description = text_parser.description
    show_url = resolve(ctx.base, meta.series_url) or site_root(ctx.base or document)
    return Show(
        title=title,
        description=description,
        host=host_from_description(description),
        url=show_url,
        feed_url=resolve(ctx.base, meta.feed_url),
        image_url=resolve(ctx.base, meta.series_image)
        or (None if meta.is_episode_page else resolve(ctx.base, meta.og.get("og:image"))),
        next_page_url=following,
        previous_page_url=preceding,
        episodes=episodes,
        diagnostics=ctx.reporter.diagnostics,
    )
