"""Whatever the input, tolerant mode never raises and strict mode raises only ParseError;
a page cut anywhere keeps the episodes before the cut whole.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats.html.pages import FIXTURES
from paperledge import ParseError, Show, parse_html

BLOG = (FIXTURES / "blog_theme_titled_episodes.html").read_bytes()


CARDS = (FIXTURES / "cards_theme_untitled_episodes.html").read_bytes()


FULL_BLOG = parse_html(BLOG)


def _both_modes(data: str | bytes) -> Show:
    show = parse_html(data)
    assert isinstance(show, Show)
    codes = {d.code for d in show.diagnostics}
    raised: ParseError | None = None
    try:
        parse_html(data, strict=True)
    except ParseError as error:
        raised = error
    # Strict mode raises exactly when tolerant mode finds a defect, with one of its codes.
    if raised is None:
        assert not codes
    else:
        assert raised.code in codes
    return show


_TAGS = st.sampled_from(
    [
        "div",
        "p",
        "li",
        "ul",
        "h2",
        "span",
        "a",
        "i",
        "time",
        "script",
        "style",
        "article",
        "nav",
        "br",
        "em",
        "blockquote",
        "audio",
        "table",
        "td",
    ]
)


_TEXT = st.one_of(
    st.sampled_from(
        [
            "Thursday Oct 02, 2025",
            "Thu Oct 2 2025",
            "Friday Feb 30, 2025",
            "Credit to Paper authors: A, , :, B",
            "Credit to Paper authors:",
            "Machine Learning - A Paper",
            " indented",
            "  item",
            "&nbsp;",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "&bogus;",
            "\u00a0",
            "3 Comments",
            "Play",
            "\n",
            "<",
            "</div>",
            "<!--",
            "]]>",
        ]
    ),
    st.text(max_size=20),
)


_ATTRIBUTES = st.sampled_from(
    [
        "",
        ' href="/e/one/"',
        ' href="/e/two/"',
        ' href="e/one/#comments"',
        ' href="/page/2/"',
        ' rel="next" href="/page/3/"',
        ' datetime="2025-10-02"',
        ' datetime="garbage"',
        " hidden",
        ' style="display:none"',
        ' type="application/ld+json"',
        ' src="x.mp3"',
    ]
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attributes, inner, closed: (
            f"<{tag}{attributes}>{''.join(inner)}" + (f"</{tag}>" if closed else "")
        ),
        _TAGS,
        _ATTRIBUTES,
        st.lists(children, max_size=4),
        st.booleans(),
    )


# Hypothesis cannot see that _element uses its argument (it warns); a lambda it can.
_MARKUP = st.recursive(_TEXT, lambda children: _element(children), max_leaves=30)  # noqa: PLW0108


_HEADS = st.sampled_from(
    [
        "",
        "<!DOCTYPE html><html><head><meta charset='windows-1252'></head><body>",
        "<html><head><link rel=canonical href='https://paperledge.podbean.com/e/one/'>"
        "<base href='https://x.test/'></head><body>",
        '<script type="application/ld+json">{"@type": "PodcastEpisode", "name": 3, '
        '"datePublished": "2025-13-45", "associatedMedia": [], "url": {"x": 1}}</script>',
        '<script type="application/ld+json">[[[{"@graph": [{"@type": ["PodcastSeries"]}]}]]]'
        "</script>",
    ]
)


@given(st.text(max_size=400))
def test_any_text(data: str) -> None:
    _both_modes(data)


@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    _both_modes(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    _HEADS, st.lists(_MARKUP, max_size=8), st.sampled_from(["utf-8", "utf-16", "cp1252", "str"])
)
def test_markup_soup(head: str, parts: list[str], encoding: str) -> None:
    page = head + "".join(parts)
    data: str | bytes = page if encoding == "str" else page.encode(encoding, "replace")
    _both_modes(data)


@given(st.integers(min_value=0, max_value=len(BLOG)))
def test_a_page_cut_anywhere_keeps_the_episodes_before_the_cut(cut: int) -> None:
    show = _both_modes(BLOG[:cut])
    starts = [BLOG.index(f'id="post-{n}"'.encode()) for n in range(1, 8)]
    complete = sum(1 for start in starts if start <= cut)
    assert show.episodes[:complete] == FULL_BLOG.episodes[:complete]


@given(st.data())
def test_a_slice_deleted_anywhere_never_raises(data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(CARDS)))
    end = data.draw(st.integers(min_value=start, max_value=min(len(CARDS), start + 5000)))
    _both_modes(CARDS[:start] + CARDS[end:])
