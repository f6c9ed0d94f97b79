"""Hostile CSV: blank rows are skipped, bad and absurd durations are located defects of
their row, a 10 MB cell and big rows stream."""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from paperledge import Episode, Show
from paperledge._formats.csv import COLUMNS, iter_csv_episodes, parse_csv


def test_blank_rows_are_skipped() -> None:
    show = Show(episodes=[Episode(title="a"), Episode(title="b")])
    text = paperledge.dumps(show, "csv").replace("\r\n", "\r\n\r\n", 2)
    read = parse_csv(text)
    assert [e.title for e in read.episodes] == ["a", "b"]
    assert read.diagnostics == ()


def _row_with_duration(cell: str) -> str:
    # published, title, 12 cells, duration_seconds, the rest empty
    cells = ["2025-10-02", "t", *[""] * 12, cell]
    return ",".join(cells + [""] * (len(COLUMNS) - len(cells))) + "\r\n"


def test_bad_and_huge_durations_are_located_and_left_out() -> None:
    header = paperledge.dumps(Show(), "csv")
    for cell in ("1.5x", "1.1234567", "x", "-1"):
        read = parse_csv(header + _row_with_duration(cell))
        assert read.episodes[0].duration is None
        assert [(d.code, d.line) for d in read.diagnostics] == [("csv-structure", 2)]
        assert "duration_seconds" in read.diagnostics[0].message
    for cell in ("9" * 30, "99999999999999", "9" * 5000):
        read = parse_csv(header + _row_with_duration(cell))
        assert read.episodes[0].duration is None
        assert [d.code for d in read.diagnostics] == ["csv-structure"]
    read = parse_csv(header + _row_with_duration("1.25"))
    assert read.episodes[0].duration == dt.timedelta(seconds=1, microseconds=250_000)


@pytest.mark.bigstream
def test_a_10_mb_cell_reads_back() -> None:
    episode = Episode(description="word " * 2_000_000)
    assert parse_csv(paperledge.dumps(Show(episodes=[episode]), "csv")).episodes == (episode,)


@pytest.mark.bigstream
def test_two_megabytes_of_rows_stream_in_small_chunks() -> None:
    episodes = [Episode(title=f"t{i}", description="d" * 1000) for i in range(2000)]
    text = paperledge.dumps(Show(episodes=episodes), "csv")
    assert (
        list(iter_csv_episodes(iter([text[i : i + 777] for i in range(0, len(text), 777)])))
        == episodes
    )


def test_a_long_last_line_without_its_line_end_streams_in_linear_time() -> None:
    # Each character of an unfinished last line once started a new search
    # for a line end: time quadratic in the line's length.
    header = ",".join(COLUMNS)
    title = "x" * 200_000
    row = "," + title  # no day, then the title
    chunks = [header + "\n", row[:100_000], row[100_000:]]
    (episode,) = iter_csv_episodes(chunks)
    assert episode.title == title


def test_a_long_line_in_chunks_each_with_a_lone_surrogate_streams_in_linear_time() -> None:
    # The first lone surrogate is reported; the line's length so far was
    # once summed again for every later chunk: quadratic.
    header = ",".join(COLUMNS)
    chunks = [header + "\n,"] + ["x\ud800"] * N_CHUNKS + ["\n"]
    diagnostics: list[paperledge.Diagnostic] = []
    (episode,) = iter_csv_episodes(chunks, on_diagnostic=diagnostics.append)
    assert episode.title == "x\ufffd" * N_CHUNKS
    # Reported once, where the first one stands (the short row is reported too).
    assert [(d.code, d.line, d.column) for d in diagnostics if d.code != "csv-structure"] == [
        ("undecodable", 2, 3)
    ]


N_CHUNKS = 100_000


def _byte_chunks(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))]


def test_a_replacement_character_in_the_text_is_no_decoding_defect_in_any_chunking() -> None:
    # U+FFFD is three bytes in UTF-8: cut between chunks, it was taken for
    # bytes the decoder had replaced, and strict mode raised.
    show = Show(episodes=[Episode(title="\ufffd", description="a \ufffd b")])
    data = paperledge.dumps(show, "csv").encode()
    for chunks in ([data], _byte_chunks(data)):
        assert tuple(iter_csv_episodes(chunks, strict=True)) == show.episodes
    assert parse_csv(data, strict=True) == show


def test_bytes_that_are_not_utf8_beside_a_replacement_character_are_reported() -> None:
    # The text's own U+FFFD once hid the replaced byte: nothing was reported.
    text = paperledge.dumps(Show(episodes=[Episode(title="\ufffd x")]), "csv")
    data = text.encode().replace(b" x", b" \xff")
    assert [d.code for d in parse_csv(data).diagnostics] == ["undecodable"]
    for chunks in ([data], _byte_chunks(data)):
        diagnostics: list[paperledge.Diagnostic] = []
        (episode,) = iter_csv_episodes(chunks, on_diagnostic=diagnostics.append)
        assert episode.title == "\ufffd \ufffd"
        assert [d.code for d in diagnostics] == ["undecodable"]


def test_a_character_cut_by_the_end_of_the_stream_is_reported() -> None:
    text = paperledge.dumps(Show(episodes=[Episode(title="t")]), "csv")
    data = text.encode() + "é".encode()[:1]
    diagnostics: list[paperledge.Diagnostic] = []
    list(iter_csv_episodes(_byte_chunks(data), on_diagnostic=diagnostics.append))
    assert "undecodable" in [d.code for d in diagnostics]


@pytest.mark.parametrize("cell", ['[""]', '["  "]', '"Ann"', '{"Ann":1}'])
def test_a_creators_cell_that_is_no_list_of_names_is_reported_and_left_empty(cell: str) -> None:
    text = paperledge.dumps(Show(episodes=[Episode(title="T", creators=["A"])]), "csv")
    quoted = '"' + cell.replace('"', '""') + '"'
    read = parse_csv(text.replace('"[""A""]"', quoted))
    (episode,) = read.episodes
    assert (episode.title, episode.creators) == ("T", ())
    assert [d.code for d in read.diagnostics] == ["csv-structure"]


@pytest.mark.parametrize("data", [b"\xef", b"\xef\xbb"])
def test_a_byte_order_mark_cut_short_is_reported(data: bytes) -> None:
    assert [d.code for d in parse_csv(data).diagnostics][:1] == ["undecodable"]
