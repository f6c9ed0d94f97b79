"""Line and column of things in the HTML source, found only when a defect needs them."""

from __future__ import annotations

import bisect
import re
from typing import AnyStr

from lxml import etree

__all__ = ["Locator", "error_place", "first_unclosed", "needle", "source_line"]

_NEEDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.:;!?()-]{5,23}")


def source_line(element: etree._Element) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else 1


# -- locating defects in the source ----------------------------------------------


class Locator:
    """Line and column of things in the HTML source, computed only when a defect needs them."""

    __slots__ = (
        "_budget",
        "_cursor",
        "_last",
        "_past",
        "_scripts",
        "_source",
        "_starts",
        "_text",
    )

    #: How far past its start :meth:`find` looks once its searches have read
    #: the page a few times over.
    _NEAR = 1 << 14

    def __init__(self, source: bytes) -> None:
        self._source = source
        self._text: str | None = None
        self._starts: list[int] | None = None
        self._scripts: list[int] | None = None
        # Where the text that find() found last starts, and where it ends.
        self._cursor = 0
        self._past = 0
        # What find()'s searches may still read before each looks only near
        # its start (set with the page's text).
        self._budget: int | None = None
        # find()'s last search, (needle, start, answer): a credit's many
        # defects look for the same marker from the same place.
        self._last: tuple[str, int, int] = ("", -1, -1)

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

    def search(self, needle: str, start: int, end: int | None = None) -> int:
        """Where ``needle`` first occurs in ``text[start:end]`` outside scripts, or -1.

        Visible text is never a script's: the same words in a script's data
        (a page's JSON state) are not where the page shows them.
        """
        text = self.text
        index = text.find(needle, start, end)
        if index < 0:
            return index
        if self._scripts is None:
            self._scripts = _script_spans(text, _SCRIPT_TEXT_TAG)
        scripts = self._scripts
        while index >= 0:
            edge = bisect.bisect_right(scripts, index)
            if edge % 2 == 0:
                return index
            if edge == len(scripts):
                return -1  # inside a script that the page never closes
            index = text.find(needle, scripts[edge], end)
        return index

    def find(self, line: int, needle: str) -> tuple[int, int]:
        """Where ``needle`` first occurs at or after ``line``: (line, 1-based column)."""
        if needle:
            index = self._forward(needle, line)
            if index >= 0:
                return self.position(index)
        return line, 1

    def next_episode(self) -> None:
        """The texts found so far are an earlier episode's: later searches start past them."""
        self._cursor = self._past

    def _forward(self, needle: str, line: int) -> int:
        """Where ``needle`` first occurs from the start of ``line`` on, or -1.

        Defects are located in document order.  When the text found last
        stands on ``line`` itself (on a minified page, always), the search
        starts there, not at the line's start: a search does not read again
        what the earlier ones read up to their texts.  A text the source
        writes otherwise (entities, markup) is not found, and its search
        reads the rest of the page: once the searches have read the page a
        few times over, each looks only near its start, so that locating
        stays linear in the page's size.
        """
        starts = self._line_starts()
        line = min(max(line, 1), len(starts))
        start = starts[line - 1]
        cursor = self._cursor
        if start < cursor and (line == len(starts) or cursor < starts[line]):
            start = cursor
        last_needle, last_start, last_found = self._last
        if needle == last_needle and start == last_start:
            return last_found
        length = len(self.text)
        if self._budget is None:
            self._budget = 4 * length
        end = length if self._budget > 0 else min(start + self._NEAR, length)
        found = self.search(needle, start, end)
        # A search reads up to its match, or to its end when it fails.
        self._budget -= (found + len(needle) if found >= 0 else end) - start
        if found >= 0:
            self._cursor, self._past = found, found + len(needle)
        self._last = (needle, start, found)
        return found

    def find_line(self, line: int, text: str) -> tuple[int, int]:
        """Where a line of visible text starts in the source (entities may differ)."""
        return self.find(line, needle(text))


def needle(text: str) -> str:
    """A piece of a visible line that the HTML source most likely holds as it is."""
    match = _NEEDLE.search(text)
    return match[0] if match else text.strip()[:8]


#: How far from libxml2's column an end tag is looked for.
_NEAR = 4096
_SCRIPT_TAG = re.compile(rb"<(/?)script[\s>/]", re.IGNORECASE)
_SCRIPT_TEXT_TAG = re.compile(r"<(/?)script[\s>/]", re.IGNORECASE)
_END_TAG_NAME = re.compile(r"(?:mismatch|end tag)\s*:\s*([A-Za-z][\w-]*)")


def error_place(locator: Locator, message: str, line: int, column: int) -> tuple[int, int]:
    """Point at the end tag an error is about, near where libxml2 says it stands.

    libxml2 2.14 gives the column of the text before the end tag, older
    versions the column after it: the tag is looked for after the column
    first, then before it, within a few KiB of it (a minified page is one
    line: lower-casing all of it for each error would cost the page's
    length per error).
    """
    match = _END_TAG_NAME.search(message)
    column = max(column, 1)
    if match is None:
        return line, column
    needle = f"</{match[1].lower()}"
    text = locator.line_text(line)
    start = max(column - _NEAR, 0)
    near = text[start : column + _NEAR].lower()
    at = column - start
    index = near.find(needle, at)
    if index < 0:
        index = near.rfind(needle, 0, at + len(needle))
    return line, start + index + 1 if index >= 0 else column


def _script_spans(source: AnyStr, tag: re.Pattern[AnyStr]) -> list[int]:
    """Where the scripts' texts start and end in the source, in turn (``tag``: a script tag)."""
    edges: list[int] = []
    for match in tag.finditer(source):
        if len(edges) % 2 == 0 and not match[1]:
            edges.append(match.end())
        elif len(edges) % 2 == 1 and match[1]:
            edges.append(match.start())
    return edges


def first_unclosed(source: bytes, tag: str) -> tuple[int, int]:
    """Where the first ``<tag>`` that is never closed opens (a slow path: defects only)."""
    pattern = re.compile(rb"<(/?)" + tag.encode() + rb"[\s>/]", re.IGNORECASE)
    scripts = _script_spans(source, _SCRIPT_TAG)
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
