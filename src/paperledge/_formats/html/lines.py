"""The visible text of an HTML page as lines, with libxml2 and libxslt doing the walking.

One line is one paragraph, list item, heading or other block-level box, as a
browser lays the page out and as the show's text dumps write it: markup gone,
entities decoded.  Whitespace follows the dumps, not CSS: a run of whitespace
that holds a line break is source layout (dropped at the ends of a block, one
space inside it), while spaces typed without a line break are text and are
kept as they are.  That keeps the dumps' indentation (``<p> Now...</p>``,
``<li>  For students...</li>``) and their double spaces after a full stop.  A
no-break space is written as a plain space, as the dumps do.

Speed: a Python loop over every node of a 400-episode page costs several
times what libxml2 needs to parse it, and so does rewriting the tree's text
to mark where blocks start and end.  So :func:`prepare` touches only the few
elements that matter (links, ``<time>``, media, hidden elements) and
:func:`serialise` lets one XSLT transform (libxslt, in C) write the whole
text with a mark around every block box; :func:`lines` cuts it with
``str.split`` and lays out only the few lines that hold a line break.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import cast

from lxml import etree

from ..._rules.dates import iso_date
from ..._rules.urls import episode_slug, is_audio_path, is_episode_host, page_number
from .chrome import is_chrome_href

__all__ = [
    "BLOCK",
    "EDGE",
    "HEAD",
    "LINK",
    "SEP",
    "SKIP_TAGS",
    "TIME",
    "Prepared",
    "cut",
    "lines",
    "normalise",
    "plain",
    "prepare",
    "serialise",
    "text_lines",
]

#: Starts and ends a block-level box (and stands for a ``<br>``).
BLOCK = "\ue000"
#: Opens a block whose whole text is spaces typed in the page: a whitespace line.
KEEP = "\ue001"
#: The block is a heading.
HEAD = "\ue002"
#: An episode link: LINK slug SEP, then the link's text.
LINK = "\ue003"
SEP = "\ue004"
#: A ``<time datetime>``: TIME iso-date SEP, then its text.
TIME = "\ue005"
#: Opens a block-level box (BLOCK closes it).
START = "\ue006"
#: Where the text of an episode's element opens, and where it closes.
EDGE = "\ue007"
# Every mark, and from a LINK or TIME mark to the SEP that ends its label.
# Written as one character class (and the label as an optional part after
# it) rather than as two alternatives: the regular expression engine then
# tries one branch at each character of the line, not two.  _LABELS_PLAIN is
# the plain statement of the same; tests check one against the other.
_LABELS = re.compile("[\ue000-\ue007](?:(?<=[\ue003\ue005])[^\ue004]*\ue004)?")
_LABELS_PLAIN = re.compile("[\ue003\ue005][^\ue004]*\ue004|[\ue000-\ue007]")
# A block whose whole text is spaces typed in the page: KEEP goes after its
# opening mark (a literal replacement: a template with a group is expanded
# in Python for every match).  _SPACES_ONLY is the same with a group, the
# plain statement that tests check the lookahead form against.
_OPENS_SPACES_ONLY = re.compile("\ue006(?=[ \t\f\xa0]+\ue000)")
_SPACES_ONLY = re.compile("\ue006([ \t\f\xa0]+)\ue000")

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
    "audio",
    "video",
    "iframe",
    "object",
    "canvas",
    "form",
    "nav",
    "aside",
    "head",
    "title",
    "map",
    "dialog",
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
)
HEADINGS_IN_ORDER = ("h1", "h2", "h3", "h4", "h5", "h6")
HEADINGS = frozenset(HEADINGS_IN_ORDER)
_SKIP_SET = frozenset(_SKIP)
#: The tags whose text the stylesheet leaves out, with all inside them.
SKIP_TAGS = _SKIP_SET
# What prepare() renames the links of the chrome to: one of _SKIP.
_CHROME_TAG = "button"
_RUNNING_TEXT = frozenset(
    {"p", "li", "span", "em", "strong", "b", "i", "blockquote", "td", "dd", "q", "small"}
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
# A count as sites write it: 7, 1,234, 1.2K, 3M.
_COUNT = r"\d[\d,.\u00a0 ]*[kKmM]?"
_COUNTED = r"(?:comments?|likes?|views?|plays?|listens?|downloads?)"
_COUNTER = re.compile(
    rf"\(?{_COUNT}\)?\s*{_COUNTED}|{_COUNTED}\s*[:(]?\s*{_COUNT}\)?",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# descendant::* rather than .//*: the abbreviation visits every text node too.
_HIDING_ATTRIBUTES = etree.XPath("descendant::*/@hidden | descendant::*/@style")


def is_ui_line(text: str) -> bool:
    """Whether a line is a control's label or a counter (``3 comments``)."""
    label = text.strip().lower()
    return label in UI_LABELS or (len(label) < 30 and _COUNTER.fullmatch(label) is not None)


