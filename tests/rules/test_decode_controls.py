"""The control-character rule the text and HTML readers share, and what junk input is."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from paperledge._rules.decode import (
    CONTROL_BYTES,
    CONTROL_CHARACTERS,
    InputProbe,
    has_control,
    replace_controls,
)

# What XML 1.0 allows as text (its Char production), outside the surrogates.
_XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@given(st.characters(blacklist_categories=("Cs",)))
def test_the_control_characters_are_what_xml_refuses(character: str) -> None:
    assert (CONTROL_CHARACTERS.fullmatch(character) is not None) == (
        _XML_CHAR.fullmatch(character) is None
    )


@given(st.text())
def test_text_and_its_utf8_bytes_agree(text: str) -> None:
    encoded = text.encode("utf-8", "surrogatepass")
    assert has_control(text) == (CONTROL_CHARACTERS.search(text) is not None)
    assert has_control(encoded) == has_control(text)
    assert (CONTROL_BYTES.search(encoded) is not None) == has_control(text)


@given(st.text())
def test_replacing_leaves_no_control_and_keeps_the_length(text: str) -> None:
    replaced = replace_controls(text)
    assert not has_control(replaced)
    assert len(replaced) == len(text)
    assert replace_controls("a\x0cb\x00c\uffff") == "a b\ufffdc\ufffd"


def _kind(*chunks: str | bytes) -> str | None:
    probe = InputProbe()
    for chunk in chunks:
        probe.see(chunk)
    return probe.kind


def test_what_junk_input_is() -> None:
    assert _kind() == _kind(b"") == _kind("", b"") == "empty"
    assert _kind(b" \n", "\t", b"\r\n") == "blank"
    assert _kind("\ufeff \n") == _kind("\ufeff".encode() + b"\n") == "blank"
    assert _kind(" \n".encode("utf-16")) == "blank"
    assert _kind(b"\x7fELF\x02\x01\x01\x00") == "binary"
    assert _kind(b"x" * 7999 + b"\x00") == "binary"
    # A NUL far into the input is not looked for: a text with a defect.
    assert _kind(b"x" * 8000, b"\x00") is None
    assert _kind("hello world") is None
    assert _kind(" " * 100_000, "x") is None
