"""Reading the show's RSS feed (:func:`parse_feed`), as a general podcast feed.

One parse with lxml's C parser, configured so that nothing in the document
can make it read a file, reach the network or expand entities, then one
Python pass over the channel's children and each item's children,
dispatching on the element's tag through a dict (no XPath, no namespace
lookups per element).  The HTML of ``content:encoded`` becomes the
plain-text lines the dumps show (:mod:`.markup`).

What the feed carries of the description is its words and its paragraph
structure (paragraph, list item, nested list item, pulled quote), not its
exact whitespace: :func:`paperledge._rules.lines.feed_text` gives that
canonical form.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any, TypedDict

from lxml import etree

from ..._diagnostics import ParseError, Reporter
from ..._limits import Limits, clip_input, episode_limit_reached, resolve
from ..._model import Author, Episode, Show
from ..._rules.credits import parse_authors, split_credit
from ..._rules.dates import parse_rfc822
from ..._rules.decode import encode_text
from ..._rules.durations import parse_clock
from ..._rules.names import normalize_name
from ..._rules.numbers import whole_number
from .markup import LOOKS_LIKE_HTML, html_to_lines, plain_lines
from .names import ATOM, CONTENT, GROUP_ROLE, ITUNES_ALIASES, MEDIA, PERSON_ROLE, PODCAST_ALIASES
from .repair import repair

__all__ = ["MAX_FEED_BYTES", "SAFE_XML_OPTIONS", "parse_feed"]

logger = logging.getLogger("paperledge")

#: Inputs larger than this are cut (``too-large``): a bound on memory.
MAX_FEED_BYTES = 256 * 1024 * 1024
#: At most this many XML syntax errors are reported one by one.
MAX_SYNTAX_REPORTS = 100

_MIDNIGHT = dt.time(0, 0)


# -- small helpers -------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    """Stripped text, or ``None`` when there is none."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def _clean_text(element: Any) -> str | None:
    """An element's stripped text, or ``None`` when there is none (or no element)."""
    return None if element is None else _clean(_text(element))


# Nodes whose own text is not the element's (itertext skips it too).
_NO_TEXT = (etree._Comment, etree._ProcessingInstruction)


def _text(element: Any) -> str:
    """The text ``"".join(element.itertext())`` gives, read without itertext.

    A recovered tree can hold child elements (HTML written unescaped),
    whose text belongs to the value too; an entity reference left unexpanded
    reads as written (``&name;``); a comment or processing instruction
    gives its tail only.  Walked here because itertext builds a tree walker
    for every call, which a leaf, nearly every element read, never needs.
    """
    text = element.text or ""
    for child in element:
        if isinstance(child, _NO_TEXT):
            pass
        elif isinstance(child, etree._Entity):
            text += child.text
        else:
            text += _text(child)
        text += child.tail or ""
    return text


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
for _ns in ITUNES_ALIASES:
    _ITEM_TAGS[f"{{{_ns}}}summary"] = _SUMMARY
    _ITEM_TAGS[f"{{{_ns}}}duration"] = _DURATION
    _ITEM_TAGS[f"{{{_ns}}}image"] = _IMAGE
for _ns in PODCAST_ALIASES:
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
for _ns in ITUNES_ALIASES:
    _CHANNEL_TAGS[f"{{{_ns}}}summary"] = _C_SUMMARY
    _CHANNEL_TAGS[f"{{{_ns}}}author"] = _C_AUTHOR
    _CHANNEL_TAGS[f"{{{_ns}}}owner"] = _C_OWNER
    _CHANNEL_TAGS[f"{{{_ns}}}image"] = _C_ITUNES_IMAGE


# Every option that could make a document reach outside itself is off: no
# entity substitution (XXE, billion laughs), no DTD loading, no network;
# huge_tree=False keeps libxml2's limits on depth and sizes.  Shared by the
# whole-document parser and the streaming one (.stream).
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


def _to_bytes(data: str | bytes, reporter: Reporter) -> tuple[bytes, bool]:
    """The document as bytes, and whether they are known to be UTF-8."""
    if isinstance(data, str):
        if data.startswith("\ufeff"):
            data = data[1:]
        return encode_text(data, reporter), True
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
        return _repaired(data, utf8, reporter)
    _report_log(parser.error_log, reporter)
    if any(e.level >= etree.ErrorLevels.ERROR for e in parser.error_log):
        repaired = _repaired(data, utf8, reporter)
        return root if repaired is None else repaired
    return root


