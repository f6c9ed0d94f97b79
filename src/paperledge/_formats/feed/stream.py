"""Streaming the feed: :func:`iter_feed_episodes`, the ``rss`` format's streamer.

The chunks go to lxml's pull parser, configured as safely as
:func:`~paperledge.parse_feed`'s (no entity expansion, no DTD, no network).
Each ``<item>`` is read by the same code as the whole-document reader the
moment it ends, then cleared and dropped with what precedes it, so memory
stays bounded by the largest item whatever the feed's size.

libxml2 recovers from a defect differently when it is pushed chunks than
when it reads a whole document (it even stops reading after some), so the
pull parser is trusted only while the feed is well-formed.  At its first
error the rest of the feed, from the start of the item it was in, is read
as :func:`~paperledge.parse_feed` reads a whole document, behind the bytes
before the feed's first item (kept for this), and gives the episodes and
diagnostics :func:`~paperledge.parse_feed` gives there.  A malformed feed
costs the memory of its remainder.  To know where items start without the
parser's help, the bytes are fed in pieces that end before each ``<item``:
whenever no item is open there, what came before is done with.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from lxml import etree

from ..._diagnostics import Diagnostic, ParseError, Reporter
from ..._limits import Limits, episode_limit_reached, resolve
from ..._model import Episode
from ..._rules.decode import InputProbe, has_surrogate, without_surrogates
from .document import (
    _FIRST_ELEMENT,
    SAFE_XML_OPTIONS,
    XINCLUDE,
    _check_prolog,
    _locate,
    _report_xinclude,
    _root,
    _utf8,
)
from .item import _item
from .reader import (
    _CHANNEL_TAGS,
    MAX_FEED_BYTES,
    _report_missing,
    read_document,
    report_no_episodes,
    said_why_empty,
)

__all__ = ["iter_feed_episodes"]

_ITEM = "item"
_ITEM_START = re.compile(rb"<item[ \t\r\n/>]")
# Bytes held back at the end of what arrived: a "<item" may continue there.
_HOLD = len(b"<item ") - 1
# The prolog is looked at once the first element shows, or this much arrived.
_MAX_HEAD = 1 << 20


def _pull_parser(strict: bool, encoding: str | None, url: str | None) -> Any:
    # The whole-document reader's options (.reader._parser), pushed chunks.
    return etree.XMLPullParser(
        events=("start", "end"),
        tag=_ITEM,
        **SAFE_XML_OPTIONS,
        recover=not strict,
        encoding=encoding,
        base_url=url,
    )


class _Shifted(Reporter):
    """Reports positions in a reread remainder at their places in the feed.

    The remainder (from an item's start, at ``stream.kept_line``,
    ``kept_column`` in the feed) is read behind the bytes before the feed's
    first item, ``opening``: on a line of its own when it started on a later
    line than ``opening`` ends (:attr:`own_line`).
    """

    __slots__ = ("column", "line", "opening_column", "opening_line", "own_line", "target")

    def __init__(self, stream: _Stream, opening: bytes) -> None:
        super().__init__(strict=stream.reporter.strict)
        self.target = stream.reporter
        self.opening_line = opening.count(b"\n") + 1
        self.opening_column = _characters(stream, opening[opening.rfind(b"\n") + 1 :]) + 1
        self.line, self.column = stream.kept_line, stream.kept_column
        self.own_line = self.line > self.opening_line

    def _line(self, line: int) -> int:
        if self.own_line and line > self.opening_line:
            return line + self.line - self.opening_line - 1
        return line

    def report(self, code: str, message: str, line: int, column: int = 1) -> None:
        # Only libxml2's diagnostics have a column; the reader's give the
        # line of an element, at column 1 as parse_feed gives it.
        if code in _LIBXML2_CODES:
            if self.own_line:
                if line == self.opening_line + 1:
                    column += self.column - 1
            elif line == self.opening_line and column >= self.opening_column:
                column += self.column - self.opening_column
            # libxml2 names lines in its messages ("... line 3 and item").
            message = _LINE_IN_MESSAGE.sub(
                lambda match: f"line {self._line(int(match.group(1)))}", message
            )
        self.target.report(code, message, self._line(line), column)


# The codes of the diagnostics whose messages come from libxml2.
_LIBXML2_CODES = frozenset({"xml-syntax", "xml-unsafe", "encoding"})
_LINE_IN_MESSAGE = re.compile(r"\bline ([0-9]+)\b")


class _Stream:
    """One stream's state: what was fed, what is kept for a reread, what was read."""

    def __init__(self, reporter: Reporter, strict: bool, limits: Limits | None) -> None:
        self.reporter = reporter
        self.url: str | None = None  # the feed's address: the base of relative links
        self.strict = strict
        self.limits = limits
        self.most = resolve(limits).max_episodes
        self.utf8 = False
        self.surrogates_reported = False
        self.whole: list[bytes] | None = None  # a feed read whole: what arrived
        # Where a str chunk starts: the lines and the characters of its line
        # that came before it (to place a lone surrogate).
        self.text_lines = 0
        self.text_column = 0
        self.parser: Any = None
        self.head: bytes | None = b""  # until the prolog is checked
        self.held = b""
        # The bytes looked at for XInclude, then those fed to the parser: how
        # many, how many newlines, where the last line starts.
        self.scanned = 0
        self.scanned_newlines = 0
        self.scanned_line_start = 0
        self.scanned_tail = b""
        self.xinclude = False
        self.fed_newlines = 0
        self.fed_column = 1  # of the next byte fed, in characters (libxml2's columns)
        self.started: Any = None  # the first item started in the piece just fed
        self.cut_parent: Any = None  # the element holding the items cut at
        self.utf8_columns = True
        # Everything fed before the first cut; then what was fed since the last.
        self.opening: list[bytes] | None = []
        self.opening_bytes = b""
        self.kept: list[bytes] = []
        self.kept_line = 1
        self.kept_column = 1
        # Outermost items: open now, ended in all, ended by the first and last cut.
        self.open = 0
        self.ended = 0
        self.ended_in_opening = 0
        self.ended_at_cut = 0
        self.yielded = 0
        self.root: Any = None
        self.channel: Any = None
        self.seen: set[int] = set()  # the channel fields dropped with read items
        self.failed = False
        self.done = False
        self.unfed = b""  # looked at, not fed: the rest of what arrived when it failed


