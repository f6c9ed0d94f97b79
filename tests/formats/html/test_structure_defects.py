"""What libxml2 repaired (unclosed and stray tags), cut pages, and where defects are."""

from __future__ import annotations

import threading
from typing import ClassVar

import pytest

import paperledge._formats.html.locate as _locate
import paperledge._formats.html.structure as _structure
from formats.html.pages import (
    FIXTURES,
    TEXT,
    TEXT2,
    byte_page,
    card,
    codes,
    edit_cards,
    fields,
    fixture,
    page,
    seed_show,
)
from paperledge import ParseError, parse_html


def _source_line(name: str, line: int) -> str:
    return fixture(name).decode("utf-8").split("\n")[line - 1]


def test_unclosed_tags_are_repaired_and_reported_where_they_are() -> None:
    show = parse_html(fixture("unclosed_elements_repaired_and_located.html"))
    found = {(d.code, d.line, d.column) for d in show.diagnostics}
    assert {code for code, _, _ in found} == {"html-structure"}
    for _, line, column in found:
        text = _source_line("unclosed_elements_repaired_and_located.html", line)
        assert text[column - 1 :].startswith("<"), (line, column, text[:80])
    # The <a> left open in the third card's title is located at its opening tag.
    a_line = next(d for d in show.diagnostics if "<a>" in d.message)
    assert _source_line("unclosed_elements_repaired_and_located.html", a_line.line)[
        a_line.column - 1 :
    ].startswith('<a href="/e/hart')
    with pytest.raises(ParseError) as error:
        parse_html(fixture("unclosed_elements_repaired_and_located.html"), strict=True)
    assert error.value.code == "html-structure"


def test_a_page_cut_in_an_episode_keeps_what_it_has() -> None:
    show = parse_html(fixture("page_cut_inside_an_episode.html"))
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes
    assert len(show.episodes) == 5
    for got, expected in zip(show.episodes[:4], want[:4], strict=True):
        assert fields(got) == fields(expected)
    cut = show.episodes[4]
    assert (cut.published, cut.title) == (want[4].published, want[4].title)
    assert cut.authors == ()
    got_lines = cut.description.split("\n")
    want_lines = want[4].description.split("\n")
    assert got_lines[:3] == want_lines[:3]
    assert want_lines[3].startswith(got_lines[3])
    assert len(got_lines[3]) < len(want_lines[3])
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "html-truncated"
    assert got_lines[3][:20] in _source_line("page_cut_inside_an_episode.html", diagnostic.line)
    with pytest.raises(ParseError) as error:
        parse_html(fixture("page_cut_inside_an_episode.html"), strict=True)
    assert error.value.code == "html-truncated"


def test_locator() -> None:
    locator = _locate.Locator("ab\ncd\n\xe9f".encode())
    assert locator.position(0) == (1, 1)
    assert locator.position(4) == (2, 2)
    assert locator.position(6) == (3, 1)
    assert locator.line_text(2) == "cd"
    assert locator.line_text(3) == "\xe9f"
    assert locator.line_text(0) == ""
    assert locator.line_text(4) == ""
    assert locator.offset(2) == 3
    assert locator.offset(9) == 6
    assert locator.find(1, "cd") == (2, 1)
    assert locator.find(3, "f") == (3, 2)
    assert locator.find(1, "zz") == (1, 1)
    assert locator.find(2, "") == (2, 1)


def test_needles() -> None:
    assert _locate.needle("  Hello, world and more text here") == "Hello, world and more te"
    assert _locate.needle("\u201c\u00e9\u201d  ") == "\u201c\u00e9\u201d"


def test_an_unclosed_div_hidden_by_a_script_string_is_still_found() -> None:
    # The script's "</div>" is text: the page holds as many "</div>" as
    # <div>, but one <div> is never closed.
    data = page(card(extra='<div class="x"><script>var s = "</div>";</script>'))
    show = parse_html(data)
    unclosed = [d for d in show.diagnostics if "not closed" in d.message]
    (diagnostic,) = unclosed
    assert diagnostic.code == "html-structure"
    assert diagnostic.message.startswith("1 <div> element(s)")
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith('<div class="x">')


def test_end_tags_in_capitals_or_with_spaces_close_their_elements() -> None:
    # HTML's tag names are case-insensitive, and an end tag may hold spaces.
    data = b"<HTML><BODY><DIV><P>Hello</P></DIV ><Div><A HREF='/x/'>x</A\n></dIV></BODY></HTML>"
    assert codes(parse_html(data)) == ["no-episodes"]


def test_an_unclosed_div_among_end_tags_in_capitals_is_found() -> None:
    data = b"<HTML><BODY>\n<DIV><P>Hello</P></DIV>\n<DIV><P>World</P>\n<DIV>x</DIV></BODY></HTML>"
    unclosed = [d for d in parse_html(data).diagnostics if "not closed" in d.message]
    (diagnostic,) = unclosed
    assert diagnostic.message.startswith("1 <div> element(s)")
    assert (diagnostic.line, diagnostic.column) == (3, 1)


def test_a_stray_end_tag_is_located_at_the_tag() -> None:
    data = page(card(lines=(TEXT, "Strange</span> " + TEXT2)))
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "html-structure"
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("</span>")
    assert show.episodes[0].description.endswith("Strange " + TEXT2)


