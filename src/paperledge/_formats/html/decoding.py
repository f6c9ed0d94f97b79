"""The page's bytes made ready for lxml: decoded, checked, and made inert.

Bytes that are UTF-8 (as declared, or with nothing declared) go to the
parser as they are; anything else is decoded the careful way first (repaired,
or its encoding detected with bs4's ``UnicodeDammit``).  Then what would pass
for the reader's own marks (private-use characters :mod:`.lines` writes) or
what lxml refuses as text (control characters) is replaced, and reported.
"""

from __future__ import annotations

import re
import threading

from bs4.dammit import EncodingDetector, UnicodeDammit
from lxml import etree

from ..._diagnostics import Reporter
from ..._rules.decode import CONTROL_BYTES as _CONTROL_BYTES
from ..._rules.decode import CONTROL_SINGLES as _CONTROL_SINGLES
from ..._rules.decode import NONCHARACTER_BYTES as _NONCHARACTER_BYTES
from ..._rules.decode import (
    control_replacement,
    decode_text,
    encode_text,
    report_control,
    sniff_bom,
)

__all__ = ["MAX_HTML_BYTES", "read_tree"]

#: Pages larger than this are cut (a listing page is well under 1 MB; an
#: archive page of 400 episodes about 2 MB).
MAX_HTML_BYTES = 64 << 20

# Declared encodings browsers read as Windows-1252 (WHATWG Encoding).
_AS_WINDOWS_1252 = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "cp1252"}
)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})

_MARKER_BYTES = re.compile(b"\xee\x80[\x80-\x87]")
# &#xE000; to &#xE007; (57344 to 57351), leading zeros allowed.
_MARKER_NUMBERS = rb"([xX])(0*[eE]00[0-7])(?![0-9a-fA-F])|(0*5734[4-9]|0*5735[01])(?![0-9])"
_MARKER_REFERENCES = re.compile(rb"&#(?:" + _MARKER_NUMBERS + rb")")
# Character references to what XML does not allow in text (below): libxml2's
# HTML parser turns them into the characters themselves, which lxml then
# refuses when the reader sets a text.  Decimal 0-8, 11, 12, 14-31, 65534 and
# 65535; hex the same.  The lookahead keeps &#1 from matching &#10;.
_CONTROL_NUMBERS = (
    rb"[xX]0*([0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
    rb"|0*([0-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9])"
)
_CONTROL_REFERENCES = re.compile(rb"&#(?:" + _CONTROL_NUMBERS + rb");?")
# The characters XML (and so lxml) does not allow in text, U+FFFE and U+FFFF
# included, are the control characters of paperledge._rules.decode (the rule
# the text reader applies too): _CONTROL_BYTES, _CONTROL_SINGLES (each looked
# for on its own) and _NONCHARACTER_BYTES, imported above.
# Either kind of reference above, in one scan (both open with "&#").
_SUSPECT_REFERENCES = re.compile(rb"&#(?:" + _MARKER_NUMBERS + rb"|" + _CONTROL_NUMBERS + rb")")


def _reference_replacement(match: re.Match[bytes]) -> bytes:
    """A reference to U+FFFD as long as the marker's one it replaces."""
    if match[1]:
        return b"&#" + match[1] + b"fffd".rjust(len(match[2]), b"0")
    return b"&#" + b"65533".rjust(len(match[3]), b"0")


# What the page's bytes need (the flags of _fixups).
_MARKERS = 2
_CONTROLS = 4
_NONCHARACTERS = 8
_REFERENCES = 16


def _fixups(source: bytes) -> int:
    """The flags of what ``source`` needs fixed.

    Every scan goes over the whole page, and most pages need nothing
    fixed: each starts with a test that rules it out in one pass over the
    bytes (``in`` for a single byte), and the regular expression runs only
    when that byte is there.  The control characters are many bytes: each
    is looked for on its own, without copying the page.
    (bench_html.py --instructions measures the whole reader.)
    """
    flags = 0
    if b"\xee" in source and _MARKER_BYTES.search(source):
        flags |= _MARKERS
    if b"&" in source and _SUSPECT_REFERENCES.search(source) is not None:
        flags |= _REFERENCES
    if any(byte in source for byte in _CONTROL_SINGLES):
        flags |= _CONTROLS
    if b"\xef" in source and _NONCHARACTER_BYTES.search(source):
        flags |= _NONCHARACTERS
    return flags


def _inert(source: bytes, reporter: Reporter) -> bytes:
    """``source`` with what would pass for the reader's marks or be refused as text replaced.

    Columns are counted with a decode that cannot fail, whatever the bytes.
    """
    flags = _fixups(source)
    if flags & _MARKERS:
        # The text holds our private-use marker characters: make them inert.
        source = _MARKER_BYTES.sub("\ufffd".encode(), source)
    if flags & _REFERENCES:
        # So do character references to them (of the same length: columns stay).
        source = _MARKER_REFERENCES.sub(_reference_replacement, source)
        reference = _CONTROL_REFERENCES.search(source)
        if reference is not None:
            line = source.count(b"\n", 0, reference.start()) + 1
            start = source.rfind(b"\n", 0, reference.start()) + 1
            column = len(source[start : reference.start()].decode("utf-8", "replace")) + 1
            code = int(reference[1], 16) if reference[1] else int(reference[2])
            reporter.report(
                "control-character",
                f"the page refers to the control character U+{code:04X} "
                f"({reference[0].decode()!r}); it was replaced",
                line,
                column,
            )
            # One character for the reference: later columns on that line
            # shift by the reference's length less one.
            source = _CONTROL_REFERENCES.sub("\ufffd".encode(), source)
    # Neither replacement above makes a control character or a noncharacter.
    if not flags & (_CONTROLS | _NONCHARACTERS):
        return source
    control = _CONTROL_BYTES.search(source)
    if control is None:  # pragma: no cover - the tests above found one
        return source
    # libxml2 keeps them, but they are not text (and lxml refuses them back).
    line = source.count(b"\n", 0, control.start()) + 1
    start = source.rfind(b"\n", 0, control.start()) + 1
    column = len(source[start : control.start()].decode("utf-8", "replace")) + 1
    report_control(reporter, control[0], line, column, where="page")
    # A form feed is whitespace in HTML; anything else becomes U+FFFD.
    return _CONTROL_BYTES.sub(control_replacement, source)