def iter_feed_episodes(
    chunks: Iterable[str | bytes],
    *,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
    limits: Limits | None = None,
    url: str | None = None,
) -> Iterator[Episode]:
    """Stream the episodes of an RSS feed that arrives in chunks of ``bytes`` or ``str``.

    Each episode is the one :func:`~paperledge.parse_feed` reads from the
    same item, yielded as soon as its ``</item>`` has arrived; memory stays
    bounded by the largest item.  Diagnostics go to ``on_diagnostic`` as
    they are found (those about the feed as a whole, such as a channel
    without ``<title>``, when it ends); ``strict=True`` raises
    :class:`~paperledge.ParseError` at the first defect.  A stream has no
    input-size limit; it stops after ``limits.max_episodes`` episodes.
    After an XML error, the rest of the feed is read whole; so are RSS 1.0
    and Atom feeds, whose items the stream does not cut at.
    """
    said: list[Diagnostic] = []
    sink = on_diagnostic or (lambda _d: None)

    def watched(diagnostic: Diagnostic) -> None:
        if not said and said_why_empty((diagnostic,)):
            said.append(diagnostic)
        sink(diagnostic)

    reporter = Reporter(strict=strict, sink=watched)
    stream = _Stream(reporter, strict, limits)
    stream.url = url
    probe = InputProbe()
    yielded = 0
    for episode in _episodes(stream, _probed(chunks, probe)):
        yielded += 1
        yield episode
    if not yielded and not said:
        report_no_episodes(reporter, probe)


def _probed(chunks: Iterable[str | bytes], probe: InputProbe) -> Iterator[str | bytes]:
    for chunk in chunks:
        probe.see(chunk)
        yield chunk