def _repaired(data: bytes, utf8: bool, reporter: Reporter) -> Any:
    """The root of ``data`` repaired (see .repair) and parsed again, or ``None``.

    Called after libxml2 had to recover, which drops entity references from
    the text; its errors are reported already, with their places in ``data``.
    """
    if not utf8 and data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x4c\x6f")):
        return None  # UTF-16, UTF-32 or EBCDIC: the byte scan does not apply
    fixed, repairs = repair(data)
    if not repairs:
        return None
    parser = _parser(False, "utf-8" if utf8 else None)
    try:
        root = etree.fromstring(fixed, parser)
    except etree.XMLSyntaxError:
        return None
    reporter.report(
        "xml-repaired",
        f"the feed was repaired and read again, so that no text was lost: {repairs.describe()}",
        1,
    )
    return root


def _authors_from_persons(persons: list[Any]) -> tuple[Author, ...]:
    authors = []
    for person in persons:
        # The podcast namespace's default role is "host": a person without
        # one presents the show, and wrote no paper.
        role = (person.get("role") or "host").strip().lower()
        if role not in (PERSON_ROLE, GROUP_ROLE, "writer"):
            continue
        name = normalize_name(_text(person))
        if name:
            authors.append(Author(name=name, is_group=role == GROUP_ROLE))
    return tuple(authors)


def _split_credit(
    lines: list[str], reporter: Reporter, line: int
) -> tuple[list[str], tuple[Author, ...] | None]:
    """Take the credit off the last line; ``None`` authors when there is none."""
    split = split_credit(lines[-1]) if lines else None
    if split is None:
        return lines, None
    before, names, _offset = split
    authors = parse_authors(names, reporter, line)
    if before.strip():
        lines[-1] = before.rstrip()
    else:
        lines.pop()
    return lines, authors


# -- one item, step by step ------------------------------------------------------


def _item(item: Any, reporter: Reporter) -> Episode:
    # One pass over the children: the last child of each kind wins
    # (a repeated <title> reads as its last), except for the kinds read in
    # document order (_in_order).
    get = _ITEM_TAGS.get
    found: dict[int | None, Any] = {get(child.tag): child for child in item}
    line = item.sourceline or 1
    media, persons = _in_order(item, found)
    # The steps in the order of their diagnostics.
    published, published_at = _dates(found.get(_PUBDATE), reporter, line)
    duration = _duration(found.get(_DURATION), reporter, line)
    audio_url, audio_type, audio_length = _audio(found.get(_ENCLOSURE), media, reporter, line)
    description, authors = _text_and_authors(found, persons, reporter, line)
    title, url, guid = _identity(found)
    return Episode(
        published=published,
        title=title,
        description=description,
        authors=authors,
        url=url,
        guid=guid,
        published_at=published_at,
        audio_url=audio_url,
        audio_type=audio_type,
        audio_length=audio_length,
        duration=duration,
        image_url=_image(found),
    )


def _in_order(item: Any, found: dict[int | None, Any]) -> tuple[Any, list[Any]]:
    """The item's first ``media:content`` and its ``podcast:person`` elements, in order."""
    media: Any = None
    persons: list[Any] = []
    if _MEDIA_CONTENT in found or _PERSON in found:
        get = _ITEM_TAGS.get
        for child in item:
            kind = get(child.tag)
            if kind == _PERSON:
                persons.append(child)
            elif kind == _MEDIA_CONTENT and media is None:
                media = child
    return media, persons


def _dates(
    pubdate: Any, reporter: Reporter, line: int
) -> tuple[dt.date | None, dt.datetime | None]:
    """``published`` and ``published_at`` from ``pubDate``."""
    if pubdate is None:
        return None, None
    text = _text(pubdate)
    parsed = parse_rfc822(text)
    if parsed is None:
        reporter.report(
            "feed-date",
            f"pubDate {text.strip()[:80]!r} is not an RFC 822 date",
            pubdate.sourceline or line,
        )
        return None, None
    moment, zone_known = parsed
    # Midnight at zone -0000 is how a date without a time is written (the
    # rss writer does so); anything else is a moment.
    if zone_known or moment.time() != _MIDNIGHT:
        return moment.date(), moment
    return moment.date(), None


