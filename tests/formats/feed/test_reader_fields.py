"""parse_feed's reading of single fields.

Recovered text, owners, media:content, zones, persons, channel fallbacks.
"""

from __future__ import annotations

from paperledge import parse_feed

from support import REPO

SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"


NAMESPACES = (
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:media="http://search.yahoo.com/mrss/"'
)


CHANNEL = "<title>S</title><link>https://s</link><description>d</description>"


def _feed(items: str, channel: str = CHANNEL) -> str:
    return f'<rss version="2.0" {NAMESPACES}><channel>{channel}{items}</channel></rss>'


def test_a_str_feed_with_a_byte_order_mark_reads_as_without() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    with_mark = parse_feed("\ufeff" + text)
    assert with_mark.diagnostics == ()
    assert with_mark == parse_feed(text)
    assert len(with_mark.episodes) == 24


def test_text_split_by_elements_is_read_whole() -> None:
    # Unescaped HTML in a title is recovered as elements: their text counts.
    show = parse_feed(_feed("<item><title>One <b>two</b> three</title></item>"))
    assert show.episodes[0].title == "One two three"


def test_the_owner_name_is_found_past_an_entity_reference() -> None:
    feed = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY me "x">]>\n' + _feed(
        "", channel=CHANNEL + "<itunes:owner>&me;<itunes:name>Ernis</itunes:name></itunes:owner>"
    )
    show = parse_feed(feed)
    assert show.host == "Ernis"


def test_the_channel_image_is_its_url_when_itunes_gives_none() -> None:
    channel = CHANNEL + "<image><title>S</title><url>https://i.example/u.png</url></image>"
    assert parse_feed(_feed("", channel=channel)).image_url == "https://i.example/u.png"


def test_the_itunes_summary_describes_a_channel_without_description() -> None:
    channel = (
        "<title>S</title><link>https://s</link><itunes:summary>About the show</itunes:summary>"
    )
    show = parse_feed(_feed("", channel=channel))
    assert show.description == "About the show"
