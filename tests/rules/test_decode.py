"""Decoding: the error handler paperledge registers for windows-1252 bytes."""

from __future__ import annotations

import codecs

import pytest


def test_the_windows_1252_handler_only_decodes() -> None:
    with pytest.raises(UnicodeEncodeError):
        "é".encode("ascii", "paperledge-windows-1252")
    assert codecs.lookup_error("paperledge-windows-1252") is not None
