"""A feed that makes libxml2 recover is repaired and read again: no text is lost.

After its first XML error, libxml2's recovery drops every later &amp; &lt;
&gt; &quot; &apos; and a bare '&' takes the name after it along; HTML
entities (&eacute;) are no XML.  Four of the five real feeds that needed
recovery did so only for a blank line before <?xml.
"""

from __future__ import annotations

import pytest

import paperledge
from paperledge._formats.feed.repair import repair

HEAD = (
    '<rss version="2.0"><channel><title>Show</title><link>https://example.org/</link>'
    "<description>d</description>\n"
)


def _feed(item: str, *, before: str = "") -> bytes:
    return f'{before}<?xml version="1.0" encoding="UTF-8"?>\n{HEAD}{item}</channel></rss>'.encode()


def test_escaped_characters_after_an_error_survive() -> None:
    item = "<item><title>Tom &amp; Jerry &lt;3 &quot;q&quot; &apos;a&apos; &gt;</title></item>"
    show = paperledge.parse_feed(_feed(item, before="\n"))
    assert show.episodes[0].title == "Tom & Jerry <3 \"q\" 'a' >"
    assert [d.code for d in show.diagnostics] == ["xml-syntax", "xml-repaired"]


def test_a_blank_line_before_the_declaration_keeps_every_line_number() -> None:
    item = "<item><title>A</title><pubDate>not a date</pubDate></item>"
    clean = paperledge.parse_feed(_feed(item))
    late = paperledge.parse_feed(_feed(item, before="\n\n"))
    (date_clean,) = [d for d in clean.diagnostics if d.code == "feed-date"]
    (date_late,) = [d for d in late.diagnostics if d.code == "feed-date"]
    assert date_late.line == date_clean.line + 2


def test_an_ampersand_in_a_url_is_kept() -> None:
    item = (
        "<item><title>A</title><link>https://x.org/?a=1&b=2</link>"
        '<enclosure url="https://x.org/a.mp3?x=1&y=2" type="audio/mpeg"/></item>'
    )
    (episode,) = paperledge.parse_feed(_feed(item)).episodes
    assert episode.url == "https://x.org/?a=1&b=2"
    assert episode.audio_url == "https://x.org/a.mp3?x=1&y=2"


def test_html_entities_are_read_as_their_characters() -> None:
    item = "<item><title>Caf&eacute; &mdash; na&iuml;ve &notanentity;</title></item>"
    show = paperledge.parse_feed(_feed(item))
    assert show.episodes[0].title == "Café — naïve &notanentity;"
    assert show.diagnostics[-1].message.endswith(
        "3 HTML entity references read; 1 bare '&' or '<' kept as written"
    )


def test_a_less_than_sign_that_opens_no_tag_is_kept() -> None:
    (episode,) = paperledge.parse_feed(_feed("<item><title>x < y</title></item>")).episodes
    assert episode.title == "x < y"


def test_cdata_sections_and_comments_are_left_as_written() -> None:
    data = b"<a>&amp;<![CDATA[ &amp; & < ]]><!-- & --> &</a>"
    fixed, repairs = repair(data)
    assert fixed == b"<a>&#38;<![CDATA[ &amp; & < ]]><!-- & --> &#38;</a>"
    assert (repairs.xml_entities, repairs.bare_ampersands) == (1, 1)


def test_an_unclosed_cdata_section_runs_to_the_end_unrepaired() -> None:
    fixed, _ = repair(b"<a>&amp; <![CDATA[ &amp; never closed")
    assert fixed == b"<a>&#38; <![CDATA[ &amp; never closed"


def test_character_references_and_a_well_formed_feed_are_untouched() -> None:
    data = _feed("<item><title>&#233;&#xE9;</title></item>")
    fixed, repairs = repair(data)
    assert not repairs
    assert fixed == data
    assert paperledge.parse_feed(data).diagnostics == ()


@pytest.mark.parametrize("cut", [40, 200, 260])
def test_a_stream_reads_a_repaired_feed_as_the_whole_does(cut: int) -> None:
    data = _feed(
        "<item><title>One &amp; two</title></item><item><title>Caf&eacute;</title></item>",
        before="\n",
    )
    whole = paperledge.parse_feed(data)
    streamed = list(paperledge.iter_episodes([data[:cut], data[cut:]], format="rss"))
    assert streamed == list(whole.episodes)
    assert [e.title for e in streamed] == ["One & two", "Café"]


def test_strict_mode_still_stops_at_the_first_error() -> None:
    with pytest.raises(paperledge.ParseError) as raised:
        paperledge.parse_feed(
            _feed("<item><title>a &amp; b</title></item>", before="\n"), strict=True
        )
    assert raised.value.code == "xml-syntax"