def text_of(element: etree._Element) -> str:
    """The text a reader sees inside ``element`` (markers included, chrome left out)."""
    if element.tag in _SKIP_SET:
        return ""
    if not len(element):
        # No children (most links): no chrome inside, and no need to build
        # a matcher for _SKIP's many tags.
        return element.text or ""
    text = "".join(cast("Iterable[str]", element.itertext()))
    if next(element.iter(*_SKIP), None) is None:
        return text
    # Chrome inside (a button in a heading): walk, leaving its subtrees out.
    parts: list[str] = []
    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:
        if event == "start":
            if node.tag in _SKIP_SET:
                walk.skip_subtree()
            elif node.text:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


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
    """Whether a link stands on its own line (a title, a card) rather than in running text.

    Chrome next to the link (a button, a script) is not there for a reader:
    the text around it counts, the chrome does not.
    """
    parent = link.getparent()
    if parent is None or parent.tag not in _RUNNING_TEXT:
        return True
    previous = link.getprevious()
    before = ""
    while previous is not None and previous.tag in _SKIP_SET:
        before = (previous.tail or "") + before
        previous = previous.getprevious()
    before = ((parent.text if previous is None else previous.tail) or "") + before
    if before.strip():
        return False
    if previous is not None and previous.tag != "br" and text_of(previous).strip():
        return False
    after = link.tail or ""
    following = link.getnext()
    while following is not None and following.tag in _SKIP_SET:
        after += following.tail or ""
        following = following.getnext()
    if following is None or following.tag == "br":
        return len(after.strip()) < 3
    return not after.strip() and not text_of(following).strip()


class Prepared:
    """What :func:`prepare` found while marking the tree."""

    __slots__ = ("audio", "hrefs", "images", "links", "page_links")

    def __init__(self) -> None:
        #: Standalone episode links and their slugs, in document order.
        self.links: list[tuple[etree._Element, str]] = []
        #: Each slug's first link as the page writes it.
        self.hrefs: dict[str, str] = {}
        #: Links that may be pagination: (href, label, rel words).
        self.page_links: list[tuple[str, str, list[str]]] = []
        #: Audio sources and images, with the element they sit in.
        self.audio: list[tuple[etree._Element, str]] = []
        self.images: list[tuple[etree._Element, str]] = []


def _page_link(found: Prepared, link: etree._Element, href: str) -> None:
    rel = (link.get("rel") or "").lower().split()
    if rel or page_number(href) is not None or (len(href) < 80 and "e/" not in href):
        found.page_links.append((href, text_of(link), rel))


def hidden_elements(body: etree._Element) -> list[etree._Element]:
    """The elements of ``body`` that a browser does not show, in document order.

    Hidden by a ``hidden`` attribute or by a style (``display: none``,
    ``visibility: hidden``).  XPath visits only the attributes that can hide
    an element, rather than testing every element.
    """
    found: list[etree._Element] = []
    seen: set[etree._Element] = set()
    attributes = cast("list[etree._ElementUnicodeResult]", _HIDING_ATTRIBUTES(body))
    for attribute in attributes:
        if attribute.attrname == "hidden" or _HIDDEN_STYLE.search(attribute):
            # An element hidden both ways is listed once.
            element = attribute.getparent()
            if element is not None and element not in seen:
                seen.add(element)
                found.append(element)
    return found


# What a link is, as _sort_links sorts them.
_OTHER_LINK, _AUDIO_LINK, _CHROME_LINK = 0, 1, 2


