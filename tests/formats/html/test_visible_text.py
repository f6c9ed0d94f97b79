"""A page's visible text cut into the dumps' lines: blocks, whitespace, chrome, links, labels."""

from __future__ import annotations

import json
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import paperledge
import paperledge._formats.html.chrome as _chrome
import paperledge._formats.html.decoding as _decoding
import paperledge._formats.html.lines as _html_text
import paperledge._rules.urls as _urls_rules
from formats.html.pages import TEXT, TEXT2, card, fixture, page
from paperledge import parse_html


def _lines(markup: str) -> list[str]:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    body = root.find("body")
    assert body is not None
    _html_text.prepare(body)
    return [_html_text.plain(line) for line in _html_text.lines(_html_text.serialise(body))]


_HREF_PARTS = st.sampled_from(
    [
        "/e/one/",
        "https://mcdn.podbean.com/mf/web/x/ep.MP3",
        "ep.m4a?dl=1",
        "ep.ogg#t=3",
        "x?file=a.mp3",
        "https://twitter.com/intent/tweet?url=/e/one/",
        "https://www.facebook.com/SHARER/sharer.php?u=/e/one/",
        "mailto:a@b.c",
        "/e/one/#comments",
        "/page/2/",
        "/\u017fhare",  # a long s: matches s only case-insensitively
        "caf\u00e9.mp3",
        " /e/two/ ",
    ]
)


def test_scripts_styles_comments_sidebars_and_footers_are_not_text() -> None:
    show = parse_html(fixture("chrome_sidebars_and_scripts_are_not_text.html"))
    assert show == parse_html(fixture("cards_theme_untitled_episodes.html"))
    everything = json.dumps(paperledge.dumps(show, "json"))
    for ghost in ("Fake", "Ghost", "Nobody", "Jan 01, 2024", "Another episode", "Popular"):
        assert ghost not in everything
    for episode in show.episodes:
        assert "Comments" not in episode.description
        assert "Share" not in episode.description
        assert "Play" not in episode.description.split("\n")


def test_share_links_are_not_text_and_not_episodes() -> None:
    footer = (
        '<div><a href="https://www.facebook.com/sharer/sharer.php?u=https://x.test/e/one/">'
        "Share</a> "
        '<a href="mailto:?body=/e/one/">Mail</a> <a href="/e/one/#comments">2 Comments</a></div>'
    )
    (episode,) = parse_html(page(card(extra=footer)), strict=True).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


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
    assert _chrome.is_chrome_href(href) is chrome


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
    assert _chrome.is_chrome_href(href)
    (episode,) = parse_html(
        page(card(extra=f'<p><a href="{href}">Link text of the chrome</a></p>')), strict=True
    ).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


def test_non_ascii_links_that_are_not_chrome() -> None:
    assert not _chrome.is_chrome_href("https://x.test/\u00e9/e/one/")


@pytest.mark.parametrize("label", sorted(_html_text.UI_LABELS))
def test_every_control_label(label: str) -> None:
    assert _html_text.is_ui_line(label.upper())


def test_counters_are_labels_only_when_short() -> None:
    assert _html_text.is_ui_line("1" * 20 + " comments")  # 29 characters
    assert not _html_text.is_ui_line("1" * 21 + " comments")  # 30


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


@settings(max_examples=150, deadline=None)
@given(st.lists(_HREF_PARTS, min_size=1, max_size=4).map("".join))
def test_prepare_sorts_a_link_as_the_named_predicates_do(href: str) -> None:
    body = etree.fromstring(
        f'<html><body><div><a href="{escape(href)}">label</a></div></body></html>',
        _decoding._parser(),
    ).find("body")
    assert body is not None
    link = body.find(".//a")
    assert link is not None
    found = _html_text.prepare(body)
    stripped = href.strip()
    if _urls_rules.is_audio_href(stripped):
        assert found.audio == [(link.getparent(), stripped)]
        assert link.tag == "button"
    elif _chrome.is_chrome_href(stripped):
        assert found.audio == []
        assert link.tag == "button"
    else:
        assert found.audio == []
        assert link.tag == "a"


def test_control_labels_and_counters_among_text_lines() -> None:
    lines = ["Play", " 3 Comments ", "Why does this matter?", "Likes: 12", "x" * 100, "Share"]
    first = [_html_text.is_ui_line(line) for line in lines]
    again = [_html_text.is_ui_line(line) for line in lines]
    assert first == again == [True, True, False, True, False, True]
