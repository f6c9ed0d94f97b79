"""Where a listing's defects are located in the HTML source, and how much of the page
finding them reads: an amount linear in the page, also when the located texts are not
in the source as they show, or when every episode stands on the page's one line."""

from __future__ import annotations

import re

import pytest

import paperledge._formats.html.locate as _locate
from formats.html.pages import DATE, TEXT, TEXT2
from paperledge import parse_html

FILLER = "The method is compared with three baselines on five benchmarks. " * 8


def _episode(number: int, last: str, *, credit: str = "") -> str:
    """An episode whose text ends with ``last``; without ``credit``, it has no credit."""
    return (
        f'<article><p>{DATE}</p><h2><a href="/e/ep{number}/">Robotics - Paper {number}</a></h2>'
        f"<p>{TEXT}</p><p>{TEXT2}</p><p>{FILLER}</p><p>{last}</p>{credit}</article>"
    )


def _listing(episodes: list[str], *, minified: bool) -> str:
    sep = "" if minified else "\n"
    return sep.join(
        [
            "<!DOCTYPE html>",
            "<html><head><title>PaperLedge</title></head>",
            "<body><main>",
            *episodes,
            "</main></body></html>",
        ]
    )


def _written_otherwise(number: int) -> str:
    # Shown as "12's café & thé": no run of plain words long enough, so the
    # piece looked for ("12's caf") is not in the source as it shows.
    return f"{number}&#39;s caf&eacute; &amp; th&eacute;"


