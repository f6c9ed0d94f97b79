"""Bytes to text for the line-based formats (text dumps, JSON, JSON Lines).

UTF-8 is the rule; a byte-order mark picks UTF-16 or UTF-32; and bytes that
are not UTF-8 are read as Windows-1252, the usual other encoding of saved
pages, one undecodable byte at a time (as browsers treat such text).

Why a codec error handler rather than ``bs4.UnicodeDammit`` here:
UnicodeDammit picks one encoding for a whole document, in memory.  Dumps are
streamed in chunks (:func:`paperledge.iter_episodes`) and are often made by
concatenating pages saved by different tools, so one file can mix UTF-8 with
Windows-1252.  A decode error handler repairs exactly the bytes that are not
UTF-8, works chunk by chunk with Python's incremental decoder, and leaves
valid UTF-8 on the C fast path.  HTML, where ``<meta charset>`` and friends
matter, goes through UnicodeDammit (see the HTML reader).

Two more rules about what bytes are, shared by the readers: the control
characters that are not text (:func:`has_control`, :func:`report_control`,
:func:`replace_controls`; the text and HTML readers report the first and
replace them all), lone surrogates in text given as ``str``
(:func:`without_surrogates`, :func:`encode_text`: every reader reports the
first and replaces them all), and what an input that holds no document at all is
(:class:`InputProbe`: empty, blank or binary), which the ``no-episodes``
diagnostic names.
"""

from __future__ import annotations

import codecs
import re

from .._diagnostics import Reporter
from .lines import split_lines

__all__ = [
    "CONTROL_BYTES",
    "CONTROL_CHARACTERS",
    "CONTROL_SINGLES",
    "NONCHARACTER_BYTES",
    "InputProbe",
    "StreamDecoder",
    "Utf8Replacing",
    "control_replacement",
    "decode_text",
    "encode_text",
    "has_control",
    "has_surrogate",
    "no_episodes_message",
    "replace_controls",
    "report_control",
    "sniff_bom",
    "without_surrogates",
]

_ERRORS = "paperledge-windows-1252"


def _windows_1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    # Five bytes are undefined in Windows-1252; WHATWG maps them to the C1
    # controls of the same number, which is what latin-1 does.
    text = "".join(
        bytes((byte,)).decode("cp1252", "strict")
        if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(byte)
        for byte in chunk
    )
    return text, error.end


codecs.register_error(_ERRORS, _windows_1252)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_bom(data: bytes) -> tuple[str, int]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return "utf-8", 0


def _locate(data: bytes, offset: int, newlines_before: int = 0) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = newlines_before + data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _report_encoding(
    reporter: Reporter, data: bytes, offset: int, newlines_before: int = 0
) -> None:
    line, column = _locate(data, offset, newlines_before)
    what = f"byte 0x{data[offset]:02x}" if offset < len(data) else "a byte"
    reporter.report(
        "encoding",
        f"{what} is not UTF-8; such bytes are read as Windows-1252",
        line,
        column,
    )


def decode_text(data: str | bytes, reporter: Reporter) -> str:
    """Decode a whole document; report the first byte that is not UTF-8."""
    if isinstance(data, str):
        return without_surrogates(data[1:] if data.startswith("\ufeff") else data, reporter)
    encoding, skip = sniff_bom(data)
    if encoding != "utf-8":
        try:
            return data[skip:].decode(encoding)
        except UnicodeDecodeError as error:
            reporter.report(
                "undecodable",
                f"the input says it is {encoding.upper()} (by its byte-order mark), but "
                f"bytes {error.start + skip} to {error.end + skip} are not; they were "
                "replaced with U+FFFD",
                1,
            )
            return data[skip:].decode(encoding, "replace")
    body = data[skip:] if skip else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        _report_encoding(reporter, body, error.start)
        return body.decode("utf-8", _ERRORS)


# What U+FFFD is in UTF-8: a document may hold the character itself.
_REPLACEMENT_BYTES = "\ufffd".encode()


