"""The C walker (paperledge._textwalk) cuts an element's text into the lines the Python path cuts.

The Python path, ``lines(serialise(element))`` (an XSLT transform, then str
methods), is the specification; ``text_lines`` runs the C module where it is
built.  These tests compare the two on every element of every HTML fixture,
on the marked trees the reader makes, and on generated pages whose text holds
what the line rules turn on: block and heading boxes, ``<br>``, skipped
chrome, typed spaces, no-break spaces, line breaks, carriage returns and the
reader's own marks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from paperledge import _html, _html_text, parse_html
from paperledge._diagnostics import Reporter

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "html"
CORPUS = REPO / "tests" / "fuzz" / "corpus"
PAGES = sorted(
    [*FIXTURES.glob("*.html"), *(CORPUS / "html").glob("*"), *(CORPUS / "html_native").glob("*")]
)
walker = None if _html_text._NATIVE is None else _html_text._NATIVE.text_lines


def python_lines(element: etree._Element) -> list[str]:
    return _html_text.lines(_html_text.serialise(element))


def c_lines(element: etree._Element) -> list[str]:
    assert walker is not None
    return walker(element)


def tree(data: bytes) -> etree._Element:
    reporter = Reporter(strict=False)
    source = _html._inert(_html._decode(data, reporter), reporter)
    root = _html._tree(source, _html._parser())
    assert root is not None
    return root


def test_the_c_walker_is_built_and_used() -> None:
    # CI builds it (pip install -e . compiles it); PAPERLEDGE_PURE_PYTHON=1 turns it off.
    assert os.environ.get("PAPERLEDGE_PURE_PYTHON", "") in ("", "0")
    assert walker is not None
    assert walker.__module__ == "paperledge._textwalk"


def test_a_card_is_cut_into_its_lines() -> None:
    # Checked by eye: a date line, the title (a heading), a paragraph with
    # source layout, a list item of typed spaces, a paragraph broken by <br>.
    root = etree.fromstring(
        "<div><p>Thursday Oct 02, 2025</p><h2> A  title </h2>"
        "<p>one\n   two</p><ul><li>  </li></ul><p>a<br>b&nbsp;c<script>x</script></p></div>",
        etree.HTMLParser(),
    )
    div = root.find(".//div")
    assert div is not None
    expected = [
        "Thursday Oct 02, 2025",
        "\ue002 A  title ",
        "one two",
        "  ",
        "a",
        "b c",
    ]
    assert c_lines(div) == expected
    assert python_lines(div) == expected


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_every_element_of_every_fixture(path: Path) -> None:
    root = tree(path.read_bytes())
    elements = [root, *root.iter(etree.Element)]
    assert len(elements) > 1
    for element in elements:
        assert c_lines(element) == python_lines(element), element.tag


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda path: path.name)
def test_the_marked_tree_the_reader_walks(path: Path) -> None:
    # After prepare() (links renamed, labels written in) and with the EDGE
    # marks _containers writes around each episode.
    root = tree(path.read_bytes())
    body = root.find("body")
    body = root if body is None else body
    prepared = _html_text.prepare(body)
    for link, _slug in prepared.links:
        link.text = f"\ue000\ue007\ue000{link.text or ''}"
        link.tail = f"{link.tail or ''}\ue000\ue007\ue000"
    assert c_lines(body) == python_lines(body)


_TAGS = ["p", "div", "li", "span", "b", "h2", "br", "script", "nav", "td", "pre", "button", "a"]
_TEXT = st.lists(
    st.sampled_from(
        [
            *(" ", "  ", "\t", "\n", "\r", "\x0c", "\xa0", "\u3000", "\x85"),
            *("a", "é", "—", "x y", "\U0001f600"),
            *("\ue000", "\ue002", "\ue003", "\ue004", "\ue005", "\ue007"),
        ]
    ),
    max_size=8,
).map("".join)


# lxml refuses a form feed set from Python (the reader's own text never holds one).
_SETTABLE = _TEXT.map(lambda text: text.replace("\x0c", " "))


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            inner = draw(fragments(depth + 1))
            parts.append(f"<{tag}>{inner}</{tag}>")
        else:
            parts.append(draw(_TEXT))
    return "".join(parts)


@given(fragments())
def test_generated_trees(fragment: str) -> None:
    root = etree.fromstring(f"<html><body><div>{fragment}</div></body></html>", _html._parser())
    body = root.find("body")
    assert body is not None
    for element in [body, *body.iter(etree.Element)]:
        assert c_lines(element) == python_lines(element)


@given(st.lists(st.tuples(st.sampled_from(_TAGS), _SETTABLE, _SETTABLE), max_size=6))
def test_generated_text_set_through_lxml(parts: list[tuple[str, str, str]]) -> None:
    # Text written into the tree from Python (as prepare and _containers do),
    # carriage returns and marks included, which the parser never makes.
    root = etree.fromstring("<html><body><div></div></body></html>", _html._parser())
    div = root.find(".//div")
    assert div is not None
    for tag, text, tail in parts:
        child = etree.SubElement(div, tag)
        child.text = text
        child.tail = tail
    assert c_lines(div) == python_lines(div)


def test_text_lines_falls_back_to_python_when_the_walker_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tree((FIXTURES / "cards_000.html").read_bytes())
    expected = python_lines(root)
    monkeypatch.setattr(_html_text, "_NATIVE", Refusing(native()))
    assert _html_text.text_lines(root) == expected


# The "type: ignore" lines below call the C functions with wrong types on
# purpose: what is tested is that they refuse them (rather than read memory).


def test_the_c_module_refuses_what_is_not_an_element() -> None:
    from paperledge import _textwalk

    with pytest.raises(TypeError):
        _textwalk.text_lines("<p>not a tree</p>")  # type: ignore[arg-type]
    comment = etree.Comment("a comment")
    with pytest.raises(ValueError, match="element"):
        _textwalk.text_lines(comment)
    with pytest.raises(TypeError):
        _textwalk.node_name(None)  # type: ignore[arg-type]


def test_the_reader_gives_the_same_show_without_the_c_walker() -> None:
    # A whole run in a process with the walker turned off, against this one.
    path = FIXTURES / "cards_000.html"
    script = (
        "import sys, json; from paperledge import _html_text, parse_html, dumps; "
        "assert _html_text._NATIVE is None; "
        "sys.stdout.write(dumps(parse_html(open(sys.argv[1], 'rb').read()), 'json'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        env={**os.environ, "PAPERLEDGE_PURE_PYTHON": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    from paperledge import dumps

    assert result.stdout == dumps(parse_html(path.read_bytes()), "json")


def test_a_whitespace_only_text_with_a_no_break_space_makes_no_line() -> None:
    # Found by test_generated_trees: the Python path once made one empty
    # line of it (a join and split of no lines at all).
    assert _html_text.lines("\ue006\n\xa0\ue000") == []
    root = etree.fromstring("<html><body><div>\n&nbsp;</div></body></html>", _html._parser())
    assert c_lines(root) == python_lines(root) == []


# -- the other C helpers: a survey of the tree, end tags, the bytes' scan -------------


def native() -> _html_text._Native:
    module = _html_text.native_module()
    assert module is not None
    return module


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_survey_counts_what_xpath_counts(path: Path) -> None:
    root = tree(path.read_bytes())
    found = _html_text.survey(root, ("div", "a", "p"))
    assert found is not None
    for name in ("div", "a", "p"):
        assert found.counts[name] == int(root.xpath(f"count(descendant-or-self::{name})"))
    body = root.find("body")
    hidden = _html_text.hidden_elements(root if body is None else body)
    # Never "nothing hidden" when something is.
    assert found.maybe_hidden or not hidden


def test_survey_tells_hidden_elements() -> None:
    def maybe_hidden(html: str) -> bool:
        found = _html_text.survey(etree.fromstring(html, _html._parser()), ())
        assert found is not None
        return found.maybe_hidden

    assert not maybe_hidden('<div style="color: red"><p class="hidden">text</p></div>')
    assert maybe_hidden("<div><p hidden>text</p></div>")
    assert maybe_hidden('<div><p style="DISPLAY : none">text</p></div>')
    assert maybe_hidden('<div><p style="visibility:hidden">text</p></div>')
    assert not maybe_hidden("<div><p>display: none</p></div>")  # text, not a style


def test_the_reader_skips_the_hidden_search_only_when_nothing_is_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[etree._Element] = []
    original = _html_text.hidden_elements

    def counting(body: etree._Element) -> list[etree._Element]:
        calls.append(body)
        return original(body)

    monkeypatch.setattr(_html_text, "hidden_elements", counting)
    shown = parse_html((FIXTURES / "cards_000.html").read_bytes())
    assert calls == []
    assert len(shown.episodes) == 8
    page = (FIXTURES / "cards_000.html").read_text(encoding="utf-8")
    hidden = page.replace('<div class="card-text">', '<div class="card-text" hidden>', 1)
    show = parse_html(hidden.encode())
    assert len(calls) == 1
    # The first episode's text is hidden: no episode shows it, the others are as before.
    first = shown.episodes[0].description.splitlines()[0]
    assert first.startswith("Hey PaperLedge crew, Ernis here, ready to dive")
    assert all(first not in episode.description for episode in show.episodes)
    assert show.episodes[-1] == shown.episodes[-1]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_end_tags_are_counted_as_bytes_count_them(path: Path) -> None:
    data = path.read_bytes()
    names = ("div", "a", "p", "span")
    assert native().count_end_tags(data, names) == tuple(
        data.count(f"</{name}>".encode()) for name in names
    )


@given(st.lists(st.sampled_from(["</div>", "</a>", "</", "<", "div>", "a>", "</DIV>", "x"])))
def test_end_tags_counted_in_generated_text(parts: list[str]) -> None:
    data = "".join(parts).encode()
    expected = (data.count(b"</div>"), data.count(b"</a>"))
    assert native().count_end_tags(data, ("div", "a")) == expected


def python_scan(data: bytes) -> int:
    return _html._fixups(data) if _html._is_utf8(data) else _html._NOT_UTF8


def test_scan_agrees_with_python_on_every_two_bytes() -> None:
    for first in range(256):
        for second in range(256):
            for data in (bytes([first, second]), b"plain text" + bytes([first, second]) + b"!"):
                assert native().scan(data) == python_scan(data), data


_PIECES = st.sampled_from(
    [
        *(b"a", b"plain text ", b"\n", b"\t", b"\r", b"\x00", b"\x07", b"\x0c", b"\x1f"),
        *(b"&", b"&#", b"&#x", b"&#xE000;", b"&#57351;", b"&#xe008;", b"&#57352", b"&#0;"),
        *(b"&#x0000c;", b"&#65535;", b"&#65536;", b"&#x1F;", b"&#x20;", b"&#9;", b"&#x9999999999"),
        *(b"\xee\x80\x80", b"\xee\x80\x87", b"\xee\x80\x88", b"\xef\xbf\xbe", b"\xef\xbf\xbd"),
        *(b"\xc3\xa9", b"\xe2\x80\x94", b"\xf0\x9f\x98\x80", b"\xc0\x80", b"\xed\xa0\x80"),
        *(b"\xf4\x90\x80\x80", b"\xe0\x80\x80", b"\x80", b"\xff", b"\xc3", b"\xf0\x9f"),
    ]
)


@given(st.lists(_PIECES, max_size=24).map(b"".join))
def test_scan_agrees_with_python(data: bytes) -> None:
    assert native().scan(data) == python_scan(data)


@given(st.binary(max_size=64))
def test_scan_agrees_with_python_on_any_bytes(data: bytes) -> None:
    assert native().scan(data) == python_scan(data)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda path: path.name)
def test_the_reader_gives_the_same_shows_without_the_c_module(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    with_c = parse_html(data, url="https://paperledge.podbean.com/")
    monkeypatch.setattr(_html_text, "_NATIVE", None)
    without = parse_html(data, url="https://paperledge.podbean.com/")
    assert without == with_c


# -- collect(): the walk prepare() sorts links from ------------------------------------


def prepared_facts(root: etree._Element, *, native_walk: bool) -> tuple[object, ...]:
    """What prepare() found and did, in terms that compare across two trees."""
    body = root.find("body")
    body = root if body is None else body
    module = _html_text._NATIVE
    try:
        if not native_walk:
            _html_text._NATIVE = None
        found = _html_text.prepare(body, maybe_hidden=False)
    finally:
        _html_text._NATIVE = module

    def place(element: etree._Element) -> tuple[object, ...]:
        return (element.sourceline, element.tag, element.get("href"), element.get("src"))

    return (
        [(place(link), slug) for link, slug in found.links],
        found.page_links,
        [(place(element), src) for element, src in found.audio],
        [(place(element), src) for element, src in found.images],
        [element.tag for element in body.iter()],
        python_lines(body),
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_collect_sorts_links_as_python_does(path: Path) -> None:
    data = path.read_bytes()
    assert prepared_facts(tree(data), native_walk=True) == prepared_facts(
        tree(data), native_walk=False
    )


_HREFS = st.sampled_from(
    [
        *("/e/one/", " /e/two/ ", "https://paperledge.podbean.com/e/three/?x=1", "/page/2/"),
        *("https://cdn.example/a.MP3", "/a.mp3?x=1", "/a.mp3#t", "/b.m4a?q=a.txt", "/x.mp3x"),
        *("https://www.facebook.com/sharer/sharer.php?u=/e/one/", "/e/one/#comments"),
        *("MAILTO:ann@example.org", "JavaScript:void(0)", "/e/caf\u00e9/", "/e/\u212aelvin/"),
        *("https://twitter.com/intent/tweet?url=/e/one/", "\u3000/e/four/\u3000", "#respond"),
        *("", " ", "\t/e/five/\n", "/E/six/", "/e/seven/share?x"),
    ]
)
_LINK_PLACES = st.sampled_from(["<p>{}</p>", "<nav>{}</nav>", "<button>{}</button>", "{}"])


@given(st.lists(st.tuples(_HREFS, _LINK_PLACES, st.sampled_from(["Title", "", "Share"]))))
def test_collect_sorts_generated_links_as_python_does(
    links: list[tuple[str, str, str]],
) -> None:
    parts = []
    for number, (href, place, label) in enumerate(links):
        link = f'<a href="{escape(href)}">{label}</a>'
        parts.append(place.format(f"{link} <img src=' i{number}.png'><time datetime='x'>t</time>"))
    html = f"<html><body><div>{''.join(parts)}<video src='v.mp4'></video></div></body></html>"
    data = html.encode()
    assert prepared_facts(tree(data), native_walk=True) == prepared_facts(
        tree(data), native_walk=False
    )


# -- episode_elements(): the element around each episode link ------------------------


def elements_both_ways(root: etree._Element) -> tuple[object, object]:
    body = root.find("body")
    body = root if body is None else body
    found = _html_text.prepare(body, maybe_hidden=False)
    in_c = native().episode_elements(body, found.links)
    in_python = list(_html._episode_elements(body, found.links).items())
    return in_c, in_python


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_episode_elements_are_found_as_python_finds_them(path: Path) -> None:
    in_c, in_python = elements_both_ways(tree(path.read_bytes()))
    assert in_c == in_python


def test_episode_elements_of_the_sample_page_are_its_cards() -> None:
    in_c, _ = elements_both_ways(tree((FIXTURES / "cards_000.html").read_bytes()))
    assert isinstance(in_c, list)
    assert [element.get("class") for element, _ in in_c] == ["col-12 mb-4"] * 8
    assert [slug for _, slug in in_c][:2] == ["paperledge-2025-10-02-1", "paperledge-2025-10-02-2"]


_BOXES = st.sampled_from(["div", "li", "p", "nav", "article", "span"])


@st.composite
def link_trees(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        choice = draw(st.integers(0, 3 if depth < 3 else 1))
        if choice == 0:
            slug = draw(st.sampled_from(["one", "two", "three"]))
            parts.append(f'<a href="/e/{slug}/">Title {slug}</a>')
        elif choice == 1:
            parts.append("Some text about the paper.")
        else:
            tag = draw(_BOXES)
            parts.append(f"<{tag}>{draw(link_trees(depth + 1))}</{tag}>")
    return "".join(parts)


@given(link_trees())
def test_episode_elements_of_generated_pages(fragment: str) -> None:
    root = etree.fromstring(f"<html><body>{fragment}</body></html>", _html._parser())
    in_c, in_python = elements_both_ways(root)
    assert in_c == in_python


def test_episode_elements_refuses_what_it_cannot_read() -> None:
    root = tree((FIXTURES / "cards_000.html").read_bytes())
    with pytest.raises(TypeError):
        native().episode_elements("body", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pairs"):
        native().episode_elements(root, [("not", "a link")])  # type: ignore[list-item]


# -- owners(): which episode element holds each image and audio file ------------------


def owners_both_ways(
    elements: list[etree._Element], containers: list[etree._Element]
) -> tuple[list[int], list[int]]:
    in_c = native().owners(elements, containers)
    module = _html_text._NATIVE
    try:
        _html_text._NATIVE = None
        in_python = _html._owners(elements, containers)
    finally:
        _html_text._NATIVE = module
    return in_c, in_python


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_owners_of_the_media_of_every_fixture(path: Path) -> None:
    root = tree(path.read_bytes())
    body = root.find("body")
    body = root if body is None else body
    found = _html_text.prepare(body, maybe_hidden=False)
    containers = [element for element, _, _ in _html._containers(body, found.links)[0]]
    media = [element for element, _ in [*found.audio, *found.images]]
    in_c, in_python = owners_both_ways(media, containers)
    assert in_c == in_python
    if path.name == "cards_000.html":
        # Checked by eye: each card holds its player's audio file, in order.
        assert in_c[:8] == list(range(8))


@given(link_trees())
def test_owners_in_generated_pages(fragment: str) -> None:
    root = etree.fromstring(f"<html><body>{fragment}</body></html>", _html._parser())
    containers = list(root.iter("div", "li", "article"))
    links = list(root.iter("a", "span"))
    in_c, in_python = owners_both_ways(links, containers)
    assert in_c == in_python


def test_collect_leaves_a_link_python_already_holds_to_python() -> None:
    # lxml keeps an element's tag in the element: a node renamed under a live
    # element would still say "a" there.  Such a link is renamed by Python.
    root = tree((FIXTURES / "cards_000.html").read_bytes())
    body = root.find("body")
    assert body is not None
    share = next(link for link in body.iter("a") if "sharer" in (link.get("href") or ""))
    assert share.tag == "a"  # now held in the element
    _html_text.prepare(body, maybe_hidden=False)
    assert share.tag == "button"
    assert [link.get("href") for link in body.iter("a") if "sharer" in link.get("href", "")] == []


def test_collect_renames_only_to_a_button_of_the_same_document() -> None:
    root = tree((FIXTURES / "cards_000.html").read_bytes())
    body = root.find("body")
    assert body is not None
    other = etree.fromstring("<html><body><button/></body></html>", _html._parser())
    for wrong in (other.find(".//button"), etree.SubElement(body, "span")):
        with pytest.raises(ValueError, match="button"):
            native().collect(body, wrong)
    with pytest.raises(TypeError):
        native().collect("body")  # type: ignore[arg-type]


class Refusing:
    """A C part that refuses every tree (as it does what it does not expect)."""

    def __init__(self, module: _html_text._Native) -> None:
        self.scan = module.scan
        self.count_end_tags = module.count_end_tags

    def _refuse(self, *args: object) -> list[str]:
        raise ValueError("refused")

    text_lines = survey = collect = episode_elements = owners = _refuse


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda path: path.name)
def test_the_reader_takes_the_python_path_when_the_c_part_refuses(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    expected = parse_html(data)
    monkeypatch.setattr(_html_text, "_NATIVE", Refusing(native()))
    assert parse_html(data) == expected


def test_prepare_takes_the_python_path_when_collect_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = (FIXTURES / "cards_000.html").read_bytes()
    expected = prepared_facts(tree(data), native_walk=False)
    monkeypatch.setattr(_html_text, "_NATIVE", Refusing(native()))
    # The <button> lent to the C walk is gone again: the tags are the same.
    assert prepared_facts(tree(data), native_walk=True) == expected


# -- what a review of the C part found (each crashed or misbehaved before its fix) -------


def set_up_again() -> None:
    from paperledge import _textwalk

    _textwalk.setup(
        etree._Element,
        _html_text._SKIP,
        _html_text._BLOCKS,
        _html_text.HEADINGS_IN_ORDER,
        ("br",),
    )


def test_setup_takes_only_lxml_elements_and_a_failed_setup_knows_no_names() -> None:
    from paperledge import _textwalk

    div = etree.fromstring("<div><p>one</p><script>x</script></div>", _html._parser()).find(
        ".//div"
    )
    assert div is not None
    with pytest.raises(TypeError, match="lxml"):
        _textwalk.setup(bytes, (), (), (), ())  # type: ignore[arg-type]
    assert c_lines(div) == ["one"]  # still set up: refused before anything changed
    try:
        with pytest.raises(TypeError):
            _textwalk.setup(etree._Element, ["script"], ["p"], 5, ["br"])  # type: ignore[arg-type]
        # No name is known now (none freed and still read): every tag is inline.
        assert c_lines(div) == ["onex"]
    finally:
        set_up_again()
    assert c_lines(div) == ["one"]


def test_episode_elements_refuses_slugs_that_are_not_plain_strings() -> None:
    class Slug(str):
        def __eq__(self, other: object) -> bool:  # could run any code
            return False

        __hash__ = str.__hash__

    root = tree((FIXTURES / "cards_000.html").read_bytes())
    body = root.find("body")
    assert body is not None
    link = next(body.iter("a"))
    with pytest.raises(TypeError, match="pairs"):
        native().episode_elements(body, [(link, Slug("one")), (link, Slug("two"))])
    # An element of no tree has nothing around it.
    loose = etree._Element.__new__(etree._Element)
    assert native().episode_elements(body, [(loose, "one")]) == []


def test_owners_raises_type_error_for_what_is_not_a_sequence() -> None:
    with pytest.raises(TypeError):
        native().owners(5, [])  # type: ignore[arg-type]


def test_setup_links_takes_only_lxml_s_element_factory() -> None:
    from paperledge import _textwalk

    wrong = etree.__pyx_capi__["getAttributeValue"]  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="incorrect name"):
        _textwalk.setup_links(wrong, (".mp3",), ("share",))
