"""The control bytes a page must not hand to lxml are found as a regular expression finds them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import paperledge._formats.html.decoding as _decoding

_CONTROL = re.compile(b"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]")


@given(st.binary(max_size=40))
def test_control_bytes_found_as_the_pattern_finds_them(data: bytes) -> None:
    found = bool(_decoding._fixups(data) & _decoding._CONTROLS)
    assert found == (_CONTROL.search(data) is not None)
