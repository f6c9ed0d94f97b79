"""Control characters in a text dump: the first reported where it stands, all replaced.

The rule is the HTML reader's (paperledge._rules.decode): a form feed becomes a
space, any other control character or noncharacter U+FFFD.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError

from support import SEED_NAMES, seed_bytes

PAGE = seed_bytes(SEED_NAMES[0])
# A line of the first episode's text, and where it is.
LINE = next(
    number
    for number, line in enumerate(PAGE.split(b"\n"), 1)
    if line.startswith(b"Hey PaperLedge crew")
)


def _damaged(control: bytes, column: int = 4) -> bytes:
    lines = PAGE.split(b"\n")
    line = lines[LINE - 1]
    lines[LINE - 1] = line[: column - 1] + control + line[column - 1 :]
    return b"\n".join(lines)


@pytest.mark.parametrize("control", [b"\x00", b"\x01", b"\x0b", b"\x1f", "\ufffe".encode()])
def test_a_control_character_is_reported_where_it_stands_and_replaced(control: bytes) -> None:
    show = paperledge.parse_text(_damaged(control))
    (diagnostic,) = show.diagnostics
    character = control.decode("utf-8")
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("control-character", LINE, 4)
    assert diagnostic.message == (
        f"the text holds the control character {character!r}; it was replaced"
    )
    clean = paperledge.parse_text(PAGE)
    assert show.episodes[0].description == clean.episodes[0].description.replace(
        "Hey", "Hey\ufffd", 1
    )
    assert show.episodes[1:] == clean.episodes[1:]


def test_a_form_feed_is_a_space_as_in_html() -> None:
    show = paperledge.parse_text(_damaged(b"\x0c"))
    assert [d.code for d in show.diagnostics] == ["control-character"]
    assert show.episodes[0].description.startswith("Hey  PaperLedge crew")


def test_the_wording_is_the_html_readers() -> None:
    html = paperledge.parse_html(b"<p>Hi\x01</p>").diagnostics[0]
    text = paperledge.parse_text(b"Hi\x01").diagnostics[0]
    assert html.message == "the page holds the control character b'\\x01'; it was replaced"
    assert text.message == "the text holds the control character '\\x01'; it was replaced"


def test_only_the_first_is_reported_and_strict_raises_at_it() -> None:
    data = _damaged(b"\x02", column=10).replace(b"Credit to", b"Credit\x03 to", 1)
    show = paperledge.parse_text(data)
    assert [(d.code, d.line, d.column) for d in show.diagnostics] == [
        ("control-character", LINE, 10),
        # The damaged credit is no credit: the text runs into the next episode.
        *[(d.code, d.line, d.column) for d in show.diagnostics[1:]],
    ]
    assert [d.code for d in show.diagnostics].count("control-character") == 1
    with pytest.raises(ParseError) as caught:
        paperledge.parse_text(data, strict=True)
    assert (caught.value.code, caught.value.line, caught.value.column) == (
        "control-character",
        LINE,
        10,
    )


def test_utf16_and_str_inputs_are_checked_too() -> None:
    text = _damaged(b"\x07").decode("utf-8")
    for data in (text, text.encode("utf-16")):
        (diagnostic,) = paperledge.parse_text(data).diagnostics
        assert (diagnostic.code, diagnostic.line, diagnostic.column) == (
            "control-character",
            LINE,
            4,
        )


def _assert_streamed_as_whole(data: bytes, size: int) -> None:
    """Read in chunks of ``size`` bytes, ``data`` gives what the whole read gives."""
    whole = paperledge.parse_text(data)
    seen: list[paperledge.Diagnostic] = []
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    streamed = list(paperledge.iter_episodes(chunks, format="text", on_diagnostic=seen.append))
    assert streamed == list(whole.episodes)
    assert seen == list(whole.diagnostics)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64, 4096])
def test_streamed_in_any_chunks_it_is_the_same(size: int) -> None:
    for control in (b"\x00", "\ufffe".encode(), b"\x0c"):
        _assert_streamed_as_whole(_damaged(control).replace(b"\n", b"\r\n"), size)


@given(
    st.lists(
        st.sampled_from(["x", "\x00", "\x0c", "\ufffe", "\r", "\n", "é", "\r\n"]), max_size=40
    ),
    st.integers(min_value=1, max_value=7),
)
def test_stream_and_whole_read_agree_on_control_characters(pieces: list[str], size: int) -> None:
    data = ("Thursday Oct 02, 2025\nThursday Oct 02, 2025\n" + "".join(pieces)).encode()
    _assert_streamed_as_whole(data, size)
