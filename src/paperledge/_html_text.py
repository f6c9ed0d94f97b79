"""The visible text of an HTML page as lines, with libxml2 doing the walking.

One line is one paragraph, list item, heading or other block-level box, as a
browser lays the page out and as the show's text dumps write it: markup gone,
entities decoded.  Whitespace follows the dumps, not CSS: a run of whitespace
that holds a line break is source layout (dropped at the ends of a block, one
space inside it), while spaces typed without a line break are text and are
kept as they are.  That keeps the dumps' indentation (``<p> Now...</p>``,
``<li>  For students...</li>``) and their double spaces after a full stop.  A
no-break space is written as a plain space, as the dumps do.

Speed: a Python loop over every node of a 400-episode page costs several
times what libxml2 needs to parse it.  So :func:`prepare` touches only the
few elements that matter (links, block boxes, ``<br>``, ``<time>``) to put
private-use marker characters into the tree, lets libxml2 remove the chrome
(``strip_elements``) and serialise the text (``tostring(method="text")``),
and :func:`lines` cuts that text at the markers with regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

from lxml import etree

from ._html_meta import episode_slug, iso_date, page_number

__all__ = ["BLOCK", "HEAD", "LINK", "SEP", "TIME", "Prepared", "lines", "plain", "prepare"]

#: Starts (and ends) a block-level box.
BLOCK = "\ue000"
#: A block whose own text is only spaces: kept as a (whitespace-only) line.
KEEP = "\ue001"
#: The block is a heading.
HEAD = "\ue002"
#: An episode link: LINK slug SEP, then the link's text.
LINK = "\ue003"
SEP = "\ue004"
#: A ``<time datetime>``: TIME iso-date SEP, then its text.
TIME = "\ue005"
#: Stands for a line break of the source while :func:`lines` works.
_BREAK = "\ue006"
#: Opens a block-level box (BLOCK closes it).
START = "\ue007"
# A block whose own text is only spaces typed in the page: a whitespace line.
_SPACES_ONLY = re.compile("\ue007([ \t\f]+)\ue000")
# Its opening mark alone: KEEP goes after it with a literal replacement
# (a template with a group is expanded in Python for every match).
_OPENS_SPACES_ONLY = re.compile("\ue007(?=[ \t\f]+\ue000)")
_LABELS = re.compile("[\ue003\ue005][^\ue004]*\ue004|[\ue000-\ue007]")

# Elements whose content is never text of the page.
_SKIP = (
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
)
_BLOCKS = (
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "fieldset",
    "legend",
    "hgroup",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
)
HEADINGS_IN_ORDER = ("h1", "h2", "h3", "h4", "h5", "h6")
HEADINGS = frozenset(HEADINGS_IN_ORDER)
_BLOCK_SET = frozenset(_BLOCKS)
_RUNNING_TEXT = frozenset(
    {"p", "li", "span", "em", "strong", "b", "i", "blockquote", "td", "dd", "q", "small"}
)

_AUDIO_SUFFIXES = (".mp3", ".m4a", ".mp4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac")
_CHROME_MARKERS = (
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
    "#comment",
    "#respond",
    "#disqus",
    "#reply",
)

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# descendant::* rather than .//*: the abbreviation visits every text node too.
_HIDDEN = etree.XPath("descendant::*[@hidden or @style]")


def is_ui_line(text: str) -> bool:
    """Whether a line is a control's label or a counter (``3 comments``)."""
    label = text.strip().lower()
    return label in UI_LABELS or (len(label) < 30 and _COUNTER.fullmatch(label) is not None)


def is_audio_href(href: str) -> bool:
    """Whether a link points at an audio file."""
    path = href.lower().partition("?")[0].partition("#")[0]
    return path.endswith(_AUDIO_SUFFIXES)


_CHROME = re.compile("|".join(re.escape(marker) for marker in _CHROME_MARKERS), re.IGNORECASE)
# The markers are lowercase ASCII.  A case-insensitive pattern cannot skip
# ahead to a marker's first character and costs ten times as much.
_CHROME_LOWER = re.compile("|".join(re.escape(marker) for marker in _CHROME_MARKERS))


