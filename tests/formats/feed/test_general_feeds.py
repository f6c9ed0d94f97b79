"""Feeds other shows publish: the fields they write the way general podcast feeds do.

Each case is a minimal reproduction of what the readers got wrong on real
feeds: who made an episode only in ``itunes:author``/``dc:creator``/``author``, ISO 8601
dates, ``dc:date``, clock readings past 59, a picture in ``media:content``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import paperledge
from paperledge import Episode

HEAD = (
    '<?xml version="1.0"?>\n<rss version="2.0"'
    ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:media="http://search.yahoo.com/mrss/"'
    ' xmlns:podcast="https://podcastindex.org/namespace/1.0">\n'
    "<channel><title>S</title><link>https://example.org/</link><description>d</description>\n"
)


def _episode(item: str) -> tuple[Episode, list[str]]:
    show = paperledge.parse_feed(f"{HEAD}<item><title>T</title>{item}</item></channel></rss>")
    (episode,) = show.episodes
    return episode, [d.message for d in show.diagnostics]


@pytest.mark.parametrize(
    ("item", "names"),
    [
        (
            "<itunes:author>John Doe, Ann Lee, and Jane Roe</itunes:author>",
            ["John Doe, Ann Lee, and Jane Roe"],
        ),
        # Never split: a duo, a company or "Doe, John" alike.
        ("<itunes:author>Tom &amp; Jerry</itunes:author>", ["Tom & Jerry"]),
        ("<itunes:author>Doe, John</itunes:author>", ["Doe, John"]),
        ("<itunes:author>  Ann\n  Lee </itunes:author>", ["Ann Lee"]),
        # itunes:author first, then each dc:creator, then author.
        ("<author>a@b.org (A)</author><itunes:author>I</itunes:author>", ["I"]),
        ("<author>a@b.org (A)</author><dc:creator>D</dc:creator>", ["D"]),
        # The first that names someone: an empty element hides nothing.
        ("<itunes:author> </itunes:author><dc:creator>Jane Roe</dc:creator>", ["Jane Roe"]),
        ("<itunes:author/><author>jane@example.com (Jane Roe)</author>", ["Jane Roe"]),
        ("<dc:creator>  </dc:creator><author>Jane Roe</author>", ["Jane Roe"]),
        (
            "<dc:creator>Ann Lee</dc:creator><dc:creator>Bo Chen</dc:creator>",
            ["Ann Lee", "Bo Chen"],
        ),
        ("<author>host@example.org (Lawyer Boyer)</author>", ["Lawyer Boyer"]),
        ("<author>host@example.org</author>", ["host@example.org"]),
        # The name first, its address after it (feedparser's corpus).
        ("<author>Lawyer Boyer (host@example.org)</author>", ["Lawyer Boyer"]),
        ("<author>Lawyer Boyer &lt;host@example.org&gt;</author>", ["Lawyer Boyer"]),
        ("<dc:creator>Ann Lee (ann@example.org)</dc:creator>", ["Ann Lee"]),
        ("<dc:creator>Ann Lee (Oxford)</dc:creator>", ["Ann Lee (Oxford)"]),
        # One rule for every author element: RSS 2.0's address-first form in
        # dc:creator too, and an address after an itunes:author's name.
        ("<dc:creator>ann@example.org (Ann Lee)</dc:creator>", ["Ann Lee"]),
        ("<itunes:author>Ann Lee &lt;ann@example.org&gt;</itunes:author>", ["Ann Lee"]),
    ],
)
def test_who_made_an_episode_comes_from_the_feeds_author_elements_as_written(
    item: str, names: list[str]
) -> None:
    episode, diagnostics = _episode(item)
    assert list(episode.creators) == names
    # A feed's author made the episode; the paper's authors are the credit's.
    assert episode.authors == ()
    assert diagnostics == []


def test_the_paper_authors_come_from_the_credit_or_podcast_persons_not_the_feed_author() -> None:
    credited, _ = _episode(
        "<itunes:author>Ernis</itunes:author>"
        "<description>Text.\nCredit to Paper authors: Ada Lovelace</description>"
    )
    assert [a.name for a in credited.authors] == ["Ada Lovelace"]
    assert credited.creators == ("Ernis",)
    persons, _ = _episode(
        "<itunes:author>Ernis</itunes:author>"
        '<podcast:person role="author">Grace Hopper</podcast:person>'
    )
    assert [a.name for a in persons.authors] == ["Grace Hopper"]
    assert persons.creators == ("Ernis",)


def test_a_general_feed_written_back_gains_no_credit_line_and_keeps_its_creators() -> None:
    # A feed's author once became the paper's authors, and the RSS writer
    # then added "Credit to Paper authors: ..." to every episode's notes.
    episode, _ = _episode("<description>Notes.</description><itunes:author>NPR</itunes:author>")
    show = paperledge.Show(title="S", episodes=[episode])
    written = paperledge.dumps(show, "rss")
    assert "Credit to Paper authors" not in written
    assert "<dc:creator>NPR</dc:creator>" in written
    (again,) = paperledge.parse_feed(written).episodes
    assert (again.creators, again.authors, again.description) == (("NPR",), (), "Notes.")


@pytest.mark.parametrize(
    ("item", "day", "moment"),
    [
        (
            "<pubDate>2025-10-02T09:00:00Z</pubDate>",
            dt.date(2025, 10, 2),
            dt.datetime(2025, 10, 2, 9, tzinfo=dt.timezone.utc),
        ),
        ("<pubDate>2025-10-02</pubDate>", dt.date(2025, 10, 2), None),
        (
            "<dc:date>2025-10-03T08:30:00+02:00</dc:date>",
            dt.date(2025, 10, 3),
            dt.datetime(2025, 10, 3, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        # pubDate wins over dc:date
        (
            "<pubDate>Thu, 02 Oct 2025 09:00:00 GMT</pubDate><dc:date>2020-01-01</dc:date>",
            dt.date(2025, 10, 2),
            dt.datetime(2025, 10, 2, 9, tzinfo=dt.timezone.utc),
        ),
    ],
)
def test_iso_8601_dates_and_dc_date_are_read(
    item: str, day: dt.date, moment: dt.datetime | None
) -> None:
    episode, diagnostics = _episode(item)
    assert (episode.published, episode.published_at) == (day, moment)
    assert diagnostics == []


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:60:05", 3605), ("75:30", 4530), ("1:02:03", 3723), ("372", 372)],
)
def test_clock_readings_past_59_are_read_as_podcast_apps_read_them(
    text: str, seconds: int
) -> None:
    episode, diagnostics = _episode(f"<itunes:duration>{text}</itunes:duration>")
    assert episode.duration == dt.timedelta(seconds=seconds)
    assert diagnostics == []


def test_a_picture_in_media_content_is_not_the_audio() -> None:
    episode, _ = _episode(
        '<media:content url="https://example.org/cover.jpg" type="image/jpeg"/>'
        '<media:content url="https://example.org/a.mp3" type="audio/mpeg" fileSize="12"/>'
    )
    assert (episode.audio_url, episode.audio_type, episode.audio_length) == (
        "https://example.org/a.mp3",
        "audio/mpeg",
        12,
    )
    picture_only, _ = _episode(
        '<media:content url="https://example.org/cover.jpg" medium="image"/>'
    )
    assert picture_only.audio_url is None


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="UTF-8"?>'])
def test_bytes_that_are_not_utf8_are_read_as_windows_1252_as_the_text_readers_do(
    declaration: str,
) -> None:
    item = "<item><title>Caf\xe9 \u201cquoted\u201d &amp; na\xefve</title></item>"
    feed = (
        declaration.encode()
        + HEAD.split("\n", 1)[1].encode()
        + (item + "</channel></rss>").encode("cp1252")
    )
    show = paperledge.parse_feed(feed)
    assert show.episodes[0].title == "Caf\xe9 \u201cquoted\u201d & na\xefve"
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "encoding"
    assert feed.split(b"\n")[diagnostic.line - 1].decode("cp1252")[diagnostic.column - 1] == "\xe9"
    assert list(paperledge.iter_episodes([feed[:300], feed[300:]], format="rss")) == list(
        show.episodes
    )
    with pytest.raises(paperledge.ParseError) as raised:
        paperledge.parse_feed(feed, strict=True)
    assert raised.value.code == "encoding"


RELATIVE = (
    HEAD.replace("<link>https://example.org/</link>", "<link>/</link>")
    + "<item><title>1</title><link>episodes/1</link>"
    '<enclosure url="/media/1.mp3" type="audio/mpeg"/>'
    '<itunes:image href="img/1.jpg"/></item>\n'
    '<item xml:base="https://cdn.example.net/show/"><title>2</title><link>e/2</link>'
    '<enclosure url="2.mp3" type="audio/mpeg"/></item>\n'
    "<item><title>3</title><link>https://other.example.com/x</link></item></channel></rss>"
)


def test_relative_links_resolve_against_the_feeds_url_and_xml_base() -> None:
    show = paperledge.parse(RELATIVE.encode(), url="https://example.org/feeds/main.xml")
    assert show.url == "https://example.org/"
    assert [(e.url, e.audio_url, e.image_url) for e in show.episodes] == [
        (
            "https://example.org/feeds/episodes/1",
            "https://example.org/media/1.mp3",
            "https://example.org/feeds/img/1.jpg",
        ),
        ("https://cdn.example.net/show/e/2", "https://cdn.example.net/show/2.mp3", None),
        ("https://other.example.com/x", None, None),  # an absolute link stays as written
    ]
    streamed = paperledge.iter_episodes(
        [RELATIVE[:300], RELATIVE[300:]], format="rss", url="https://example.org/feeds/main.xml"
    )
    assert list(streamed) == list(show.episodes)


def test_without_a_url_only_xml_base_resolves_and_the_rest_stays_as_written() -> None:
    show = paperledge.parse(RELATIVE.encode())
    assert [e.url for e in show.episodes] == [
        "episodes/1",
        "https://cdn.example.net/show/e/2",
        "https://other.example.com/x",
    ]


@pytest.mark.parametrize(
    "name", ["atom_entries_become_episodes.xml", "rss_1_0_items_become_episodes.xml"]
)
@pytest.mark.parametrize("size", [64, 1000])
def test_atom_and_rss_1_0_stream_as_they_read_whole(name: str, size: int) -> None:
    data = (Path(__file__).parent / "golden" / name).read_bytes()
    whole = paperledge.parse(data)
    assert whole.episodes
    found: list[paperledge.Diagnostic] = []
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    streamed = list(paperledge.iter_episodes(chunks, format="rss", on_diagnostic=found.append))
    assert streamed == list(whole.episodes)
    assert found == list(whole.diagnostics)


def test_the_front_door_sniffs_atom_and_rss_1_0_as_feeds() -> None:
    golden = Path(__file__).parent / "golden"
    for name in ("atom_entries_become_episodes.xml", "rss_1_0_items_become_episodes.xml"):
        assert paperledge.parse((golden / name).read_bytes()).title in ("Example Show", "RDF Show")


def test_an_atom_enclosure_of_a_bad_length_is_reported_and_kept() -> None:
    data = (Path(__file__).parent / "golden" / "atom_entries_become_episodes.xml").read_bytes()
    show = paperledge.parse(data.replace(b'length="1337"', b'length="big"'))
    episode = show.episodes[0]
    assert (episode.audio_url, episode.audio_length) == ("https://example.org/audio/1.mp3", None)
    assert "the enclosure's length 'big' is not a number of bytes" in [
        d.message for d in show.diagnostics
    ]


def test_undeclared_itunes_and_podcast_prefixes_are_read_as_their_usual_namespaces() -> None:
    feed = (
        "<rss><channel><title>S</title><itunes:author>Host</itunes:author>"
        '<itunes:category text="Science"/>'
        "<item><title>T</title><itunes:duration>01:00</itunes:duration>"
        "<itunes:episodeType>trailer</itunes:episodeType>"
        '<podcast:person role="guest">Ann Lee</podcast:person>'
        "<description>Tom &amp; Jerry</description></item></channel></rss>"
    )
    show = paperledge.parse_feed(feed)
    (episode,) = show.episodes
    assert (show.host, show.categories) == ("Host", ("Science",))
    assert episode.duration == dt.timedelta(minutes=1)
    assert episode.episode_type == "trailer"
    assert [(p.name, p.role) for p in episode.persons] == [("Ann Lee", "guest")]
    assert episode.description == "Tom & Jerry"
    (repaired,) = [d for d in show.diagnostics if d.code == "xml-repaired"]
    assert "itunes:, podcast: read as its usual namespace" in repaired.message
    # Each use is still reported where it is, as libxml2 names it.
    assert sum(d.code == "xml-syntax" for d in show.diagnostics) == 5
    streamed = list(paperledge.iter_episodes([feed[:50], feed[50:]], format="rss"))
    assert streamed == [episode]


def test_a_media_group_gives_the_audio_and_the_picture_an_item_has_nowhere_else() -> None:
    episode, diagnostics = _episode(
        '<media:group><media:content url="https://a.example/e.m4a" type="audio/mp4"'
        ' fileSize="12"/><media:thumbnail url="https://a.example/e.jpg"/></media:group>'
    )
    assert (episode.audio_url, episode.audio_type, episode.audio_length) == (
        "https://a.example/e.m4a",
        "audio/mp4",
        12,
    )
    assert episode.image_url == "https://a.example/e.jpg"
    assert diagnostics == []


def test_an_items_own_enclosure_and_picture_come_before_its_media_group() -> None:
    episode, _ = _episode(
        '<enclosure url="https://a.example/own.mp3" type="audio/mpeg" length="1"/>'
        '<media:thumbnail url="https://a.example/own.jpg"/>'
        '<media:group><media:content url="https://a.example/e.m4a" type="audio/mp4"/>'
        '<media:thumbnail url="https://a.example/e.jpg"/></media:group>'
    )
    assert (episode.audio_url, episode.image_url) == (
        "https://a.example/own.mp3",
        "https://a.example/own.jpg",
    )


def test_an_atom_entrys_content_encoded_comes_before_its_summary() -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>S</title>'
        "<entry><title>T</title><summary>Short.</summary>"
        "<content:encoded><![CDATA[<p>Full <b>notes</b>.</p>]]></content:encoded></entry></feed>"
    )
    (episode,) = paperledge.parse_feed(feed).episodes
    assert episode.description == "Full notes."


def test_an_atom_xhtml_constructs_escaped_text_stays_text() -> None:
    # feedparser's corpus: "&lt;blink&gt;" in an xhtml div is text, not a tag.
    div = '<div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; <b>tag</b></div>'
    feed = (
        f'<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml">{div}</title>'
        f'<entry><title type="xhtml">{div}</title><content type="xhtml">{div}</content></entry>'
        "</feed>"
    )
    show = paperledge.parse_feed(feed)
    (episode,) = show.episodes
    assert show.title == episode.title == "History of the <blink> tag"
    assert episode.description == "History of the <blink> tag"


def test_categories_are_listed_at_every_depth() -> None:
    show = paperledge.parse_feed(
        f'{HEAD}<itunes:category text="Business"><itunes:category text="Entrepreneurship">'
        '<itunes:category text="Ecommerce"/></itunes:category></itunes:category>'
        '<itunes:category text="Education"/><item><title>T</title></item></channel></rss>'
    )
    assert show.categories == (
        "Business",
        "Business > Entrepreneurship",
        "Business > Entrepreneurship > Ecommerce",
        "Education",
    )


@pytest.mark.parametrize(
    ("guid", "url"),
    [
        ('<guid isPermaLink="true">episode/1/</guid>', "https://example.org/podcast/episode/1/"),
        ("<guid>https://example.org/e/1</guid>", "https://example.org/e/1"),
        ("<guid>episode/1/</guid>", None),
        ('<guid isPermaLink="false">https://example.org/e/1</guid>', None),
    ],
)
def test_a_guid_is_the_url_where_it_is_a_permalink_address_resolved_like_a_link(
    guid: str, url: str | None
) -> None:
    show = paperledge.parse_feed(
        f'{HEAD}<item xml:base="https://example.org/podcast/"><title>T</title>{guid}</item>'
        "</channel></rss>"
    )
    assert show.episodes[0].url == url
