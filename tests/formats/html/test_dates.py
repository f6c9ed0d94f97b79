"""An episode's dates on a page: date lines, meta lines, <time> elements, and their defects."""

from __future__ import annotations

import datetime as dt

import pytest

from formats.html.pages import CREDIT, DATE, TEXT, TEXT2, card, codes, edit_cards, page
from paperledge import ParseError, parse_html


def test_unusual_date_is_read_and_reported_at_its_place() -> None:
    page = edit_cards(
        '<p class="text-muted small mb-1">Thursday Oct 02, 2025</p>',
        '<p class="text-muted small mb-1">Thu Oct 2, 2025</p>',
    )
    show = parse_html(page)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "date-format"
    line = page.split("\n")[diagnostic.line - 1]
    # The column is where the line first differs from the canonical spelling.
    assert line[diagnostic.column - 4 :].startswith("Thu Oct 2")


def test_weekday_mismatch_and_disagreeing_repeats() -> None:
    page = edit_cards(
        '<p class="text-muted small mb-1">Thursday Oct 02, 2025</p>',
        '<p class="text-muted small mb-1">Saturday Oct 03, 2025</p>',
    )
    show = parse_html(page)
    assert show.episodes[0].published == dt.date(2025, 10, 3)
    assert codes(show) == ["weekday-mismatch", "date-mismatch"]


def test_a_meta_line_gives_the_date() -> None:
    data = page(
        '<article><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        f"<p>Posted on {DATE} by Ernis</p><p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.title == "Robotics - A Robot"
    assert episode.description == TEXT


def test_a_long_line_with_a_year_is_text_not_a_date() -> None:
    long_line = "In " + DATE + " the authors " + "wrote a great deal more " * 10
    data = page(card(lines=(long_line, TEXT)))
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description.split("\n")[0] == long_line


def test_time_element_alone_dates_the_episode() -> None:
    data = page(
        '<article><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        '<time datetime="2025-09-30T08:00:00Z">two days ago</time>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(2025, 9, 30)
    assert episode.description == TEXT


def test_time_element_with_a_bad_datetime_is_only_text() -> None:
    data = page(
        f'<article><p>{DATE}</p><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
        '<p><time datetime="soon">2025</time></p>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description == f"2025\n{TEXT}"


def test_an_impossible_date_is_reported_where_it_is() -> None:
    data = page(card(date="Friday Feb 30, 2025"))
    show = parse_html(data)
    (episode,) = show.episodes
    assert episode.published is None
    assert episode.description == f"{TEXT}\n{TEXT2}"
    first = show.diagnostics[0]
    assert first.code == "date-invalid"
    line = data.split("\n")[first.line - 1]
    assert "Feb 30" in line[first.column - 1 :]
    with pytest.raises(ParseError) as error:
        parse_html(data, strict=True)
    assert error.value.code == "date-invalid"


def test_two_dates_that_disagree() -> None:
    data = page(
        f'<article><p>{DATE}</p><div><a href="/e/one/">Wednesday Oct 01, 2025</a></div>'
        f"<p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    show = parse_html(data)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "date-mismatch"
    assert "Wednesday Oct 01, 2025" in diagnostic.message
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("Wednesday Oct 01, 2025")


def test_a_meta_line_of_the_last_century() -> None:
    data = page(
        '<article><h3><a href="/e/one/">Robotics - An Old Robot</a></h3>'
        f"<p>Posted on Friday Oct 01, 1999 by Ernis</p><p>{TEXT}{CREDIT}Ann Lee</p></article>"
    )
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.published == dt.date(1999, 10, 1)


def test_meta_lines_are_dates_up_to_200_characters() -> None:
    def opening(meta_line: str) -> str:
        return page(
            '<article><h3><a href="/e/one/">Robotics - A Robot</a></h3>'
            f"<p>{meta_line}</p><p>{TEXT}{CREDIT}Ann Lee</p></article>"
        )

    prefix = f"Posted on {DATE} by Ernis, "
    at_limit = prefix + "x" * (200 - len(prefix))
    (dated,) = parse_html(opening(at_limit), strict=True).episodes
    assert dated.published == dt.date(2025, 10, 2)
    assert dated.description == TEXT
    over = at_limit + "x"
    (undated,) = parse_html(opening(over)).episodes
    assert undated.published is None
    assert undated.description == f"{over}\n{TEXT}"


def test_a_long_line_padded_with_spaces_is_still_read_as_a_date() -> None:
    padded = "\u2003" * 190 + "Thursday Oct 02, 2025"
    text = "A paragraph of the episode that is long enough to be its description. " * 4
    html = (
        "<html><body><main>"
        f'<article><p>{padded}</p><h2><a href="/e/one/">A title</a></h2>'
        f"<p>{text}</p><p>{CREDIT}Ann Lee</p></article>"
        f'<article><p>Friday Oct 03, 2025</p><h2><a href="/e/two/">Another</a></h2>'
        f"<p>{text}</p><p>{CREDIT}Bo Chen</p></article>"
        "</main></body></html>"
    )
    show = parse_html(html.encode())
    assert [episode.published for episode in show.episodes] == [
        dt.date(2025, 10, 2),
        dt.date(2025, 10, 3),
    ]
    assert show.episodes[0].description == text  # its typed spaces kept, as the dumps keep them