def _episodes(stream: _Stream, source: Iterator[str | bytes]) -> Iterator[Episode]:
    for chunk in source:
        if not chunk:
            continue
        data = _bytes(stream, chunk)
        if stream.whole is not None:
            stream.whole.append(data)
            continue
        yield from _push(stream, data, final=False)
        if stream.done:
            return
        if stream.failed:
            yield from _reread(stream, [_bytes(stream, c) for c in source if c])
            return
    if stream.whole is None:
        yield from _push(stream, b"", final=True)
    if stream.whole is not None:
        yield from _read_whole(stream)
        return
    if stream.done:
        return
    if stream.failed:
        yield from _reread(stream, [])
        return
    yield from _close(stream)


# The bytes that start a character in UTF-8 (all but the 10xxxxxx
# continuation bytes): deleting them leaves the continuation bytes to count,
# which works on a character split between two pieces.
_STARTS = bytes(byte for byte in range(256) if byte >> 6 != 2)


def _characters(stream: _Stream, data: bytes) -> int:
    """How many characters ``data`` holds (UTF-8 when the feed is; else bytes)."""
    if not stream.utf8_columns:
        return len(data)
    return len(data) - len(data.translate(None, _STARTS))


def _bytes(stream: _Stream, chunk: str | bytes) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    # As parse_feed does with a str: UTF-8, which the parser is told (a
    # byte-order mark encodes to UTF-8's, which libxml2 skips).
    stream.utf8 = True
    if has_surrogate(chunk):
        chunk = without_surrogates(
            chunk,
            stream.reporter,
            lines_before=stream.text_lines,
            columns_before=stream.text_column,
            report=not stream.surrogates_reported,
        )
        stream.surrogates_reported = True
    newlines = chunk.count("\n")
    if newlines:
        stream.text_lines += newlines
        stream.text_column = len(chunk) - chunk.rfind("\n") - 1
    else:
        stream.text_column += len(chunk)
    return chunk.encode("utf-8")


def _scan(stream: _Stream, data: bytes) -> None:
    """Look for XInclude in ``data``, which follows the bytes already looked at."""
    if stream.xinclude or not data:
        return
    window = stream.scanned_tail + data
    found = window.find(XINCLUDE)
    if found >= 0:
        stream.xinclude = True
        tail = stream.scanned_tail
        start = stream.scanned - len(tail)  # where the window starts in the feed
        line = stream.scanned_newlines - tail.count(b"\n") + window.count(b"\n", 0, found) + 1
        newline = window.rfind(b"\n", 0, found)
        column = found - newline if newline >= 0 else start + found - stream.scanned_line_start + 1
        _report_xinclude(stream.reporter, line, column)
        return
    stream.scanned_tail = window[-(len(XINCLUDE) - 1) :]
    newlines = data.count(b"\n")
    if newlines:
        stream.scanned_newlines += newlines
        stream.scanned_line_start = stream.scanned + data.rfind(b"\n") + 1
    stream.scanned += len(data)


_ROOT_NAME = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def _is_rss2(head: bytes) -> bool:
    """Whether the feed's root element is ``<rss>`` (or a bare ``<channel>``)."""
    first = _FIRST_ELEMENT.search(head)
    name = _ROOT_NAME.match(head, first.start()) if first is not None else None
    return name is None or name[1].rpartition(b":")[2] in (b"rss", b"channel")


def _read_whole(stream: _Stream) -> Iterator[Episode]:
    """An RSS 1.0 or Atom feed, read whole once it has all arrived."""
    assert stream.whole is not None
    raw = b"".join(stream.whole)
    stream.whole = []
    if len(raw) > MAX_FEED_BYTES:
        stream.reporter.report(
            "too-large",
            f"the feed is larger than {MAX_FEED_BYTES} bytes; the rest was not read",
            _locate(raw, MAX_FEED_BYTES)[0],
        )
        raw = raw[:MAX_FEED_BYTES]
    xinclude = raw.find(XINCLUDE)
    if xinclude >= 0:
        _report_xinclude(stream.reporter, *_locate(raw, xinclude))
    show = read_document(
        raw,
        stream.utf8,
        stream.reporter,
        strict=stream.strict,
        limits=stream.limits,
        url=stream.url,
    )
    yield from show.episodes


