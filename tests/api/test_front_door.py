"""The front door: parse/loads/load/dumps/dump sniffing and streaming."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

import paperledge
from paperledge import Diagnostic, FormatError

from support import HTML_PAGES, SEED_NAMES, seed_bytes

ARCHIVE = b"".join(seed_bytes(name) + b"\n" for name in SEED_NAMES)


def test_parse_sniffs_text_and_json() -> None:
    show = paperledge.parse(seed_bytes(SEED_NAMES[0]))
    assert len(show.episodes) == 8
    assert paperledge.parse(paperledge.dumps(show)) == show
    assert paperledge.parse(paperledge.dumps(show, "text")) == show


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(FormatError, match=r"known formats: .*json.*text"):
        paperledge.dumps(paperledge.Show(), "yaml")


def test_load_and_dump_paths_pick_the_format_from_the_extension(tmp_path: Path) -> None:
    show = paperledge.load_sample()
    paperledge.dump(show, tmp_path / "show.json")
    paperledge.dump(show, tmp_path / "show.txt")
    assert (tmp_path / "show.json").read_text("utf-8").startswith("{")
    assert (tmp_path / "show.txt").read_text("utf-8").startswith("PaperLedge\n")
    assert paperledge.load(tmp_path / "show.json") == show
    assert paperledge.load(tmp_path / "show.txt") == show
    # No temporary files left behind by the atomic write.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["show.json", "show.txt"]


def test_load_and_dump_open_files() -> None:
    show = paperledge.load_sample()
    binary = io.BytesIO()
    paperledge.dump(show, binary, "text")
    binary.seek(0)
    assert paperledge.load(binary) == show
    text = io.StringIO()
    paperledge.dump(show, text)
    text.seek(0)
    assert paperledge.load(text) == show


def test_load_names_the_file_in_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Thursday Oct 02, 2025\nThursday Oct 02, 2025\nCut short", "utf-8")
    show = paperledge.load(path)
    assert [str(d) for d in show.diagnostics] == [
        f"{path}:3:1: truncated: the input ends inside an episode, before its author credit"
    ]


def test_iter_episodes_equals_parse_text(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(ARCHIVE)
    expected = paperledge.parse_text(ARCHIVE).episodes
    assert tuple(paperledge.iter_episodes(path)) == expected
    with path.open("rb") as handle:
        assert tuple(paperledge.iter_episodes(handle)) == expected
    assert tuple(paperledge.iter_episodes(ARCHIVE)) == expected


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 4096])
def test_iter_episodes_is_independent_of_chunk_boundaries(size: int) -> None:
    data = ARCHIVE.replace(b"\n", b"\r\n")
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    assert (
        tuple(paperledge.iter_episodes(chunks, format="text"))
        == paperledge.parse_text(ARCHIVE).episodes
    )


def test_iter_episodes_reports_diagnostics_with_lines() -> None:
    data = "Thursday Oct 02, 2025\nThursday Oct 02, 2025\ntext\n".encode("cp1252") + b"caf\xe9\n"
    found: list[Diagnostic] = []
    episodes = list(paperledge.iter_episodes([data[:30], data[30:]], on_diagnostic=found.append))
    assert episodes[0].description == "text\ncafé"
    assert [(d.code, d.line, d.column) for d in found] == [("encoding", 4, 4), ("truncated", 4, 1)]
    assert [(d.code, d.line) for d in paperledge.parse_text(data).diagnostics] == [
        (d.code, d.line) for d in found
    ]


def test_iter_episodes_is_lazy() -> None:
    def chunks() -> Iterator[bytes]:
        yield seed_bytes(SEED_NAMES[0])
        raise AssertionError("read past the first episode")

    first = next(iter(paperledge.iter_episodes(chunks(), format="text")))
    assert first.description.startswith("Hey PaperLedge crew")


def test_iter_episodes_strict_raises() -> None:
    with pytest.raises(paperledge.ParseError):
        list(paperledge.iter_episodes(b"Thursday Oct 02, 2025\nx\ny", strict=True))


def test_utf16_html_is_sniffed_as_html() -> None:
    page = (HTML_PAGES / "cards_theme_untitled_episodes.html").read_text("utf-8")
    for encoding in ("utf-16", "utf-32"):
        show = paperledge.parse(page.encode(encoding))
        assert show.episodes == paperledge.parse_html(page).episodes
        assert len(show.episodes) == 8


def test_limits_pass_through_the_front_door(tmp_path: Path) -> None:
    small = paperledge.Limits(max_input_bytes=1000, max_episodes=2)
    show = paperledge.parse(seed_bytes(SEED_NAMES[0]), limits=small)
    assert "too-large" in [d.code for d in show.diagnostics]
    path = tmp_path / "page.txt"
    path.write_bytes(seed_bytes(SEED_NAMES[0]))
    few = paperledge.load(path, limits=paperledge.Limits(max_episodes=2))
    assert len(few.episodes) == 2
    with pytest.raises(paperledge.ParseError) as caught:
        paperledge.parse(seed_bytes(SEED_NAMES[0]), "text", strict=True, limits=small)
    assert caught.value.code == "too-large"


def test_load_reads_no_more_than_one_byte_past_the_size_limit() -> None:
    data = seed_bytes(SEED_NAMES[0])

    class Recording(io.BytesIO):
        asked: ClassVar[list[int]] = []

        def read(self, size: int | None = -1, /) -> bytes:
            self.asked.append(-1 if size is None else size)
            return super().read(size)

    source = Recording(data)
    show = paperledge.load(source, limits=paperledge.Limits(max_input_bytes=2000))
    assert source.asked == [2001]
    # Cut after a whole line inside the first episode (line 14 of 2,000 bytes):
    # it is kept, truncated.
    assert [d.code for d in show.diagnostics] == ["too-large", "truncated"]
    assert "larger than the limit of 2,000 bytes" in show.diagnostics[0].message
    # What was read is the start of the page, cut after its last whole line.
    whole = paperledge.parse(data)
    assert show.episodes[0].published == whole.episodes[0].published
    assert show.episodes[0].title == whole.episodes[0].title
    assert len(show.episodes) < len(whole.episodes)


def test_iter_episodes_honours_the_episode_limit_in_streams_and_whole_reads() -> None:
    data = seed_bytes(SEED_NAMES[0])
    limits = paperledge.Limits(max_episodes=3)
    for chunks in ([data], [data[i : i + 100] for i in range(0, len(data), 100)]):
        seen: list[paperledge.Diagnostic] = []
        streamed = list(
            paperledge.iter_episodes(
                chunks, format="text", on_diagnostic=seen.append, limits=limits
            )
        )
        assert streamed == list(paperledge.parse(data).episodes[:3])
        assert [d.code for d in seen] == ["too-large"]
    with pytest.raises(paperledge.ParseError) as caught:
        list(paperledge.iter_episodes([data], format="text", strict=True, limits=limits))
    assert caught.value.code == "too-large"
    # A format read whole (HTML) takes the same limits.
    page = (HTML_PAGES / "cards_theme_untitled_episodes.html").read_bytes()
    seen = []
    episodes = list(
        paperledge.iter_episodes([page], format="html", on_diagnostic=seen.append, limits=limits)
    )
    assert len(episodes) == 3
    assert "too-large" in [d.code for d in seen]


def test_iter_episodes_of_a_format_read_whole_from_chunks() -> None:
    page = (HTML_PAGES / "blog_theme_titled_episodes.html").read_bytes()
    whole = paperledge.parse_html(page)
    chunks = [page[i : i + 1000] for i in range(0, len(page), 1000)]
    assert list(paperledge.iter_episodes(iter(chunks), format="html")) == list(whole.episodes)
    text = page.decode()
    pieces = [text[i : i + 1000] for i in range(0, len(text), 1000)]
    seen: list[paperledge.Diagnostic] = []
    streamed = list(paperledge.iter_episodes(pieces, format="html", on_diagnostic=seen.append))
    assert streamed == list(whole.episodes)
    assert seen == list(whole.diagnostics)
    assert list(paperledge.iter_episodes(io.BytesIO(page), format="html")) == list(whole.episodes)
