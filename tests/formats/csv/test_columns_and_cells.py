"""CSV: the documented columns, formula neutralising, and reading back (issue 4, part 2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperledge
from paperledge import Author, Episode, Show
from paperledge._formats.csv import _row, iter_csv_episodes, parse_csv, write_csv

from strategies import dates, durations, enclosures, linked_files, moments, optional, persons, urls
from support import SEED_NAMES, seed_bytes

HEADER = (
    "published,title,category,arxiv_code,paper_title,authors,group_authors,description,"
    "url,guid,published_at,audio_url,audio_type,audio_length,duration_seconds,image_url,"
    # version 2 of the model: the general podcast fields
    "subtitle,episode_type,number,season,explicit,persons,other_enclosures,chapters,transcripts,"
    # version 3: the linked arXiv paper
    "arxiv_id,arxiv_version,arxiv_title,arxiv_authors,arxiv_group_authors,"
    "arxiv_primary_category,arxiv_published,arxiv_abstract_url,arxiv_pdf_url,"
    "arxiv_matched_by,arxiv_score,creators"
)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_is_the_documented_one() -> None:
    assert paperledge.dumps(Show(), "csv") == HEADER + "\r\n"


def test_seed_rows(page_002: Show) -> None:
    out = paperledge.dumps(page_002, "csv")
    rows = _rows(out)
    assert len(rows) == 8
    lora = rows[0]
    assert lora["published"] == "2025-03-16"
    assert lora["title"] == (
        "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models"
    )
    assert lora["category"] == "Computation and Language"
    assert lora["arxiv_code"] == "cs.CL"
    assert lora["paper_title"] == "LoRA Low-Rank Adaptation of Large Language Models"
    assert lora["authors"] == (
        "Edward J. Hu; Yelong Shen; Phillip Wallis; Zeyuan Allen-Zhu; Yuanzhi Li; "
        "Shean Wang; Lu Wang; Weizhu Chen"
    )
    assert lora["group_authors"] == ""
    # The text keeps its line breaks inside the quoted cell.
    assert lora["description"].startswith("Hey everyone, Ernis here, and welcome back")
    assert "\nThink of it this way:" in lora["description"]
    assert lora["description"] == page_002.episodes[0].description
    assert lora["url"] == lora["duration_seconds"] == lora["audio_length"] == ""
    assert rows[1]["arxiv_code"] == "cs.LG"
    untitled = rows[2]
    assert untitled["title"] == untitled["category"] == untitled["arxiv_code"] == ""


def test_group_authors_column(page_003: Show) -> None:
    row = _rows(paperledge.dumps(page_003, "csv"))[-1]
    assert row["authors"].startswith("DeepSeek-AI; Xiao Bi; Deli Chen; ")
    assert row["group_authors"] == "DeepSeek-AI"


def test_numbers_and_moments() -> None:
    episode = Episode(
        published_at=dt.datetime(2025, 10, 2, 9, 30, tzinfo=dt.timezone.utc),
        audio_length=5_952_000,
        duration=dt.timedelta(minutes=6, seconds=12, microseconds=500_000),
    )
    row = _rows(write_csv(Show(episodes=[episode])))[0]
    assert row["published_at"] == "2025-10-02T09:30:00+00:00"
    assert row["audio_length"] == "5952000"
    assert row["duration_seconds"] == "372.5"
    assert (
        _rows(write_csv(Show(episodes=[Episode(duration=dt.timedelta(hours=1))])))[0][
            "duration_seconds"
        ]
        == "3600"
    )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-0.01 CMOS", "'-0.01 CMOS"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tstarts with a tab", "'\tstarts with a tab"),
        ("\rstarts with a CR", "'\rstarts with a CR"),
        ("＝1+1", "'＝1+1"),
        ("'Tis a title", "''Tis a title"),
        ("Plain - title", "Plain - title"),
        ("x=1", "x=1"),
    ],
)
def test_formula_cells_are_neutralised(value: str, cell: str) -> None:
    episode = Episode(title=value, description=value, guid=value)
    row = _rows(write_csv(Show(episodes=[episode])))[0]
    assert row["title"] == cell
    assert row["description"] == cell
    assert row["guid"] == cell
    # And paperledge reads the value back as it was.
    assert parse_csv(write_csv(Show(episodes=[episode])), strict=True).episodes == (episode,)


def test_no_cell_of_a_hostile_row_starts_a_formula() -> None:
    episode = Episode(
        title="-Robotics - =cmd|'/c calc'!A1",
        description="@evil\nsecond line",
        authors=(Author(name='=HYPERLINK("http://x")', is_group=True), Author(name="Bob")),
        url="+http://x",
    )
    text = write_csv(Show(episodes=[episode]))
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r"
    assert parse_csv(text, strict=True).episodes == (episode,)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_round_trip(name: str) -> None:
    show = paperledge.parse_text(seed_bytes(name), strict=True)
    out = paperledge.dumps(show, "csv")
    assert paperledge.parse(out, strict=True) == Show(episodes=show.episodes)  # sniffed


# -- properties ----------------------------------------------------------------

# What a CSV cell can carry: an empty cell is None, and "; " joins names.
_cells = st.text(max_size=60).filter(bool)
_names = st.text(min_size=1, max_size=30).filter(lambda s: s.split() != [] and ";" not in s)
csv_episodes = st.builds(
    Episode,
    published=optional(dates),
    title=optional(_cells),
    description=st.text(max_size=200),
    authors=st.lists(st.builds(Author, name=_names, is_group=st.booleans()), max_size=5).map(
        tuple
    ),
    url=optional(urls),
    guid=optional(_cells),
    published_at=optional(moments),
    audio_url=optional(urls),
    audio_type=optional(st.sampled_from(["audio/mpeg", "audio/x-m4a"])),
    audio_length=optional(st.integers(min_value=0, max_value=10**10)),
    duration=optional(durations),
    image_url=optional(urls),
    subtitle=optional(_cells),
    episode_type=optional(st.sampled_from(["full", "trailer", "bonus"])),
    number=optional(st.integers(min_value=0, max_value=2**63 - 1)),
    season=optional(st.integers(min_value=0, max_value=100)),
    explicit=optional(st.booleans()),
    persons=st.lists(persons, max_size=3).map(tuple),
    other_enclosures=st.lists(enclosures, max_size=2).map(tuple),
    chapters=st.lists(linked_files, max_size=1).map(tuple),
    transcripts=st.lists(linked_files, max_size=2).map(tuple),
)


def _same_name_same_kind(episode: Episode) -> bool:
    # The group_authors column names groups; one name cannot be both.
    kinds: dict[str, bool] = {}
    return all(kinds.setdefault(a.name, a.is_group) == a.is_group for a in episode.authors)


@settings(max_examples=150, deadline=None)
@given(st.lists(csv_episodes.filter(_same_name_same_kind), max_size=5))
def test_round_trip_property(episodes: list[Episode]) -> None:
    show = Show(title="ignored", episodes=episodes)
    assert parse_csv(write_csv(show), strict=True) == Show(episodes=episodes)


@settings(max_examples=200, deadline=None)
@given(st.lists(csv_episodes, max_size=4))
def test_quoting_matches_the_csv_module_property(episodes: list[Episode]) -> None:
    # The writer quotes by hand for speed; it must write what csv.writer writes.
    rows = [_row(episode) for episode in episodes]
    written = write_csv(Show(episodes=episodes))
    if sys.version_info < (3, 11):
        # Python 3.10's csv.writer refuses NUL ("need to escape"), which is no
        # part of CSV's syntax and which both write as is from 3.11: compare
        # the rest there.
        rows = [[cell.replace("\x00", "") for cell in row] for row in rows]
        written = written.replace("\x00", "")
    reference = io.StringIO()
    writer = csv.writer(reference, lineterminator="\r\n")
    writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    assert written == reference.getvalue()


# -- streaming -------------------------------------------------------------------


def _chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 5, 4096])
def test_streaming_in_chunks_gives_the_same_episodes(page_000: Show, size: int) -> None:
    # Page 000 is full of curly quotes and en dashes: chunks of 1 and 5 bytes
    # cut through their UTF-8 sequences.
    data = paperledge.dumps(page_000, "csv").encode()
    streamed = list(paperledge.iter_episodes(_chunked(data, size), format="csv", strict=True))
    assert streamed == list(page_000.episodes)


def test_streaming_a_path(tmp_path: Path, page_003: Show) -> None:
    path = tmp_path / "episodes.csv"
    paperledge.dump(page_003, path)
    assert list(paperledge.iter_episodes(path)) == list(page_003.episodes)


def test_streaming_reports_rows_at_the_line_they_start() -> None:
    rest = "," * (HEADER.count(",") - 1)  # the empty cells after the title
    text = HEADER + f'\r\n2025-10-02,"A\nB\nC"{rest}\r\nnot-a-date,D{rest}\r\n'
    seen: list[paperledge.Diagnostic] = []
    episodes = list(iter_csv_episodes([text.encode()], on_diagnostic=seen.append))
    assert [e.title for e in episodes] == ["A\nB\nC", "D"]
    assert [(d.code, d.line) for d in seen] == [("csv-structure", 5)]
    # The same line as the whole-document reader gives.
    assert [(d.code, d.line) for d in parse_csv(text).diagnostics] == [("csv-structure", 5)]


@settings(max_examples=100, deadline=None)
@given(st.lists(csv_episodes.filter(_same_name_same_kind), max_size=4), st.integers(1, 50))
def test_streaming_matches_reading_property(episodes: list[Episode], size: int) -> None:
    data = write_csv(Show(episodes=episodes)).encode()
    assert list(iter_csv_episodes(_chunked(data, size), strict=True)) == episodes


def test_a_bare_cr_then_a_last_row_without_a_line_end_streams_as_it_reads_whole() -> None:
    # Found by fuzzing: a CR held back at a chunk's end (in case an LF came
    # next) swallowed the following row when no later chunk held a line end.
    show = paperledge.Show(
        episodes=[
            paperledge.Episode(published=dt.date(2025, 10, 2), title="First"),
            paperledge.Episode(published=dt.date(2025, 10, 1), title="Second"),
        ]
    )
    text = paperledge.dumps(show, "csv").replace("\r\n", "\r").rstrip("\r")
    data = text.encode("utf-8")
    whole = parse_csv(data)
    assert [e.title for e in whole.episodes] == ["First", "Second"]
    for size in (1, 2, 5, len(data)):
        chunks = [data[i : i + size] for i in range(0, len(data), size)]
        assert list(paperledge.iter_episodes(chunks, format="csv")) == list(whole.episodes)


def test_the_general_podcast_fields_round_trip_and_lists_are_json_arrays() -> None:
    show = paperledge.parse(
        (Path(__file__).parents[1] / "feed" / "golden" / "podbean_sample_feed.xml").read_bytes()
    )
    general = paperledge.Episode(
        title="Episode 12",
        number=12,
        season=2,
        explicit=True,
        episode_type="bonus",
        subtitle="=not a formula",
        persons=[paperledge.Person(name="Bo Guest", role="guest", url="https://x.org/bo")],
        other_enclosures=[paperledge.Enclosure(url="https://x.org/12.mp4", type="video/mp4")],
        transcripts=[paperledge.LinkedFile(url="https://x.org/12.vtt", type="text/vtt")],
    )
    episodes = (*show.episodes[:2], general)
    text = paperledge.dumps(Show(episodes=episodes), "csv")
    assert parse_csv(text).episodes == episodes
    row = _rows(text)[2]
    assert (row["number"], row["explicit"], row["subtitle"]) == ("12", "true", "'=not a formula")
    assert json.loads(row["persons"]) == [
        {
            "name": "Bo Guest",
            "role": "guest",
            "group": "cast",
            "url": "https://x.org/bo",
            "image_url": None,
        }
    ]


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("number", "1.5"),
        ("explicit", "yes"),
        ("persons", "[{}]"),
        ("transcripts", "not json"),
        ("chapters", '[{"url": "a\\ud83d"}]'),
    ],
)
def test_a_bad_cell_in_a_general_column_is_left_empty_and_reported(column: str, cell: str) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    cells = ["" if name != column else quoted for name in HEADER.split(",")]
    cells[1] = "t"
    read = parse_csv(HEADER + "\r\n" + ",".join(cells) + "\r\n")
    (episode,) = read.episodes
    assert episode.title == "t"
    (diagnostic,) = read.diagnostics
    assert diagnostic.code == "csv-structure"
    assert column in diagnostic.message


def test_a_csv_of_no_known_column_gives_no_invented_episode() -> None:
    # Whitespace only, or another tool's columns: each column is reported as
    # ignored and no empty episode is made up from its rows.
    for data in (b" \r\n\t\n", b"name,when\r\na,b\r\n"):
        show = paperledge.parse(data, format="csv")
        assert show.episodes == ()
        assert [d.code for d in show.diagnostics][-1] == "no-episodes"
    # A row of empty cells under known columns is the empty episode the writer wrote.
    assert parse_csv(paperledge.dumps(Show(episodes=[Episode()]), "csv")).episodes == (Episode(),)