def _push(stream: _Stream, data: bytes, *, final: bool) -> Iterator[Episode]:
    """Feed what arrived, in pieces that end before each ``<item``."""
    if stream.head is not None:
        head = stream.head + data
        if not final and len(head) < _MAX_HEAD and _FIRST_ELEMENT.search(head) is None:
            stream.head = head
            return
        # The prolog is checked before anything is parsed, as parse_feed does.
        stream.head = None
        _check_prolog(head, stream.reporter)
        if not _is_rss2(head):
            stream.whole = [head]
            return
        stream.parser = _pull_parser(stream.strict, "utf-8" if stream.utf8 else None, stream.url)
        stream.utf8_columns = _utf8(head, stream.utf8)
        data = head
    data = stream.held + data
    cut = len(data) if final else max(len(data) - _HOLD, 0)
    stream.held = data[cut:]
    _scan(stream, data[:cut])
    starts = [m.start() for m in _ITEM_START.finditer(data) if m.start() < cut]
    ends = [*starts, cut]
    if not starts or starts[0] > 0:
        ends.insert(0, 0)
    # Looked up once per piece: a list would make one big chunk quadratic.
    item_starts = set(starts)
    for start, end in itertools.pairwise(ends):
        if start == end:
            continue
        # A "<item" may stand in text (a CDATA section, a comment): the
        # bytes before it are done with only if an item does start there.
        cut_here = start in item_starts and stream.open == 0
        if cut_here:
            ended, line, column = stream.ended, stream.fed_newlines + 1, stream.fed_column
        yield from _feed(stream, data[start:end])
        if stream.failed or stream.done:
            stream.unfed = data[end:cut]
            return
        # The reread puts what follows a cut where the first cut was: only
        # an item in the same element as that first one is cut at.
        started = stream.started
        if cut_here and started is not None:
            parent = started.getparent()
            if stream.cut_parent is None:
                stream.cut_parent = parent
            if parent is stream.cut_parent:
                _cut(stream, ended, line, column)


def _cut(stream: _Stream, ended: int, line: int, column: int) -> None:
    """An item started with the piece just fed: what came before it is done with."""
    piece = (stream.opening if stream.opening is not None else stream.kept)[-1]
    if stream.opening is not None:
        stream.opening_bytes = b"".join(stream.opening[:-1])
        stream.opening = None
        stream.ended_in_opening = ended
    stream.kept = [piece]
    stream.ended_at_cut = ended
    stream.kept_line, stream.kept_column = line, column


def _feed(stream: _Stream, piece: bytes) -> Iterator[Episode]:
    (stream.opening if stream.opening is not None else stream.kept).append(piece)
    newlines = piece.count(b"\n")
    if newlines:
        stream.fed_newlines += newlines
        stream.fed_column = 1 + _characters(stream, piece[piece.rfind(b"\n") + 1 :])
    else:
        stream.fed_column += _characters(stream, piece)
    stream.started = None
    try:
        stream.parser.feed(piece)
    except etree.XMLSyntaxError as error:
        _failed(stream, error)
        return
    if _has_errors(stream.parser):
        # What the parser reads after an error comes from its own recovery,
        # not parse_feed's: the item is left for the reread.
        stream.failed = True
        return
    yield from _read(stream, stream.parser.read_events())


def _has_errors(parser: Any) -> bool:
    return any(error.level >= etree.ErrorLevels.ERROR for error in parser.feed_error_log)


def _failed(stream: _Stream, error: etree.XMLSyntaxError) -> None:
    if stream.strict:
        line, column = error.position
        raise ParseError(
            error.msg,
            code="xml-syntax",
            line=line or 1,
            column=column or 1,
        ) from None
    stream.failed = True


def _outermost(item: Any) -> bool:
    parent = item.getparent()
    while parent is not None:
        if parent.tag == _ITEM:
            return False
        parent = parent.getparent()
    return True


def _inside(item: Any, channel: Any) -> bool:
    parent = item.getparent()
    while parent is not None:
        if parent is channel:
            return True
        parent = parent.getparent()
    return False


def _first_channel(root: Any) -> Any:
    # The channel parse_feed reads: the root itself, or its first <channel>.
    return root if root.tag == "channel" else root.find("channel")


