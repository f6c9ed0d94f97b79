"""Line and column of things in the HTML source, found only when a defect needs them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import AnyStr

from lxml import etree

from ..._rules.urls import episode_path

__all__ = ["EpisodeLink", "Locator", "error_place", "first_unclosed", "needle", "source_line"]

#: An episode's link: its address (as lxml read the attribute), its slug, and
#: the line it stands on.
EpisodeLink = tuple[str, str, int]


def _after_link() -> bool:
    # Where most themes put an episode's body.
    return True


_NEEDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.:;!?()-]{5,23}")


def source_line(element: etree._Element) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else 1


# -- locating defects in the source ----------------------------------------------


class Locator:
    """Line and column of things in the HTML source, computed only when a defect needs them."""

    __slots__ = (
        "_anchored",
        "_anchors",
        "_body_after_link",
        "_budget",
        "_ceiling",
        "_cursor",
        "_episode",
        "_floor",
        "_last",
        "_own",
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
        # The episode being read, as its link and its neighbours'
        # (next_episode), and where those links stand once a defect needs
        # them (None: not found), each looked for from where the last one stood.
        self._episode: tuple[EpisodeLink | None, ...] = (None, None, None)
        self._anchors: dict[EpisodeLink, int | None] = {}
        self._anchored = 0
        # Where the episode's searches may start and must end (None: the page's end).
        self._floor = 0
        self._body_after_link: Callable[[], bool] = _after_link
        self._own: int | None = None
        self._ceiling: int | None = None

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

    def search(self, needle: str | re.Pattern[str], start: int, end: int | None = None) -> int:
        """Where ``needle`` (text or a pattern) first occurs in ``text[start:end]``
        outside scripts, or -1.

        Visible text is never a script's: the same words in a script's data
        (a page's JSON state) are not where the page shows them.
        """
        text = self.text
        stop = len(text) if end is None else end
        index = _first(text, needle, start, stop)
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
            index = _first(text, needle, scripts[edge], stop)
        return index

    def find(self, line: int, needle: str, *, body: bool = False) -> tuple[int, int]:
        """Where ``needle`` first occurs at or after ``line``: (line, 1-based column);
        where the episode starts (:meth:`fallback`) when it does not.

        ``body``: the text is in the episode's body (its credit, its last
        line), not in its opening (its dates).
        """
        return self.place(line, needle, body=body) or self.fallback(line)

    def place(self, line: int, needle: str, *, body: bool = False) -> tuple[int, int] | None:
        """:meth:`find`, or ``None`` when ``needle`` is not found."""
        if needle:
            index = self._forward(needle, line, body)
            if index >= 0:
                return self.position(index)
        return None

    def fallback(self, line: int) -> tuple[int, int]:
        """Where the episode that starts at ``line`` is reported when a text of it is
        not found: its line; on a line that holds other episodes too (a minified
        page), its link."""
        floor, ceiling = self._bounds(False)
        own = self._own
        if own is not None and self.position(own)[0] == line:
            shared = floor > self.offset(line) or (
                ceiling is not None and self.position(ceiling)[0] == line
            )
            if shared:
                return self.position(own)
        return line, 1

    def next_episode(
        self,
        previous: EpisodeLink | None,
        own: EpisodeLink | None,
        following: EpisodeLink | None,
        *,
        body_after_link: Callable[[], bool] | None = None,
    ) -> None:
        """The texts found so far are an earlier episode's: later searches start past them.

        ``previous``, ``own`` and ``following`` are the links of the episode
        before, this one and the one after: its texts stand after the
        previous episode's link and before the next one's, so that a text
        this episode's source writes otherwise is not found in a later
        episode instead.  ``body_after_link`` says, when a defect needs it,
        whether the episode's body (its text and credit) follows its own
        link, as in most themes, or comes before it (a card closed by its
        title link).
        """
        self._cursor = self._past
        self._episode = (previous, own, following)
        self._body_after_link = body_after_link or _after_link
        self._floor, self._ceiling = -1, None

    def _anchor(self, link: EpisodeLink | None) -> int | None:
        """Where ``link``'s address stands in the source: as an attribute's value
        (in quotes or after a space: not inside another address, as a share
        link's query carries it), on the link's line or after, after the
        links looked for before."""
        if link is None:
            return None
        if link in self._anchors:
            return self._anchors[link]
        href, slug, line = link
        pattern = re.compile(r"(?<=[\"'\s])" + re.escape(href) + r"(?=[\"'\s>])")
        start = max(self._anchored, self.offset(line))
        found = self._bounded_search(pattern, start, len(self.text))
        if found < 0:
            # Written otherwise (an entity in it, no quotes): its path.
            found = self._bounded_search(episode_path(slug), start, len(self.text))
        self._anchors[link] = found if found >= 0 else None
        if found >= 0:
            self._anchored = found
        return self._anchors[link]

    def _bounds(self, body: bool) -> tuple[int, int | None]:
        """Where the episode's texts may start and where they end: after the
        previous episode's link (its own, for the texts of its body) and
        before the next one's."""
        if self._floor < 0:
            previous, link, following = self._episode
            self._floor = self._anchor(previous) or 0
            self._own = self._anchor(link)
            self._ceiling = self._anchor(following)
        own = self._own
        if body and own is not None:
            # The body stands on one side of the episode's own link.
            if self._body_after_link():
                return own, self._ceiling
            # The link's own text, the card's last line, ends with the element.
            end = self.text.find("</a", own, own + self._NEAR)
            return self._floor, own if end < 0 else end
        return self._floor, self._ceiling

    def _bounded_search(self, needle: str | re.Pattern[str], start: int, end: int) -> int:
        """:meth:`search`, near ``start`` only once the searches have read the page a few times."""
        if self._budget is None:
            self._budget = 4 * len(self.text)
        if self._budget <= 0:
            end = min(start + self._NEAR, end)
        found = self.search(needle, start, end)
        # A search reads up to its match, or to its end when it fails.
        self._budget -= (found if found >= 0 else end) - start
        return found

    def _forward(self, needle: str, line: int, body: bool) -> int:
        """Where ``needle`` first occurs from the start of ``line`` on, or -1.

        Defects are located in document order.  When the text found last,
        or the previous episode's link, stands on ``line`` itself (on a
        minified page, always), the search starts there, not at the line's
        start: a search does not read again what the earlier ones read up
        to their texts.  It ends at the next episode's link.  A text the source
        writes otherwise (entities, markup) is not found, and its search
        reads the rest of the page: once the searches have read the page a
        few times over, each looks only near its start, so that locating
        stays linear in the page's size.
        """
        starts = self._line_starts()
        line = min(max(line, 1), len(starts))
        start = starts[line - 1]
        floor, ceiling = self._bounds(body)
        cursor = max(self._cursor, floor)
        if start < cursor and (line == len(starts) or cursor < starts[line]):
            start = cursor
        last_needle, last_start, last_found = self._last
        if needle == last_needle and start == last_start:
            return last_found
        end = len(self.text) if ceiling is None or ceiling <= start else ceiling
        found = self._bounded_search(needle, start, end)
        if found >= 0:
            self._cursor, self._past = found, found + len(needle)
        self._last = (needle, start, found)
        return found

    def find_line(self, line: int, text: str) -> tuple[int, int]:
        """Where a line of the episode's body starts in the source (entities may differ)."""
        return self.find(line, needle(text), body=True)


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


def _first(text: str, needle: str | re.Pattern[str], start: int, end: int) -> int:
    """Where ``needle`` (text or a pattern) first occurs in ``text[start:end]``, or -1."""
    if isinstance(needle, str):
        return text.find(needle, start, end)
    found = needle.search(text, start, end)
    return -1 if found is None else found.start()


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
