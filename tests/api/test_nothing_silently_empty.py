"""Nothing is silently empty: a source with no episode says so, and says what it is."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import Diagnostic, ParseError, Show

from support import SEED_NAMES, seed_bytes

# paperledge's own JSON is exact: anything that is not a show raises, in either
# mode, and a show in it with no episode is what the document says.
READERS = [fmt for fmt in paperledge.formats() if fmt.can_read and fmt.name != "json"]


def _no_episodes(show: Show) -> list[str]:
    return [d.message for d in show.diagnostics if d.code == "no-episodes"]


def _empty_document(fmt: paperledge.Format) -> str:
    # A show with no episode, as that format writes it when it can; else a
    # document of the format that holds none.
    return fmt.writer(Show(title="PaperLedge")) if fmt.writer else "<html><p>Hello</p></html>"


@pytest.mark.parametrize("fmt", READERS, ids=lambda f: f.name)
def test_every_reader_reports_a_source_with_no_episode(fmt: paperledge.Format) -> None:
    data = _empty_document(fmt)
    show = paperledge.parse(data, fmt.name)
    assert show.episodes == ()
    assert len(_no_episodes(show)) == 1
    with pytest.raises(ParseError) as caught:
        paperledge.parse(data, fmt.name, strict=True)
    assert caught.value.code == "no-episodes"


@pytest.mark.parametrize("fmt", READERS, ids=lambda f: f.name)
@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        ("", "empty"),
        (b"   \n\n", "whitespace"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x03\x00>\x00", "binary"),
    ],
)
def test_junk_is_reported_as_what_it_is(
    fmt: paperledge.Format, data: str | bytes, words: str
) -> None:
    show = paperledge.parse(data, fmt.name)
    assert show.episodes == ()
    (message,) = _no_episodes(show)
    if fmt.name != "html":  # the HTML reader words its own: "the page holds no HTML"
        assert words in message


@pytest.mark.parametrize("fmt", READERS, ids=lambda f: f.name)
def test_every_reader_streamed_reports_a_source_with_no_episode(fmt: paperledge.Format) -> None:
    seen: list[Diagnostic] = []
    assert list(paperledge.iter_episodes([b""], format=fmt.name, on_diagnostic=seen.append)) == []
    assert [d.code for d in seen].count("no-episodes") == 1
    data = _empty_document(fmt).encode("utf-8")
    with pytest.raises(ParseError) as caught:
        list(paperledge.iter_episodes([data], format=fmt.name, strict=True))
    assert caught.value.code == "no-episodes"


def test_the_issues_cases(tmp_path: Path) -> None:
    show = paperledge.parse("hello world")
    assert _no_episodes(show) == [
        "the text holds no episode (an episode opens with a date line such as "
        "'Thursday Oct 02, 2025')"
    ]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    (diagnostic,) = paperledge.load(empty).diagnostics
    assert str(diagnostic) == f"{empty}:1:1: no-episodes: the input is empty"


def test_a_program_file_is_binary() -> None:
    program = Path(shutil.which("ls") or sys.executable)
    show = paperledge.load(program)
    assert show.episodes == ()
    assert _no_episodes(show) == ["the input is binary data (it holds NUL bytes), not text"]
    assert all(d.source == str(program) for d in show.diagnostics)


def test_parse_many_reports_the_empty_file_by_name(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    (tmp_path / "empty.txt").write_bytes(b"")
    show = paperledge.parse_many(tmp_path, workers=1)
    assert len(show.episodes) == 8
    assert [(d.code, d.source) for d in show.diagnostics] == [
        ("no-episodes", str(tmp_path / "empty.txt"))
    ]


def test_a_source_with_episodes_has_no_such_diagnostic() -> None:
    for fmt in READERS:
        if fmt.writer is None:
            continue
        data = fmt.writer(paperledge.parse_text(seed_bytes(SEED_NAMES[0])))
        assert _no_episodes(paperledge.parse(data, fmt.name)) == [], fmt.name
        seen: list[Diagnostic] = []
        assert list(paperledge.iter_episodes([data], format=fmt.name, on_diagnostic=seen.append))
        assert [d for d in seen if d.code == "no-episodes"] == [], fmt.name


@given(st.binary(max_size=200) | st.text(max_size=200))
def test_parse_never_yields_an_empty_show_without_saying_so(data: str | bytes) -> None:
    try:
        show = paperledge.parse(data)
    except ParseError:
        return  # paperledge JSON that is not a show: said loudly
    assert show.episodes or _no_episodes(show)


def test_paperledge_json_raises_for_junk_and_keeps_an_empty_show_as_written() -> None:
    for junk in (b"", b"   \n", b"\x7fELF\x00\x00", "hello world"):
        with pytest.raises(ParseError):
            paperledge.parse(junk, "json")
    text = paperledge.dumps(Show(title="PaperLedge"))
    again = paperledge.parse(text)
    assert again.diagnostics == ()
    assert paperledge.dumps(again) == text