def _read(stream: _Stream, events: Iterable[tuple[str, Any]]) -> Iterator[Episode]:
    for event, item in events:
        if event == "start":
            stream.open += 1
            if stream.started is None:
                stream.started = item
            continue
        stream.open -= 1
        if not _outermost(item):
            continue  # read, in document order, with the item holding it
        stream.ended += 1
        if stream.root is None:
            stream.root = item.getroottree().getroot()
        if stream.channel is None:
            stream.channel = _first_channel(stream.root)
        if stream.channel is not None and _inside(item, stream.channel):
            for each in item.iter(_ITEM):
                if stream.yielded >= stream.most and episode_limit_reached(
                    stream.yielded, stream.limits, stream.reporter, each.sourceline or 1
                ):
                    stream.done = True
                    return
                episode = _item(each, stream.reporter)
                stream.yielded += 1
                yield episode
        _forget(stream, item)


def _forget(stream: _Stream, item: Any) -> None:
    """Drop what ``item`` holds and what precedes it, noting the channel fields seen."""
    item.clear(keep_tail=False)
    parent = item.getparent()
    if parent is None:
        return
    kinds = _CHANNEL_TAGS.get if parent is stream.channel else None
    previous = item.getprevious()
    while previous is not None:
        if kinds is not None:
            kind = kinds(previous.tag)
            if kind is not None:
                stream.seen.add(kind)
        parent.remove(previous)
        previous = item.getprevious()


def _close(stream: _Stream) -> Iterator[Episode]:
    try:
        root = stream.parser.close()
    except etree.XMLSyntaxError as error:
        _failed(stream, error)
    if stream.failed or _has_errors(stream.parser):
        yield from _reread(stream, [])
        return
    yield from _read(stream, stream.parser.read_events())
    if not stream.done:
        _finish(stream, root, stream.channel, stream.reporter)


def _finish(stream: _Stream, root: Any, channel: Any, reporter: Reporter) -> Any:
    """Report what is wrong with the feed as a whole; its channel, if it has one."""
    if root.tag != "rss":
        reporter.report(
            "feed-structure", f"the root element is <{root.tag}>, not <rss>", root.sourceline or 1
        )
    if channel is None:
        channel = _first_channel(root)
    if channel is None:
        if root.tag == "rss":
            reporter.report("feed-structure", "the feed has no <channel>", root.sourceline or 1)
        return None
    kinds = _CHANNEL_TAGS.get
    seen = set(stream.seen)
    for child in channel:
        kind = kinds(child.tag)
        if kind is not None:
            seen.add(kind)
    _report_missing(channel, seen, reporter)
    return channel


def _reread(stream: _Stream, later: list[bytes]) -> Iterator[Episode]:
    """Read the rest whole, from the start of the item the pull parser was in.

    The rest: what arrived and was not fed, then the ``later`` chunks.
    """
    _scan(stream, stream.held)
    for piece in later:
        _scan(stream, piece)
    rest = [stream.unfed, stream.held, *later]
    stream.unfed = stream.held = b""
    if stream.opening is not None:
        # No item had started: the remainder is the whole feed.
        document = b"".join([*stream.opening, *rest])
        reporter: Reporter = stream.reporter
        skip = stream.ended
    else:
        reporter = shifted = _Shifted(stream, stream.opening_bytes)
        between = b"\n" if shifted.own_line else b""
        document = b"".join([stream.opening_bytes, between, *stream.kept, *rest])
        # Items already read whose start is in the opening or after the last cut.
        skip = stream.ended_in_opening + stream.ended - stream.ended_at_cut
    stream.opening = None
    stream.kept = []
    root = _root(document, stream.utf8, reporter, False, stream.url)
    del document
    if root is None:
        return
    channel = _finish(stream, root, _first_channel(root), reporter)
    if channel is None:
        return
    for item in root.iter(_ITEM):
        if not _outermost(item):
            continue
        if skip:
            skip -= 1
            continue
        if not _inside(item, channel):
            continue
        for each in item.iter(_ITEM):
            if stream.yielded >= stream.most and episode_limit_reached(
                stream.yielded, stream.limits, reporter, each.sourceline or 1
            ):
                return
            episode = _item(each, reporter)
            stream.yielded += 1
            yield episode
