"""The visible text of an HTML subtree as lines ("blocks"), one pass over the tree.

One block is one paragraph, list item, heading or other block-level box, as
a browser lays the page out and as the show's text dumps write it: one line
each, markup gone, entities decoded.  Whitespace follows the dumps, not CSS:
a run of whitespace that holds a line break is source layout (dropped at the
ends of a block, one space inside it), while spaces typed without a line
break are text and are kept as they are.  That is what keeps the dumps'
indentation (``<p> Now...</p>``, ``<li>  For students...</li>``) and their
double spaces after a full stop.  A no-break space is written as a plain
space, as the dumps do.

Player controls, share and comment links, scripts, styles, forms, menus and
hidden elements are left out: they are page chrome, not text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import cast

from lxml import etree

from ._dates import DateLine, match_date_line
from ._html_meta import episode_slug, iso_date

__all__ = ["Block", "Walker"]

# Elements whose content is never text of the page.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "input",
        "audio",
        "video",
        "iframe",
        "object",
        "embed",
        "canvas",
        "form",
        "nav",
        "aside",
        "head",
        "title",
        "map",
        "dialog",
        "meta",
        "link",
    }
)

# Everything not listed here starts a line of its own.
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "picture",
        "source",
    }
)

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Inline elements that hold a date on its own in many themes
# (``<p class="post-info"><i>Thursday Oct 02, 2025</i> by ...</p>``).
_DATE_HOLDERS = frozenset({"i", "em", "b", "strong", "span", "small", "a", "abbr", "font"})

_AUDIO_SUFFIXES = (".mp3", ".m4a", ".mp4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac")
_SHARE_MARKERS = (
    "sharer",
    "share?",
    "/share",
    "intent/tweet",
    "intent/post",
    "sharearticle",
    "pinterest.com/pin/create",
    "addtoany",
    "mailto:",
    "whatsapp:",
    "javascript:",
)
_COMMENT_MARKERS = ("#comment", "#respond", "#disqus", "#reply")

#: Lines that are a control's label, not text (compared lowercased, stripped).
UI_LABELS = frozenset(
    {
        "play",
        "pause",
        "download",
        "share",
        "embed",
        "like",
        "likes",
        "subscribe",
        "more",
        "read more",
        "read more »",
        "continue reading",
        "continue reading →",
        "comments",
        "comment",
        "leave a comment",
        "reply",
        "permalink",
        "listen",
        "listen now",
        "play episode",
        "download episode",
    }
)
_COUNTER = re.compile(
    r"\(?\d+\)?\s*(?:comments?|likes?|views?|plays?|downloads?)|"
    r"(?:comments?|likes?|views?|plays?|downloads?)\s*[:(]?\s*\d+\)?",
    re.IGNORECASE,
)

# Whitespace with a line break in it: layout of the HTML source.
_EDGES = re.compile(r"^[ \t\f]*[\r\n][ \t\r\n\f]*|[ \t\r\n\f]*[\r\n][ \t\f]*$")
_BREAKS = re.compile(r"[ \t\f]*[\r\n][ \t\r\n\f]*")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def clean(raw: str) -> str:
    """A block's raw text as one line (see the module's docstring)."""
    if "\n" in raw or "\r" in raw:
        raw = _BREAKS.sub(" ", _EDGES.sub("", raw))
    if "\xa0" in raw:
        raw = raw.replace("\xa0", " ")
    return raw


def is_ui_line(text: str) -> bool:
    """Whether a line is a control's label or a counter (``3 comments``)."""
    label = text.strip().lower()
    return label in UI_LABELS or (len(label) < 30 and _COUNTER.fullmatch(label) is not None)


def is_audio_href(href: str) -> bool:
    """Whether a link points at an audio file."""
    path = href.lower().partition("?")[0].partition("#")[0]
    return path.endswith(_AUDIO_SUFFIXES)


def _is_chrome_href(href: str) -> bool:
    lowered = href.lower()
    return any(marker in lowered for marker in _SHARE_MARKERS) or any(
        marker in lowered for marker in _COMMENT_MARKERS
    )


def _line(element: etree._Element, default: int) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else default


class Block:
    """One line of visible text and what the markup says about it."""

    __slots__ = (
        "date",
        "date_line",
        "date_text",
        "heading",
        "line",
        "link_text",
        "slug",
        "text",
        "time_date",
    )

    def __init__(self, text: str, line: int, heading: bool) -> None:
        self.text = text
        self.line = line
        self.heading = heading
        #: The slug of the episode link the line consists of, if it is one.
        self.slug: str | None = None
        self.link_text = ""
        #: The date the whole line is (a date line), if it is one.
        self.date_line: DateLine | None = None
        #: A date held by an inline element of the line, and its text.
        self.date: DateLine | None = None
        self.date_text = ""
        #: The day of a ``<time datetime>`` in the line.
        self.time_date: dt.date | None = None

    @property
    def is_date(self) -> bool:
        """Whether the line is the episode's date (alone, or in a short meta line)."""
        if self.date_line is not None:
            return True
        return (self.date is not None or self.time_date is not None) and len(self.text) <= 200


