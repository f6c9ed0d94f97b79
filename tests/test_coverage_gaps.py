"""Behaviour the other tests leave unexercised (found by branch coverage)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import runpy
import sys
from pathlib import Path

import pytest

import paperledge
from paperledge import Episode, FormatError, Show
from paperledge._api.formats import with_source
from paperledge._formats.csv import parse_csv
from paperledge._rules.dates import _SEEN, _SEEN_SIZE, match_date_line

FIXTURES = Path(__file__).parent / "fixtures"


def test_python_dash_m_paperledge(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["paperledge", "--version"])
    with pytest.raises(SystemExit) as raised:
        runpy.run_module("paperledge", run_name="__main__")
    assert raised.value.code in (0, None)
    assert paperledge.__version__ in capsys.readouterr().out


def test_formats_that_only_read_or_only_write() -> None:
    assert [repr(f) for f in paperledge.formats()] == [
        "<Format 'json' read/write .json>",
        "<Format 'jsonl' read/write .jsonl .ndjson>",
        "<Format 'csv' read/write .csv>",
        "<Format 'rss' read/write .rss .xml>",
        "<Format 'html' read .html .htm>",
        "<Format 'jsonld' write .jsonld>",
        "<Format 'markdown' write .md .markdown>",
        "<Format 'text' read/write .txt>",
    ]
    with pytest.raises(FormatError, match="writes 'markdown' but cannot read it"):
        paperledge.loads("# x", "markdown")
    with pytest.raises(FormatError, match="reads 'html' but cannot write it"):
        paperledge.dumps(Show(), "html")


def test_with_source_without_a_source() -> None:
    diagnostics = [paperledge.Diagnostic(code="truncated", message="m", line=2)]
    assert with_source(diagnostics, None) == tuple(diagnostics)
    assert with_source(diagnostics, "a.txt")[0].source == "a.txt"


def test_iter_episodes_of_a_format_read_whole_from_chunks() -> None:
    page = (FIXTURES / "html" / "blog_002.html").read_bytes()
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


def test_the_windows_1252_handler_only_decodes() -> None:
    with pytest.raises(UnicodeEncodeError):
        "é".encode("ascii", "paperledge-windows-1252")
    assert codecs.lookup_error("paperledge-windows-1252") is not None


def test_the_date_line_cache_is_bounded() -> None:
    start = dt.date(2000, 1, 1)
    for offset in range(_SEEN_SIZE + 10):
        day = start + dt.timedelta(days=offset)
        line = paperledge._rules.dates.format_date_line(day)
        read = match_date_line(line)
        assert read is not None
        assert read.date == day
        assert len(_SEEN) <= _SEEN_SIZE


def test_csv_blank_rows_and_bad_durations() -> None:
    show = Show(episodes=[Episode(title="a"), Episode(title="b")])
    text = paperledge.dumps(show, "csv").replace("\r\n", "\r\n\r\n", 2)
    read = parse_csv(text)
    assert [e.title for e in read.episodes] == ["a", "b"]
    assert read.diagnostics == ()
    header = paperledge.dumps(Show(), "csv")
    for cell in ("1.5x", "1.1234567", "x", "-1"):
        read = parse_csv(f"{header}2025-10-02,t,,,,,,,,,,,,,{cell},\r\n")
        assert read.episodes[0].duration is None
        assert [(d.code, d.line) for d in read.diagnostics] == [("csv-structure", 2)]
        assert "duration_seconds" in read.diagnostics[0].message
    read = parse_csv(f"{header}2025-10-02,t,,,,,,,,,,,,,1.25,\r\n")
    assert read.episodes[0].duration == dt.timedelta(seconds=1, microseconds=250_000)


def test_json_values_of_the_wrong_kind_are_located() -> None:
    document = paperledge.dumps(Show(title="S", episodes=[Episode(title="t")]), "json")
    bad_date = document.replace('"published": null', '"published": "2025-13-01"', 1)
    with pytest.raises(paperledge.ParseError, match=r"\$\.episodes\[0\]\.published"):
        paperledge.loads(bad_date, "json")
    bad_title = document.replace('"title": "S"', '"title": 5', 1)
    with pytest.raises(paperledge.ParseError, match=r"expected str \| None @ \$\.title"):
        paperledge.loads(bad_title, "json")


def test_huge_durations_are_reported_not_raised() -> None:
    header = paperledge.dumps(Show(), "csv")
    for cell in ("9" * 30, "99999999999999", "9" * 5000):
        read = parse_csv(f"{header}2025-10-02,t,,,,,,,,,,,,,{cell},\r\n")
        assert read.episodes[0].duration is None
        assert [d.code for d in read.diagnostics] == ["csv-structure"]
    document = paperledge.dumps(Show(episodes=[Episode(title="t")]), "json")
    for duration in ("P9999999999D", "PT" + "9" * 30 + "H"):
        bad = document.replace('"duration": null', f'"duration": "{duration}"', 1)
        with pytest.raises(
            paperledge.ParseError, match=r"invalid value .*\$\.episodes\[0\]\.duration"
        ):
            paperledge.loads(bad, "json")
        line = paperledge.dumps(Show(episodes=[Episode(title="t")]), "jsonl")
        read = paperledge.loads(
            line.replace('"duration":null', f'"duration":"{duration}"'), "jsonl"
        )
        assert read.episodes == ()
        assert [d.code for d in read.diagnostics] == ["json-schema"]


def test_huge_durations_in_a_page_are_ignored() -> None:
    page = (FIXTURES / "html" / "episode_002.html").read_text()
    whole = paperledge.parse_html(page)
    assert whole.episodes[0].duration == dt.timedelta(minutes=14, seconds=5)
    for duration in ("P9999999999D", "PT" + "9" * 5000 + "H", "9" * 30 + ":00:00"):
        bad = page.replace('"timeRequired": "PT14M5S"', f'"timeRequired": "{duration}"')
        assert bad != page
        show = paperledge.parse_html(bad)
        assert show.episodes[0].duration is None
        assert show.episodes[0].title == whole.episodes[0].title