class Utf8Replacing:
    """UTF-8 decoding, whole or in chunks, that replaces bytes that are not
    UTF-8 with U+FFFD and tells whether it did (:attr:`replaced`).

    A U+FFFD the bytes themselves encode is text, not a replacement, also
    when its three bytes arrive in different chunks: the decoder has replaced
    bytes exactly when its text holds more U+FFFD than its bytes encode.
    """

    __slots__ = ("_decoded", "_decoder", "_encoded", "_started", "_tail")

    def __init__(self) -> None:
        # Plain UTF-8, the byte-order mark taken off by hand: "utf-8-sig"
        # drops the first bytes of one cut short at the end ("\xef\xbb")
        # without a replacement.
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._started = False
        self._decoded = 0
        self._encoded = 0
        # The last two bytes seen: the start of a U+FFFD cut by a chunk's end.
        self._tail = b""

    def decode(self, chunk: bytes, *, final: bool = False) -> str:
        """Text for ``chunk``; keeps an incomplete character for the next call."""
        text = self._decoder.decode(chunk, final)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        seen = self._tail + chunk
        # Three bytes never fit in the two kept: each is counted once.
        self._encoded += seen.count(_REPLACEMENT_BYTES)
        self._tail = seen[-2:]
        self._decoded += text.count("\ufffd")
        return text

    @property
    def replaced(self) -> bool:
        """Whether some bytes so far were not UTF-8 (and became U+FFFD)."""
        return self._decoded > self._encoded


class StreamDecoder:
    """Decode a document that arrives in chunks, as :func:`decode_text` would."""

    __slots__ = ("_decoder", "_newlines", "_pending", "_reported", "_reporter")

    def __init__(self, reporter: Reporter) -> None:
        self._reporter = reporter
        self._decoder: codecs.IncrementalDecoder | None = None
        self._reported = False
        self._newlines = 0
        self._pending = b""

    def decode(self, chunk: bytes, *, final: bool = False) -> str:
        """Text for ``chunk``; keeps an incomplete character for the next call."""
        if self._decoder is None:
            # Wait for enough bytes to see a byte-order mark.
            self._pending += chunk
            if len(self._pending) < 4 and not final:
                return ""
            chunk, self._pending = self._pending, b""
            encoding, skip = sniff_bom(chunk)
            chunk = chunk[skip:]
            errors = _ERRORS if encoding == "utf-8" else "replace"
            self._decoder = codecs.getincrementaldecoder(encoding)(errors)
        if not self._reported and self._decoder.errors == _ERRORS:
            carried = self._decoder.getstate()[0]
            try:
                (carried + chunk).decode("utf-8")
            except UnicodeDecodeError as error:
                # A character cut at the chunk's end is not an error yet.
                if not (error.reason == "unexpected end of data" and not final):
                    self._reported = True
                    offset = max(error.start - len(carried), 0)
                    _report_encoding(self._reporter, chunk, offset, self._newlines)
        self._newlines += chunk.count(b"\n")
        return self._decoder.decode(chunk, final)


# -- control characters ----------------------------------------------------------

# The characters that are not text: the C0 controls but tab, LF and CR, and the
# noncharacters U+FFFE and U+FFFF (what XML, and so lxml, does not allow).
_CONTROL_CODES = (*range(9), 11, 12, *range(14, 32))
#: The control characters, as text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The same characters as UTF-8 bytes.
CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
#: The single-byte ones, each looked for on its own: ``in`` for one byte is a
#: memchr over the input, with no copy of it.
CONTROL_SINGLES = tuple(bytes((code,)) for code in _CONTROL_CODES)
#: The noncharacters U+FFFE and U+FFFF as UTF-8 bytes.
NONCHARACTER_BYTES = re.compile(b"\xef\xbf[\xbe\xbf]")
_CHARACTER_SINGLES = (*(chr(code) for code in _CONTROL_CODES), "\ufffe", "\uffff")


def has_control(data: str | bytes) -> bool:
    """Whether ``data`` (text, or UTF-8 bytes) holds a control character.

    Most inputs hold none: each character is looked for on its own (a memchr
    for bytes), and the regular expression is left for the rare input that
    holds one.
    """
    if isinstance(data, bytes):
        return any(byte in data for byte in CONTROL_SINGLES) or (
            b"\xef\xbf" in data and NONCHARACTER_BYTES.search(data) is not None
        )
    return any(character in data for character in _CHARACTER_SINGLES)


def control_replacement(match: re.Match[bytes]) -> bytes:
    """What a control character found by :data:`CONTROL_BYTES` becomes.

    A form feed is whitespace (in HTML, and a page break in text): a space.
    Anything else becomes U+FFFD.
    """
    return b" " if match[0] == b"\x0c" else "\ufffd".encode()