class _Reads:
    """Counts how much of the page the locator's searches may read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read = 0
        self.calls = 0
        self.needles: list[str] = []
        search = _locate.Locator.search

        def counted(
            locator: _locate.Locator,
            needle: str | re.Pattern[str],
            start: int,
            end: int | None = None,
        ) -> int:
            found = search(locator, needle, start, end)
            stop = len(locator.text) if end is None else min(end, len(locator.text))
            # A search reads up to its match, or to its end when it fails.
            self.read += (found if found >= 0 else stop) - start
            self.calls += 1
            self.needles.append(needle if isinstance(needle, str) else needle.pattern)
            return found

        monkeypatch.setattr(_locate.Locator, "search", counted)


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
def test_locating_texts_the_source_writes_otherwise_stays_linear(
    monkeypatch: pytest.MonkeyPatch, minified: bool
) -> None:
    # Every episode lacks its credit, and its last line (where that is
    # located) does not stand in the source as it shows: each search fails.
    reads = _Reads(monkeypatch)
    per_character = []
    for count in (200, 800):
        reads.read = 0
        data = _listing(
            [_episode(n, _written_otherwise(n)) for n in range(count)], minified=minified
        )
        show = parse_html(data)
        assert len(show.episodes) == count
        assert [d.code for d in show.diagnostics] == ["missing-credit"] * count
        # Not found: at the line where the episode starts; on a line that
        # holds every episode, at the episode's link.
        if minified:
            places = [(1, data.index(f"/e/ep{n}/") + 1) for n in range(count)]
        else:
            places = [(4 + n, 1) for n in range(count)]
        assert [(d.line, d.column) for d in show.diagnostics] == places
        per_character.append(reads.read / len(data))
    # The characters read per character of the page do not grow with the page
    # (they grew with it when each failed search read the rest of the page).
    assert per_character[1] <= per_character[0] * 1.2


def test_texts_found_on_a_minified_page_are_read_past_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One line: every search once started at the page's start, and read
    # every earlier episode again on its way to this one's text.
    reads = _Reads(monkeypatch)
    per_character = []
    for count in (200, 800):
        reads.read = 0
        episodes = [_episode(n, f"Closing words of episode {n:04}.") for n in range(count)]
        data = _listing(episodes, minified=True)
        show = parse_html(data)
        assert [d.code for d in show.diagnostics] == ["missing-credit"] * count
        for number, diagnostic in enumerate(show.diagnostics):
            assert diagnostic.line == 1
            assert data[diagnostic.column - 1 :].startswith(
                f"Closing words of episode {number:04}"
            )
        per_character.append(reads.read / len(data))
    assert per_character[1] <= per_character[0] * 1.2
    # The texts, and the episodes' links (which bound each one's searches).
    assert per_character[1] < 2.5


def test_a_credits_many_defects_look_for_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each empty name is reported, located from the credit: the credit is
    # looked for once, not once per name across the text before it.
    reads = _Reads(monkeypatch)
    credit = "<p>Credit to Paper authors: Ann Lee" + ", " * 1000 + "Bo Chen</p>"
    data = _listing([_episode(1, "The end.", credit=credit)], minified=False)
    show = parse_html(data)
    assert [d.code for d in show.diagnostics] == ["author-list"] * 999
    line = data.split("\n")[3]
    assert [(d.line, d.column) for d in show.diagnostics[:2]] == [
        (4, line.index("Ann Lee,") + 9),
        (4, line.index("Ann Lee,") + 11),
    ]
    assert reads.needles.count("Credit to Paper authors:") == 1


def test_defects_on_a_minified_page_are_located_in_their_own_episode() -> None:
    # The same closing line and the same defective credit in every episode:
    # each is located in its own episode, not in the first one's.
    ending = "Thanks for listening, see you next time!"
    credit = "<p>Credit to Paper authors: Ann Lee, , Bo Chen</p>"
    episodes = [
        _episode(1, ending),
        _episode(2, ending),
        _episode(3, _written_otherwise(3)),
        _episode(4, "The end.", credit=credit),
        _episode(5, "The end.", credit=credit),
    ]
    data = _listing(episodes, minified=True)
    starts = [data.index(f'href="/e/ep{n}/"') for n in range(1, 6)]
    show = parse_html(data)
    found = [(d.code, d.line, d.column) for d in show.diagnostics]
    # Checked by eye: each column is the closing line or the empty name of
    # its own episode; the text written otherwise is not found, and is
    # reported at its episode's link (the line holds every episode).
    assert found == [
        ("missing-credit", 1, 845),
        ("missing-credit", 1, 1672),
        ("missing-credit", 1, starts[2] + len('href="') + 1),
        ("author-list", 1, 3370),
        ("author-list", 1, 4215),
    ]
    assert starts == [115, 942, 1769, 2592, 3437]
    at_text = [844, 1671, 3368, 4213]
    assert [data[i:].startswith(ending) for i in at_text] == [True, True, False, False]
    # At the empty name, as the text parser locates it.
    assert [data[i:].startswith(", , Bo Chen") for i in at_text] == [False, False, True, True]
    # Each in its own episode: after its link, before the next episode's.
    assert starts[0] < 844 < starts[1] < 1671 < starts[2]
    assert starts[3] < 3368 < starts[4] < 4213


def test_defects_on_separate_lines_are_located_as_before() -> None:
    ending = "Thanks for listening, see you next time!"
    credit = "<p>Credit to Paper authors: Ann Lee, , Bo Chen</p>"
    episodes = [
        _episode(1, ending),
        _episode(2, _written_otherwise(2)),
        _episode(3, ending, credit=credit),
    ]
    data = _listing(episodes, minified=False)
    show = parse_html(data)
    lines = data.split("\n")
    found = [(d.code, d.line, d.column) for d in show.diagnostics]
    assert found == [
        ("missing-credit", 4, lines[3].index(ending) + 1),
        ("missing-credit", 5, 1),
        ("author-list", 6, lines[5].index("Ann Lee, ,") + 9),
    ]


def _card(number: int, last: str, credit: str = "") -> str:
    return (
        f'<article><p>{DATE}</p><h2><a href="/e/ep{number}/">Robotics - Paper {number}</a></h2>'
        f"<p>{FILLER}</p><p>{last}</p>{credit}</article>"
    )


def test_a_text_not_found_in_its_episode_is_not_located_in_a_later_one() -> None:
    # The first episode writes its closing line with markup; the others
    # write it plainly.  Its search once went on into the next episode and
    # every later episode's diagnostic moved one episode down the page.
    closing = "Thanks for listening to PaperLedge, see you soon!"
    episodes = [_card(1, closing.replace("listening", "<b>listening</b>"))]
    episodes += [_card(n, closing) for n in range(2, 6)]
    data = _listing(episodes, minified=False)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    lines = data.split("\n")
    # Checked by eye: episode n stands on line n + 3.
    assert found == [("missing-credit", 4, 1)] + [
        ("missing-credit", n + 3, lines[n + 2].index(closing) + 1) for n in range(2, 6)
    ]


def test_a_defect_far_down_a_minified_page_is_located_after_failed_searches() -> None:
    # Failed searches spend the budget early; the later searches start at
    # the episode's neighbour's link, not at the last text found, so a
    # defect after many healthy episodes is still found.
    credit = "<p>Credit to Paper authors: Ann Lee, Bo Chen</p>"
    episodes = [_card(n, f"Part {n}: we <em>discuss</em> robot arms.") for n in range(1, 5)]
    episodes += [_card(n, f"Healthy episode {n}.", credit) for n in range(5, 60)]
    episodes += [_card(60, "A plain closing sentence without any credit.")]
    data = _listing(episodes, minified=True)
    last = parse_html(data).diagnostics[-1]
    assert (last.code, last.line, last.column) == (
        "missing-credit",
        1,
        data.index("A plain closing") + 1,
    )


def test_a_credits_defect_is_located_in_its_own_episode_after_clean_credits() -> None:
    credit = "<p>Credit to Paper authors: Ann Lee, Bo Chen</p>"
    defective = "<p>Credit to Paper authors: Ann Lee, , Bo Chen</p>"
    episodes = [_card(1, "One.", credit), _card(2, "Two.", credit), _card(3, "Three.", defective)]
    data = _listing(episodes, minified=True)
    (diagnostic,) = parse_html(data).diagnostics
    assert (diagnostic.code, diagnostic.column) == (
        "author-list",
        data.index("Ann Lee, , Bo") + len("Ann Lee,") + 1,
    )


_GOOD = "<p>Credit to Paper authors: Ann Lee, Bo Chen</p>"
_BAD = "<p>Credit to Paper authors: Ann Lee, , Bo Chen</p>"


def _empty_name_at(data: str) -> tuple[int, int]:
    """Line and column of the empty name in ``_BAD``, computed from the source."""
    index = data.index("Ann Lee, , Bo") + len("Ann Lee,")
    line_start = data.rfind("\n", 0, index) + 1
    return data.count("\n", 0, index) + 1, index - line_start + 1


def _share(number: int) -> str:
    # A share button whose query carries another episode's address.
    return (
        '<a href="https://twitter.com/intent/tweet?url=https://paperledge.podbean.com'
        f'/e/ep{number}/">Share</a>'
    )


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
def test_an_address_in_a_share_links_query_is_not_the_episodes_link(minified: bool) -> None:
    cards = [
        _card(0, "Thanks.", _share(1) + _BAD),
        _card(1, "Thanks.", _share(2) + _GOOD),
        _card(2, "Thanks.", _GOOD),
    ]
    data = _listing(cards, minified=minified)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    assert found == [("author-list", *_empty_name_at(data))]


def test_a_link_to_the_next_episode_in_the_text_does_not_end_this_one() -> None:
    text = 'See <a href="/e/ep2/">the next one</a>.'
    cards = [_card(0, "Thanks.", _GOOD), _card(1, text, _BAD), _card(2, "Thanks.", _GOOD)]
    data = _listing(cards, minified=False)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    assert found == [("author-list", *_empty_name_at(data))]


def _closed_by_link(number: int, credit: str, after: str = "") -> str:
    """A card whose title link comes last, after the text and the credit."""
    return (
        f"<article><p>{DATE}</p><p>{FILLER}</p><p>Thanks.</p>{credit}{after}"
        f'<h2><a href="/e/ep{number}/">Robotics - Paper {number}</a></h2></article>'
    )


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
def test_cards_closed_by_their_link_have_their_defects_before_it(minified: bool) -> None:
    cards = [_closed_by_link(1, _GOOD), _closed_by_link(2, _BAD), _closed_by_link(3, _GOOD)]
    data = _listing(cards, minified=minified)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    assert found == [("author-list", *_empty_name_at(data))]
    stray = "<p>Stray words after the credit.</p>"
    cards = [
        _closed_by_link(1, _GOOD),
        _closed_by_link(2, _GOOD, stray),
        _closed_by_link(3, _GOOD),
    ]
    data = _listing(cards, minified=minified)
    (diagnostic,) = parse_html(data).diagnostics
    index = data.index("Stray words")
    assert (diagnostic.code, diagnostic.column) == (
        "stray-text",
        index - (data.rfind("\n", 0, index) + 1) + 1,
    )


def test_a_credit_marker_not_in_the_source_is_reported_where_the_episode_is() -> None:
    # The marker written with a reference: not found; the name's offset is
    # not added to the episode's place.
    written = "<p>Credit to Paper&#32;authors: Ann Lee, , Bo Chen</p>"
    data = _listing([_card(1, "Thanks.", _GOOD), _card(2, "Thanks.", written)], minified=False)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    # The second card stands on line 5.
    assert found == [("author-list", 5, 1)]


def _card_linked(number: int, credit: str, href: str, openers: str = "") -> str:
    return (
        f"<article><p>{DATE}</p>{openers}<h2><a href={href}>Robotics - Paper {number}</a></h2>"
        f"<p>{FILLER}</p><p>Thanks.</p>{credit}</article>"
    )


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
@pytest.mark.parametrize(
    "href", ['"/e/ep{n}/?a=1&amp;b=2"', "/e/ep{n}/"], ids=["entity", "unquoted"]
)
def test_a_link_written_otherwise_than_lxml_reads_it_is_still_found(
    minified: bool, href: str
) -> None:
    cards = [_card_linked(n, _BAD if n == 2 else _GOOD, href.format(n=n)) for n in range(5)]
    data = _listing(cards, minified=minified)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    assert found == [("author-list", *_empty_name_at(data))]


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
def test_a_short_body_after_several_opening_lines_is_searched_after_the_link(
    minified: bool,
) -> None:
    openers = "<p>12:34</p><p>3 comments</p>"
    cards = [_card_linked(n, _BAD if n == 1 else _GOOD, f'"/e/ep{n}/"', openers) for n in range(3)]
    data = _listing(cards, minified=minified)
    found = [(d.code, d.line, d.column) for d in parse_html(data).diagnostics]
    assert found == [("author-list", *_empty_name_at(data))]


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
def test_a_card_closed_by_its_link_without_a_credit_is_reported_at_its_last_line(
    minified: bool,
) -> None:
    cards = [_closed_by_link(1, _GOOD), _closed_by_link(2, ""), _closed_by_link(3, _GOOD)]
    data = _listing(cards, minified=minified)
    (diagnostic,) = parse_html(data).diagnostics
    index = data.index("Robotics - Paper 2")
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == (
        "missing-credit",
        data.count("\n", 0, index) + 1,
        index - (data.rfind("\n", 0, index) + 1) + 1,
    )
