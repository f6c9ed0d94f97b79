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
"""

from __future__ import annotations

import codecs

from .._diagnostics import Reporter

__all__ = ["StreamDecoder", "decode_text", "sniff_bom"]

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
        return data[1:] if data.startswith("\ufeff") else data
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
