"""What a fetched body is: its media type, its charset, what it looks like."""

from __future__ import annotations

import codecs

from ._outcomes import Fetched

__all__ = ["html_input", "looks_like", "media_type"]


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type, as written."""
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def _text_codec(charset: str) -> str | None:
    """Python's name for a text encoding, or ``None``.

    ``codecs.lookup`` also knows codecs that are not text encodings
    (``rot13``, ``base64``, ``zip``): decoding bytes with one raises
    LookupError (an empty string would not: it is never decoded).
    """
    try:
        name = codecs.lookup(charset).name
        b"\x00".decode(name, "replace")
    except LookupError:
        return None
    return name


def html_input(fetched: Fetched) -> tuple[str | bytes, str | None]:
    """The page for :func:`parse_html`, decoded when HTTP names a charset.

    Also the charset HTTP names when it is no text encoding: the bytes then
    go to the reader, which reads them as it reads any page (its ``<meta
    charset>``, else UTF-8 or the encoding it detects).
    """
    charset = _charset(fetched.content_type)
    body = fetched.body
    if charset is None:
        return body, None
    codec = _text_codec(charset)
    if codec is None:
        return body, charset
    if codec == "utf-8" or body.startswith(codecs.BOM_UTF8):
        return body, None
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body, None  # a BOM outranks the header (WHATWG); the reader reads it
    return body.decode(codec, "replace"), None


def looks_like(body: bytes, *markers: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return any(marker in head for marker in markers)