class Walker:
    """Turns subtrees into :class:`Block` lines; also collects audio and images."""

    __slots__ = (
        "_buf",
        "_dates",
        "_links",
        "_owner",
        "_start_line",
        "_time",
        "audio_urls",
        "blocks",
        "image_urls",
    )

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.audio_urls: list[str] = []
        self.image_urls: list[str] = []
        self._buf: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._dates: list[tuple[DateLine, str]] = []
        self._time: dt.date | None = None
        self._owner: etree._Element | None = None
        self._start_line = 0

    def walk(self, top: etree._Element) -> list[Block]:
        """Append the lines of ``top``'s subtree to :attr:`blocks` and return them."""
        start = len(self.blocks)
        stack: list[etree._Element] = [top]
        buf = self._buf
        self._start_line = _line(top, 1)
        self._owner = None
        walker = etree.iterwalk(top, events=("start", "end"))
        for event, element in walker:
            tag = element.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                if element is top:
                    if element.text:
                        buf.append(element.text)
                    continue
                if tag in _SKIP or self._hidden(element):
                    if tag in {"audio", "video"}:
                        self._media(element)
                    elif tag not in _INLINE:
                        self.flush(stack[-1])
                    walker.skip_subtree()
                    continue
                if tag in _INLINE:
                    if tag == "a":
                        href = element.get("href")
                        if href:
                            if is_audio_href(href):
                                self.audio_urls.append(href.strip())
                                walker.skip_subtree()
                                continue
                            if _is_chrome_href(href):
                                walker.skip_subtree()
                                continue
                            slug = episode_slug(href)
                            if slug is not None:
                                self._links.append(
                                    (slug, "".join(cast("Iterable[str]", element.itertext())))
                                )
                    elif tag == "img":
                        src = element.get("src")
                        if src:
                            self.image_urls.append(src.strip())
                    elif tag == "time":
                        when = iso_date(element.get("datetime"))
                        if when is not None and self._time is None:
                            self._time = when
                    text = element.text
                    if text:
                        if tag in _DATE_HOLDERS and 8 < len(text) <= 48 and len(element) == 0:
                            stripped = text.strip()
                            found = match_date_line(stripped)
                            if found is not None:
                                self._dates.append((found, stripped))
                        buf.append(text)
                        self._owner = None
                elif tag == "br":
                    self.flush(element)
                    self._start_line = _line(element, self._start_line)
                else:
                    self.flush(stack[-1])
                    stack.append(element)
                    self._start_line = _line(element, self._start_line)
                    text = element.text
                    if text:
                        buf.append(text)
                        # A block's own text alone may be a whitespace-only line.
                        self._owner = element if len(element) == 0 else None
            else:
                if element is top:
                    break
                if stack[-1] is element:
                    self.flush(element)
                    stack.pop()
                tail = element.tail
                if tail:
                    buf.append(tail)
                    self._owner = None
        self.flush(top)
        return self.blocks[start:]

    @staticmethod
    def _hidden(element: etree._Element) -> bool:
        if element.get("hidden") is not None:
            return True
        style = element.get("style")
        return style is not None and _HIDDEN_STYLE.search(style) is not None

    def _media(self, element: etree._Element) -> None:
        src = element.get("src")
        if src:
            self.audio_urls.append(src.strip())
            return
        for source in element.iterfind(".//source"):
            src = source.get("src")
            if src:
                self.audio_urls.append(src.strip())
                return

    def flush(self, element: etree._Element) -> None:
        """End the current line."""
        buf = self._buf
        if buf:
            raw = buf[0] if len(buf) == 1 else "".join(buf)
            buf.clear()
            text = clean(raw)
            keep = bool(text) and (not text.isspace() or self._owner is element)
            if keep:
                block = Block(text, self._start_line, element.tag in HEADINGS)
                if self._links:
                    slug, link_text = self._links[0]
                    link_text = clean(link_text).strip()
                    # A line that is (nearly) all link is the episode's link;
                    # a link inside running text is a cross-reference.
                    if len(text.strip()) <= len(link_text) + 24:
                        block.slug = slug
                        block.link_text = link_text
                if len(text) <= 64:
                    block.date_line = match_date_line(text.strip()) if text.strip() else None
                if self._dates:
                    block.date, block.date_text = self._dates[0]
                block.time_date = self._time
                self.blocks.append(block)
        self._links.clear()
        self._dates.clear()
        self._time = None
        self._owner = None