def prepare(
    body: etree._Element, *, maybe_hidden: bool = True, host: str | None = None
) -> Prepared:
    """Take the chrome's links out of ``body``, find episode links and mark them for :func:`lines`.

    Changes the tree in place.  One walk finds every element that matters;
    the chrome (scripts, navigation, buttons...) stays in the tree, where
    :func:`serialise` leaves it out.  ``maybe_hidden=False`` says no
    element is hidden: no need to look for them.  ``host`` is the page's own
    host, when known: an episode link is one to a Podbean site or to it.
    """
    found = Prepared()
    times = _prepare_in_python(found, body, maybe_hidden=maybe_hidden, host=host)
    for element in times:
        day = iso_date(element.get("datetime"))
        if day is not None:
            element.text = f"{TIME}{day.isoformat()}{SEP}{element.text or ''}"
    return found


def _media_source(found: Prepared, element: etree._Element) -> None:
    """An ``<audio>`` or ``<video>`` element's source, for the episode around it."""
    src = element.get("src")
    if not src:
        source_element = element.find(".//source[@src]")
        src = source_element.get("src") if source_element is not None else None
    parent = element.getparent()
    if src and src.strip() and parent is not None:
        found.audio.append((parent, src.strip()))


def _box_links(found: Prepared, boxes: Iterable[etree._Element]) -> None:
    """Pagination sits in ``<nav>`` as often as not: the links of each nav and aside."""
    for box in boxes:
        for link in box.iter("a"):
            href = link.get("href")
            if href:
                _page_link(found, link, href.strip())


def _prepare_in_python(
    found: Prepared, body: etree._Element, *, maybe_hidden: bool, host: str | None
) -> list[etree._Element]:
    """The walk of :func:`prepare`; returns the ``<time>`` elements."""
    links: list[etree._Element] = []
    times: list[etree._Element] = []
    chrome: list[etree._Element] = []
    for element in body.iter("a", "img", "time", *_SKIP):
        tag = element.tag
        if tag == "a":
            links.append(element)
            continue
        if tag == "img":
            src = element.get("src")
            if src and src.strip():
                found.images.append((element, src.strip()))
            continue
        if tag == "time":
            times.append(element)
            continue
        chrome.append(element)
        if tag in {"audio", "video"}:
            _media_source(found, element)
    _box_links(found, (box for box in chrome if box.tag in {"nav", "aside"}))
    # Links inside the chrome are no episode's.
    excluded: set[etree._Element] = set()
    for box in chrome:
        # Most chrome (a button, a script) has no child: no walk to start.
        if len(box):
            excluded.update(box.iter("a"))
    for element in hidden_elements(body) if maybe_hidden else ():
        excluded.update(element.iter("a"))
        _remove(element)
    items = []
    for link in links:
        href = link.get("href")
        if href and link not in excluded:
            items.append((link, href))
    _sort_links(found, items, host)
    return times


def _sort_links(
    found: Prepared, items: Iterable[tuple[etree._Element, str]], host: str | None
) -> None:
    """Sort links (in document order) into audio, chrome, episodes and pagination.

    The audio and chrome links are renamed first, all of them: whether an
    episode link stands alone then never depends on whether a share link
    beside it came before it or after it.
    """
    audio_links: list[tuple[etree._Element, str]] = []
    others: list[tuple[etree._Element, str]] = []
    for link, address in items:
        href = address.strip()
        # One lowercased copy for both tests.
        lower = href.lower()
        kind = _OTHER_LINK
        if is_audio_path(lower):
            kind = _AUDIO_LINK
        # Share links carry the episode's address in their query: chrome first.
        elif is_chrome_href(href, lower):
            kind = _CHROME_LINK
        # Renamed rather than removed: to the XSLT and to standalone() the
        # link is then chrome like a button, and its tail stays where it is
        # (taking it out of the tree would have to move the tail).
        if kind == _AUDIO_LINK:
            parent = link.getparent()
            if parent is not None:
                audio_links.append((parent, href))
            link.tag = _CHROME_TAG
        elif kind == _CHROME_LINK:
            link.tag = _CHROME_TAG
        else:
            others.append((link, href))
    marked: list[tuple[etree._Element, str]] = []
    for link, href in others:
        slug = episode_slug(href)
        if slug is not None and not is_episode_host(href, host):
            slug = None  # an /e/ path on another site is not one of the show's episodes
        if slug is None:
            _page_link(found, link, href)
        elif standalone(link):
            found.links.append((link, slug))
            found.hrefs.setdefault(slug, href.strip())
            marked.append((link, slug))
    found.audio.extend(audio_links)
    for link, slug in marked:
        link.text = f"{LINK}{slug}{SEP}{link.text or ''}"


