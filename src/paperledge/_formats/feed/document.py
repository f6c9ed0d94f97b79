"""The feed as an XML document: parsed safely, its errors reported, repaired where
libxml2's recovery would alter text (:mod:`.repair`); and an element's text.

Shared by the whole-document reader (:mod:`.reader`) and the streaming one
(:mod:`.stream`).
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from lxml import etree

from ..._diagnostics import ParseError, Reporter
from ..._rules.decode import decode_text, encode_text
from ..._rules.urls import resolve
from .names import CONVENTIONAL_PREFIXES
from .repair import repair

__all__ = ["MAX_SYNTAX_REPORTS", "SAFE_XML_OPTIONS", "XINCLUDE"]

_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


_UTF8_NAMES = (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _utf8(head: bytes, told: bool) -> bool:
    """Whether the feed is UTF-8 (or ASCII): told so, or by its BOM or declaration."""
    if told:
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x4c\x6f")):
        return False  # UTF-16 or -32, EBCDIC
    declared = _DECLARED.match(head)
    return declared is None or declared.group(1).lower() in _UTF8_NAMES


#: At most this many XML syntax errors are reported one by one.
MAX_SYNTAX_REPORTS = 100

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


def _absolute(element: Any, href: str | None) -> str | None:
    """``href``, stripped, made absolute against ``element``'s base: the feed's
    ``url`` as the xml:base attributes around ``element`` change it."""
    href = _clean(href)
    if href is None or href.startswith(("https://", "http://")):
        return href  # no need to look for the element's base
    return resolve(element.base, href)


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


def _root(
    data: bytes, utf8: bool, reporter: Reporter, strict: bool, url: str | None = None
) -> Any:
    # ``url``, the feed's address, is the base of its relative links (xml:base
    # attributes add to it: lxml's Element.base).
    # A str was encoded to UTF-8 here: say so, so that an encoding="..." left
    # in its XML declaration cannot mislead libxml2.  Bytes are decoded as
    # their BOM or declaration says (UTF-8 by default), by libxml2.
    parser = _parser(strict, "utf-8" if utf8 else None)
    try:
        root = _fromstring(data, parser, url)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        if strict:
            raise ParseError(
                error.msg,
                code="encoding" if _bad_utf8(parser.error_log, data, utf8) else "xml-syntax",
                line=line or 1,
                column=column or 1,
            ) from None
        if _bad_utf8(parser.error_log, data, utf8):
            return _root(decode_text(data, reporter).encode(), True, reporter, strict, url)
        _report_log(parser.error_log, reporter)
        if not len(parser.error_log):
            reporter.report("xml-syntax", str(error), line or 1, column or 1)
        return _repaired(data, utf8, reporter, url, _undeclared(parser.error_log))
    if _bad_utf8(parser.error_log, data, utf8):
        return _root(decode_text(data, reporter).encode(), True, reporter, strict, url)
    _report_log(parser.error_log, reporter)
    if any(e.level >= etree.ErrorLevels.ERROR for e in parser.error_log):
        repaired = _repaired(data, utf8, reporter, url, _undeclared(parser.error_log))
        return root if repaired is None else repaired
    return root


_UNDECLARED = re.compile(r"Namespace prefix ([A-Za-z_][\w.-]*) (?:on|for) ")


def _undeclared(error_log: Any) -> dict[str, str]:
    """The conventional namespace prefixes libxml2 found used but not declared."""
    found: dict[str, str] = {}
    for error in error_log:
        named = _UNDECLARED.match(error.message)
        if named is not None and named[1] in CONVENTIONAL_PREFIXES:
            found[named[1]] = CONVENTIONAL_PREFIXES[named[1]]
    return found


def _fromstring(data: bytes, parser: etree.XMLParser, url: str | None) -> Any:
    # No base_url at all without a URL (the stubs refuse None).
    if url is None:
        return etree.fromstring(data, parser)
    return etree.fromstring(data, parser, base_url=url)


def _bad_utf8(error_log: Any, data: bytes, utf8: bool) -> bool:
    """Whether libxml2 found bytes that are not UTF-8 in a feed that says (or
    lets default) that it is.

    Such bytes are read as Windows-1252, one at a time, as the text readers
    do (:func:`~paperledge._rules.decode.decode_text`), rather than as U+FFFD.
    """
    return (
        not utf8
        and any(e.type_name == "ERR_INVALID_ENCODING" for e in error_log)
        and _utf8(data[:256], False)
    )


def _repaired(
    data: bytes, utf8: bool, reporter: Reporter, url: str | None, namespaces: dict[str, str]
) -> Any:
    """The root of ``data`` repaired (see .repair) and parsed again, or ``None``.

    Called after libxml2 had to recover, which drops entity references from
    the text; its errors are reported already, with their places in ``data``.
    """
    if not utf8 and data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x4c\x6f")):
        return None  # UTF-16, UTF-32 or EBCDIC: the byte scan does not apply
    fixed, repairs = repair(data, namespaces)
    if not repairs:
        return None
    parser = _parser(False, "utf-8" if utf8 else None)
    try:
        root = _fromstring(fixed, parser, url)
    except etree.XMLSyntaxError:
        return None
    reporter.report(
        "xml-repaired",
        f"the feed was repaired and read again, so that no text was lost: {repairs.describe()}",
        1,
    )
    return root
