"""Repairing a feed that is not well-formed, so that recovery alters no text.

libxml2 can read past an XML error (``recover=True``), but once a document
has had one it stops delivering entity references: every later ``&amp;``,
``&lt;``, ``&gt;``, ``&quot;`` and ``&apos;`` vanishes from the text, and a
bare ``&`` (``a.mp3?x=1&y=2``) takes the name after it along.  Many real
feeds have such an error for a trivial reason (a blank line before
``<?xml``), so the words of their titles would change without a word.

The repair writes every reference outside CDATA sections and comments as a
numeric character reference, which libxml2 delivers in any state: the five
XML entities by number, an HTML entity (``&eacute;``, which XML does not
define) as its character, a bare ``&`` or an unknown name as ``&#38;`` (the
text then reads as written), and a ``<`` that opens no tag as ``&#60;``.
It also drops what comes before an XML declaration that is not at the
start (moving the line breaks after it, so that lines keep their numbers).
A conventional namespace prefix the feed uses without declaring it
(``itunes:``, ``podcast:``, ``media:``: see ``CONVENTIONAL_PREFIXES``) is
declared on the root element, so that its elements are read rather than
left as unknown names.
The feed is then parsed again; the reader reports what was repaired
(``xml-repaired``).  Every step is one linear scan of the bytes.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Mapping

__all__ = ["Repairs", "repair"]

# What the scan stops at: the openings of the parts left alone, and "&".
_STOPS = re.compile(rb"<!\[CDATA\[|<!--|&|<(?![A-Za-z_:/!?])")
_REFERENCE = re.compile(
    rb"&(?:(#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};)|([A-Za-z][A-Za-z0-9]{0,31});)?"
)
_ENDS = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}
_XML_ENTITIES = {
    b"amp": b"&#38;",
    b"lt": b"&#60;",
    b"gt": b"&#62;",
    b"quot": b"&#34;",
    b"apos": b"&#39;",
}
# Junk before a declaration that must come first: whitespace, a BOM, stray text.
_LATE_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?[^<]*?(?=<\?xml[\s?])", re.S)


class Repairs:
    """What :func:`repair` changed, counted by kind."""

    def __init__(self) -> None:
        self.xml_entities = 0
        self.html_entities = 0
        self.bare_ampersands = 0  # and bare "<"
        self.leading_bytes = 0
        self.prefixes: list[str] = []  # the namespace prefixes declared

    def __bool__(self) -> bool:
        return bool(
            self.xml_entities
            or self.html_entities
            or self.bare_ampersands
            or self.leading_bytes
            or self.prefixes
        )

    def describe(self) -> str:
        """The repairs in words, for the diagnostic."""
        counts = (
            (self.leading_bytes, "byte", "bytes", "before the XML declaration dropped"),
            (self.xml_entities, "XML entity reference", "XML entity references", "kept"),
            (self.html_entities, "HTML entity reference", "HTML entity references", "read"),
            (self.bare_ampersands, "bare '&' or '<'", "bare '&' or '<'", "kept as written"),
        )
        said = [
            f"{count} {one if count == 1 else many} {what}"
            for count, one, many, what in counts
            if count
        ]
        if self.prefixes:
            names = ", ".join(f"{prefix}:" for prefix in self.prefixes)
            said.append(f"the undeclared namespace prefix {names} read as its usual namespace")
        return "; ".join(said)


def _html_entity(name: bytes) -> bytes | None:
    text = html.entities.html5.get(name.decode("ascii") + ";")
    if text is None:
        return None
    return b"".join(b"&#%d;" % ord(character) for character in text)


def _reference(match: re.Match[bytes], repairs: Repairs) -> bytes:
    if match[1] is not None:
        return match[0]  # a character reference: delivered as it is
    name = match[2]
    if name is None:
        repairs.bare_ampersands += 1
        return b"&#38;"
    known = _XML_ENTITIES.get(name)
    if known is not None:
        repairs.xml_entities += 1
        return known
    character = _html_entity(name)
    if character is not None:
        repairs.html_entities += 1
        return character
    repairs.bare_ampersands += 1
    return b"&#38;" + name + b";"


# What comes before the root element's name: a comment is skipped whole.
_BEFORE_ROOT = re.compile(rb"<!--|<[A-Za-z_]")
_NAME_END = re.compile(rb"[\s/>]")


def _declare(data: bytes, namespaces: Mapping[str, str], repairs: Repairs) -> bytes:
    """``data`` with ``namespaces`` (prefix -> URI) declared on its root element."""
    position = 0
    while True:
        found = _BEFORE_ROOT.search(data, position)
        if found is None:
            return data
        if found[0] != b"<!--":
            break
        end = data.find(b"-->", found.end())
        if end < 0:
            return data
        position = end + 3
    name_end = _NAME_END.search(data, found.end())
    at = len(data) if name_end is None else name_end.start()
    repairs.prefixes = sorted(namespaces)
    declarations = b"".join(
        b' xmlns:%s="%s"' % (prefix.encode("ascii"), namespaces[prefix].encode("ascii"))
        for prefix in repairs.prefixes
    )
    return data[:at] + declarations + data[at:]


def repair(data: bytes, namespaces: Mapping[str, str] | None = None) -> tuple[bytes, Repairs]:
    """``data`` (an ASCII-compatible encoding) with its references made numeric
    and ``namespaces`` (undeclared prefix -> URI) declared; see the module."""
    repairs = Repairs()
    late = _LATE_DECLARATION.match(data)
    if late is not None and late.end():
        # The declaration moves to the start; the line breaks before it go
        # after it, so that every later line keeps its number.
        repairs.leading_bytes = late.end()
        end = data.find(b"?>", late.end())
        if end >= 0:
            end += 2
            breaks = b"\n" * data.count(b"\n", 0, late.end())
            data = data[late.end() : end] + breaks + data[end:]
    if namespaces:
        data = _declare(data, namespaces, repairs)
    pieces: list[bytes] = []
    done = 0
    position = 0
    while True:
        stop = _STOPS.search(data, position)
        if stop is None:
            break
        if stop[0] == b"<":
            # A "<" that opens no tag ("x < y") is text libxml2 would drop.
            repairs.bare_ampersands += 1
            pieces.append(data[done : stop.start()])
            pieces.append(b"&#60;")
            done = position = stop.end()
            continue
        if stop[0] == b"&":
            reference = _REFERENCE.match(data, stop.start())
            assert reference is not None  # "&" alone matches
            replacement = _reference(reference, repairs)
            if replacement != reference[0]:
                pieces.append(data[done : stop.start()])
                pieces.append(replacement)
                done = reference.end()
            position = reference.end()
            continue
        end = data.find(_ENDS[stop[0]], stop.end())
        if end < 0:
            break  # an unclosed CDATA section or comment runs to the end
        position = end + len(_ENDS[stop[0]])
    if not pieces:
        return data, repairs
    pieces.append(data[done:])
    return b"".join(pieces), repairs