def test_truncated_pages() -> None:
    assert _structure.is_truncated(b"<html><body><p>x")
    assert not _structure.is_truncated(b"<html><body><p>x</p></BODY>")
    assert not _structure.is_truncated(b"<p>x</p></html>\n" + b" " * 900)


def test_an_unclosed_link_without_any_div() -> None:
    data = f'<html><body>\n<p><a href="/x/">x</p>\n<p>{TEXT}</p></body></html>'
    show = parse_html(data)
    unclosed = [d for d in show.diagnostics if "not closed" in d.message]
    (diagnostic,) = unclosed
    assert diagnostic.message.startswith("1 <a> element(s)")
    assert (diagnostic.line, diagnostic.column) == (2, 4)


def test_libxml2s_structure_errors_are_reported() -> None:
    mismatch = page(card(extra="<div><p>open</span></div>"))
    assert "html-structure" in codes(parse_html(mismatch))
    misplaced = page(card()).replace("</main>", "<html></main>")
    show = parse_html(misplaced)
    assert codes(show) == ["html-structure"]
    assert "misplaced" in show.diagnostics[0].message
    line = misplaced.split("\n")[show.diagnostics[0].line - 1]
    assert "<html>" in line


def test_an_unclosed_div_after_two_scripts() -> None:
    scripts = '<script>var a = 1;</script><div class="y"><script>var s = "</div>";</script>'
    data = page(card(extra=scripts))
    unclosed = [d for d in parse_html(data).diagnostics if "not closed" in d.message]
    (diagnostic,) = unclosed
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith('<div class="y">')


def test_a_page_after_a_broken_one_has_only_its_own_defects() -> None:
    broken = byte_page(b"<div><p>x</span></p>\n")
    clean = (FIXTURES / "cards_theme_untitled_episodes.html").read_bytes()
    assert "html-structure" in [d.code for d in parse_html(broken).diagnostics]
    assert parse_html(clean).diagnostics == ()


def test_pages_read_in_threads_at_once_have_their_own_defects() -> None:
    broken = byte_page(b"<div><p>x</span></p>\n")
    clean = (FIXTURES / "cards_theme_untitled_episodes.html").read_bytes()
    found: dict[int, list[str]] = {}

    def read(index: int) -> None:
        for _ in range(5):
            data = broken if index % 2 else clean
            found.setdefault(index, []).extend(d.code for d in parse_html(data).diagnostics)

    threads = [threading.Thread(target=read, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found[0] == found[2] == []
    assert "html-structure" in found[1]
    assert found[1] == found[3]


def _cards_left_open(count: int) -> str:
    # Each card leaves its <div> open: the page nests one level deeper per card.
    cards = [
        card(
            f"episode-{i}", title=f"Robotics - Paper {i}", authors=f"Author {i}, Bo Chen"
        ).replace("</div>", "", 1)
        for i in range(count)
    ]
    return page(*[f"<div class='card'>{c}" for c in cards])


def test_a_listing_whose_cards_leave_a_div_open_is_read_to_its_last_card() -> None:
    # libxml2 stops at 256 levels of nesting unless told otherwise: 250 of 400.
    show = parse_html(_cards_left_open(400))
    assert len(show.episodes) == 400
    assert show.episodes[-1].title == "Robotics - Paper 399"
    assert show.episodes[-1].authors[0].name == "Author 399"
    assert "too-large" not in codes(show)


def test_a_page_nested_past_libxml2s_limit_names_where_reading_stopped() -> None:
    deep = "<font>" * 3000
    show = parse_html(page(card("one", title="Robotics - A"), body_end=deep))
    cut = [d for d in show.diagnostics if d.code == "too-large"]
    assert len(cut) == 1
    assert cut[0].message == (
        "the page nests its elements deeper than 2,048 levels, where libxml2 stops: "
        "the rest of the page was not read"
    )
    assert show.episodes[0].title == "Robotics - A"
    with pytest.raises(ParseError) as raised:
        parse_html(page(body_end=deep), strict=True)
    assert raised.value.code == "too-large"


def test_unclosed_font_tags_before_a_listing_leave_its_episodes_whole() -> None:
    before = edit_cards("<body>", "<body>" + "<font>" * 300)
    whole = parse_html(fixture("cards_theme_untitled_episodes.html"))
    assert parse_html(before).episodes == whole.episodes


class _Line(str):
    """A source line that records the length of each piece of it lower-cased."""

    lowered: ClassVar[list[int]] = []

    def lower(self) -> str:
        _Line.lowered.append(len(self))
        return super().lower()


def test_an_error_on_a_minified_page_is_placed_without_reading_the_whole_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line = "<div>" + "<p>words</p>" * 50_000 + "</SPAN>" + "<p>more</p>" * 1_000
    locator = _locate.Locator(line.encode())
    column = line.index("</SPAN>") - 3  # libxml2 gives a column near the tag
    monkeypatch.setattr(_locate.Locator, "line_text", lambda _self, _line: _Line(line))
    _Line.lowered.clear()
    place = _locate.error_place(locator, "Unexpected end tag : span", 1, column)
    assert place == (1, line.index("</SPAN>") + 1)
    assert _Line.lowered == []  # only a window near the column was lower-cased
