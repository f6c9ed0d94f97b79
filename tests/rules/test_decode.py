"""Decoding: the error handler paperledge registers for windows-1252 bytes."""

from __future__ import annotations

import codecs

import pytest

from paperledge._rules.decode import Utf8Replacing


def test_the_windows_1252_handler_only_decodes() -> None:
    with pytest.raises(UnicodeEncodeError):
        "é".encode("ascii", "paperledge-windows-1252")
    assert codecs.lookup_error("paperledge-windows-1252") is not None


def test_utf8_replacing_tells_a_replaced_byte_from_the_character_itself() -> None:
    own = "\ufffd".encode()
    decoder = Utf8Replacing()
    # The character's three bytes in three chunks: text, not a replacement.
    assert "".join(decoder.decode(own[i : i + 1]) for i in range(3)) == "\ufffd"
    assert not decoder.replaced
    assert decoder.decode(b"\xff") == "\ufffd"
    assert decoder.replaced
    cut = Utf8Replacing()
    assert cut.decode(b"\xc3") == ""
    assert not cut.replaced
    assert cut.decode(b"", final=True) == "\ufffd"
    assert cut.replaced


def test_utf8_replacing_takes_off_a_byte_order_mark_and_reports_one_cut_short() -> None:
    whole = Utf8Replacing()
    assert whole.decode(b"\xef\xbb\xbfA", final=True) == "A"
    assert not whole.replaced
    # A mark's three bytes in three chunks, then text.
    parts = Utf8Replacing()
    assert "".join(parts.decode(bytes([b])) for b in b"\xef\xbb\xbfA") == "A"
    assert not parts.replaced
    cut = Utf8Replacing()
    assert cut.decode(b"\xef\xbb", final=True) == "\ufffd"
    assert cut.replaced
