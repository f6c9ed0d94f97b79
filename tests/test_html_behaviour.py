"""The HTML reader's behaviour, piece by piece, on small hand-written pages.

Each expectation here was worked out by hand from the page it reads (the
fixture tests in test_html.py compare whole pages with the text dumps).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import paperledge
import paperledge._formats.html.lines as _html_text
import paperledge._formats.html.meta as _html_meta
import paperledge._formats.html.reader as _html
import paperledge._rules.durations as _durations_rules
import paperledge._rules.urls as _urls_rules
from paperledge import Author, ParseError, Show, parse_html

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "html"

SITE = "https://paperledge.podbean.com"
DATE = "Thursday Oct 02, 2025"
CREDIT = "Credit to Paper authors: "
TEXT = "Today we read a paper about teaching small models to reason step by step."
TEXT2 = "The authors show that a careful curriculum beats a bigger model on hard tasks."


def card(
    slug: str = "one",
    *,
    date: str = DATE,
    title: str | None = None,
    lines: tuple[str, ...] = (TEXT, TEXT2),
    authors: str = "Ann Lee, Bo Chen",
    extra: str = "",
) -> str:
    """An episode as a simple theme writes it: date, title or link, paragraphs, credit."""
    heading = f'<h2><a href="/e/{slug}/">{title}</a></h2>' if title else ""
    link = "" if title else f'<div><a href="/e/{slug}/">{date}</a></div>'
    paragraphs = "".join(f"<p>{line}</p>" for line in lines[:-1])
    return (
        f"<article><p>{date}</p>{heading}{link}{paragraphs}"
        f"<p>{lines[-1]}{CREDIT}{authors}</p>{extra}</article>"
    )


def page(*cards: str, head: str = "", body_end: str = "") -> str:
    return (
        f"<!DOCTYPE html>\n<html><head><title>PaperLedge</title>{head}</head>\n"
        f"<body><main>\n{chr(10).join(cards)}\n</main>{body_end}</body></html>\n"
    )


def codes(show: Show) -> list[str]:
    return [d.code for d in show.diagnostics]


# -- a plain listing --------------------------------------------------------------------


def test_a_simple_card_reads_whole() -> None:
    show = parse_html(page(card()), url=f"{SITE}/", strict=True)
    (episode,) = show.episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.title is None
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert episode.authors == (Author(name="Ann Lee"), Author(name="Bo Chen"))
    assert episode.url == f"{SITE}/e/one/"
    assert show.title == "PaperLedge"


def test_titled_cards_and_their_order() -> None:
    data = page(
        card("first", title="Machine Learning - First Paper"),
        card("second", date="Wednesday Oct 01, 2025"),
    )
    first, second = parse_html(data, strict=True).episodes
    assert first.title == "Machine Learning - First Paper"
    assert first.category == "Machine Learning"
    assert first.url == "/e/first/"
    assert second.title is None
    assert second.published == dt.date(2025, 10, 1)
    assert second.url == "/e/second/"


def test_credit_on_a_line_of_its_own() -> None:
    data = page(card(lines=(TEXT, TEXT2 + "</p><p>")))
    (episode,) = parse_html(data, strict=True).episodes
    # The credit opens its paragraph: no empty text before it.
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert [a.name for a in episode.authors] == ["Ann Lee", "Bo Chen"]


def test_short_text_lines_that_are_controls_are_dropped() -> None:
    data = page(card(lines=(TEXT, "Play", "3 comments", "Why does this matter?", TEXT2)))
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description.split("\n") == [TEXT, "Why does this matter?", TEXT2]


def test_controls_in_the_opening_are_skipped() -> None:
    data = page(
        f'<article><p>{DATE}</p><p>Play</p><p>12 likes</p><div><a href="/e/one/">{DATE}</a></div>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.description == TEXT


def test_a_meta_line_gives_the_date() -> None:
    data = page(
        '<article><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        f"<p>Posted on {DATE} by Ernis</p><p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.title == "Robotics - A Robot"
    assert episode.description == TEXT


def test_a_long_line_with_a_year_is_text_not_a_date() -> None:
    long_line = "In " + DATE + " the authors " + "wrote a great deal more " * 10
    data = page(card(lines=(long_line, TEXT)))
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description.split("\n")[0] == long_line


def test_time_element_alone_dates_the_episode() -> None:
    data = page(
        '<article><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        '<time datetime="2025-09-30T08:00:00Z">two days ago</time>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 9, 30)
    assert episode.description == TEXT


def test_time_element_with_a_bad_datetime_is_only_text() -> None:
    data = page(
        f'<article><p>{DATE}</p><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        '<p><time datetime="soon">2025</time></p>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description == f"2025\n{TEXT}"


def test_an_impossible_date_is_reported_where_it_is() -> None:
    data = page(card(date="Friday Feb 30, 2025"))
    show = parse_html(data)
    (episode,) = show.episodes
    assert episode.published is None
    assert episode.description == f"{TEXT}\n{TEXT2}"
    first = show.diagnostics[0]
    assert first.code == "date-invalid"
    line = data.split("\n")[first.line - 1]
    assert "Feb 30" in line[first.column - 1 :]
    with pytest.raises(ParseError) as error:
        parse_html(data, strict=True)
    assert error.value.code == "date-invalid"


def test_two_dates_that_disagree() -> None:
    data = page(
        f'<article><p>{DATE}</p><div><a href="/e/one/">Wednesday Oct 01, 2025</a></div>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    show = parse_html(data)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "date-mismatch"
    assert "Wednesday Oct 01, 2025" in diagnostic.message
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("Wednesday Oct 01, 2025")


def test_missing_credit_is_located_at_the_last_line() -> None:
    ending = "And that is where this long episode about curricula and models ends."
    second = (
        f'<article><p>{DATE}</p><div><a href="/e/two/">{DATE}</a></div>'
        f"<p>{TEXT}</p><p>{TEXT2}</p><p>{ending}</p></article>"
    )
    data = page(card(), second)
    show = parse_html(data)
    assert [e.url for e in show.episodes] == ["/e/one/", "/e/two/"]
    assert show.episodes[1].description == f"{TEXT}\n{TEXT2}\n{ending}"
    assert show.episodes[1].authors == ()
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "missing-credit"
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("And that is where")


def test_an_element_without_credit_and_with_little_text_is_no_episode() -> None:
    second = f'<article><div><a href="/e/two/">{DATE}</a></div><p>{TEXT2}</p></article>'
    show = parse_html(page(card(), second), strict=True)
    assert [e.url for e in show.episodes] == ["/e/one/"]


def test_text_after_the_credit_of_the_last_episode_of_a_cut_page() -> None:
    # The page is cut just after the next episode's date: that date is not
    # text of the episode before it.
    data = page(card())[: -len("\n</main></body></html>\n")] + f"<article><p>{DATE}</p>"
    show = parse_html(data)
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert codes(show) == ["html-truncated"]


def test_sidebar_links_make_no_episode() -> None:
    sidebar = '<div class="side"><h4>Popular</h4><a href="/e/other/">Another episode</a></div>'
    show = parse_html(page(card(), body_end=sidebar), strict=True)
    assert [e.url for e in show.episodes] == ["/e/one/"]


def test_a_link_inside_running_text_is_not_an_episode_link() -> None:
    inline = 'See <a href="/e/older/">the older episode</a> for more.'
    data = page(card(lines=(TEXT, inline, TEXT2)))
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.url == "/e/one/"
    assert episode.description == f"{TEXT}\nSee the older episode for more.\n{TEXT2}"


def test_media_belong_to_their_episode() -> None:
    first = card("one", extra='<audio src="https://cdn.test/one.mp3"></audio>')
    second = card(
        "two",
        extra='<img src=" /img/two.png "><a href="https://cdn.test/two.M4A?x=1">Download</a>',
    )
    show = parse_html(page(first, second), url=f"{SITE}/", strict=True)
    one, two = show.episodes
    assert one.audio_url == "https://cdn.test/one.mp3"
    assert one.image_url is None
    assert two.audio_url == "https://cdn.test/two.M4A?x=1"
    assert two.image_url == f"{SITE}/img/two.png"
    assert "Download" not in two.description


def test_audio_from_a_source_element() -> None:
    extra = '<video><source src="/media/one.mp3"></video>'
    (episode,) = parse_html(page(card(extra=extra)), url=f"{SITE}/", strict=True).episodes
    assert episode.audio_url == f"{SITE}/media/one.mp3"


def test_share_links_are_not_text_and_not_episodes() -> None:
    footer = (
        '<div><a href="https://www.facebook.com/sharer/sharer.php?u=https://x.test/e/one/">'
        "Share</a> "
        '<a href="mailto:?body=/e/one/">Mail</a> <a href="/e/one/#comments">2 Comments</a></div>'
    )
    (episode,) = parse_html(page(card(extra=footer)), strict=True).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


# -- the page's own text ------------------------------------------------------------------


def _lines(markup: str) -> list[str]:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    body = root.find("body")
    assert body is not None
    _html_text.prepare(body)
    return [_html_text.plain(line) for line in _html_text.lines(_html_text.serialise(body))]


def test_layout_whitespace_is_not_text() -> None:
    assert _lines("<div>\n  <p>A</p>\n  <p>B</p>\n</div>") == ["A", "B"]
    assert _lines("<p>one\n   two</p>") == ["one two"]
    assert _lines("<p>\n  one  </p>") == ["one  "]


def test_layout_inside_a_line_is_one_space_however_many_breaks() -> None:
    assert _lines("<p>one\n  two  \n  three\n four</p>") == ["one two three four"]


@pytest.mark.parametrize("tag", _html_text._BLOCKS)
def test_every_block_box_is_a_line_of_its_own(tag: str) -> None:
    # Built by hand, not parsed: the HTML parser moves table parts and the
    # like to where they may stand.
    body = etree.Element("body")
    box = etree.SubElement(body, "div")
    box.text = "before"
    block = etree.SubElement(box, tag)
    block.text = "inside"
    block.tail = "after"
    assert _html_text.lines(_html_text.serialise(body)) == ["before", "inside", "after"]


def test_an_inline_element_is_no_line_of_its_own() -> None:
    body = etree.Element("body")
    box = etree.SubElement(body, "div")
    box.text = "before "
    inline = etree.SubElement(box, "span")
    inline.text = "inside"
    inline.tail = " after"
    assert _html_text.lines(_html_text.serialise(body)) == ["before inside after"]


def test_typed_spaces_are_text() -> None:
    assert _lines("<p>A</p>\n\n<p>  B</p>") == ["A", "  B"]
    assert _lines("<p>end.  Next</p>") == ["end.  Next"]


def test_whitespace_only_blocks_are_whitespace_lines() -> None:
    assert _lines("<p>A</p><p> </p><p>B</p>") == ["A", " ", "B"]
    assert _lines("<p>A</p><p>&nbsp;</p><p>B</p>") == ["A", " ", "B"]
    # Layout between two boxes is not a line, spaces or not.
    assert _lines("<p>A</p> <p>B</p>") == ["A", "B"]


def test_no_break_spaces_are_spaces() -> None:
    assert _lines("<p>a&nbsp;b</p>") == ["a b"]
    # Next to a line break of the source it is text, not layout.
    assert _lines("<p>a&nbsp;\nb</p>") == ["a  b"]


def test_carriage_returns_written_as_references_are_line_breaks() -> None:
    assert _lines("<p>one&#13;\ntwo</p>") == ["one two"]


def test_breaks_and_blocks_inside_inline_elements_cut_lines() -> None:
    assert _lines("<p>one<br>two</p>") == ["one", "two"]
    assert _lines("x<span><p>y</p></span>") == ["x", "y"]
    assert _lines("<div>intro<p>para</p>outro</div>") == ["intro", "para", "outro"]


def test_chrome_is_not_text() -> None:
    markup = (
        "<p>a<script>var x = 1;</script>b</p><nav>menu</nav><p>c<button>Play</button></p>"
        '<form><input value="q"></form><p hidden>gone</p><p style="display: none">gone</p>'
        '<p style="Visibility:Hidden">gone</p><p class="hidden">kept</p>'
    )
    assert _lines(markup) == ["ab", "c", "kept"]


def test_headings_are_marked() -> None:
    root = etree.fromstring("<html><body><h2>\nTitle\n</h2><p>x</p></body></html>")
    body = root.find("body")
    assert body is not None
    _html_text.prepare(body)
    assert _html_text.lines(_html_text.serialise(body)) == [_html_text.HEAD + "Title", "x"]


def test_episode_links_are_labelled_with_their_slug() -> None:
    root = etree.fromstring(
        '<html><body><div><a href="/e/my-slug/">Title</a></div>'
        '<p>see <a href="/e/inline/">this</a> too</p></body></html>',
        etree.HTMLParser(),
    )
    body = root.find("body")
    assert body is not None
    found = _html_text.prepare(body)
    assert [slug for _, slug in found.links] == ["my-slug"]
    assert _html_text.lines(_html_text.serialise(body)) == [
        f"{_html_text.LINK}my-slug{_html_text.SEP}Title",
        "see this too",
    ]


@pytest.mark.parametrize(
    ("markup", "alone"),
    [
        ('<div><a href="/e/x/">T</a></div>', True),
        ('<p><a href="/e/x/">T</a></p>', True),
        ('<p>Read <a href="/e/x/">T</a></p>', False),
        ('<p><a href="/e/x/">T</a> and more</p>', False),
        ('<p><a href="/e/x/">T</a> ok</p>', True),
        ('<p><a href="/e/x/">T</a><br>and more</p>', True),
        ('<p><b>Bold</b><a href="/e/x/">T</a></p>', False),
        ('<p><br><a href="/e/x/">T</a></p>', True),
        ('<p><a href="/e/x/">T</a><i>more</i></p>', False),
        ('<p><a href="/e/x/">T</a><i> </i></p>', True),
        ('<p><button>Play</button><a href="/e/x/">T</a></p>', True),
        ('<p>a<button>Play</button> <a href="/e/x/">T</a></p>', False),
        ('<p><a href="/e/x/">T</a><button>Play</button>tail</p>', False),
        ('<p><a href="/e/x/">T</a><script>x</script><br>and more</p>', True),
    ],
)
def test_standalone_links(markup: str, alone: bool) -> None:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    link = next(root.iter("a"))
    assert _html_text.standalone(link) is alone


def test_text_of_leaves_chrome_out() -> None:
    root = etree.fromstring(
        "<html><body><span>a<b>b<script>no</script>c</b>d<button>no</button></span></body></html>",
        etree.HTMLParser(),
    )
    span = next(root.iter("span"))
    assert _html_text.text_of(span) == "abcd"
    assert _html_text.text_of(next(root.iter("b"))) == "bc"
    assert _html_text.text_of(next(root.iter("script"))) == ""


@pytest.mark.parametrize(
    ("source", "hidden"),
    [
        (b"<p>part of the person is hidden from view</p>", []),
        (b'<h1 class="display-5">x</h1>', []),
        (b'<p class="hidden">x</p>', []),
        (b'<p style="color: red">x</p>', []),
        (b"<p hidden>x</p>", ["p"]),
        (b'<p hidden="">x</p>', ["p"]),
        (b"<p hidden/>", ["p"]),
        (b'<p style="display:none">x</p>', ["p"]),
        (b'<p style="display : none">x</p>', ["p"]),
        (b'<p style="DISPLAY: NONE">x</p>', ["p"]),
        (b'<p style="visibility: hidden">x</p>', ["p"]),
        (b'<a title="a>b" hidden>x</a>', ["a"]),
        (b"<p>text</p> hidden", []),
        (b"hidden", []),
        (b"hidden text<p hidden>x</p>", ["p"]),
        (b"display: it is not<p style='display:none'>x</p>", ["p"]),
        (b'<p style="color: red">hidden<br hidden>', ["br"]),
        (b'<a href="x">the person is hidden from view</a>', []),
        (b"<a title='it\"s'>hidden from view</a>", []),
        (b'<div hidden style="display:none"><p hidden>x</p></div><i>y</i>', ["div", "p"]),
        (b'<p style="color: red" hidden>x</p><p style="display: none" hidden>y</p>', ["p", "p"]),
    ],
)
def test_hidden_elements_are_found_by_their_attributes(source: bytes, hidden: list[str]) -> None:
    body = etree.fromstring(b"<html><body>" + source + b"</body></html>", etree.HTMLParser())
    body = body.find("body")
    assert body is not None
    # Each element once, in document order, whatever hides it (or both).
    assert [element.tag for element in _html_text.hidden_elements(body)] == hidden


@pytest.mark.parametrize(
    ("label", "ui"),
    [
        ("Play", True),
        ("  read more  ", True),
        ("Read More »", True),
        ("3 Comments", True),
        ("(12) likes", True),
        ("Views: 40", True),
        ("downloads (7)", True),
        ("Comment", True),
        ("Playing with fire", False),
        ("3 comments about this paper and more words", False),
        ("Why does this matter?", False),
    ],
)
def test_ui_labels(label: str, ui: bool) -> None:
    assert _html_text.is_ui_line(label) is ui


@pytest.mark.parametrize(
    ("href", "audio"),
    [
        ("https://cdn.test/a.mp3", True),
        ("https://cdn.test/a.MP3?dl=1", True),
        ("https://cdn.test/a.ogg#t=10", True),
        ("/a.opus", True),
        ("https://cdn.test/a.mp3.html", False),
        ("https://cdn.test/?file=a.mp3", False),
        ("https://cdn.test/e/episode/", False),
    ],
)
def test_audio_links(href: str, audio: bool) -> None:
    assert _urls_rules.is_audio_href(href) is audio


@pytest.mark.parametrize(
    ("href", "chrome"),
    [
        ("https://twitter.com/intent/tweet?url=x", True),
        ("https://x.test/e/one/#respond", True),
        ("https://x.test/e/one/#Comments", True),
        ("javascript:void(0)", True),
        ("WhatsApp://send?text=x", True),
        ("https://www.addtoany.com/share", True),
        ("https://x.test/e/one/", False),
        ("https://x.test/page/2/", False),
    ],
)
def test_chrome_links(href: str, chrome: bool) -> None:
    assert _html_text._is_chrome_href(href) is chrome


# -- decoding -------------------------------------------------------------------------------


def test_a_page_cut_inside_a_character() -> None:
    data = b"<p>x</p>\n<p>ab\xc3"
    show = parse_html(data)
    first = show.diagnostics[0]
    assert (first.code, first.line, first.column) == ("undecodable", 2, 6)


def test_declared_utf8_with_a_stray_byte_is_reported_at_the_byte() -> None:
    data = page(card(lines=(TEXT, "caf\xe9 " + TEXT2))).encode("utf-8")
    data = data.replace(b"<head>", b'<head><meta charset="utf-8">').replace(
        "caf\xe9".encode(), b"caf\xe9"
    )
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "encoding"
    line = data.split(b"\n")[diagnostic.line - 1]
    assert line.decode("cp1252")[diagnostic.column - 1 :].startswith("\xe9 The authors")
    assert show.episodes[0].description.endswith("caf\xe9 " + TEXT2)


def test_a_declared_latin1_page_is_read_as_windows_1252() -> None:
    data = page(
        card(lines=(TEXT, "\u201cQuoted\u201d " + TEXT2)), head='<meta charset="iso-8859-1">'
    )
    show = parse_html(data.encode("cp1252"), strict=True)
    assert "\u201cQuoted\u201d" in show.episodes[0].description


def test_a_utf8_bom_before_bytes_that_are_not_utf8() -> None:
    data = b"\xef\xbb\xbf" + page(card(lines=(TEXT, "caf\xe9 " + TEXT2))).encode("cp1252")
    show = parse_html(data)
    assert codes(show) == ["encoding"]
    assert "utf-8" in show.diagnostics[0].message
    assert show.episodes[0].description.endswith("caf\xe9 " + TEXT2)


def test_control_characters_are_reported_and_replaced() -> None:
    data = page(card(lines=(TEXT, "a\x01b " + TEXT2)))
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "control-character"
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("\x01b ")
    assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_a_form_feed_is_a_space() -> None:
    data = page(card(lines=(TEXT, "a\x0cb " + TEXT2)))
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    assert show.episodes[0].description.endswith("a b " + TEXT2)


def test_noncharacters_are_replaced() -> None:
    data = page(card(lines=(TEXT, "a\ufffeb " + TEXT2))).encode("utf-8")
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_too_large_pages_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_html, "MAX_HTML_BYTES", 400)
    data = page(card(), card("two"))
    text_show = parse_html(data)
    assert text_show.diagnostics[0].code == "too-large"
    assert "characters" in text_show.diagnostics[0].message
    bytes_show = parse_html(data.encode())
    assert bytes_show.diagnostics[0].code == "too-large"
    assert "bytes" in bytes_show.diagnostics[0].message


def test_marker_characters_in_the_page_are_inert() -> None:
    marked = "".join(chr(c) for c in range(0xE000, 0xE008))
    (episode,) = parse_html(page(card(lines=(TEXT, marked + TEXT2)))).episodes
    assert episode.description == f"{TEXT}\n" + "\ufffd" * 8 + TEXT2


# -- where defects are located ------------------------------------------------------------


def test_locator() -> None:
    locator = _html._Locator("ab\ncd\n\xe9f".encode())
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
    assert _html.needle("  Hello, world and more text here") == "Hello, world and more te"
    assert _html.needle("\u201c\u00e9\u201d  ") == "\u201c\u00e9\u201d"


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


def test_a_stray_end_tag_is_located_at_the_tag() -> None:
    data = page(card(lines=(TEXT, "Strange</span> " + TEXT2)))
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "html-structure"
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("</span>")
    assert show.episodes[0].description.endswith("Strange " + TEXT2)


def test_truncated_pages() -> None:
    assert _html._is_truncated(b"<html><body><p>x")
    assert not _html._is_truncated(b"<html><body><p>x</p></BODY>")
    assert not _html._is_truncated(b"<p>x</p></html>\n" + b" " * 900)


# -- pagination, links and the show --------------------------------------------------------


def _with_pagination(links: str, url: str) -> Show:
    return parse_html(page(card(), body_end=f"<nav>{links}</nav>"), url=url)


def test_pagination_by_labels() -> None:
    show = _with_pagination(
        '<a href="/page/2/">« Newer</a> <a href="/page/4/">Older »</a>', f"{SITE}/page/3/"
    )
    assert show.next_page_url == f"{SITE}/page/4/"
    assert show.previous_page_url == f"{SITE}/page/2/"


def test_pagination_by_numbers() -> None:
    links = "".join(f'<a href="/page/{n}/">{n}</a>' for n in (1, 2, 3, 4))
    show = _with_pagination(links, f"{SITE}/page/3/")
    assert show.next_page_url == f"{SITE}/page/4/"
    assert show.previous_page_url == f"{SITE}/page/2/"
    first = _with_pagination(links, f"{SITE}/")
    assert first.next_page_url == f"{SITE}/page/2/"
    assert first.previous_page_url is None


def test_page_two_goes_back_to_the_front_page() -> None:
    show = _with_pagination('<a href="/">← Newer episodes</a>', f"{SITE}/page/2/")
    assert show.previous_page_url == f"{SITE}/"
    assert show.next_page_url is None


def test_pagination_by_rel() -> None:
    show = parse_html(
        page(
            card(),
            body_end='<p><a rel="next" href="/page/9/">x</a> '
            '<a rel="prev" href="/page/7/">y</a></p>',
        ),
        url=f"{SITE}/page/8/",
    )
    assert show.next_page_url == f"{SITE}/page/9/"
    assert show.previous_page_url == f"{SITE}/page/7/"
    head = '<link rel="next" href="/page/5/"><link rel="previous" href="/page/3/">'
    show = parse_html(page(card(), head=head), url=f"{SITE}/page/4/")
    assert (show.next_page_url, show.previous_page_url) == (f"{SITE}/page/5/", f"{SITE}/page/3/")


def test_base_url() -> None:
    meta = _html_meta.PageMeta()
    assert _html._base_url(None, meta) is None
    assert _html._base_url("not a url", meta) is None
    assert _html._base_url(f"{SITE}/page/2/", meta) == f"{SITE}/page/2/"
    meta.base_href = "/base/"
    assert _html._base_url(f"{SITE}/page/2/", meta) == f"{SITE}/base/"
    assert _html._base_url(None, meta) == "/base/"
    meta.canonical = f"{SITE}/page/3/"
    assert _html._base_url(None, meta) == f"{SITE}/base/"


def test_show_fields_from_the_head() -> None:
    head = (
        '<meta property="og:site_name" content="PaperLedge Site">'
        '<meta name="description" content="A show. Hosted by the Ernis, who reads.">'
        '<meta property="og:image" content="/logo.png">'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    )
    show = parse_html(page(card(), head=head), url=f"{SITE}/page/2/")
    assert show.title == "PaperLedge Site"
    assert show.description == "A show. Hosted by the Ernis, who reads."
    assert show.host == "Ernis"
    assert show.image_url == f"{SITE}/logo.png"
    assert show.feed_url == f"{SITE}/feed.xml"
    assert show.url == f"{SITE}/"


def test_show_title_from_the_title_element() -> None:
    data = page(card()).replace(
        "<title>PaperLedge</title>", "<title> Paper\n Ledge | Podbean</title>"
    )
    assert parse_html(data).title == "Paper Ledge"


# -- episode pages and JSON-LD --------------------------------------------------------------

_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "PodcastEpisode", "name": "Robotics - A Robot", "url": "/e/robot/",'
    ' "datePublished": "2025-10-02T08:00:00Z", "timeRequired": "PT1H2M3S",'
    ' "description": "First\\u00a0line.\\u00a0 \\nSecond line.  '
    'Credit to Paper authors: Ann Lee, Bo Chen",'
    ' "associatedMedia": [{"contentUrl": "/robot.mp3"}], "thumbnailUrl": ["/robot.png"],'
    ' "partOfSeries": {"@type": "PodcastSeries", "name": "PaperLedge", "url": "/",'
    ' "description": "The show.", "image": {"url": "/show.png"}}}]}</script>'
)


def test_an_episode_page_drawn_by_scripts_reads_its_json_ld() -> None:
    data = f"<html><head>{_LD}</head><body><div id=app></div></body></html>"
    show = parse_html(data, url=f"{SITE}/e/robot/", strict=True)
    (episode,) = show.episodes
    assert episode.title == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    # Trailing white space (the no-break space too) goes; inside, it is a space.
    assert episode.description == "First line.\nSecond line."
    assert [a.name for a in episode.authors] == ["Ann Lee", "Bo Chen"]
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.audio_url == f"{SITE}/robot.mp3"
    assert episode.image_url == f"{SITE}/robot.png"
    assert episode.duration == dt.timedelta(hours=1, minutes=2, seconds=3)
    assert show.title == "PaperLedge"
    assert show.description == "The show."
    assert show.image_url == f"{SITE}/show.png"
    assert show.url == f"{SITE}/"


def test_an_episode_page_reads_the_visible_episode_and_fills_in_from_metadata() -> None:
    body = (
        '<header><a href="/">PaperLedge</a></header><nav><a href="/e/other/">Other</a></nav>'
        f"<main><h1>Robotics - A Robot</h1><p>{DATE}</p><p>{TEXT}{CREDIT}Ann Lee</p>"
        '<audio src="/visible.mp3"></audio></main>'
        '<aside><h3>More episodes</h3><a href="/e/x/">X</a></aside>'
    )
    head = (
        '<link rel="canonical" href="/e/robot/">'
        '<meta property="og:title" content="Robotics - A Robot">'
        '<meta property="og:image" content="/og.png"><meta itemprop="duration" content="12:34">'
    )
    show = parse_html(
        f"<html><head>{head}</head><body>{body}</body></html>", url=f"{SITE}/e/robot/", strict=True
    )
    (episode,) = show.episodes
    assert episode.title == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.description == TEXT
    assert episode.audio_url == f"{SITE}/visible.mp3"
    assert episode.image_url == f"{SITE}/og.png"
    assert episode.duration == dt.timedelta(minutes=12, seconds=34)
    assert episode.url == f"{SITE}/e/robot/"
    assert show.image_url is None  # an episode page's og:image is the episode's


def test_a_listing_takes_missing_fields_from_json_ld() -> None:
    ld = _LD.replace('"url": "/e/robot/"', '"url": "/e/one/"')
    show = parse_html(page(card(), head=ld), url=f"{SITE}/")
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert episode.title == "Robotics - A Robot"
    assert episode.audio_url == f"{SITE}/robot.mp3"


def test_untitled_json_ld_names() -> None:
    assert _html._title(None) is None
    assert _html._title("  ") is None
    assert _html._title(DATE) is None
    assert _html._title(" Robotics -  A Robot ") == "Robotics - A Robot"


# -- page metadata ------------------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from([*"e/ab?#x ", "\n"]), max_size=16))
def test_episode_slug_finds_what_the_pattern_finds(href: str) -> None:
    match = _urls_rules._EPISODE_PATH.search(href)
    assert _html_meta.episode_slug(href) == (match[1] if match else None)


@pytest.mark.parametrize(
    ("href", "slug"),
    [
        ("/e/one/", "one"),
        ("e/one", "one"),
        ("https://x.test/e/one/?utm=1", "one"),
        ("https://x.test/e/one/#comments", "one"),
        ("https://x.test/page/e/one/x", None),
        ("https://x.test/home/e/two/", "two"),
        ("https://x.test/some/", None),
        ("/e//", None),
    ],
)
def test_episode_slugs(href: str, slug: str | None) -> None:
    assert _html_meta.episode_slug(href) == slug


def test_page_numbers() -> None:
    assert _urls_rules.page_number("/page/2/") == 2
    assert _urls_rules.page_number("https://x.test/page/12?x") == 12
    assert _urls_rules.page_number("page/3") == 3
    assert _urls_rules.page_number("/pages/3/") is None
    assert _urls_rules.page_number("/page/three/") is None


def test_resolve() -> None:
    assert _urls_rules.resolve(None, None) is None
    assert _urls_rules.resolve(f"{SITE}/", "  ") is None
    assert _urls_rules.resolve(None, " /x/ ") == "/x/"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "http://other.test/a") == "http://other.test/a"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "/e/one/") == f"{SITE}/e/one/"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "../3/") == f"{SITE}/page/3/"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "/a/./b") == f"{SITE}/a/b"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "//cdn.test/a") == "https://cdn.test/a"
    assert _urls_rules.resolve("relative/base/", "/x") == "/x"
    assert _urls_rules.resolve("http://[::1", "x") == "x"


def test_site_root() -> None:
    assert _urls_rules.site_root(f"{SITE}/page/2/") == f"{SITE}/"
    assert _urls_rules.site_root(None) is None
    assert _urls_rules.site_root("/relative/") is None
    assert _urls_rules.site_root("http://[::1") is None


def test_iso_dates() -> None:
    assert _html_meta.iso_date("2025-10-02") == dt.date(2025, 10, 2)
    assert _html_meta.iso_date(" 2025-10-02T08:00:00Z") == dt.date(2025, 10, 2)
    assert _html_meta.iso_date("2025-13-02") is None
    assert _html_meta.iso_date("2025-10") is None
    assert _html_meta.iso_date(20251002) is None


@pytest.mark.parametrize(
    ("value", "duration"),
    [
        ("PT14M5S", dt.timedelta(minutes=14, seconds=5)),
        ("pt1h", dt.timedelta(hours=1)),
        ("P1DT0.5S", dt.timedelta(days=1, seconds=0.5)),
        ("12:34", dt.timedelta(minutes=12, seconds=34)),
        ("1:02:03", dt.timedelta(hours=1, minutes=2, seconds=3)),
        ("845", dt.timedelta(seconds=845)),
        (845, dt.timedelta(seconds=845)),
        (12.5, dt.timedelta(seconds=12.5)),
        (0, dt.timedelta(0)),
        (True, None),
        (-1, None),
        (10**7, None),
        ("12345678", None),
        ("P", None),
        ("PT", None),
        ("", None),
        ("soon", None),
        (None, None),
        ("P99999999999D", None),
    ],
)
def test_durations(value: object, duration: dt.timedelta | None) -> None:
    assert _durations_rules.read_duration(value) == duration


def test_json_ld_nodes_and_values() -> None:
    deep: object = {"@type": "PodcastEpisode", "name": "deep"}
    for _ in range(25):
        deep = [deep]
    assert list(_html_meta._nodes(deep)) == []
    shallow = [[{"@type": "x", "hasPart": [{"@type": "y"}]}]]
    assert [n["@type"] for n in _html_meta._nodes(shallow)] == ["x", "y"]
    assert _html_meta._text(" a ") == "a"
    assert _html_meta._text("  ") is None
    assert _html_meta._text({"contentUrl": "/a.mp3"}) == "/a.mp3"
    assert _html_meta._text([{"@id": "/id"}, "b"]) == "/id"
    assert _html_meta._text([]) is None
    assert _html_meta._text(3) is None
    assert _html_meta._types({"@type": "https://schema.org/PodcastEpisode"}) == {"PodcastEpisode"}
    assert _html_meta._types({"@type": ["A", 3, "b/C"]}) == {"A", "C"}
    assert _html_meta._types({"@type": 3}) == set()


def test_json_ld_episode_fields() -> None:
    episode = _html_meta.LdEpisode(
        {
            "headline": "Robotics - A Robot",
            "uploadDate": "2025-10-02",
            "url": {"@id": "/e/robot/"},
            "description": 3,
            "associatedMedia": {"contentUrl": "/a.mp3", "duration": "PT1M"},
            "image": "/i.png",
        }
    )
    assert episode.name == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.url == "/e/robot/"
    assert episode.description is None
    assert episode.audio_url == "/a.mp3"
    assert episode.duration == dt.timedelta(minutes=1)
    assert episode.image_url == "/i.png"


def test_read_meta() -> None:
    head = (
        '<meta property="OG:Title" content=" First "><meta property="og:title" content="Second">'
        '<meta name="description" content="  "><meta name="description" content="Later">'
        '<meta itemprop="duration" content="PT1M"><meta name="x">'
        '<link rel="Canonical" href=" /c/ "><link rel="canonical" href="/d/">'
        '<link rel="alternate" type="application/atom+xml" href="/atom">'
        '<link rel="alternate" type="application/rss+xml" href="/rss">'
        '<link rel="next" href="/n/"><link rel="prev" href="/p/"><link rel="next">'
        '<base href="/b/"><title>  The   Title </title><title>Other</title>'
        '<script type="application/ld+json">{oops</script>'
        '<script type="text/javascript">{"@type": "PodcastSeries", "name": "No"}</script>'
    )
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    meta = _html_meta.read_meta(root)
    assert meta.og == {"og:title": "First"}
    assert meta.description == "Later"  # an empty description is none
    assert meta.itemprop_duration == "PT1M"
    assert meta.canonical == "/c/"
    assert meta.feed_url == "/rss"
    assert (meta.rel_next, meta.rel_prev) == ("/n/", "/p/")
    assert meta.base_href == "/b/"
    assert meta.title == "The Title"
    assert meta.series_name is None
    assert [line for line, _ in meta.bad_jsonld] == [1]
    assert not meta.is_episode_page


def test_large_json_ld_blocks_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_html_meta, "JSONLD_MAX", 20)
    root = etree.fromstring(f"<html><head>{_LD}</head><body></body></html>", etree.HTMLParser())
    assert _html_meta.read_meta(root).episodes == []


# -- the front door -----------------------------------------------------------------------------


def test_sniffing() -> None:
    assert _html.sniff_html("<!DOCTYPE html><html>")
    assert _html.sniff_html("<div>x</div>")
    assert _html.sniff_html("<P>x")
    assert not _html.sniff_html(" <html>")
    assert not _html.sniff_html("<rss version='2.0'>")
    assert not _html.sniff_html("PaperLedge\n\nThe show")


def test_registered_as_html() -> None:
    fmt = paperledge.get_format("html")
    assert fmt.name == "html"
    assert fmt.reader is parse_html
    assert fmt.sniffer is _html.sniff_html


# -- more of the grammar ----------------------------------------------------------------------


def test_headings_times_and_the_episodes_own_link_inside_the_text_are_text() -> None:
    lines = (
        TEXT,
        "</p><h3>Why it matters</h3><p>" + TEXT2,
        'Recorded on <time datetime="2025-01-01">new year\'s day</time>, ' + TEXT,
        '</p><p><a href="/e/one/">Permalink to this episode</a></p><p>' + TEXT2,
    )
    (episode,) = parse_html(page(card(lines=lines)), strict=True).episodes
    assert episode.description.split("\n") == [
        TEXT,
        "Why it matters",
        TEXT2,
        "Recorded on new year's day, " + TEXT,
        "Permalink to this episode",
        TEXT2,
    ]


def test_an_episode_of_dates_only() -> None:
    dates = "".join(f"<p>{DATE}</p>" for _ in range(10))
    data = page(f'<article>{dates}<div><a href="/e/one/">{DATE}</a></div></article>')
    show = parse_html(data)
    (episode,) = show.episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.description == ""
    assert codes(show) == ["missing-credit"]


def test_an_episode_whose_credit_is_not_its_last_line() -> None:
    (episode,) = parse_html(page(card(extra="<p>Play</p>")), strict=True).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


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


@pytest.mark.parametrize(
    "charset", ["iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "cp1252"]
)
def test_declared_western_encodings_are_read_as_windows_1252(charset: str) -> None:
    data = page(
        card(lines=(TEXT, "\u201cQuoted\u201d \u2013 " + TEXT2)),
        head=f'<meta charset="{charset}">',
    ).encode("cp1252")
    show = parse_html(data, strict=True)
    assert show.episodes[0].description.endswith("\u201cQuoted\u201d \u2013 " + TEXT2)


def test_a_lone_surrogate_in_text_input_is_replaced() -> None:
    (episode,) = parse_html(page(card(lines=(TEXT, "a\ud800b " + TEXT2)))).episodes
    assert episode.description.endswith("a?b " + TEXT2)


def test_an_odd_byte_at_the_end_of_a_utf16_page() -> None:
    data = page(card()).encode("utf-16") + b"\x00"
    (episode,) = parse_html(data).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


def test_pagination_labels_win_over_numbers() -> None:
    links = (
        '<a href="/page/3/">« Newer</a><a href="/page/4/">4</a>'
        '<a href="/page/6/">6</a><a href="/page/7/">Older »</a>'
    )
    show = _with_pagination(links, f"{SITE}/page/5/")
    assert show.next_page_url == f"{SITE}/page/7/"
    assert show.previous_page_url == f"{SITE}/page/3/"


def test_a_link_labelled_newer_away_from_page_two_is_not_the_front_page() -> None:
    show = _with_pagination('<a href="/">Newer</a>', f"{SITE}/page/3/")
    assert show.previous_page_url is None


def test_an_episode_page_takes_the_json_ld_of_its_one_episode() -> None:
    ld = _LD.replace('"url": "/e/robot/"', '"url": "https://elsewhere.test/episode-42"')
    body = f"<main><h1>Robotics - A Robot</h1><p>{DATE}</p><p>{TEXT}{CREDIT}Ann Lee</p></main>"
    show = parse_html(
        f"<html><head>{ld}</head><body>{body}</body></html>", url=f"{SITE}/e/robot/", strict=True
    )
    (episode,) = show.episodes
    assert episode.description == TEXT
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.audio_url == f"{SITE}/robot.mp3"
    assert episode.duration == dt.timedelta(hours=1, minutes=2, seconds=3)


def test_show_description_from_open_graph() -> None:
    head = '<meta property="og:description" content="The show, by Ernis.">'
    assert parse_html(page(card(), head=head)).description == "The show, by Ernis."


def test_json_ld_of_a_mebibyte_is_read_and_no_more() -> None:
    node = '{"@type": "PodcastSeries", "name": "Big", "description": "'
    filler = "x" * ((1 << 20) - len(node) - 2)
    at_limit = f'{node}{filler}"}}'
    assert len(at_limit) == 1 << 20
    for block, name in ((at_limit, "Big"), (at_limit + " ", None)):
        script = f'<script type="application/ld+json">{block}</script>'
        root = etree.fromstring(
            f"<html><head>{script}</head><body></body></html>", etree.HTMLParser(huge_tree=True)
        )
        assert _html_meta.read_meta(root).series_name == name


def test_json_ld_is_read_twenty_levels_deep() -> None:
    chain: dict[str, object] = {"@type": "Thing", "name": "24"}
    for depth in range(23, -1, -1):
        chain = {"@type": "Thing", "name": str(depth), "@graph": chain}
    names = [node["name"] for node in _html_meta._nodes(chain)]
    assert names == [str(depth) for depth in range(21)]


def test_the_first_series_description_is_kept() -> None:
    meta = _html_meta.PageMeta()
    _html_meta._read_jsonld(
        meta,
        [
            {"@type": "PodcastSeries", "name": "A", "url": "/podcast/", "description": " "},
            {"@type": "PodcastSeries", "name": "B", "description": "Second"},
            {"@type": "PodcastSeries", "description": "Third", "image": "/i.png"},
        ],
    )
    assert meta.series_name == "A"
    assert meta.series_url == "/podcast/"
    assert meta.series_description == "Second"  # the first that says something
    assert meta.series_image == "/i.png"


def test_show_url_from_the_series() -> None:
    ld = _LD.replace('"name": "PaperLedge", "url": "/"', '"name": "PaperLedge", "url": "/show/"')
    data = f"<html><head>{ld}</head><body></body></html>"
    assert parse_html(data, url=f"{SITE}/e/robot/").url == f"{SITE}/show/"


@pytest.mark.parametrize(
    "tag",
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "audio",
        "video",
        "iframe",
        "object",
        "canvas",
        "form",
        "nav",
        "aside",
        "title",
        "map",
        "dialog",
    ],
)
def test_chrome_elements_hold_no_text(tag: str) -> None:
    assert _lines(f"<div>a<{tag}>chrome</{tag}>b</div>") == ["ab"]


def test_a_hidden_first_child_keeps_the_text_after_it() -> None:
    assert _lines("<p><span hidden>x</span>tail</p>") == ["tail"]
    assert _lines("<p>a<span hidden>x</span>tail</p>") == ["atail"]
    assert _lines("<p><b>a</b><span hidden>x</span>tail</p>") == ["atail"]


def test_headings_of_every_level_are_titles() -> None:
    for level in range(1, 7):
        # The heading is the title by being a heading: the link is the date's.
        data = page(
            f"<article><h{level}>Robotics - Level {level}</h{level}>"
            f'<div><a href="/e/one/">{DATE}</a></div><p>{TEXT}{CREDIT}Ann Lee</p></article>'
        )
        (episode,) = parse_html(data, strict=True).episodes
        assert episode.title == f"Robotics - Level {level}"
        assert episode.published == dt.date(2025, 10, 2)
        assert episode.description == TEXT


def test_a_heading_that_is_the_episode() -> None:
    data = page(
        f'<h2><a href="/e/one/">Robotics - A Robot</a><br>{DATE}<br>{TEXT}{CREDIT}Ann Lee</h2>'
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.title == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.description == TEXT


@pytest.mark.parametrize(
    "href",
    [
        "https://x.test/sharer.php?u=1",
        "https://x.test/share?u=1",
        "https://x.test/a/share/1",
        "https://twitter.com/intent/tweet?u=1",
        "https://x.com/intent/post?u=1",
        "https://x.test/shareArticle?u=1",
        "https://pinterest.com/pin/create/button/?u=1",
        "https://x.test/addtoany",
        "mailto:someone@x.test",
        "whatsapp:send?x=1",
        "javascript:void(0)",
        "/e/one/#comments",
        "/e/one/#respond",
        "/e/one/#disqus_thread",
        "/e/one/#reply-3",
        "https://x.test/\u00e9/sharer.php",
    ],
)
def test_every_kind_of_chrome_link(href: str) -> None:
    assert _html_text._is_chrome_href(href)
    (episode,) = parse_html(
        page(card(extra=f'<p><a href="{href}">Link text of the chrome</a></p>')), strict=True
    ).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


def test_non_ascii_links_that_are_not_chrome() -> None:
    assert not _html_text._is_chrome_href("https://x.test/\u00e9/e/one/")


@pytest.mark.parametrize("label", sorted(_html_text.UI_LABELS))
def test_every_control_label(label: str) -> None:
    assert _html_text.is_ui_line(label.upper())


def test_counters_are_labels_only_when_short() -> None:
    assert _html_text.is_ui_line("1" * 20 + " comments")  # 29 characters
    assert not _html_text.is_ui_line("1" * 21 + " comments")  # 30


# -- edges found by mutation testing, each checked by hand ------------------------------------


def test_an_undeclared_page_ending_in_a_byte_that_is_not_utf8() -> None:
    # Not a character cut short (that is "undecodable"): a Windows-1252 page.
    data = page(card()).encode("utf-8") + b"\xff"
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "encoding"
    assert diagnostic.message == "the page is not UTF-8; it was decoded as windows-1252"


def test_other_control_characters() -> None:
    for control in ("\x0b", "\x0e", "\x1f", "\x00"):
        data = page(card(lines=(TEXT, f"a{control}b " + TEXT2)))
        show = parse_html(data)
        assert codes(show) == ["control-character"], repr(control)
        assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_a_meta_line_of_the_last_century() -> None:
    data = page(
        '<article><h3><a href="/e/one/">Robotics - An Old Robot</a></h3>'
        f"<p>Posted on Friday Oct 01, 1999 by Ernis</p><p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(1999, 10, 1)


def test_the_message_of_a_page_without_episodes() -> None:
    show = parse_html("<html><body><p>Nothing to see.</p></body></html>")
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "no-episodes"
    assert diagnostic.message == "the page holds nothing recognisable as an episode"
    assert (diagnostic.line, diagnostic.column) == (1, 1)


@pytest.mark.parametrize(
    "markup",
    [
        '<p>Read <a href="/e/x/">T</a></p>',
        '<ul><li>Read <a href="/e/x/">T</a></li></ul>',
        '<p><span>Read <a href="/e/x/">T</a></span></p>',
        '<p><em>Read <a href="/e/x/">T</a></em></p>',
        '<p><strong>Read <a href="/e/x/">T</a></strong></p>',
        '<p><b>Read <a href="/e/x/">T</a></b></p>',
        '<p><i>Read <a href="/e/x/">T</a></i></p>',
        '<blockquote>Read <a href="/e/x/">T</a></blockquote>',
        '<table><tr><td>Read <a href="/e/x/">T</a></td></tr></table>',
        '<dl><dd>Read <a href="/e/x/">T</a></dd></dl>',
        '<p><q>Read <a href="/e/x/">T</a></q></p>',
        '<p><small>Read <a href="/e/x/">T</a></small></p>',
    ],
)
def test_links_in_running_text_of_every_kind(markup: str) -> None:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    assert not _html_text.standalone(next(root.iter("a")))


def test_a_link_in_a_box_is_standalone_whatever_is_around_it() -> None:
    root = etree.fromstring(
        '<html><body><div>Read <a href="/e/x/">T</a> and more</div></body></html>',
        etree.HTMLParser(),
    )
    assert _html_text.standalone(next(root.iter("a")))


@pytest.mark.parametrize(
    "suffix", [".mp3", ".m4a", ".mp4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"]
)
def test_every_audio_suffix(suffix: str) -> None:
    href = f"https://cdn.test/one{suffix.upper()}"
    assert _urls_rules.is_audio_href(href)
    (episode,) = parse_html(page(card(extra=f'<p><a href="{href}">Get it</a></p>'))).episodes
    assert episode.audio_url == href


def test_a_stylesheet_link_is_no_pagination() -> None:
    head = '<link rel="stylesheet" href="/style.css"><link rel="prev" href="/page/1/">'
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    meta = _html_meta.read_meta(root)
    assert (meta.rel_next, meta.rel_prev) == (None, "/page/1/")


def test_references_to_marker_characters_are_inert() -> None:
    # A page cannot bring in the reader's private-use marks through
    # character references either (one stood for the edge of an episode).
    first = card("one", extra="<p>&#xe007;</p><p>&#57351;</p><p>&#x0000E003;x</p>")
    data = page(first, card("two"), card("three"))
    show = parse_html(data)
    assert [e.url for e in show.episodes] == ["/e/one/", "/e/two/", "/e/three/"]
    # The three lines after the credit are kept, as text after a credit is.
    assert show.episodes[0].description == f"{TEXT}\n{TEXT2}\n\ufffd\n\ufffd\n\ufffdx"
    assert [e.description for e in show.episodes[1:]] == [f"{TEXT}\n{TEXT2}"] * 2
    assert codes(show) == ["stray-text"]
    strays = parse_html(page(card(lines=(TEXT, "&#xE003;&#57349;&#x00e007 " + TEXT2))))
    assert strays.episodes[0].description.endswith("\ufffd\ufffd\ufffd " + TEXT2)


def test_references_next_to_the_markers_are_left_alone() -> None:
    data = page(card(lines=(TEXT, "&#xe0070;&#573440;&#xe008; " + TEXT2)))
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description.endswith("\U000e0070\U0008c000\ue008 " + TEXT2)


def test_a_marker_reference_with_a_long_run_of_zeros() -> None:
    data = page(card(lines=(TEXT, "&#x" + "0" * 100_000 + "e003;" + TEXT2)))
    (episode,) = parse_html(data).episodes
    assert episode.description.endswith("\ufffd" + TEXT2)


def test_meta_lines_are_dates_up_to_200_characters() -> None:
    def opening(meta_line: str) -> str:
        return page(
            '<article><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
            f"<p>{meta_line}</p><p>{TEXT}{CREDIT}Ann Lee</p></article>"
        )

    prefix = f"Posted on {DATE} by Ernis, "
    at_limit = prefix + "x" * (200 - len(prefix))
    (dated,) = parse_html(opening(at_limit), strict=True).episodes
    assert dated.published == dt.date(2025, 10, 2)
    assert dated.description == TEXT
    over = at_limit + "x"
    (undated,) = parse_html(opening(over)).episodes
    assert undated.published is None
    assert undated.description == f"{over}\n{TEXT}"


def test_the_missing_credit_message() -> None:
    data = page(card(lines=(TEXT, TEXT2, TEXT), authors="").replace(CREDIT, ""))
    (diagnostic,) = parse_html(data).diagnostics
    assert diagnostic.message == "the episode has no 'Credit to Paper authors:' line"


def test_an_unclosed_div_after_two_scripts() -> None:
    scripts = '<script>var a = 1;</script><div class="y"><script>var s = "</div>";</script>'
    data = page(card(extra=scripts))
    unclosed = [d for d in parse_html(data).diagnostics if "not closed" in d.message]
    (diagnostic,) = unclosed
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith('<div class="y">')


def test_pagination_by_rel_to_pages_without_numbers() -> None:
    body_end = '<p><a rel="next" href="/older/">x</a> <a rel="prev" href="/newer/">y</a></p>'
    show = parse_html(page(card(), body_end=body_end), url=f"{SITE}/page/8/")
    assert show.next_page_url == f"{SITE}/older/"
    assert show.previous_page_url == f"{SITE}/newer/"


def test_a_flat_page_cut_short() -> None:
    flat = (FIXTURES / "flat_003.html").read_text(encoding="utf-8")
    show = parse_html(flat[: len(flat) // 2])
    assert codes(show) == ["html-truncated"]
    assert len(show.episodes) == 5


def test_the_other_noncharacter() -> None:
    data = page(card(lines=(TEXT, "a\uffffb " + TEXT2))).encode("utf-8")
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_the_episode_limit() -> None:
    show = parse_html(page(card(), card("two")), limits=paperledge.Limits(max_episodes=1))
    assert [e.url for e in show.episodes] == ["/e/one/"]
    (diagnostic,) = show.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("too-large", 1)


def test_an_episode_page_drawn_by_scripts_takes_its_address_and_audio_from_open_graph() -> None:
    ld = _LD.replace('"url": "/e/robot/",', "").replace(
        '"associatedMedia": [{"contentUrl": "/robot.mp3"}], ', ""
    )
    head = (
        f'{ld}<meta property="og:url" content="/e/robot/">'
        '<meta property="og:audio" content="/og.mp3">'
    )
    show = parse_html(f"<html><head>{head}</head><body></body></html>", url=f"{SITE}/x/")
    (episode,) = show.episodes
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.audio_url == f"{SITE}/og.mp3"


def test_an_open_graph_address_of_an_episode_makes_an_episode_page() -> None:
    head = '<meta property="og:url" content="https://paperledge.podbean.com/e/robot/">'
    body = f"<main><h1>Robotics - A Robot</h1><p>{DATE}</p><p>{TEXT}{CREDIT}Ann Lee</p></main>"
    show = parse_html(f"<html><head>{head}</head><body>{body}</body></html>", strict=True)
    (episode,) = show.episodes
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.title == "Robotics - A Robot"


def test_a_bad_json_ld_block_does_not_hide_the_next() -> None:
    head = f'<script type="application/ld+json">{{oops</script>{_LD}'
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    meta = _html_meta.read_meta(root)
    assert len(meta.bad_jsonld) == 1
    assert [ld.name for ld in meta.episodes] == ["Robotics - A Robot"]


def test_a_time_element_before_the_episode_link() -> None:
    data = page(
        '<article><time datetime="2025-09-30">Sep 30</time>'
        '<h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 9, 30)
    assert episode.url == "/e/one/"


def test_a_flat_page_whose_first_line_is_a_defect() -> None:
    flat = (FIXTURES / "flat_003.html").read_text(encoding="utf-8")
    data = flat.replace("<p>PaperLedge</p>", "<p>Thursday Apr 10 2025</p>", 1)
    first = parse_html(data).diagnostics[0]
    # Line 2 of the page is "<p>Thursday Apr 10 2025</p>": the comma is missing
    # after "10", 16 characters into the text, 19 into the line.
    assert (first.code, first.line, first.column) == ("date-format", 2, 19)


@pytest.mark.parametrize(
    ("reference", "code"),
    [("&#4;", 4), ("&#x04;", 4), ("&#X1f;", 0x1F), ("&#0000011;", 11), ("&#65535;", 0xFFFF)],
)
def test_references_to_control_characters_are_reported_and_replaced(
    reference: str, code: int
) -> None:
    # Found by fuzzing: libxml2 turns &#4; into U+0004, which lxml then
    # refused when the reader labelled a <time> or an episode link holding it.
    data = page(
        '<article><time datetime="2025-10-02">' + reference + "</time>"
        f'<h2><a href="/e/one/">Robotics - A{reference}B</a></h2>'
        f"<p>a{reference}b {TEXT}{CREDIT}Ann Lee</p></article>"
    )
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    (diagnostic,) = show.diagnostics
    assert f"U+{code:04X}" in diagnostic.message
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith(reference)
    (episode,) = show.episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.title == "Robotics - A\ufffdB"
    assert episode.description == f"a\ufffdb {TEXT}"
    with pytest.raises(ParseError) as raised:
        parse_html(data, strict=True)
    assert raised.value.code == "control-character"


def test_references_to_allowed_characters_are_left_alone() -> None:
    # Tab, line feed and carriage return are text; &#10; is not &#1; followed by 0.
    data = page(card(lines=(TEXT, "a&#9;b&#10;c&#13;d&#x20;e " + TEXT2)))
    show = parse_html(data)
    assert "control-character" not in codes(show)


def test_episode_links_inside_chrome_or_inside_another_link_never_break_the_listing() -> None:
    # Found by fuzzing: an episode element whose text the stylesheet does not
    # write (inside a <button>, in the head) or one inside another (a link in
    # a link) unpaired the marks of every episode after it, and the reader
    # raised ValueError.
    for odd in (
        # A share link (chrome, renamed to a button) around a whole card.
        '<a href="https://www.facebook.com/sharer/sharer.php?u=x"><div>'
        + card("zero", date="Friday Oct 03, 2025")
        + "</div></a>",
        # An audio link around one.
        '<a href="https://mcdn.podbean.com/mf/web/x/zero.mp3"><div>'
        + card("zero", date="Friday Oct 03, 2025")
        + "</div></a>",
        '<p><a href="/e/outer/">outer <a href="/e/inner/">inner</a> text</a></p>',
    ):
        data = page(odd, card("one"), card("two", date="Wednesday Oct 01, 2025"))
        show = parse_html(data)
        urls = [episode.url for episode in show.episodes]
        assert urls[-2:] == ["/e/one/", "/e/two/"], odd
        assert show.episodes[-1].published == dt.date(2025, 10, 1)
        assert show.episodes[-1].description == f"{TEXT}\n{TEXT2}"
    head = '<link rel="alternate" href="/e/head/"><a href="/e/head/">In the head</a>'
    show = parse_html(page(card("one"), head=head))
    assert [episode.url for episode in show.episodes] == ["/e/one/"]


# -- episode pages without a credit, and pages given as text with a BOM -------------------

EPISODE_HEAD = '<link rel="canonical" href="https://paperledge.podbean.com/e/one/">'
EPISODE_BODY = f"<article><p>{DATE}</p><h1>A title</h1><p>{TEXT}</p><p>{TEXT2}</p></article>"


def test_an_episode_page_without_a_credit_still_gives_its_episode() -> None:
    show = parse_html(page(EPISODE_BODY, head=EPISODE_HEAD))
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert episode.authors == ()
    assert episode.url == "https://paperledge.podbean.com/e/one/"
    assert "missing-credit" in codes(show)


def test_an_episode_page_cut_before_its_credit_says_so() -> None:
    whole = page(EPISODE_BODY, head=EPISODE_HEAD)
    cut = whole[: whole.index("</article>")]
    show = parse_html(cut)
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    # The page's own (and only) episode is its last: the cut explains the
    # missing credit.
    assert "html-truncated" in codes(show)
    assert "missing-credit" not in codes(show)


def test_a_page_given_as_text_reads_the_same_with_a_byte_order_mark() -> None:
    text = page(card(), card("two"))
    plain_show = parse_html(text)
    marked_show = parse_html("\ufeff" + text)
    assert marked_show.episodes == plain_show.episodes
    assert marked_show.diagnostics == plain_show.diagnostics


# -- a share link right after an episode's title link ----------------------------------


def test_a_share_link_beside_the_title_link_does_not_hide_the_title() -> None:
    # Once, links were sorted one by one in document order: a share link
    # after the title link, in the same paragraph, was not yet known to be
    # chrome when the title link was looked at, and the title and address
    # were lost.  Chrome is now known before any episode link is looked at.
    def article(number: int, day: str) -> str:
        return (
            f"<article><p>{day}</p><p><a href='/e/ep-{number}/'>Episode {number} title</a>"
            f"<a href='https://twitter.com/intent/tweet?url=/e/ep-{number}/'>Tweet</a></p>"
            f"<p>{TEXT}</p><p>{CREDIT}Ann Lee</p></article>"
        )

    articles = article(1, "Thursday Oct 02, 2025") + article(2, "Friday Oct 03, 2025")
    page = f"<html><body><main>{articles}</main></body></html>"
    show = parse_html(page.encode(), url="https://paperledge.podbean.com/")
    assert [(episode.title, episode.url) for episode in show.episodes] == [
        ("Episode 1 title", "https://paperledge.podbean.com/e/ep-1/"),
        ("Episode 2 title", "https://paperledge.podbean.com/e/ep-2/"),
    ]
    assert [episode.description for episode in show.episodes] == [TEXT, TEXT]
    assert show.diagnostics == ()
