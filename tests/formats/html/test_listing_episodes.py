"""A listing's episodes: which elements are episodes, their openings, titles, text and media."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge
import paperledge._formats.html.episode as _episode
from formats.html.pages import CREDIT, DATE, SITE, TEXT, TEXT2, card, codes, page
from paperledge import Author, ParseError, parse_html

_OPENING_PARTS = st.sampled_from(
    [
        *("\ue003one\ue004", "\ue003two\ue004", "\ue002", "\ue0052025-10-02\ue004", " "),
        *("Thursday Oct 02, 2025", "Posted on Thursday Oct 02, 2025 by Ernis", "A title"),
        *("Sunday Mar 16, 2025", "2025", "Feb 30, 2025", "  ", "x" * 70),
    ]
)


def opening_facts(info: _episode._Opening) -> tuple[object, ...]:
    return tuple(getattr(info, name) for name in _episode._Opening.__slots__)


def test_a_page_of_links_only_has_no_episodes() -> None:
    page = "<html><body><h3>More episodes</h3><ul>" + "".join(
        f'<li><a href="/e/episode-{n}/">Episode {n}</a></li>' for n in range(5)
    )
    show = parse_html(page + "</ul></body></html>")
    assert show.episodes == ()
    assert codes(show) == ["no-episodes"]
    with pytest.raises(ParseError) as error:
        parse_html(page, strict=True)
    assert error.value.code == "no-episodes"


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


def test_an_element_without_credit_and_with_little_text_is_no_episode() -> None:
    second = f'<article><div><a href="/e/two/">{DATE}</a></div><p>{TEXT2}</p></article>'
    show = parse_html(page(card(), second), strict=True)
    assert [e.url for e in show.episodes] == ["/e/one/"]


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


def test_the_message_of_a_page_without_episodes() -> None:
    show = parse_html("<html><body><p>Nothing to see.</p></body></html>")
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "no-episodes"
    assert diagnostic.message == "the page holds nothing recognisable as an episode"
    assert (diagnostic.line, diagnostic.column) == (1, 1)


def test_the_episode_limit() -> None:
    show = parse_html(page(card(), card("two")), limits=paperledge.Limits(max_episodes=1))
    assert [e.url for e in show.episodes] == ["/e/one/"]
    (diagnostic,) = show.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("too-large", 1)


def test_a_time_element_before_the_episode_link() -> None:
    data = page(
        '<article><time datetime="2025-09-30">Sep 30</time>'
        '<h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 9, 30)
    assert episode.url == "/e/one/"


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


@given(st.lists(_OPENING_PARTS, min_size=1, max_size=5).map("".join))
def test_an_episode_links_line_reads_as_the_text_of_its_label(line: str) -> None:
    # The link's line (LINK slug SEP text) says what its text says, with the slug.
    if line[0] == "\ue003" or "\ue002" in line:
        # A text that opens with a label of its own is read with it; a
        # heading's mark opens a line of its own (a block's first character).
        return
    linked = _episode._Opening("\ue003slug\ue004" + line)
    alone = _episode._Opening(line)
    assert linked.slug == "slug"
    alone.slug = "slug"
    assert opening_facts(linked) == opening_facts(alone)
