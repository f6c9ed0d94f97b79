"""One rule for sources: a str or a path-like is a path; bytes, an open file or chunks are data.

``load``, ``iter_episodes`` and ``parse_many`` follow it; ``parse`` reads data only.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

import paperledge

from support import HTML_PAGES, SEED_NAMES, seed_bytes

PAGE = seed_bytes(SEED_NAMES[0])
BLOG = HTML_PAGES / "blog_theme_titled_episodes.html"
PAGE_URL = "https://paperledge.podbean.com/page/2/"


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "archive.txt"
    path.write_bytes(PAGE)
    return path


def test_iter_episodes_reads_a_str_as_a_path(archive: Path) -> None:
    expected = list(paperledge.parse_text(PAGE).episodes)
    assert len(expected) == 8
    assert list(paperledge.iter_episodes("archive.txt")) == expected
    assert list(paperledge.iter_episodes(str(archive))) == expected
    assert list(paperledge.iter_episodes(archive)) == expected


def test_load_and_iter_episodes_agree_on_every_kind_of_source(archive: Path) -> None:
    expected = list(paperledge.parse_text(PAGE).episodes)
    text = PAGE.decode("utf-8")
    sources: list[Any] = [  # every kind of source load and iter_episodes take
        "archive.txt",
        archive,
        PAGE,
        io.BytesIO(PAGE),
        io.StringIO(text),
        [PAGE[:1000], PAGE[1000:]],
        [text[:1000], text[1000:]],
    ]
    for source in sources:
        assert list(paperledge.load(source).episodes) == expected, source
    for source in sources:
        if isinstance(source, io.IOBase):
            source.seek(0)
        streamed = list(paperledge.iter_episodes(source))
        assert streamed == expected, source


def test_a_str_that_is_data_is_not_found_as_a_file_with_a_hint(archive: Path) -> None:
    # Too long a name, or one holding line breaks: OSError, with the hint.
    with pytest.raises(OSError, match=r"a str is a path.*paperledge\.parse"):
        list(paperledge.iter_episodes(PAGE.decode("utf-8")))
    with pytest.raises(FileNotFoundError, match=r"a str is a path"):
        paperledge.load("Thursday Oct 02, 2025\nThursday Oct 02, 2025\nHi!")
    # A name that is simply missing gets the usual error.
    with pytest.raises(FileNotFoundError) as caught:
        paperledge.load("missing.txt")
    assert caught.value.filename == "missing.txt"


def test_iter_episodes_takes_the_format_from_an_open_files_name(tmp_path: Path) -> None:
    show = paperledge.parse_text(PAGE)
    path = tmp_path / "page.jsonl"
    path.write_text(paperledge.dumps(show, "jsonl"), "utf-8")
    with path.open("rb") as handle:
        assert list(paperledge.iter_episodes(handle)) == list(show.episodes)


def test_parse_reads_data_and_refuses_a_path_or_a_file(archive: Path) -> None:
    # The type-ignores below are the point: what the annotations refuse, parse
    # refuses at run time with a TypeError that says what to call instead
    # (a bytearray, outside the annotation, is bytes enough to read).
    assert len(paperledge.parse(PAGE).episodes) == 8
    assert len(paperledge.parse(bytearray(PAGE)).episodes) == 8  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not a path: .* paperledge\.load\(path\)"):
        paperledge.parse(archive)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not an open file: .*paperledge\.load\(file\)"):
        paperledge.parse(io.BytesIO(PAGE))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not list"):
        paperledge.parse([PAGE])  # type: ignore[arg-type]


def test_a_source_of_no_known_kind_is_a_type_error() -> None:
    # Wrong types on purpose (hence the type-ignores): refused at run time too.
    with pytest.raises(TypeError, match="not int"):
        paperledge.load(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="chunks of str or bytes, not int"):
        list(paperledge.iter_episodes([PAGE, 3]))  # type: ignore[list-item]


def test_parse_takes_the_format_by_position_as_loads_did() -> None:
    show = paperledge.parse_text(PAGE)
    assert paperledge.parse(paperledge.dumps(show, "jsonl"), "jsonl").episodes == show.episodes


def test_url_reaches_the_html_reader_through_every_door(tmp_path: Path) -> None:
    page = BLOG.read_bytes()
    relative = paperledge.parse_html(page).episodes[0].url
    assert relative is not None
    assert relative.startswith("/e/")
    expected = paperledge.parse_html(page, url=PAGE_URL).episodes
    assert expected[0].url == "https://paperledge.podbean.com" + relative
    path = tmp_path / "page.html"
    path.write_bytes(page)
    assert paperledge.parse(page, url=PAGE_URL).episodes == expected
    assert paperledge.load(path, url=PAGE_URL).episodes == expected
    assert tuple(paperledge.iter_episodes(path, url=PAGE_URL)) == expected
    assert tuple(paperledge.iter_episodes([page], format="html", url=PAGE_URL)) == expected


def test_url_is_ignored_by_readers_that_take_none() -> None:
    assert paperledge.parse(PAGE, url=PAGE_URL) == paperledge.parse_text(PAGE)
    assert list(paperledge.iter_episodes([PAGE], url=PAGE_URL)) == list(
        paperledge.parse_text(PAGE).episodes
    )


def test_parse_many_reads_paths_and_refuses_data(archive: Path) -> None:
    # Data where paths belong, on purpose (hence the type-ignore).
    assert paperledge.parse_many("archive.txt", workers=1) == paperledge.parse_text(PAGE)
    assert paperledge.parse_many([os.fspath(archive)], workers=1) == paperledge.parse_text(PAGE)
    with pytest.raises(TypeError, match=r"parse_many\(\) reads files .*paperledge\.parse"):
        paperledge.parse_many(PAGE)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not a BytesIO"):
        paperledge.parse_many([archive, io.BytesIO(PAGE)])  # type: ignore[list-item]
