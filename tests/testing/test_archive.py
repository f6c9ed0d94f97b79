"""The archive generator in paperledge.testing: what it writes must read back exactly."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import attrs
import pytest

import paperledge
from paperledge import testing
from paperledge._rules.lines import feed_text
from paperledge.testing import SITE, Archive

N = 100_000


def test_the_same_parameters_give_the_same_bytes_and_a_larger_archive_extends_a_smaller() -> None:
    assert "".join(Archive(40).iter_text()) == "".join(Archive(40).iter_text())
    assert "".join(Archive(40).iter_feed()) == "".join(Archive(40).iter_feed())
    small = list(Archive(10).episodes())
    large = list(Archive(30).episodes())
    assert large[:10] == small


def test_the_text_dump_reads_back_strictly_as_the_expected_show() -> None:
    archive = Archive(61)  # not a whole number of pages
    show = paperledge.parse_text("".join(archive.iter_text()), strict=True)
    assert show == archive.show()
    assert len(show.episodes) == 61
    assert show.diagnostics == ()


def test_episodes_run_newest_first_with_per_day_episodes_on_each_day() -> None:
    archive = Archive(50, per_day=5)
    days = [e.published for e in archive.episodes()]
    assert days[0] == archive.newest
    assert days == sorted(days, reverse=True)
    assert all(days.count(day) == 5 for day in set(days))
    moments = [e.published_at for e in archive.episodes()]
    assert moments == sorted(moments, reverse=True)  # type: ignore[type-var]
    assert all(m is not None and m.date() == d for m, d in zip(moments, days, strict=True))


def test_links_guids_audio_and_moments_are_unique() -> None:
    episodes = list(Archive(500).episodes())
    for field in ("url", "guid", "audio_url", "published_at"):
        values = [getattr(e, field) for e in episodes]
        assert len(set(values)) == len(values), field
    assert all(e.url is not None and e.url.startswith(f"{SITE}/e/") for e in episodes)


def test_the_same_sample_text_never_falls_within_a_day_of_itself() -> None:
    # Otherwise paperledge.merge would take two generated episodes for one.
    seen: dict[str, dt.date] = {}
    for episode in Archive(500).episodes():
        assert episode.published is not None
        last = seen.get(episode.description)
        if last is not None:
            assert (last - episode.published).days > 1
        seen[episode.description] = episode.published
    pages = [paperledge.parse_text(page) for page in Archive(200).iter_text()]
    assert len(paperledge.merge(*pages).episodes) == 200


def test_text_pages_are_files_in_name_order_each_holding_its_slice(tmp_path: Path) -> None:
    archive = Archive(20, per_page=8)
    paths = archive.write_text_pages(tmp_path)
    assert [p.name for p in paths] == ["page-0000001.txt", "page-0000002.txt", "page-0000003.txt"]
    expected = archive.show().episodes
    for number, path in enumerate(paths):
        show = paperledge.load(path, strict=True)
        assert show.episodes == expected[number * 8 : number * 8 + 8]
        assert show.title == "PaperLedge"


def test_html_pages_read_back_with_links_and_pagination(tmp_path: Path) -> None:
    archive = Archive(30)
    paths = archive.write_html_pages(tmp_path)
    assert [p.suffix for p in paths] == [".html"] * 4
    shows = [paperledge.load(path, strict=True) for path in paths]
    episodes = tuple(e for show in shows for e in show.episodes)
    assert episodes == archive.show(fields="html").episodes
    assert shows[0].previous_page_url is None
    assert shows[0].next_page_url == f"{SITE}/page/2/"
    assert shows[1].previous_page_url == f"{SITE}/"
    assert shows[2].previous_page_url == f"{SITE}/page/2/"
    assert shows[-1].next_page_url is None


def test_the_feed_reads_back_every_field() -> None:
    archive = Archive(30)
    out = io.BytesIO()
    written = archive.write_feed(out)
    assert written == len(out.getvalue())
    show = paperledge.parse_feed(out.getvalue(), strict=True)
    assert show.title == "PaperLedge"
    assert len(show.episodes) == 30
    for got, want in zip(show.episodes, archive.episodes(), strict=True):
        # A feed's HTML has no indentation or spacing of its own.
        assert got.description == feed_text(want.description)
        assert attrs.evolve(got, description="") == attrs.evolve(want, description="")


def test_the_dump_is_written_incrementally_to_a_path_or_a_binary_file(tmp_path: Path) -> None:
    archive = Archive(100)
    expected = "".join(archive.iter_text()).encode("utf-8")
    assert archive.write_text_dump(tmp_path / "dump.txt") == len(expected)
    assert (tmp_path / "dump.txt").read_bytes() == expected
    writes: list[int] = []

    class Recorder(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            writes.append(len(data))
            return super().write(data)

    big = Archive.for_megabytes(3)
    target = Recorder()
    size = big.write_text_dump(target)
    assert size == len(target.getvalue())
    # Blocks of about a megabyte, never the whole dump at once.
    assert len(writes) >= 3
    assert max(writes) < 2_000_000


def test_for_megabytes_sizes_the_dump() -> None:
    archive = Archive.for_megabytes(2)
    size = sum(len(page.encode()) for page in archive.iter_text())
    assert 1_900_000 <= size <= 2_100_000


def test_an_archive_past_the_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="past year 1"):
        Archive(10_000_000, per_day=1)
    assert Archive(5_000_000, per_day=8).count == 5_000_000
    assert Archive(10_000_000, per_day=16).count == 10_000_000
    with pytest.raises(IndexError):
        Archive(5).episode(5)
    with pytest.raises(ValueError, match="fields"):
        Archive(5).show(fields="everything")


def test_the_slug_pattern_reads_a_long_punctuation_run_once() -> None:
    assert testing._SLUG.sub("-", "a" + "!?" * N + "b") == "a-b"
