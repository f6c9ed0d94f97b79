"""The show's RSS feed: reading it (:func:`parse_feed`) and writing one (``rss``).

Reading is one parse with lxml's C parser, configured so that nothing in the
document can make it read a file, reach the network or expand entities, then
one Python pass over the channel's children and each item's children,
dispatching on the element's tag through a dict (no XPath, no namespace
lookups per element).  The HTML of ``content:encoded`` is turned into the
plain-text lines the text dumps show by a regex tokenizer rather than an
HTML parser: the feed's HTML is a handful of block tags, and a tokenizer is
several times faster than building a tree per item.

What the feed carries of the description is its words and its paragraph
structure (paragraph, list item, nested list item, pulled quote), not its
exact whitespace: :func:`feed_text` gives that canonical form.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import itertools
import logging
import operator
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from typing import Any, TypedDict

from lxml import etree

from ..._api.formats import Format, register_format
from ..._diagnostics import ParseError, Reporter
from ..._limits import Limits, clip_input, episode_limit_reached, resolve
from ..._model.episode import Author, Episode, Show, _valid_episode, normalize_name
from ..._rules.credits import CREDIT_MARKER, find_credit, format_credit, parse_authors

__all__ = ["clean_audio_url", "feed_text", "html_to_lines", "parse_feed", "write_rss"]

logger = logging.getLogger("paperledge")

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
PODCAST = "https://podcastindex.org/namespace/1.0"
# Namespace URIs seen in the wild for the same vocabularies.
_ITUNES_ALIASES = (ITUNES, "http://www.itunes.com/DTDs/Podcast-1.0.dtd")
_PODCAST_ALIASES = (
    PODCAST,
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)

#: Inputs larger than this are cut (``too-large``): a bound on memory.
MAX_FEED_BYTES = 256 * 1024 * 1024
#: At most this many XML syntax errors are reported one by one.
MAX_SYNTAX_REPORTS = 100

#: ``podcast:person`` roles the writer uses for a person and for a group.
PERSON_ROLE = "author"
GROUP_ROLE = "organization"

_CREDIT_LENGTH = len(CREDIT_MARKER)


# -- small helpers -------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    """Stripped text, or ``None`` when there is none."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def _text(element: Any) -> str | None:
    # `.text` is the fast path; a recovered tree can hold child elements
    # (HTML written unescaped), whose text belongs to the value too.
    if len(element):
        return "".join(element.itertext())
    text: str | None = element.text
    return text


# -- audio URLs ------------------------------------------------------------------

# Hosts that only count a download and redirect to the real file, whose host
# and path follow theirs in the URL ("prefix" analytics).
_TRACKERS = (
    "podtrac.com",
    "chtbl.com",
    "chrt.fm",
    "pdst.fm",
    "op3.dev",
    "pfx.vpixl.com",
    "mgln.ai",
    "arttrk.com",
    "claritaspod.com",
    "podscribe.com",
    "pscrb.fm",
    "byspotify.com",
    "up.audio",
    "podder.live",
    "swap.fm",
    "podkite.com",
    "tracking.",
)
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,24}", re.IGNORECASE)
_EMBEDDED_SCHEME = re.compile(r"https?(?::|%3A)(?://|%2F%2F)", re.IGNORECASE)


def _is_tracker(host: str) -> bool:
    host = host.lower()
    # Anywhere in the host: the tracker's own domain or any host under it.
    return any(t in host for t in _TRACKERS)


def _strip_prefix(url: str) -> str | None:
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return None
    host, slash, path = rest.partition("/")
    if not slash:
        return None
    embedded = _EMBEDDED_SCHEME.search(path)
    if embedded is not None and _is_tracker(host):
        inner = path[embedded.start() :]
        # A prefix may carry the real URL percent-encoded (https%3A%2F%2F...).
        return urllib.parse.unquote(inner) if "%" in embedded.group() else inner
    segments = path.split("/")
    # The real host is the first path segment that is a domain name, with
    # more path after it (a file name such as ``redirect.mp3`` is not).
    for index, segment in enumerate(segments[:-1]):
        if _DOMAIN.fullmatch(segment) and (_is_tracker(host) or "podbean.com" in segment.lower()):
            return f"{scheme}://" + "/".join(segments[index:])
    return None


def clean_audio_url(url: str | None) -> str | None:
    """``url`` without the tracking prefixes before the real audio host.

    >>> clean_audio_url("https://dts.podtrac.com/redirect.mp3/mcdn.podbean.com/mf/web/x/e.mp3")
    'https://mcdn.podbean.com/mf/web/x/e.mp3'

    Chained prefixes are all removed; a URL without one is returned as given.
    """
    if url is None:
        return None
    current = url
    for _ in range(8):  # chains are short; the bound keeps a crafted URL cheap
        stripped = _strip_prefix(current)
        if stripped is None or stripped == current:
            break
        current = stripped
    return current


# -- dates and durations -----------------------------------------------------------

