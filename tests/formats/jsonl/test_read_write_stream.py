"""JSON Lines: writing, reading, streaming and bad lines (issue 4, part 2)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperledge
from paperledge import Author, Episode, ParseError, Show
from paperledge._formats.jsonl import iter_jsonl_episodes, parse_jsonl, write_jsonl

from strategies import shows
from support import SEED_NAMES, seed_bytes


def _lines(text: str) -> list[str]:
    assert text.endswith("\n")
    return text[:-1].split("\n")


def test_one_line_per_episode_with_the_json_layout(page_002: Show) -> None:
    out = paperledge.dumps(page_002, "jsonl")
    lines = _lines(out)
    assert len(lines) == 8
    document = json.loads(paperledge.dumps(page_002, "json"))
    for line, expected in zip(lines, document["episodes"], strict=True):
        record = json.loads(line)
        # The same keys in the same order, and the same values, as an episode
        # of paperledge JSON.
        assert list(record) == list(expected)
        assert record == expected
    first = json.loads(lines[0])
    assert first["published"] == "2025-03-16"
    assert first["category"] == "Computation and Language"
    assert first["paper_title"] == "LoRA Low-Rank Adaptation of Large Language Models"
    assert first["authors"][0] == {"name": "Edward J. Hu", "is_group": False}
    assert first["duration"] is None


def test_an_empty_show_is_an_empty_document() -> None:
    assert write_jsonl(Show(title="PaperLedge")) == ""
    assert parse_jsonl("") == Show()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_round_trip(name: str) -> None:
    show = paperledge.parse_text(seed_bytes(name), strict=True)
    back = paperledge.parse(paperledge.dumps(show, "jsonl"), "jsonl", strict=True)
    # The show's own fields are not carried; the episodes are, exactly.
    assert back == Show(episodes=show.episodes)
    assert back.title is None


def test_sniffed_without_a_format_name(page_003: Show) -> None:
    out = paperledge.dumps(page_003, "jsonl")
    assert paperledge.parse(out).episodes == page_003.episodes
    assert paperledge.parse(out.encode()).episodes == page_003.episodes


def test_full_fields_round_trip() -> None:
    episode = Episode(
        published=dt.date(2025, 10, 2),
        title="Robotics - Walking",
        description='line one\n  an item\n"A quote."',
        authors=(Author(name="DeepSeek-AI", is_group=True), Author(name="Zalán Borsos")),
        url="https://paperledge.podbean.com/e/walking/",
        guid="paperledge-123",
        published_at=dt.datetime(2025, 10, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        audio_url="https://mcdn.podbean.com/mf/web/abc/walking.mp3",
        audio_type="audio/mpeg",
        audio_length=5_952_000,
        duration=dt.timedelta(minutes=6, seconds=12),
        image_url="https://pbcdn1.podbean.com/imglogo/x.jpg",
    )
    out = write_jsonl(Show(episodes=[episode]))
    record = json.loads(out)
    assert record["duration"] == "PT6M12S"
    assert record["published_at"] == "2025-10-02T09:30:00-04:00"
    assert record["audio_length"] == 5952000
    assert parse_jsonl(out, strict=True).episodes == (episode,)


def test_unicode_line_separators_are_escaped() -> None:
    # JSON allows U+2028 raw, but str.splitlines() would cut the record there.
    episode = Episode(title="a\u2028b\u2029c\x85d", description="x\ny\r\nz")
    out = write_jsonl(Show(episodes=[episode, episode]))
    assert len(out.splitlines()) == 2
    assert "\u2028" not in out
    assert "\\u2028" in out
    assert parse_jsonl(out, strict=True).episodes == (episode, episode)


def test_crlf_blank_lines_and_bom_are_read() -> None:
    a = Episode(title="A")
    b = Episode(title="B")
    lines = _lines(write_jsonl(Show(episodes=[a, b])))
    data = "\ufeff" + lines[0] + "\r\n\r\n   \n" + lines[1] + "\r\n\n"
    assert parse_jsonl(data, strict=True).episodes == (a, b)
    assert parse_jsonl(data.encode("utf-8"), strict=True).episodes == (a, b)


def _damaged() -> str:
    good = _lines(write_jsonl(Show(episodes=[Episode(title="one"), Episode(title="two")])))
    return "\n".join(
        [
            good[0],
            '{"title": "unfinished',  # line 2: not JSON
            "[1, 2]",  # line 3: JSON, not an episode
            '{"title": 5}',  # line 4: wrong type
            '{"published": "2025-02-30"}',  # line 5: no such day
            '{"colour": "red"}',  # line 6: unknown key
            good[1],
        ]
    )


def test_strict_reader_raises_at_the_first_bad_line() -> None:
    with pytest.raises(ParseError) as caught:
        parse_jsonl(_damaged(), strict=True)
    assert caught.value.code == "json-syntax"
    assert caught.value.line == 2


# -- streaming ---------------------------------------------------------------


def _chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 7, 4096, 1 << 20])
def test_streaming_in_chunks_gives_the_same_episodes(page_000: Show, size: int) -> None:
    data = paperledge.dumps(page_000, "jsonl").encode()
    streamed = list(paperledge.iter_episodes(_chunked(data, size), format="jsonl", strict=True))
    assert streamed == list(page_000.episodes)


def test_streaming_is_lazy(page_000: Show) -> None:
    lines = paperledge.dumps(page_000, "jsonl").splitlines(keepends=True)
    consumed = 0

    def chunks():  # type: ignore[no-untyped-def]
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line

    stream = iter_jsonl_episodes(chunks())
    first = next(stream)
    assert first == page_000.episodes[0]
    # One line was read to get the first episode, plus the next chunk at most.
    assert consumed <= 2


def test_streaming_a_path_sniffs_by_extension(tmp_path: Path, page_002: Show) -> None:
    path = tmp_path / "archive.ndjson"
    paperledge.dump(page_002, path)
    assert path.read_text("utf-8").count("\n") == 8
    assert list(paperledge.iter_episodes(path)) == list(page_002.episodes)
    assert paperledge.load(path).episodes == page_002.episodes


def test_streaming_reports_bad_lines() -> None:
    seen: list[paperledge.Diagnostic] = []
    episodes = list(
        paperledge.iter_episodes([_damaged()], format="jsonl", on_diagnostic=seen.append)
    )
    assert [e.title for e in episodes] == ["one", "two"]
    assert [d.line for d in seen] == [2, 3, 4, 5, 6]
    with pytest.raises(ParseError):
        list(paperledge.iter_episodes([_damaged()], format="jsonl", strict=True))


def test_mixed_text_and_byte_chunks() -> None:
    episodes = [Episode(title="Zalán’s paper"), Episode(title="two")]
    data = write_jsonl(Show(episodes=episodes))
    raw = data.encode()
    split = raw.index("’".encode()) + 1  # inside a multi-byte character
    rest = split + 2  # the end of that character
    chunks: list[str | bytes] = [raw[:split], raw[split:rest], raw[rest:].decode()]
    assert list(iter_jsonl_episodes(chunks, strict=True)) == episodes


# -- properties ----------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(shows)
def test_round_trip_property(show: Show) -> None:
    back = parse_jsonl(write_jsonl(show), strict=True)
    assert back == attrs.evolve(Show(), episodes=show.episodes)


@settings(max_examples=60, deadline=None)
@given(shows, st.integers(min_value=1, max_value=64))
def test_streaming_matches_reading_property(show: Show, size: int) -> None:
    data = write_jsonl(show).encode()
    assert list(iter_jsonl_episodes(_chunked(data, size), strict=True)) == list(show.episodes)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.binary())
def test_tolerant_reader_never_raises(data: str | bytes) -> None:
    show = parse_jsonl(data)
    assert all(d.code in ("json-syntax", "json-schema") for d in show.diagnostics)
    list(iter_jsonl_episodes([data]))


_records = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
_keys = st.sampled_from(
    [
        "published",
        "title",
        "description",
        "authors",
        "url",
        "guid",
        "published_at",
        "audio_url",
        "audio_type",
        "audio_length",
        "duration",
        "image_url",
        "category",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(_keys, _records, max_size=5), max_size=4))
def test_tolerant_reader_never_raises_on_json_objects(records: list[dict[str, object]]) -> None:
    # Valid JSON that is almost an episode reaches the schema checks.
    data = "\n".join(json.dumps(r) for r in records)
    show = parse_jsonl(data)
    assert len(show.episodes) + len(show.diagnostics) == len(records)
