"""An element's text is what ``"".join(element.itertext())`` gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from paperledge._formats.feed.document import _parser, _text

_WORDS = st.sampled_from(["", "a", " b ", "&amp;", "&#65;", "&e;", "&undefined;", "\n", "x y"])


@st.composite
def _node(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["element", "comment", "pi", "cdata", "entity", "text"]))
    tail = draw(_WORDS)
    if kind == "comment":
        return f"<!--{draw(_WORDS).replace('&', '')}-->{tail}"
    if kind == "pi":
        return f"<?pi {draw(_WORDS).replace('&', '')}?>{tail}"
    if kind == "cdata":
        return f"<![CDATA[{draw(_WORDS)}]]>{tail}"
    if kind == "entity":
        return f"&e;{tail}"
    if kind == "text" or depth >= 3:
        return draw(_WORDS)
    children = draw(st.lists(_node(depth + 1), max_size=4))
    return f"<c>{draw(_WORDS)}{''.join(children)}</c>{tail}"


@settings(max_examples=300)
@given(st.lists(_node(), max_size=6), _WORDS, st.booleans())
def test_text_is_itertexts(children: list[str], head: str, dtd: bool) -> None:
    prolog = '<!DOCTYPE r [<!ENTITY e "entity text">]>' if dtd else ""
    document = f"{prolog}<r><t>{head}{''.join(children)}</t>tail</r>".encode()
    for strict in (False, True):
        try:
            root = etree.fromstring(document, _parser(strict))
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for element in root.iter():
            if isinstance(element.tag, str):
                assert _text(element) == "".join(element.itertext())


def test_unexpanded_entities_comments_and_nested_elements() -> None:
    document = (
        b'<!DOCTYPE r [<!ENTITY e "hello">]>'
        b"<r><t>a&e;b<!--c-->d<?pi x?>e<x>f<y>g</y>h</x>i<![CDATA[j]]>&amp;&#65;</t>tail</r>"
    )
    element = etree.fromstring(document, _parser(False))[0]
    assert _text(element) == "".join(element.itertext()) == "a&e;bdefghij&A"