def _is_chrome_href(href: str) -> bool:
    if href.isascii():
        # In ASCII text a case-insensitive match is a match in the lowercased text.
        return _CHROME_LOWER.search(href.lower()) is not None
    # Unicode case folding matches more than lowercasing (the Kelvin sign is a k).
    return _CHROME.search(href) is not None


def text_of(element: etree._Element) -> str:
    """All text inside ``element`` (markers included)."""
    return "".join(cast("Iterable[str]", element.itertext()))


def _remove(element: etree._Element) -> None:
    """Take ``element`` out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def standalone(link: etree._Element) -> bool:
    """Whether a link stands on its own line (a title, a card) rather than in running text."""
    parent = link.getparent()
    if parent is None or parent.tag not in _RUNNING_TEXT:
        return True
    previous = link.getprevious()
    before = parent.text if previous is None else previous.tail
    if before and before.strip():
        return False
    if previous is not None and previous.tag != "br" and text_of(previous).strip():
        return False
    after = link.tail or ""
    following = link.getnext()
    if following is None or following.tag == "br":
        return len(after.strip()) < 3
    return not after.strip() and not text_of(following).strip()


class Prepared:
    """What :func:`prepare` found while marking the tree."""

    __slots__ = ("audio", "images", "links", "page_links")

    def __init__(self) -> None:
        #: Standalone episode links and their slugs, in document order.
        self.links: list[tuple[etree._Element, str]] = []
        #: Links that may be pagination: (href, label, rel words).
        self.page_links: list[tuple[str, str, list[str]]] = []
        #: Audio sources and images, with the element they sit in.
        self.audio: list[tuple[etree._Element, str]] = []
        self.images: list[tuple[etree._Element, str]] = []


def _page_link(found: Prepared, link: etree._Element, href: str) -> None:
    rel = (link.get("rel") or "").lower().split()
    if rel or page_number(href) is not None or (len(href) < 80 and "e/" not in href):
        found.page_links.append((href, text_of(link), rel))


def prepare(body: etree._Element, source: bytes) -> Prepared:
    """Remove the chrome from ``body`` and mark its structure for :func:`lines`.

    Changes the tree in place.  ``source`` lets passes that cannot apply be
    skipped (no ``hidden`` anywhere in the page: no search for hidden elements).
    """
    found = Prepared()
    for element in body.iter("audio", "video", "img"):
        if element.tag == "img":
            src = element.get("src")
            if src and src.strip():
                found.images.append((element, src.strip()))
            continue
        src = element.get("src")
        if not src:
            source_element = element.find(".//source[@src]")
            src = source_element.get("src") if source_element is not None else None
        parent = element.getparent()
        if src and src.strip() and parent is not None:
            found.audio.append((parent, src.strip()))
    # Pagination sits in <nav> as often as not: read it before the chrome goes.
    for box in body.iter("nav", "aside"):
        for link in box.iter("a"):
            href = link.get("href")
            if href:
                _page_link(found, link, href.strip())
    etree.strip_elements(body, *_SKIP, with_tail=False)
    if b"hidden" in source or b"display" in source or b"visibility" in source:
        hidden: object = _HIDDEN(body)
        for element in cast("list[etree._Element]", hidden):
            if element.get("hidden") is not None:
                _remove(element)
                continue
            style = element.get("style")
            if style and _HIDDEN_STYLE.search(style):
                _remove(element)
    marked: list[tuple[etree._Element, str]] = []
    for link in list(body.iter("a")):
        href = link.get("href")
        if not href:
            continue
        href = href.strip()
        if is_audio_href(href):
            parent = link.getparent()
            if parent is not None:
                found.audio.append((parent, href))
            _remove(link)
            continue
        # Share links carry the episode's address in their query: chrome first.
        if _is_chrome_href(href):
            _remove(link)
            continue
        slug = episode_slug(href)
        if slug is None:
            _page_link(found, link, href)
        elif standalone(link):
            found.links.append((link, slug))
            marked.append((link, slug))
    for link, slug in marked:
        link.text = f"{LINK}{slug}{SEP}{link.text or ''}"
    if b"<time" in source or b"<TIME" in source:
        for element in body.iter("time"):
            day = iso_date(element.get("datetime"))
            if day is not None:
                element.text = f"{TIME}{day.isoformat()}{SEP}{element.text or ''}"
    for element in body.iter("br"):
        # A void element's text is never parsed from the page, and setting it
        # leaves the (possibly long) tail alone.
        element.text = BLOCK
    # A block closes at the start of its tail.  It opens (START) at the end
    # of the text before it, which is set only where that text is not the
    # previous block's closing mark and a line break: rewriting text nodes
    # is what costs here, and a whole paragraph's text is never rewritten.
    # Blocks come in document order, so a previous sibling that is a block
    # already has its closing mark: a tail starting with BLOCK tells a block
    # (markers in the page were made inert) without reading its tag.
    for element in body.iter(*_BLOCKS):
        previous = element.getprevious()
        if previous is None:
            parent = element.getparent()
            if parent is not None:
                before = parent.text
                if before:
                    parent.text = before + START
                elif parent.tag in HEADINGS:
                    # The heading's mark (added below) makes its text non-empty.
                    parent.text = START
        else:
            before = previous.tail
            if not before or before[0] != BLOCK:
                previous.tail = before + START if before else START
            else:
                rest = before[1:]
                if rest and not (rest.isspace() and "\n" in rest):
                    previous.tail = before + START
                else:
                    text = element.text
                    if text is not None and text.isspace():
                        # A whitespace-only paragraph: START ... BLOCK keeps it.
                        previous.tail = before + START
        tail = element.tail
        element.tail = BLOCK + tail if tail else BLOCK
    # Headings are marked after the blocks: their text is then only read as
    # it was in the page (a whitespace-only heading opens as a paragraph does).
    for element in body.iter(*HEADINGS_IN_ORDER):
        element.text = HEAD + (element.text or "")
    return found


def serialise(element: etree._Element) -> str:
    """The marked text of ``element`` (libxml2 does the walk)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _layout(text: str) -> str:
    """Drop the source's layout: whitespace runs holding a line break.

    Done with ``split`` and ``strip`` rather than one regular expression: a
    pattern that may start with a space is tried at every character of the
    text, which costs more than parsing the page.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = text.split("\n")
    last = len(parts) - 1
    parts = [part.strip(" \t\f") if 0 < index < last else part for index, part in enumerate(parts)]
    parts[0] = parts[0].rstrip(" \t\f")
    parts[last] = parts[last].lstrip(" \t\f")
    text = _BREAK.join(part for part in parts if part)
    if text.startswith(_BREAK) or text.endswith(_BREAK):
        text = text.strip(_BREAK)
    # At a block's edges the break is nothing; inside a block, one space.
    for mark in (BLOCK, START, HEAD):
        text = text.replace(mark + _BREAK, mark)
    for mark in (BLOCK, START):
        text = text.replace(_BREAK + mark, mark)
    return text.replace(_BREAK, " ")


def lines(text: str) -> list[str]:
    """Cut marked text into lines (markers other than the block edges kept)."""
    if "\n" in text:
        # Most line breaks of the source sit between two boxes: drop those
        # with str.replace before the general (slower) treatment.
        text = text.replace("\n" + START, START).replace(BLOCK + "\n", BLOCK)
    if "\n" in text or "\r" in text:
        text = _layout(text)
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if START in text:
        text = _OPENS_SPACES_ONLY.sub(START + KEEP, text)
        text = text.replace(START, BLOCK)
    return [
        segment[1:] if segment[0] == KEEP else segment
        for segment in text.split(BLOCK)
        if segment and not segment.isspace()
    ]


def has_marks(text: str) -> bool:
    """Whether ``text`` holds a marker (``in`` is far faster than a regex search)."""
    return (
        LINK in text
        or TIME in text
        or HEAD in text
        or KEEP in text
        or BLOCK in text
        or START in text
    )


def plain(text: str) -> str:
    """``text`` without markers or the labels they carry."""
    return _LABELS.sub("", text) if has_marks(text) else text