_RFC822 = re.compile(
    r"\s*(?:[A-Za-z]{2,9}\.?\s*,?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})"
    r"\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ZONES = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}
_UTC = dt.timezone.utc
_MIDNIGHT = dt.time(0, 0)


_ZONE_CACHE: dict[str, dt.timezone] = {"+0000": _UTC}


# The canonical form (``Thu, 02 Oct 2025 09:00:00 -0400``), read by one
# match: ASCII digits only ([0-9], not \d, which takes any script's digits);
# the weekday is not read, so any three characters stand for it.
_CANONICAL_RFC822 = re.compile(
    r"(?s:...), ([0-9]{2}) ([A-Za-z]{3}) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) "
    r"([+-][0-9]{4})"
)


# "00" to "99": a dict lookup costs less than int() of a str.
_TWO_DIGITS = {f"{number:02d}": number for number in range(100)}


def _fast_rfc822(text: str) -> tuple[dt.datetime, bool] | None:
    """The canonical form only; ``None`` sends anything else to the general path."""
    match = _CANONICAL_RFC822.fullmatch(text)
    if match is None:
        return None
    day, month_name, year, hour, minute, second, zone = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None or zone == "-0000":  # no zone information: the general path
        return None
    tz = _ZONE_CACHE.get(zone)
    try:
        if tz is None:
            # At most 2 * 10**4 spellings: the cache stays small.  A zone of
            # 24 hours or more is refused by timezone (ValueError).
            minutes = int(zone[1:3]) * 60 + int(zone[3:])
            tz = dt.timezone(dt.timedelta(minutes=-minutes if zone[0] == "-" else minutes))
            _ZONE_CACHE[zone] = tz
        two = _TWO_DIGITS  # the pattern took two ASCII digits for each
        moment = dt.datetime(
            int(year), month, two[day], two[hour], two[minute], two[second], 0, tz
        )
    except ValueError:
        return None
    return moment, True


def parse_rfc822(text: str) -> tuple[dt.datetime, bool] | None:
    """Read an RFC 822 date: ``(moment, zone_known)``, or ``None`` if it is not one.

    ``zone_known`` is false for ``-0000``, RFC 5322's "no zone information",
    and for a missing or unknown zone (both read as UTC).
    """
    fast = _fast_rfc822(text)
    if fast is not None:
        return fast
    match = _RFC822.fullmatch(text)
    if match is None:
        return None
    day, month_name, year_text, hour, minute, second, zone = match.groups()
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        return None
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 50 else 1900
    known = True
    if zone is None:
        offset, known = 0, False
    elif zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        offset_minutes = -minutes if zone[0] == "-" else minutes
        if zone in {"-0000", "-00:00"}:
            known = False
        offset = offset_minutes
    else:
        hours = _ZONES.get(zone.lower())
        if hours is None:
            offset, known = 0, False
        else:
            offset = hours * 60
    try:
        tz = _UTC if offset == 0 else dt.timezone(dt.timedelta(minutes=offset))
        moment = dt.datetime(
            year, month, int(day), int(hour), int(minute), int(second or 0), tzinfo=tz
        )
    except ValueError:
        return None
    return moment, known


def format_rfc822(moment: dt.datetime) -> str:
    """An RFC 822 date; a naive moment is written with zone ``-0000``."""
    return email.utils.format_datetime(moment.replace(microsecond=0))


_MAX_DURATION = 10 * 365 * 86400


def parse_itunes_duration(text: str) -> dt.timedelta | None:
    """``372``, ``372.5``, ``06:12`` or ``1:02:03`` as a timedelta; ``None`` if invalid."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and text.isascii():
        # Whole seconds, as the site writes them: what the loop below gives
        # (a float of at most ten years' seconds is exact), without it.
        seconds = int(text)
        return None if seconds > _MAX_DURATION else dt.timedelta(seconds=seconds)
    parts = text.split(":")
    if len(parts) > 3:
        return None
    total = 0.0
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if not part.isdigit() or not part.isascii():
            # Only the seconds may carry a fraction.
            whole, dot, fraction = part.partition(".")
            if not (last and dot and whole.isdigit() and fraction.isdigit() and whole.isascii()):
                return None
            if not fraction.isascii():
                return None
        value = float(part)
        if index and value >= 60:
            # ``1:75`` is not a clock reading.
            return None
        total = total * 60 + value
    if total > _MAX_DURATION:
        return None
    return dt.timedelta(seconds=total)


def format_itunes_duration(duration: dt.timedelta) -> str:
    """``H:MM:SS`` in whole seconds (hours may exceed 24)."""
    seconds = duration.days * 86400 + duration.seconds
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


# -- HTML to the dumps' lines ---------------------------------------------------------

# Block-level tags end a line; everything else inside a block is inline.
# Lower and upper case spelled out: a case-insensitive pattern is slower.
_BLOCK_NAMES = (
    "p|li|ul|ol|br|div|blockquote|pre|hr|h[1-6]|section|article|header|footer"
    "|table|tr|td|th|dl|dt|dd|figure|figcaption"
)
_BLOCK_TAG = re.compile(rf"<(/?)({_BLOCK_NAMES}|{_BLOCK_NAMES.upper()})(?=[\s/>])[^>]*>")
_INLINE_TAG = re.compile(r"<[^>]*>")
# Comments and elements whose content is not text, removed first; the cheap
# pattern finds whether there are any.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|noscript)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_MAYBE_HIDDEN = re.compile(r"<(?:!--|[sS][cC][rR]|[sS][tT][yY]|[tT][eE][mM][pP]|[nN][oO][sS])")
_LOOKS_LIKE_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]*[\s/>]|!--)")
# HTML's whitespace (not Python's: a no-break space is text in HTML).
_HTML_SPACE_CHARS = " \t\n\f\r"
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
_ITEM, _LIST, _QUOTE = range(3)
_STRUCTURE: dict[str | None, int] = {
    name: kind
    for kind, names in ((_ITEM, ("li",)), (_LIST, ("ul", "ol")), (_QUOTE, ("blockquote",)))
    for lower in names
    for name in (lower, lower.upper())
}


def _collapse(text: str) -> str:
    """Runs of HTML whitespace as one space, stripped, as a browser shows text."""
    # Most paragraphs have single spaces only: five C-level scans beat a
    # regex substitution (or split/join) over every character.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        text = _HTML_SPACE.sub(" ", text)
    return text.strip(" ")


# Bare block tags (``<p>``, ``</li>``, ``<br/>``: no attributes), as the
# site's feed writes them: name after the ``<`` -> (structure kind, step), or
# None for a block that is not a list, item or quote.
_SIMPLE_TAGS: dict[str, tuple[int, int] | None] = {}
for _name in _BLOCK_NAMES.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"):
    for _spelled in (_name, _name.upper()):
        _kind = _STRUCTURE.get(_spelled)
        _SIMPLE_TAGS[_spelled] = None if _kind is None else (_kind, 1)
        _SIMPLE_TAGS["/" + _spelled] = None if _kind is None else (_kind, -1)
for _spelled in ("br", "BR"):
    _SIMPLE_TAGS[_spelled + "/"] = _SIMPLE_TAGS[_spelled + " /"] = None
_NOT_SIMPLE = (-1, 0)


def _fix_text(text: str, entities: bool, runs: bool) -> str:
    """A block's text, stripped of spaces and newlines, with its newlines
    replaced, its entities decoded and runs of spaces collapsed (``""`` if
    nothing is left); ``runs``: whether the whole markup holds "  "."""
    if "\n" in text:
        text = text.replace("\n", " ")
        runs = True  # a newline beside a space is a run now
    if entities and "&" in text:
        return _collapse(html.unescape(text))
    if runs and "  " in text:
        return _HTML_SPACE.sub(" ", text)
    return text


# How the site's feed separates two paragraphs.
_PARAGRAPH_BREAK = "</p>\n<p>"
# Endless arguments for map(): C-level loops over a list of pieces.
_REPEAT_LT = itertools.repeat("<")
_REPEAT_NEWLINE = itertools.repeat("\n")
_REPEAT_SPACE = itertools.repeat(" ")


def _paragraph_lines(paragraphs: list[str]) -> list[str] | None:
    """The lines of markup cut at its paragraph breaks, if it holds paragraphs only.

    Most of the feed's items do: once the first <p> and the last </p> are
    cut off, no piece holds a tag or a newline, and the lines are the
    pieces' non-empty stripped texts, found C-level.  ``None`` otherwise.
    """
    if not (paragraphs[0].startswith("<p>") and paragraphs[-1].endswith("</p>")):
        return None
    pieces = paragraphs.copy()
    pieces[0] = pieces[0][3:]
    pieces[-1] = pieces[-1][:-4]  # the same piece when there is one
    if any(map(operator.contains, pieces, _REPEAT_LT)) or any(
        map(operator.contains, pieces, _REPEAT_NEWLINE)
    ):
        return None
    return list(filter(None, map(str.strip, pieces, _REPEAT_SPACE)))


def _simple_lines(markup: str) -> list[str] | None:
    """:func:`html_to_lines` of markup whose every ``<`` opens a bare block tag.

    Such markup is what the site's feed carries: there the regular
    expression finds exactly the tags that ``str.split`` and a dict find, so
    the lines are the same, at half the cost.  ``None`` for other markup.
    Tabs, carriage returns and form feeds must already be spaces; newlines
    may be left in (the site's feed puts one between its blocks).
    """
    entities = "&" in markup
    # rfind: CPython's backward search runs faster here than `in`.
    runs = markup.rfind("  ") >= 0
    paragraphs = markup.split(_PARAGRAPH_BREAK)
    if not (entities or runs):
        only = _paragraph_lines(paragraphs)
        if only is not None:
            return only
    out: list[str] = []
    append = out.append
    tags = _SIMPLE_TAGS
    lists = quotes = items = 0
    indent = ""
    # A paragraph break changes no indentation and holds no text, so the
    # markup is first cut there (one C-level split): most pieces are then a
    # paragraph's bare text, and only those holding another tag are cut at
    # each "<".  The text before a piece's first tag reads as if after a <p>.
    # Newlines are spaces in HTML: a text stripped of spaces and newlines is
    # the newline-replaced text stripped of spaces, and holds a newline only
    # where the markup has one inside a block (rare: _fix_text replaces it).
    fix = entities or runs
    for raw in paragraphs:
        if "<" in raw:
            pieces = raw.split("<")
            head = pieces[0]
        else:
            pieces = None
            head = raw
        text = head.strip(" \n")
        if text:
            if fix or "\n" in text:
                text = _fix_text(text, entities, runs)
            if text:
                append(indent + text if indent else text)
        if pieces is None:
            continue
        for piece in itertools.islice(pieces, 1, None):
            name, closed, text = piece.partition(">")
            tag = tags.get(name, _NOT_SIMPLE) if closed else _NOT_SIMPLE
            if tag is _NOT_SIMPLE:
                if not (closed and "\n" in name):
                    return None
                # A newline inside a tag is a space (``<br\n/>``).
                tag = tags.get(name.replace("\n", " "), _NOT_SIMPLE)
                if tag is _NOT_SIMPLE:
                    return None
            if tag is not None:
                kind, step = tag
                # Counts never go below zero (a stray closing tag is ignored).
                # Written out here and in html_to_lines, not in a helper: this
                # runs for every list and quote tag of every item, and a call
                # (even to max) costs more than the bookkeeping itself.
                if kind == _ITEM:
                    items = items + step if items + step > 0 else 0
                elif kind == _LIST:
                    lists = lists + step if lists + step > 0 else 0
                else:
                    quotes = quotes + step if quotes + step > 0 else 0
                indent = ("    " if lists >= 2 else "  ") if items else ("  " if quotes else "")
            text = text.strip(" \n")
            if not text:
                continue
            if fix or "\n" in text:
                text = _fix_text(text, entities, runs)
                if not text:
                    continue
            append(indent + text if indent else text)
    return out


def _strip_inline_tags(text: str) -> str:
    # Up to the last ">" only, for the reason given in html_to_lines.
    end = text.rfind(">") + 1
    return _INLINE_TAG.sub("", text[:end]) + text[end:] if end else text


def html_to_lines(markup: str) -> list[str]:
    """The text of an episode's HTML as the dumps show it: one line per block.

    A paragraph is a line; a list item is indented by two spaces (four when
    nested); a block quote (a pulled quote) by two.  Whitespace inside a
    block is collapsed, as a browser shows it; empty blocks are dropped.
    """
    # The hot path of the feed reader.  Work on the whole text is done once
    # (C-level scans and replaces), then one regex split on the block tags
    # and a few operations per block; the per-block checks for inline tags,
    # entities and runs of spaces run only when the whole text has any.
    # Whitespace is replaced first: removing comments and scripts (which
    # the replacement cannot create or change) gives the same text either way.
    for space in "\t\r\f":
        if space in markup:
            markup = markup.replace(space, " ")
    if "<" in markup:
        simple = _simple_lines(markup)
        if simple is not None:
            return simple
    if "\n" in markup:
        markup = markup.replace("\n", " ")
    if _MAYBE_HIDDEN.search(markup) is not None:
        markup = _HIDDEN.sub(" ", markup)
    # A "<" with no ">" after it would make the tag patterns scan to the end
    # from every later "<" (quadratic): no tag can end past the last ">", so
    # only the text up to it is split, and the rest is text.
    end = markup.rfind(">") + 1
    parts = _BLOCK_TAG.split(markup[:end])
    parts[-1] += markup[end:]
    inline = markup.count("<") > len(parts) // 3
    entities = "&" in markup
    runs = "  " in markup
    slow = inline or entities or runs
    out: list[str] = []
    append = out.append
    kinds = _STRUCTURE.get
    lists = quotes = items = 0
    indent = ""
    # re.split gives text, then (closing "/", name, text) per tag: the text
    # before the first tag comes after no tag (None).
    closings: list[str | None] = [None, *parts[1::3]]
    names: list[str | None] = [None, *parts[2::3]]
    for closing, name, pending in zip(closings, names, parts[0::3], strict=True):
        kind = kinds(name)
        if kind is not None:
            step = -1 if closing else 1
            if kind == _ITEM:
                items = items + step if items + step > 0 else 0
            elif kind == _LIST:
                lists = lists + step if lists + step > 0 else 0
            else:
                quotes = quotes + step if quotes + step > 0 else 0
            indent = ("    " if lists >= 2 else "  ") if items else ("  " if quotes else "")
        text = pending.strip(" ")
        if not text:
            continue
        if slow:
            changed = False
            if inline and "<" in text:
                text, changed = _strip_inline_tags(text), True
            if entities and "&" in text:
                text, changed = html.unescape(text), True
            if changed:
                text = _collapse(text)
                if not text:
                    continue
            elif runs and "  " in text:
                text = _HTML_SPACE.sub(" ", text)
        append(indent + text if indent else text)
    return out


def _plain_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped:
            lines.append(stripped)
    return lines


def _indent_level(line: str) -> int:
    lead = len(line) - len(line.lstrip(_HTML_SPACE_CHARS))
    return 4 if lead >= 4 else 2 if lead >= 2 else 0


def feed_text(description: str) -> str:
    """The form in which a feed carries ``description``.

    One line per non-blank line, HTML whitespace (space, tab, CR, FF) inside
    it collapsed (a no-break space is text, as in HTML), indentation
    reduced to the three levels the HTML has (none, two spaces for a list
    item or quote, four for a nested item).  Two texts with the same
    :func:`feed_text` say the same thing; :func:`paperledge.merge` treats
    them as equal.
    """
    out = []
    for line in description.split("\n"):
        # Collapsed first, then cleaned, as the writer does.
        words = _collapse(line)
        if words:
            out.append(" " * _indent_level(line) + _xml_safe(words))
    return "\n".join(out)


# -- reading ---------------------------------------------------------------------

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")

(
    _TITLE,
    _LINK,
    _DESCRIPTION,
    _CONTENT,
    _SUMMARY,
    _GUID,
    _PUBDATE,
    _ENCLOSURE,
    _DURATION,
    _IMAGE,
    _ITUNES_TITLE,
    _PERSON,
    _MEDIA_CONTENT,
    _MEDIA_THUMBNAIL,
) = range(14)

_ITEM_TAGS: dict[str, int] = {
    "title": _TITLE,
    "link": _LINK,
    "description": _DESCRIPTION,
    f"{{{CONTENT}}}encoded": _CONTENT,
    "guid": _GUID,
    "pubDate": _PUBDATE,
    "enclosure": _ENCLOSURE,
    f"{{{MEDIA}}}content": _MEDIA_CONTENT,
    f"{{{MEDIA}}}thumbnail": _MEDIA_THUMBNAIL,
}
for _ns in _ITUNES_ALIASES:
    _ITEM_TAGS[f"{{{_ns}}}summary"] = _SUMMARY
    _ITEM_TAGS[f"{{{_ns}}}duration"] = _DURATION
    _ITEM_TAGS[f"{{{_ns}}}image"] = _IMAGE
for _ns in _PODCAST_ALIASES:
    _ITEM_TAGS[f"{{{_ns}}}person"] = _PERSON

_C_TITLE, _C_LINK, _C_DESCRIPTION, _C_SUMMARY, _C_AUTHOR, _C_OWNER, _C_IMAGE, _C_ITUNES_IMAGE = (
    range(8)
)
_C_ATOM_LINK = 8
_CHANNEL_TAGS: dict[str, int] = {
    "title": _C_TITLE,
    "link": _C_LINK,
    "description": _C_DESCRIPTION,
    "image": _C_IMAGE,
    f"{{{ATOM}}}link": _C_ATOM_LINK,
}
for _ns in _ITUNES_ALIASES:
    _CHANNEL_TAGS[f"{{{_ns}}}summary"] = _C_SUMMARY
    _CHANNEL_TAGS[f"{{{_ns}}}author"] = _C_AUTHOR
    _CHANNEL_TAGS[f"{{{_ns}}}owner"] = _C_OWNER
    _CHANNEL_TAGS[f"{{{_ns}}}image"] = _C_ITUNES_IMAGE


# Every option that could make a document reach outside itself is off: no
# entity substitution (XXE, billion laughs), no DTD loading, no network;
# huge_tree=False keeps libxml2's limits on depth and sizes.  Shared by the
# whole-document parser and the streaming one (_rss_stream).
class _SafeOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool


SAFE_XML_OPTIONS: _SafeOptions = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


def _parser(strict: bool, encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(**SAFE_XML_OPTIONS, recover=not strict, encoding=encoding)


def _locate(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


#: The XInclude namespace: a feed that names it is reported, never processed.
XINCLUDE = b"http://www.w3.org/2001/XInclude"


def _report_xinclude(reporter: Reporter, line: int, column: int) -> None:
    reporter.report(
        "xml-unsafe", "the feed uses XInclude; it was ignored, never processed", line, column
    )


def _check_prolog(data: bytes, reporter: Reporter) -> None:
    """Report a DOCTYPE (and so any entity declaration) before the root element."""
    first = _FIRST_ELEMENT.search(data)
    end = first.start() if first is not None else len(data)
    doctype = data[:end].lower().find(b"<!doctype")
    if doctype >= 0:
        line, column = _locate(data, doctype)
        has_entities = b"<!ENTITY" in data[doctype:end]
        reporter.report(
            "xml-unsafe",
            "the feed declares a DTD"
            + (" with entities" if has_entities else "")
            + "; it was ignored and no entity was expanded",
            line,
            column,
        )


def _report_log(error_log: Any, reporter: Reporter) -> None:
    errors = [e for e in error_log if e.level >= etree.ErrorLevels.ERROR]
    for error in errors[:MAX_SYNTAX_REPORTS]:
        message = error.message.strip()
        if "amplification" in message:
            code = "xml-unsafe"
        elif error.domain == etree.ErrorDomains.IO:
            code = "encoding"
        else:
            code = "xml-syntax"
        reporter.report(code, message, error.line or 1, error.column or 1)
    if len(errors) > MAX_SYNTAX_REPORTS:
        last = errors[MAX_SYNTAX_REPORTS]
        reporter.report(
            "xml-syntax",
            f"and {len(errors) - MAX_SYNTAX_REPORTS} more XML errors",
            last.line or 1,
            last.column or 1,
        )


def _to_bytes(data: str | bytes) -> tuple[bytes, bool]:
    """The document as bytes, and whether they are known to be UTF-8."""
    if isinstance(data, str):
        if data.startswith("\ufeff"):
            data = data[1:]
        return data.encode("utf-8", "replace"), True
    return data, False


def _root(data: bytes, utf8: bool, reporter: Reporter, strict: bool) -> Any:
    # A str was encoded to UTF-8 here: say so, so that an encoding="..." left
    # in its XML declaration cannot mislead libxml2.  Bytes are decoded as
    # their BOM or declaration says (UTF-8 by default), by libxml2.
    parser = _parser(strict, "utf-8" if utf8 else None)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        if strict:
            raise ParseError(
                error.msg,
                code="xml-syntax",
                line=line or 1,
                column=column or 1,
            ) from None
        _report_log(parser.error_log, reporter)
        if not len(parser.error_log):
            reporter.report("xml-syntax", str(error), line or 1, column or 1)
        return None
    _report_log(parser.error_log, reporter)
    return root


def _authors_from_persons(persons: list[Any]) -> tuple[Author, ...]:
    authors = []
    for person in persons:
        role = (person.get("role") or PERSON_ROLE).strip().lower()
        if role not in (PERSON_ROLE, GROUP_ROLE, "writer"):
            continue
        name = normalize_name(_text(person) or "")
        if name:
            authors.append(Author(name=name, is_group=role == GROUP_ROLE))
    return tuple(authors)


def _split_credit(
    lines: list[str], reporter: Reporter, line: int
) -> tuple[list[str], tuple[Author, ...] | None]:
    """Take the credit off the last line; ``None`` authors when there is none."""
    if not lines:
        return lines, None
    last = lines[-1]
    position = find_credit(last)
    if position < 0:
        return lines, None
    authors = parse_authors(last[position + _CREDIT_LENGTH :], reporter, line)
    before = last[:position]
    if before.strip():
        lines[-1] = before.rstrip()
    else:
        lines.pop()
    return lines, authors


def _item(item: Any, reporter: Reporter) -> Episode:
    # One pass over the children, C-level: the last child of each kind wins
    # (a repeated <title> reads as its last), except for the kinds read
    # below in document order.
    get = _ITEM_TAGS.get
    found: dict[int | None, Any] = {get(child.tag): child for child in item}
    child = found.get(_TITLE)
    title = None if child is None else _text(child) if len(child) else child.text
    child = found.get(_CONTENT)
    # The longest text of the item: `.text` directly when it has no children.
    content = None if child is None else _text(child) if len(child) else child.text
    description_element = found.get(_DESCRIPTION)
    has_text = _TITLE in found or _CONTENT in found or description_element is not None
    summary_element = found.get(_SUMMARY)
    child = found.get(_GUID)
    guid = None if child is None else _text(child) if len(child) else child.text
    permalink = (
        child is not None and (child.get("isPermaLink") or "true").strip().lower() == "true"
    )
    child = found.get(_LINK)
    link = None if child is None else _text(child) if len(child) else child.text
    pubdate = found.get(_PUBDATE)
    enclosure = found.get(_ENCLOSURE)
    duration_element = found.get(_DURATION)
    child = found.get(_IMAGE)
    image = None if child is None else child.get("href") or _text(child)
    child = found.get(_MEDIA_THUMBNAIL)
    thumbnail = None if child is None else child.get("url")
    media: Any = None
    persons: list[Any] = []
    if _MEDIA_CONTENT in found or _PERSON in found:
        for child in item:
            kind = get(child.tag)
            if kind == _PERSON:
                persons.append(child)
            elif kind == _MEDIA_CONTENT and media is None:
                media = child
    line = item.sourceline or 1

    published = published_at = None
    if pubdate is not None:
        text = _text(pubdate) or ""
        parsed = parse_rfc822(text)
        if parsed is None:
            reporter.report(
                "feed-date",
                f"pubDate {text.strip()[:80]!r} is not an RFC 822 date",
                pubdate.sourceline or line,
            )
        else:
            moment, zone_known = parsed
            published = moment.date()
            # Midnight at zone -0000 is how a date without a time is
            # written (the rss writer does so); anything else is a moment.
            if zone_known or moment.time() != _MIDNIGHT:
                published_at = moment

    duration = None
    if duration_element is not None:
        text = _text(duration_element) or ""
        duration = parse_itunes_duration(text)
        if duration is None and text.strip():
            reporter.report(
                "feed-duration",
                f"itunes:duration {text.strip()[:40]!r} is not seconds, MM:SS or HH:MM:SS",
                duration_element.sourceline or line,
            )

    audio_url = audio_type = None
    audio_length = None
    source = enclosure if enclosure is not None else media
    if source is not None:
        # _clean written out (a call each costs more than the work).
        audio_url = None if (value := source.get("url")) is None else value.strip() or None
        audio_type = None if (value := source.get("type")) is None else value.strip() or None
        length_text = source.get("length" if source is enclosure else "fileSize")
        if length_text is not None and length_text.strip():
            stripped = length_text.strip()
            if stripped.isdigit() and stripped.isascii():
                audio_length = int(stripped)
            else:
                reporter.report(
                    "feed-structure",
                    f"the enclosure's length {stripped[:40]!r} is not a number of bytes",
                    source.sourceline or line,
                )

    # The text: content:encoded, else description, else itunes:summary (read
    # only when needed: decoding a long text is a real part of the cost).
    markup = content
    if not (markup and not markup.isspace()) and description_element is not None:
        markup = _text(description_element)
    if not (markup and not markup.isspace()) and summary_element is not None:
        markup = _text(summary_element)
    if not has_text:
        reporter.report("feed-structure", "an item has neither a title nor a description", line)
    lines: list[str] = []
    if markup:
        lines = html_to_lines(markup) if _LOOKS_LIKE_HTML.search(markup) else _plain_lines(markup)
    lines, credited = _split_credit(lines, reporter, line)
    authors = _authors_from_persons(persons) if persons else ()
    if not authors and credited:
        authors = credited

    url = None if link is None else link.strip() or None
    guid = None if guid is None else guid.strip() or None
    if url is None and guid is not None and permalink and guid.startswith(("http:", "https:")):
        url = guid
    # Every value is valid as made above (a date, a tuple of Authors, a
    # length and a duration that are not negative): the Episode is built
    # without re-checking them, its fields in their declared order.
    return _valid_episode(
        (
            published,
            # An item without <title> has no title (itunes:title, a display
            # variant, is not read as one).
            None if title is None else title.strip() or None,
            "\n".join(lines),
            authors,
            url,
            guid,
            published_at,
            audio_url,
            audio_type,
            audio_length,
            duration,
            _clean(image) or _clean(thumbnail),
        )
    )


def _channel(channel: Any, reporter: Reporter) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    seen: set[int] = set()
    get = _CHANNEL_TAGS.get
    for child in channel:
        kind = get(child.tag)
        if kind is None:
            continue
        seen.add(kind)
        if kind == _C_TITLE:
            fields.setdefault("title", _clean(_text(child)))
        elif kind == _C_LINK:
            fields.setdefault("url", _clean(_text(child)))
        elif kind == _C_DESCRIPTION:
            fields.setdefault("description", _clean(_text(child)))
        elif kind == _C_SUMMARY:
            fields.setdefault("summary", _clean(_text(child)))
        elif kind == _C_AUTHOR:
            fields.setdefault("host", _clean(_text(child)))
        elif kind == _C_OWNER:
            for grandchild in child:
                tag = grandchild.tag
                if isinstance(tag, str) and tag.endswith("}name"):
                    fields.setdefault("owner", _clean(_text(grandchild)))
        elif kind == _C_ITUNES_IMAGE:
            fields.setdefault("itunes_image", _clean(child.get("href") or _text(child)))
        elif kind == _C_IMAGE:
            for grandchild in child:
                if grandchild.tag == "url":
                    fields.setdefault("image", _clean(_text(grandchild)))
        elif kind == _C_ATOM_LINK:
            rel = (child.get("rel") or "alternate").strip().lower()
            href = _clean(child.get("href"))
            if rel == "self":
                fields.setdefault("feed_url", href)
            elif rel == "next":
                fields.setdefault("next_page_url", href)
            elif rel in ("previous", "prev"):
                fields.setdefault("previous_page_url", href)
    _report_missing(channel, seen, reporter)
    return fields


def _report_missing(channel: Any, seen: set[int], reporter: Reporter) -> None:
    """Report the fields RSS requires that no child of ``channel`` (``seen``) gave."""
    for kind, name in ((_C_TITLE, "title"), (_C_LINK, "link"), (_C_DESCRIPTION, "description")):
        if kind not in seen:
            reporter.report(
                "feed-structure",
                f"the channel has no <{name}>, which RSS 2.0 requires",
                channel.sourceline or 1,
            )


def parse_feed(data: str | bytes, *, strict: bool = False, limits: Limits | None = None) -> Show:
    """Read an RSS 2.0 podcast feed (as Podbean serves it) into a :class:`Show`.

    The channel gives the show (title, description, host from
    ``itunes:author`` or ``itunes:owner``, site link, ``feed_url`` from
    ``atom:link rel="self"``, image); each item gives an episode.  The text
    comes from ``content:encoded`` (else ``description``), as the plain-text
    lines the dumps show, with the author credit taken off it into
    ``authors`` (``podcast:person`` elements, where present, give the
    authors instead).

    The XML is read safely: no entity is expanded, no DTD or external
    resource loaded.  A DTD is reported as ``xml-unsafe``.  In tolerant mode
    (the default) this never raises: a malformed feed is recovered as far as
    possible and each defect is reported as a diagnostic with its line and
    column.  ``strict=True`` raises :class:`~paperledge.ParseError` at the
    first defect.
    """
    reporter = Reporter(strict=strict)
    data = clip_input(data, limits, reporter)
    raw, utf8 = _to_bytes(data)
    if len(raw) > MAX_FEED_BYTES:
        reporter.report(
            "too-large",
            f"the feed is larger than {MAX_FEED_BYTES} bytes; the rest was not read",
            _locate(raw, MAX_FEED_BYTES)[0],
        )
        raw = raw[:MAX_FEED_BYTES]
    _check_prolog(raw, reporter)
    xinclude = raw.find(XINCLUDE)
    if xinclude >= 0:
        _report_xinclude(reporter, *_locate(raw, xinclude))
    root = _root(raw, utf8, reporter, strict)
    if root is None:
        return Show(diagnostics=reporter.diagnostics)
    if root.tag != "rss":
        reporter.report(
            "feed-structure",
            f"the root element is <{root.tag}>, not <rss>",
            root.sourceline or 1,
        )
    channel = root if root.tag == "channel" else root.find("channel")
    if channel is None:
        if root.tag == "rss":
            reporter.report("feed-structure", "the feed has no <channel>", root.sourceline or 1)
        return Show(diagnostics=reporter.diagnostics)
    fields = _channel(channel, reporter)
    episodes: list[Episode] = []
    most = resolve(limits).max_episodes
    for item in channel.iter("item"):
        if len(episodes) >= most and episode_limit_reached(
            len(episodes), limits, reporter, item.sourceline or 1
        ):
            break
        episodes.append(_item(item, reporter))
    return Show(
        title=fields.get("title"),
        description=fields.get("description") or fields.get("summary"),
        host=fields.get("host") or fields.get("owner"),
        url=fields.get("url"),
        feed_url=fields.get("feed_url"),
        image_url=fields.get("itunes_image") or fields.get("image"),
        next_page_url=fields.get("next_page_url"),
        previous_page_url=fields.get("previous_page_url"),
        episodes=episodes,
        diagnostics=reporter.diagnostics,
    )


# -- writing ---------------------------------------------------------------------

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _sub(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
    # lxml refuses (ValueError) a string XML cannot hold; only then is it
    # cleaned, so clean text costs no extra pass.
    try:
        element = etree.SubElement(parent, tag, attributes)
    except ValueError:
        element = etree.SubElement(parent, tag, {k: _xml_safe(v) for k, v in attributes.items()})
    if text is not None:
        try:
            element.text = text
        except ValueError:
            element.text = _xml_safe(text)
    return element


def _is_quote(words: str) -> bool:
    return len(words) >= 2 and words.startswith('"') and words.endswith('"')


def description_html(description: str, authors: Iterable[Author] = ()) -> str:
    """The HTML the writer puts in ``content:encoded``.

    Each line is a paragraph, a list item (two leading spaces; four when
    nested) or a block quote (two leading spaces, in double quotes); the
    credit is appended as a last paragraph.
    """
    authors = tuple(authors)
    credit = format_credit(authors) if authors else None
    try:
        return _description_html(description, credit, clean=False)
    except ValueError:
        # lxml refused a character XML cannot hold: build again, cleaning
        # each line (cleaning first would cost a pass over every clean text).
        return _description_html(description, credit and _xml_safe(credit), clean=True)


def _description_html(description: str, credit: str | None, *, clean: bool) -> str:
    container = etree.Element("div")
    outer: Any = None  # the open <ul>
    inner: Any = None  # the open nested <ul>
    last_item: Any = None
    for line in description.split("\n"):
        words = _collapse(line)
        if not words:
            continue
        if clean:
            words = _xml_safe(words)
        level = _indent_level(line)
        if level == 0 or (level == 2 and _is_quote(words)):
            outer = inner = last_item = None
            if level == 0:
                etree.SubElement(container, "p").text = words
            else:
                quote = etree.SubElement(container, "blockquote")
                etree.SubElement(quote, "p").text = words
            continue
        if outer is None:
            outer = etree.SubElement(container, "ul")
        if level == 2:
            inner = None
            last_item = etree.SubElement(outer, "li")
            last_item.text = words
        else:
            if last_item is None:
                last_item = etree.SubElement(outer, "li")
            if inner is None:
                inner = etree.SubElement(last_item, "ul")
            etree.SubElement(inner, "li").text = words
    if credit:
        etree.SubElement(container, "p").text = credit
    # One serialisation of the wrapper, which is then cut off.
    markup = etree.tostring(container, method="html", encoding="unicode")
    return markup[len("<div>") : -len("</div>")]


def _write_item(channel: Any, episode: Episode) -> None:
    item = etree.SubElement(channel, "item")
    if episode.title is not None:
        _sub(item, "title", episode.title)
    if episode.url is not None:
        _sub(item, "link", episode.url)
    if episode.guid is not None:
        _sub(item, "guid", episode.guid, isPermaLink="false")
    if episode.published_at is not None:
        _sub(item, "pubDate", format_rfc822(episode.published_at))
    elif episode.published is not None:
        day = episode.published
        _sub(item, "pubDate", format_rfc822(dt.datetime(day.year, day.month, day.day)))
    markup = description_html(episode.description, episode.authors)
    _sub(item, "description", markup)
    _sub(item, f"{{{CONTENT}}}encoded", markup)
    if episode.audio_url is not None:
        attributes = {"url": episode.audio_url}
        if episode.audio_length is not None:
            attributes["length"] = str(episode.audio_length)
        if episode.audio_type is not None:
            attributes["type"] = episode.audio_type
        _sub(item, "enclosure", **attributes)
    if episode.duration is not None:
        _sub(item, f"{{{ITUNES}}}duration", format_itunes_duration(episode.duration))
    if episode.image_url is not None:
        _sub(item, f"{{{ITUNES}}}image", href=episode.image_url)
    for author in episode.authors:
        role = GROUP_ROLE if author.is_group else PERSON_ROLE
        _sub(item, f"{{{PODCAST}}}person", author.name, role=role, group="writing")


def write_rss(show: Show) -> str:
    """The show as an RSS 2.0 podcast feed (``itunes:``, ``podcast:``, ``content:``).

    Built as an lxml tree, so every value is escaped; characters XML cannot
    carry at all are replaced by U+FFFD.  :func:`parse_feed` reads back every
    field RSS carries; the description comes back in its :func:`feed_text`
    form.  A date without a time is written as midnight at zone ``-0000``.
    """
    rss = etree.Element(
        "rss",
        {"version": "2.0"},
        nsmap={"itunes": ITUNES, "content": CONTENT, "atom": ATOM, "podcast": PODCAST},
    )
    channel = etree.SubElement(rss, "channel")
    _sub(channel, "title", show.title or "")
    _sub(channel, "link", show.url or "")
    _sub(channel, "description", show.description or "")
    if show.feed_url is not None:
        _sub(
            channel, f"{{{ATOM}}}link", href=show.feed_url, rel="self", type="application/rss+xml"
        )
    if show.next_page_url is not None:
        _sub(channel, f"{{{ATOM}}}link", href=show.next_page_url, rel="next")
    if show.previous_page_url is not None:
        _sub(channel, f"{{{ATOM}}}link", href=show.previous_page_url, rel="previous")
    _sub(channel, "generator", "paperledge")
    if show.host is not None:
        _sub(channel, f"{{{ITUNES}}}author", show.host)
    if show.image_url is not None:
        _sub(channel, f"{{{ITUNES}}}image", href=show.image_url)
    for episode in show.episodes:
        _write_item(channel, episode)
    body = etree.tostring(rss, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _sniff(head: str) -> bool:
    # ``head`` is the document's first 4 KiB (see _registry.sniff_format).
    return head.startswith("<") and "<rss" in head


def _stream(chunks: Iterable[str | bytes], **options: Any) -> Iterator[Episode]:
    # Imported here: the streamer is built on this module's reader.
    from .stream import iter_feed_episodes

    return iter_feed_episodes(chunks, **options)


register_format(
    Format(
        name="rss",
        description="an RSS 2.0 podcast feed (itunes:, content:, podcast: namespaces)",
        extensions=(".rss", ".xml"),
        media_type="application/rss+xml",
        reader=parse_feed,
        writer=write_rss,
        sniffer=_sniff,
        streamer=_stream,
        priority=60,
    )
)