def _duration(element: Any, reporter: Reporter, line: int) -> dt.timedelta | None:
    """``itunes:duration``, reported when it is not a clock reading."""
    if element is None:
        return None
    text = _text(element)
    duration = parse_clock(text)
    if duration is None and text.strip():
        reporter.report(
            "feed-duration",
            f"itunes:duration {text.strip()[:40]!r} is not seconds, MM:SS or HH:MM:SS",
            element.sourceline or line,
        )
    return duration


def _audio(
    enclosure: Any, media: Any, reporter: Reporter, line: int
) -> tuple[str | None, str | None, int | None]:
    """The audio's URL, type and length: from ``enclosure``, else ``media:content``."""
    source = enclosure if enclosure is not None else media
    if source is None:
        return None, None, None
    length_text = source.get("length" if source is enclosure else "fileSize")
    length = None
    if length_text is not None and length_text.strip():
        stripped = length_text.strip()
        length = whole_number(stripped)
        if length is None:
            reporter.report(
                "feed-structure",
                f"the enclosure's length {stripped[:40]!r}... is past 2**63 - 1 bytes"
                if stripped.isdigit() and stripped.isascii()
                else f"the enclosure's length {stripped[:40]!r} is not a number of bytes",
                source.sourceline or line,
            )
    return _clean(source.get("url")), _clean(source.get("type")), length


def _text_and_authors(
    found: dict[int | None, Any], persons: list[Any], reporter: Reporter, line: int
) -> tuple[str, tuple[Author, ...]]:
    """The description's lines, and the authors: ``podcast:person``, else the credit."""
    # content:encoded, else description, else itunes:summary: the first
    # that holds more than whitespace.
    markup = None
    for kind in (_CONTENT, _DESCRIPTION, _SUMMARY):
        element = found.get(kind)
        if element is not None:
            markup = _text(element)
            if markup and not markup.isspace():
                break
    if _TITLE not in found and _CONTENT not in found and _DESCRIPTION not in found:
        reporter.report("feed-structure", "an item has neither a title nor a description", line)
    lines: list[str] = []
    if markup:
        lines = html_to_lines(markup) if LOOKS_LIKE_HTML.search(markup) else plain_lines(markup)
    lines, credited = _split_credit(lines, reporter, line)
    authors = _authors_from_persons(persons) if persons else ()
    return "\n".join(lines), authors or credited or ()


def _identity(found: dict[int | None, Any]) -> tuple[str | None, str | None, str | None]:
    """The title, the URL (``link``, else a permalink ``guid``) and the guid."""
    # An item without <title> has no title (itunes:title, a display variant,
    # is not read as one).
    title = _clean_text(found.get(_TITLE))
    url = _clean_text(found.get(_LINK))
    element = found.get(_GUID)
    guid = _clean_text(element)
    if (
        url is None
        and guid is not None
        and element is not None
        and guid.startswith(("http:", "https:"))
        and (element.get("isPermaLink") or "true").strip().lower() == "true"
    ):
        url = guid
    return title, url, guid


def _image(found: dict[int | None, Any]) -> str | None:
    """``itunes:image``, else ``media:thumbnail``."""
    element = found.get(_IMAGE)
    image = None if element is None else _clean(element.get("href") or _text(element))
    if image is None:
        element = found.get(_MEDIA_THUMBNAIL)
        image = None if element is None else _clean(element.get("url"))
    return image


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
            fields.setdefault("title", _clean_text(child))
        elif kind == _C_LINK:
            fields.setdefault("url", _clean_text(child))
        elif kind == _C_DESCRIPTION:
            fields.setdefault("description", _clean_text(child))
        elif kind == _C_SUMMARY:
            fields.setdefault("summary", _clean_text(child))
        elif kind == _C_AUTHOR:
            fields.setdefault("host", _clean_text(child))
        elif kind == _C_OWNER:
            for grandchild in child:
                tag = grandchild.tag
                if isinstance(tag, str) and tag.endswith("}name"):
                    fields.setdefault("owner", _clean_text(grandchild))
        elif kind == _C_ITUNES_IMAGE:
            fields.setdefault("itunes_image", _clean(child.get("href") or _text(child)))
        elif kind == _C_IMAGE:
            for grandchild in child:
                if grandchild.tag == "url":
                    fields.setdefault("image", _clean_text(grandchild))
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
    raw, utf8 = _to_bytes(data, reporter)
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
