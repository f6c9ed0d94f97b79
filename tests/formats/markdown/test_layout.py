"""Markdown: the document's layout on the real seeds, lists, quotes, escaping (issue 4, part 2)."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import markdown_it
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperledge
from paperledge import Author, Enclosure, Episode, LinkedFile, Person, Show
from paperledge._formats.markdown import escape_markdown, write_markdown

from strategies import shows


def render(text: str) -> str:
    """The HTML a CommonMark renderer makes of ``text``.

    CommonMark with raw HTML allowed, plus GitHub's tables and strikethrough:
    the most permissive renderer a reader is likely to use (markdown-it-py
    is in the test extra).
    """
    renderer = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html: str = renderer.render(text)
    return html


def _unescaped_angle_brackets(markdown: str) -> list[str]:
    # Link destinations are written <...> on purpose, and a pulled quote is a
    # block quote the writer opens with "> "; anything else must be \<.
    without_links = re.sub(r"\]\(<[^<>\s]*>\)", "]()", markdown)
    without_quotes = re.sub(r"^> ", "", without_links, flags=re.MULTILINE)
    return re.findall(r"(?<!\\)[<>]", without_quotes)


def _section(document: str, heading: str) -> str:
    start = document.index(heading)
    end = document.find("\n## ", start + 1)
    return document[start : end if end >= 0 else None]


def test_show_heading_and_episode_headings(page_002: Show) -> None:
    out = paperledge.dumps(page_002, "markdown")
    assert out.startswith("# PaperLedge\n\nPaperLedge where research meets storytelling")
    headings = re.findall(r"^## (.*)$", out, flags=re.MULTILINE)
    assert len(headings) == 8
    assert (
        headings[0]
        == "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models"
    )
    assert headings[2] == "Episode of Sunday Mar 16, 2025"
    html = render(out)
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == 8


def test_episode_facts(page_002: Show) -> None:
    out = paperledge.dumps(page_002, "markdown")
    lora = _section(out, "## Computation and Language - LoRA")
    assert "**Published:** Sunday Mar 16, 2025\\\n" in lora
    assert "**Category:** Computation and Language (cs.CL)\\\n" in lora
    assert "**Paper:** LoRA Low-Rank Adaptation of Large Language Models\\\n" in lora
    assert "**Authors:** Edward J. Hu, Yelong Shen, Phillip Wallis," in lora
    html = render(lora)
    assert "<strong>Category:</strong> Computation and Language (cs.CL)<br />" in html


def test_indented_lines_become_lists(page_000: Show) -> None:
    out = paperledge.dumps(page_000, "markdown")
    first = _section(out, "## Episode of Thursday Oct 02, 2025")
    assert (
        "Why does this matter?\n\n- For students: Is AI going to write your papers for you?"
    ) in first
    assert "\n- For researchers: Could AI become" in first
    html = render(first)
    assert html.count("<ul>") == 2  # the three audiences, the two questions
    assert html.count("<li>") == 5


def test_deeper_indentation_nests() -> None:
    # Page 000's fairness episode: paragraphs at one space, an item at two,
    # its sub-items at three, with whitespace-only lines between.
    fairness = Episode(
        description=(
            "Opening\n Sounds great, right?\n  Here's what the researchers did:\n  \n"
            "   They used some smaller models.\n   They hooked these up.\n  \n"
            " The results?"
        )
    )
    out = write_markdown(Show(episodes=[fairness]))
    assert (
        "- Here's what the researchers did:\n"
        "  - They used some smaller models.\n"
        "  - They hooked these up.\n\nThe results?"
    ) in out
    html = render(out)
    assert "<li>Here's what the researchers did:\n<ul>\n<li>They used some smaller" in html


def test_nested_item_from_the_seed(page_000: Show) -> None:
    out = paperledge.dumps(page_000, "markdown")
    assert "- Here's what the researchers did:\n  - They used some smaller, more accessible" in out


def test_pulled_quotes_become_block_quotes(page_000: Show, page_002: Show) -> None:
    out = paperledge.dumps(page_000, "markdown")
    assert (
        '\n\n> "CRM consistently outperforms existing reward models, offering a principled '
        'framework for enhancing LLM reasoning."\n\n'
    ) in out
    # On a flat page too (no indentation at all).
    flat = paperledge.dumps(page_002, "markdown")
    assert '\n\n> "LoRA allows us to adapt gigantic language models' in flat
    html = render(flat)
    assert html.count("<blockquote>") == 7  # one per quote line in the seed


def test_a_line_with_two_quotations_is_not_a_pulled_quote() -> None:
    out = write_markdown(Show(episodes=[Episode(description='"Yes" and "no"')]))
    assert '> "Yes"' not in out


def test_flat_pages_keep_one_paragraph_per_line(page_003: Show) -> None:
    html = render(paperledge.dumps(page_003, "markdown"))
    assert "<ul>" not in html
    assert "<p>Hey PaperLedge crew, Ernis here, ready to dive into something super cool!" in html
    # Each line of the text is a paragraph of its own.
    lines = page_003.episodes[0].description.split("\n")
    first = html.index("<h2>")
    section = html[first : html.index("<h2>", first + 1)]
    assert section.count("<p>") == len(lines) + 1  # and the facts


def test_links_only_for_web_urls() -> None:
    episode = Episode(
        title="T",
        url="https://paperledge.podbean.com/e/a (b)/",
        audio_url="javascript:alert(1)",
    )
    out = write_markdown(Show(episodes=[episode]))
    assert "[Episode page](<https://paperledge.podbean.com/e/a%20(b)/>)" in out
    html = render(out)
    assert 'href="https://paperledge.podbean.com/e/a%20(b)/"' in html
    assert "javascript:alert" in html  # shown as text...
    assert 'href="javascript' not in html  # ...never as a link


@pytest.mark.parametrize(
    "text",
    [
        "*not emphasis* and _not either_",
        "[not a link](http://x.example) ![nor an image](x.png)",
        "<b>not bold</b> <script>alert(1)</script>",
        "# not a heading",
        "> not a quote",
        "- not an item",
        "+ not an item",
        "1. not an ordered item",
        "12) nor this",
        "---",
        "===",
        "`not code`",
        "~~not struck~~",
        "| not | a table |",
        "&amp; stays &amp; and &#60; too",
        "a \\ backslash \\* and $x$ math",
        "<http://autolink.example>",
    ],
)
def test_text_is_shown_as_it_is(text: str) -> None:
    episode = Episode(title=text, description=f"{text}\n  {text}", authors=(Author(name=text),))
    out = write_markdown(Show(title=text, episodes=[episode]))
    assert _unescaped_angle_brackets(out) == []
    html = render(out)
    for tag in (
        "<em>",
        "<a ",
        "<img",
        "<b>",
        "<script",
        "<code>",
        "<s>",
        "<del>",
        "<table>",
        "<ol",
        "<hr",
        "<blockquote>",
    ):
        assert tag not in html, tag
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == 1
    assert html.count("<li>") == 1  # the indented line, and only it


def test_escape_markdown_round_trips_through_a_renderer() -> None:
    text = "a*b_c [d](e) <f> `g` #h ~i~ |j| $k$ \\l &amp;"
    html = render(escape_markdown(text))
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html == f"<p>{expected}</p>\n"


def test_empty_show() -> None:
    assert write_markdown(Show()) == ""
    out = write_markdown(Show(episodes=[Episode(published=dt.date(2025, 4, 7))]))
    assert out == "## Episode of Monday Apr 07, 2025\n\n**Published:** Monday Apr 07, 2025\n"


_ALLOWED_TAGS = {"h1", "h2", "p", "ul", "li", "blockquote", "strong", "em", "br", "a"}


@settings(max_examples=300, deadline=None)
@given(shows, st.text(max_size=200))
def test_no_markup_from_any_value_property(show: Show, text: str) -> None:
    # Whatever the values, the rendered document holds only the elements the
    # writer makes itself, and links only to the web.
    show = attrs.evolve(
        show,
        description=text,
        episodes=[attrs.evolve(e, description=e.description + "\n" + text) for e in show.episodes],
    )
    out = write_markdown(show)
    assert _unescaped_angle_brackets(out) == []
    html = render(out)
    tags = set(re.findall(r"<(\w+)", html))
    assert tags <= _ALLOWED_TAGS, tags - _ALLOWED_TAGS
    for href in re.findall(r'<a href="([^"]*)"', html):
        assert href.startswith(("http://", "https://")), href
    assert html.count("<h2>") == len(show.episodes)


def test_an_episode_with_nothing_known_is_just_a_heading() -> None:
    assert write_markdown(Show(episodes=[Episode(), Episode(title="T")])) == (
        "## Untitled episode\n\n## T\n"
    )


def test_a_description_that_is_only_a_quotation_is_its_block_quote() -> None:
    # Found by the property above: '""' is a pulled quote (the writer's own
    # block quote), and what it quotes is escaped as any text is.
    assert paperledge.dumps(Show(description='""'), "markdown") == '> ""\n'
    assert paperledge.dumps(Show(description='"<b>"'), "markdown") == '> "\\<b\\>"\n'


def test_the_general_podcast_fields_show_as_facts_and_links() -> None:
    episode = Episode(
        title="Primes",
        subtitle="All about primes",
        number=12,
        season=2,
        episode_type="bonus",
        explicit=True,
        persons=[Person(name="Bo Guest", role="guest")],
        other_enclosures=[Enclosure(url="https://x.org/12.mp4", type="video/mp4")],
        transcripts=[LinkedFile(url="https://x.org/12.vtt")],
    )
    out = write_markdown(Show(categories=["Science", "Science > Mathematics"], episodes=[episode]))
    assert out == (
        "Categories: Science, Science \\> Mathematics\n\n"
        "## Primes\n\n"
        "*All about primes*\\\n"
        "Episode 12 · Season 2 · bonus · explicit\\\n"
        "**With:** Bo Guest (guest)\\\n"
        "[Media](<https://x.org/12.mp4>) · [Transcript](<https://x.org/12.vtt>)\n"
    )