def _stylesheet() -> etree.XSLT:
    """What :func:`serialise` runs: the text of every box, each block between marks."""
    xsl = "http://www.w3.org/1999/XSL/Transform"
    return etree.XSLT(
        etree.XML(
            f'<xsl:stylesheet version="1.0" xmlns:xsl="{xsl}">'
            '<xsl:output method="text" encoding="utf-8"/>'
            f'<xsl:template match="{"|".join(_SKIP)}"/>'
            f'<xsl:template match="{"|".join(_BLOCKS)}">'
            f"{START}<xsl:apply-templates/>{BLOCK}</xsl:template>"
            f'<xsl:template match="{"|".join(HEADINGS_IN_ORDER)}">'
            f"{START}{HEAD}<xsl:apply-templates/>{BLOCK}</xsl:template>"
            f'<xsl:template match="br">{BLOCK}</xsl:template>'
            "</xsl:stylesheet>"
        )
    )


# The stylesheet is compiled once per thread: lxml's XSLT objects are not
# shared between threads.
_THREAD = threading.local()


def serialise(element: etree._Element) -> str:
    """The marked text of ``element`` (libxslt does the walk)."""
    transform: etree.XSLT | None = getattr(_THREAD, "transform", None)
    if transform is None:
        transform = _THREAD.transform = _stylesheet()
    return str(transform(element))


def _layout(segment: str) -> str:
    """Drop the source's layout from one line: whitespace runs holding a line break.

    Such a run is nothing at the line's ends and one space inside it.
    """
    head = ""
    if segment[0] == HEAD:
        head, segment = HEAD, segment[1:]
    parts = segment.split("\n")
    last = len(parts) - 1
    parts = [part.strip(" \t\f") if 0 < index < last else part for index, part in enumerate(parts)]
    parts[0] = parts[0].rstrip(" \t\f")
    parts[last] = parts[last].lstrip(" \t\f")
    return head + " ".join(part for part in parts if part)


def normalise(text: str) -> str:
    """Marked text with every block edge a BLOCK; whitespace-only blocks opened with KEEP.

    A whitespace-only block (START spaces BLOCK) is told from the layout
    between two boxes before the opening marks become plain block edges.
    """
    return _OPENS_SPACES_ONLY.sub(START + KEEP, text).replace(START, BLOCK)


def cut(text: str) -> list[str]:
    """Cut normalised text into lines (markers other than the block edges kept).

    Most segments between two marks are empty or layout: ``filter`` with
    ``str.strip`` drops them without a Python step each (a segment strips
    to nothing exactly when it is empty or all whitespace, and one pass
    does what ``filter(None)`` and ``str.isspace`` did in two).  Only lines
    that start with KEEP or hold a line break of the source are then touched.
    """
    found = list(filter(str.strip, text.split(BLOCK)))
    if "\r" in text:
        found = [line.replace("\r", "\n") for line in found]
    found = [
        line[1:] if line[0] == KEEP else (_layout(line) if "\n" in line else line)
        for line in found
    ]
    if found and "\xa0" in text:
        # After the layout: a no-break space next to a line break is text.
        # (Lines hold no line break by now: one replace for them all; with
        # no lines at all, a join and split would make one empty line.)
        found = "\n".join(found).replace("\xa0", " ").split("\n")
    return found


def lines(text: str) -> list[str]:
    """Cut marked text (as :func:`serialise` writes it) into lines."""
    return cut(normalise(text))


def text_lines(element: etree._Element) -> list[str]:
    """The lines of ``element``'s text: ``lines(serialise(element))``."""
    return lines(serialise(element))


def plain(text: str) -> str:
    """``text`` without markers or the labels they carry."""
    return _LABELS.sub("", text)