def _character_replacement(match: re.Match[str]) -> str:
    return " " if match[0] == "\x0c" else "\ufffd"


def replace_controls(text: str) -> str:
    """``text`` with each control character replaced as :func:`control_replacement` does."""
    return CONTROL_CHARACTERS.sub(_character_replacement, text)


def report_control(
    reporter: Reporter, found: str | bytes, line: int, column: int, *, where: str
) -> None:
    """Report the control character ``found`` (the first of ``where``: "page", "text")."""
    reporter.report(
        "control-character",
        f"the {where} holds the control character {found!r}; it was replaced",
        line,
        column,
    )


# -- lone surrogates ---------------------------------------------------------------

# Half of a UTF-16 pair on its own.  A Python str can hold one (made with
# "surrogateescape", or read from a JSON "\ud83d" escape), but it is no
# character and no encoding can write it: every writer would fail on it.
_SURROGATES = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate."""
    return not text.isascii() and _SURROGATES.search(text) is not None


def without_surrogates(
    text: str,
    reporter: Reporter,
    *,
    lines_before: int = 0,
    columns_before: int = 0,
    report: bool = True,
) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; the first one reported if ``report``.

    For a stream read in pieces, ``lines_before`` is the number of lines of
    the input before ``text``, and ``columns_before`` the number of
    characters of its line before ``text`` starts.
    """
    found = None if text.isascii() else _SURROGATES.search(text)
    if found is None:
        return text
    if not report:
        return _SURROGATES.sub("\ufffd", text)
    above = split_lines(text[: found.start()])
    reporter.report(
        "undecodable",
        f"the text holds a lone surrogate, U+{ord(found[0]):04X} (half of a UTF-16 pair, "
        "which no encoding can write); each one was replaced with U+FFFD",
        lines_before + len(above),
        len(above[-1]) + 1 + (columns_before if len(above) == 1 else 0),
    )
    return _SURROGATES.sub("\ufffd", text)


def encode_text(text: str, reporter: Reporter, *, lines_before: int = 0) -> bytes:
    """``text`` as UTF-8 for a parser that reads bytes, lone surrogates reported and replaced."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return without_surrogates(text, reporter, lines_before=lines_before).encode("utf-8")


# -- inputs that hold no document ------------------------------------------------

# As git tells a binary file: a NUL among its first 8,000 characters.
_BINARY_PROBE = 8000


class InputProbe:
    """What an input that holds no episode is: empty, blank, binary, or none of these.

    Fed the input (whole, or chunk by chunk as it is read) with :meth:`see`;
    it keeps the first few KiB and whether everything so far was whitespace,
    so it costs next to nothing on a large input.
    """

    __slots__ = ("_blank", "_head", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._blank = True
        self._head = ""

    def see(self, chunk: str | bytes) -> None:
        """Take note of the next ``chunk`` of the input (text, or raw bytes)."""
        if not chunk:
            return
        first = self._size == 0
        self._size += len(chunk)
        wanted = _BINARY_PROBE - len(self._head)
        if wanted <= 0 and not self._blank:
            return
        if isinstance(chunk, bytes):
            encoding, skip = sniff_bom(chunk) if first else ("utf-8", 0)
            # The whole chunk only while it may all be whitespace.
            end = None if self._blank else skip + 4 * wanted
            chunk = chunk[skip:end].decode(encoding, "replace")
        elif first and chunk.startswith("\ufeff"):
            chunk = chunk[1:]
        if wanted > 0:
            self._head += chunk[:wanted]
        # isspace() stops at the first other character; strip() would copy.
        if self._blank and chunk and not chunk.isspace():
            self._blank = False

    @property
    def kind(self) -> str | None:
        """``"empty"``, ``"blank"``, ``"binary"``, or None for an input with text."""
        if self._size == 0:
            return "empty"
        if "\x00" in self._head:
            return "binary"
        if self._blank:
            return "blank"
        return None


_KINDS = {
    "empty": "the input is empty",
    "blank": "the input holds nothing but whitespace",
    "binary": "the input is binary data (it holds NUL bytes), not text",
}


def no_episodes_message(probe: InputProbe, otherwise: str) -> str:
    """The message of a ``no-episodes`` diagnostic: what the input is, else ``otherwise``."""
    kind = probe.kind
    return _KINDS[kind] if kind is not None else otherwise