# -- decoding --------------------------------------------------------------------


def _decode(data: str | bytes, reporter: Reporter) -> bytes:
    """The page as UTF-8 bytes for lxml (line breaks kept, so lines match).

    The bytes are always valid UTF-8 (the decoders used never give lone
    surrogates): slices at ASCII characters decode without an error handler.
    """
    if isinstance(data, str):
        if data.startswith("\ufeff"):
            data = data[1:]
        if len(data) > MAX_HTML_BYTES:
            reporter.report("too-large", f"the page is larger than {MAX_HTML_BYTES} characters", 1)
            data = data[:MAX_HTML_BYTES]
        return encode_text(data, reporter)
    if len(data) > MAX_HTML_BYTES:
        reporter.report("too-large", f"the page is larger than {MAX_HTML_BYTES} bytes", 1)
        data = data[:MAX_HTML_BYTES]
    encoding, skip = sniff_bom(data)
    if skip:
        body = data[skip:]
        if encoding == "utf-8":
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return _dammit(body, reporter, declared="utf-8")
            return body
        return body.decode(encoding, "replace").encode()
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    declared = declared.lower() if declared else None
    if declared is None or declared in _UTF8_NAMES:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and error.end == len(data):
                # A page cut inside a character: only its last character is lost.
                line = data.count(b"\n") + 1
                column = len(data[data.rfind(b"\n") + 1 : error.start].decode("utf-8")) + 1
                reporter.report(
                    "undecodable",
                    "the page ends inside a character; it was replaced with U+FFFD",
                    line,
                    column,
                )
                return data[: error.start] + "\ufffd".encode()
            if declared is not None:
                # Declared UTF-8 with some bytes that are not: repair those bytes
                # alone, as the text reader does (it reports the first one).
                return decode_text(data, reporter).encode()
            return _dammit(data, reporter, declared=declared)
        return data
    return _dammit(data, reporter, declared=declared)


def _dammit(data: bytes, reporter: Reporter, *, declared: str | None) -> bytes:
    known = []
    if declared is not None and declared not in _UTF8_NAMES:
        known.append("windows-1252" if declared in _AS_WINDOWS_1252 else declared)
    # Bytes that are not in the declared encoding but are UTF-8 are UTF-8
    # (other text is almost never valid UTF-8).  Undeclared bytes that are not
    # UTF-8 are read as Windows-1252, as browsers read English pages;
    # UnicodeDammit's own guess is the last resort (its detectors take short
    # English pages for Central European encodings).
    dammit = UnicodeDammit(
        data,
        known_definite_encodings=known,
        user_encodings=["utf-8", "windows-1252"] if known else ["windows-1252"],
        is_html=True,
    )
    text: str | None = dammit.unicode_markup
    used = (dammit.original_encoding or "").lower()
    if text is None:
        text, used = data.decode("windows-1252", "replace"), "windows-1252"
    if not known or used not in known:
        # What the bytes are not: the encoding the page declares, else UTF-8.
        what = f"declares {declared!r} but is not in it" if declared else "is not UTF-8"
        reporter.report("encoding", f"the page {what}; it was decoded as {used or 'unknown'}", 1)
    if dammit.contains_replacement_characters:
        reporter.report("undecodable", "some bytes fit no encoding and were replaced", 1)
    return text.encode()


# One parser per thread, made once: an lxml parser is not shared between
# threads.  Its error log is emptied when it starts on a page, so the log
# holds that page's errors alone.
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's HTML parser."""
    parser: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            collect_ids=False,
            # Without it libxml2 stops at 256 levels of nesting, which a
            # listing whose cards each leave a <div> open passes after 250
            # cards; with it, at 2,048 (reported: structure_checks).  The
            # page's size is bounded before it gets here (MAX_HTML_BYTES,
            # Limits), and the HTML parser expands no entities.
            huge_tree=True,
        )
    return parser


def _tree(source: bytes, parser: etree.HTMLParser) -> etree._Element | None:
    try:
        # isspace() stops at the first other byte; strip() would copy the page.
        return None if source.isspace() or not source else etree.fromstring(source, parser)
    except (etree.LxmlError, ValueError):
        # Not seen with libxml2 2.14 (it returns None for a page it cannot
        # read); a reader in tolerant mode must not raise whatever it does.
        return None


def read_tree(
    data: str | bytes, reporter: Reporter
) -> tuple[bytes, etree._Element | None, etree.HTMLParser]:
    """The page as inert UTF-8 bytes, its tree, and the parser (whose log holds its errors).

    Bytes that are UTF-8, as declared or as nothing else is declared, go to
    the parser as they are; anything else is decoded the careful way
    (repaired, or its encoding detected) first.
    """
    source = _inert(_decode(data, reporter), reporter)
    parser = _parser()
    return source, _tree(source, parser), parser
