"""Hostile inputs: unsafe XML, deep nesting and huge sizes, for every reader.

The promise (docs/reliability.md): no input reads a file or reaches the
network; deep nesting ends in a diagnostic or a ParseError, never a
RecursionError; huge inputs complete (bounded time is shown by
benchmarks/bench_hostile.py, and a hang would fail CI by its timeout).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import paperledge
from paperledge import Episode, ParseError, Show, parse, parse_feed, parse_html, parse_text
from paperledge._formats.csv import iter_csv_episodes, parse_csv
from paperledge._formats.jsonl import iter_jsonl_episodes, parse_jsonl

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "TOP-SECRET-c0ffee-4242"
DATE = "Thursday Oct 02, 2025"

HEAD = (
    '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
    "<channel><title>PaperLedge</title><link>https://paperledge.podbean.com</link>"
    "<description>d</description>"
)
TAIL = "</channel></rss>"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _everything(show: Show) -> str:
    """Every field of the show and its diagnostics, as text."""
    return paperledge.dumps(show, "json") + repr(show)


def _codes(show: Show) -> list[str]:
    return [d.code for d in show.diagnostics]


# -- XML: external entities, DTDs, XInclude, amplification ------------------------------


def _feed(prolog: str, item: str) -> str:
    return f'<?xml version="1.0"?>\n{prolog}\n{HEAD}<item>{item}</item>{TAIL}'


def _unsafe_feeds(secret: Path) -> dict[str, str]:
    url = f"file://{secret}"
    return {
        "external entity": _feed(
            f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{url}">]>',
            "<title>&xxe;</title><description>&xxe;</description>",
        ),
        "external parameter entity": _feed(
            f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{url}"> %p;]>', "<title>T</title>"
        ),
        "external DTD": _feed(f'<!DOCTYPE rss SYSTEM "{url}">', "<title>T</title>"),
        "public external DTD": _feed(
            f'<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "{url}">', "<title>T</title>"
        ),
        # /dev/zero never ends: reading it would hang, not just leak.
        "endless entity": _feed(
            '<!DOCTYPE rss [<!ENTITY z SYSTEM "file:///dev/zero">]>', "<title>&z;</title>"
        ),
        "network entity": _feed(
            '<!DOCTYPE rss [<!ENTITY n SYSTEM "http://127.0.0.1:9/x">]>', "<title>&n;</title>"
        ),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "external entity",
        "external parameter entity",
        "external DTD",
        "public external DTD",
        "endless entity",
        "network entity",
    ],
)
def test_unsafe_feed_is_never_resolved_and_is_reported(secret: Path, kind: str) -> None:
    data = _unsafe_feeds(secret)[kind]
    for read in (parse_feed, parse):
        show = read(data)
        assert SECRET not in _everything(show)
        assert "xml-unsafe" in _codes(show)
        unsafe = next(d for d in show.diagnostics if d.code == "xml-unsafe")
        assert (unsafe.line, unsafe.column) == (2, 1)  # the DOCTYPE
        # The document itself is still read.
        assert show.title == "PaperLedge"
        assert len(show.episodes) == 1
        with pytest.raises(ParseError) as raised:
            read(data, strict=True)
        assert raised.value.code == "xml-unsafe"
        assert SECRET not in str(raised.value)


def test_unsafe_feed_as_bytes_and_through_load(secret: Path, tmp_path: Path) -> None:
    data = _unsafe_feeds(secret)["external entity"]
    path = tmp_path / "feed.xml"
    path.write_text(data)
    for show in (parse_feed(data.encode()), paperledge.load(path)):
        assert SECRET not in _everything(show)
        assert "xml-unsafe" in _codes(show)


def test_billion_laughs_is_not_expanded() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    data = _feed(f"<!DOCTYPE rss [{entities}]>", "<title>&lol9;</title>")
    show = parse_feed(data)
    assert "xml-unsafe" in _codes(show)
    # Not expanded: the title is not a billion "lol"s.
    assert "lollol" not in _everything(show)
    with pytest.raises(ParseError, match="xml-unsafe"):
        parse_feed(data, strict=True)


def test_large_declared_entity_is_not_expanded() -> None:
    # A declared entity of 1 MB referenced 1,000 times would be 1 GB expanded.
    big = "x" * (1 << 20)
    data = _feed(
        f'<!DOCTYPE rss [<!ENTITY big "{big}">]>',
        "<title>T</title><description>" + "&big;" * 1000 + "</description>",
    )
    show = parse_feed(data)
    assert "xml-unsafe" in _codes(show)
    assert len(_everything(show)) < 2 * len(data)


def test_a_one_gigabyte_declared_length_is_a_number_not_an_allocation() -> None:
    data = _feed(
        "",
        '<title>T</title><enclosure url="https://mcdn.podbean.com/mf/web/x/a.mp3" '
        'length="1073741824" type="audio/mpeg"/>',
    )
    show = parse_feed(data, strict=True)
    assert show.episodes[0].audio_length == 1 << 30


def test_xinclude_is_never_processed(secret: Path) -> None:
    data = _feed(
        "",
        '<title>T</title><description xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'before<xi:include href="file://{secret}" parse="text"/>after</description>',
    )
    show = parse_feed(data)
    assert SECRET not in _everything(show)
    assert show.episodes[0].title == "T"
    assert [(d.code, d.line) for d in show.diagnostics] == [("xml-unsafe", 3)]
    with pytest.raises(ParseError, match="XInclude"):
        parse_feed(data, strict=True)


def test_html_entities_and_includes_never_read_files(secret: Path) -> None:
    url = f"file://{secret}"
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{url}">]><html><body>'
        '<div class="posttitle"><h2><a href="/e/x/">Title &xxe;</a></h2></div>'
        f'<p class="post-info"><i>{DATE}</i></p><div class="entry"><p>&xxe; text</p>'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}" parse="text"/>'
        f'<iframe src="{url}"></iframe><object data="{url}"></object>'
        f'<img src="{url}"><link rel="import" href="{url}">'
        "<p>Thanks!Credit to Paper authors: A</p></div></body></html>"
    )
    for show in (parse_html(page), parse_html(page.encode()), parse(page)):
        assert SECRET not in _everything(show)
        assert len(show.episodes) == 1
        assert show.episodes[0].published == dt.date(2025, 10, 2)
        assert show.episodes[0].authors[0].name == "A"


# -- deep nesting ------------------------------------------------------------------------


def test_100_000_nested_html_elements() -> None:
    page = (FIXTURES / "html" / "blog_002.html").read_text()
    body = re.search(r"<body[^>]*>", page)
    assert body is not None
    deep = page[: body.end()] + "<div>" * 100_000 + page[body.end() :] + "</div>" * 100_000
    show = parse_html(deep)
    # libxml2 stops at its depth limit (256): reported, never a RecursionError.
    assert {"html-structure", "no-episodes"} & set(_codes(show))
    with pytest.raises(ParseError):
        parse_html(deep, strict=True)
    # Unclosed, and as bytes, too.
    show = parse_html(("<html><body>" + "<div>" * 100_000 + DATE).encode())
    assert show.diagnostics


def test_100_000_nested_feed_elements() -> None:
    data = HEAD + "<item><title>T</title>" + "<x>" * 100_000 + "</x>" * 100_000 + "</item>" + TAIL
    show = parse_feed(data)
    assert "xml-syntax" in _codes(show)
    assert show.title == "PaperLedge"
    with pytest.raises(ParseError) as raised:
        parse_feed(data, strict=True)
    assert raised.value.code == "xml-syntax"


def test_200_000_nested_json_arrays() -> None:
    nested = "[" * 200_000 + "]" * 200_000
    for data in (nested, nested.encode(), '{"format": "paperledge.show", "x": ' + nested + "}"):
        with pytest.raises(ParseError) as raised:
            paperledge.loads(data, "json")
        assert raised.value.code == "json-syntax"
    with pytest.raises(ParseError) as raised:
        paperledge.loads('{"format": "paperledge.show", "version": 1, "title": ' + nested + "}")
    assert raised.value.code == "json-syntax"


def test_200_000_nested_json_arrays_in_json_lines() -> None:
    good = paperledge.dumps(Show(episodes=[Episode(title="ok")]), "jsonl")
    data = good + "[" * 200_000 + "]" * 200_000 + "\n" + good
    show = parse_jsonl(data)
    assert [e.title for e in show.episodes] == ["ok", "ok"]
    assert [(d.code, d.line) for d in show.diagnostics] == [("json-syntax", 2)]
    seen: list[paperledge.Diagnostic] = []
    streamed = list(iter_jsonl_episodes([data[:1000], data[1000:]], on_diagnostic=seen.append))
    assert len(streamed) == 2
    assert [d.line for d in seen] == [2]
    with pytest.raises(ParseError):
        parse_jsonl(data, strict=True)


def test_deeply_nested_lists_in_a_text_dump_are_text() -> None:
    lines = [DATE, DATE] + [" " * (2 * i) + "- item" for i in range(0, 20_000, 7)]
    lines[-1] += "Credit to Paper authors: A"
    show = parse_text("\n".join(lines), strict=True)
    assert show.episodes[0].description.count("- item") == len(lines) - 2


# -- size --------------------------------------------------------------------------------


def test_one_10_mb_line() -> None:
    line = "word " * 2_000_000
    show = parse_text(f"{DATE}\n{DATE}\n{line}Credit to Paper authors: A\n")
    assert show.episodes[0].description == line
    assert show.diagnostics == ()
    # Without any structure: kept whole as the show's title.
    assert parse_text(line).title == line.strip()
    # As a JSON Lines line and a CSV cell.
    episode = Episode(description=line)
    assert parse_jsonl(paperledge.dumps(Show(episodes=[episode]), "jsonl")).episodes == (episode,)
    assert parse_csv(paperledge.dumps(Show(episodes=[episode]), "csv")).episodes == (episode,)


def test_a_million_blank_lines() -> None:
    data = f"{DATE}\n{DATE}\nHi!Credit to Paper authors: A" + "\n" * 1_000_000
    show = parse_text(data, strict=True)
    assert len(show.episodes) == 1
    assert show.episodes[0].description == "Hi!"
    # Before the first episode: a blank-lines defect, nothing lost.
    show = parse_text("\n" * 1_000_000 + f"{DATE}\n{DATE}\nHi!Credit to Paper authors: A")
    assert _codes(show) == []
    assert show.episodes[0].description == "Hi!"
    # Streamed in small chunks.
    episodes = list(
        paperledge.iter_episodes(
            iter([data[i : i + 4096] for i in range(0, 50_000, 4096)] + [data[50_000:]]),
            format="text",
        )
    )
    assert len(episodes) == 1


def test_100_000_authors_on_one_credit() -> None:
    names = [f"Author Number{i}" for i in range(100_000)]
    data = f"{DATE}\n{DATE}\nHi!Credit to Paper authors: " + ", ".join(names)
    show = parse_text(data, strict=True)
    assert [a.name for a in show.episodes[0].authors] == names
    # With quotes and group marks everywhere, still read.
    quoted = ", ".join(f'"{n}, Jr."' for n in names[:50_000]) + ", Group, :"
    show = parse_text(f"{DATE}\n{DATE}\nHi!Credit to Paper authors: {quoted}")
    authors = show.episodes[0].authors
    assert len(authors) == 50_001
    assert authors[0].name == "Author Number0, Jr."
    assert authors[-1].name == "Group"
    assert authors[-1].is_group


def test_a_date_line_repeated_a_million_times() -> None:
    data = f"{DATE}\n" * 1_000_000
    show = parse_text(data)
    assert len(show.episodes) == 1
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    assert _codes(show) == ["date-repeat", "truncated"]


def test_a_title_of_200_000_separators() -> None:
    title = " - " * 200_000
    data = f"{DATE}\nCategory{title}Paper\n{DATE}\n{DATE}\nHi!Credit to Paper authors: A\n"
    show = parse_text(data, strict=True)
    episode = show.episodes[0]
    assert episode.title == f"Category{title}Paper"
    assert episode.category == "Category"
    assert episode.paper_title is not None
    assert episode.paper_title.endswith("Paper")
    # Every writer copes.
    for name in ("json", "jsonl", "csv", "text", "markdown", "rss"):
        assert "Paper" in paperledge.dumps(show, name)


def test_huge_csv_and_jsonl_rows_stream() -> None:
    episodes = [Episode(title=f"t{i}", description="d" * 1000) for i in range(2000)]
    show = Show(episodes=episodes)
    text = paperledge.dumps(show, "csv")
    assert (
        list(iter_csv_episodes(iter([text[i : i + 777] for i in range(0, len(text), 777)])))
        == episodes
    )
    lines = paperledge.dumps(show, "jsonl")
    assert (
        list(iter_jsonl_episodes(iter([lines[i : i + 777] for i in range(0, len(lines), 777)])))
        == episodes
    )
