"""The author credit on a page: its authors, a missing credit, text after it."""

from __future__ import annotations

from formats.html.pages import CREDIT, DATE, TEXT, TEXT2, card, codes, edit_cards, page
from paperledge import parse_html


def test_missing_credit_keeps_the_text() -> None:
    page = edit_cards('<span class="credit">Credit to Paper authors: ', '<span class="credit">')
    show = parse_html(page)
    assert codes(show) == ["missing-credit"]
    first = show.episodes[0]
    assert first.authors == ()
    assert first.description.endswith("keep learning!Allen G Hart")
    assert len(show.episodes) == 8


def test_author_list_defect_is_located_in_the_source() -> None:
    page = edit_cards("Zheng Zhang, Ziwei Shan", "Zheng Zhang, , Ziwei Shan")
    show = parse_html(page)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "author-list"
    line = page.split("\n")[diagnostic.line - 1]
    # Located at the empty name, as the text parser locates it.
    assert line[diagnostic.column - 2 :].startswith(", , Ziwei Shan")
    names = [a.name for a in show.episodes[1].authors]
    assert names == ["Zheng Zhang", "Ziwei Shan", "Kaitao Song", "Yexin Li", "Kan Ren"]


def test_text_after_the_credit_is_kept_and_reported() -> None:
    page = edit_cards(
        '<div class="card-footer d-flex">',
        '<p>P.S. see the show notes.</p><div class="card-footer d-flex">',
    )
    show = parse_html(page)
    assert codes(show) == ["stray-text"]
    assert show.episodes[0].description.endswith("\nP.S. see the show notes.")


def test_missing_credit_is_located_at_the_last_line() -> None:
    ending = "And that is where this long episode about curricula and models ends."
    second = (
        f'<article><p>{DATE}</p><div><a href="/e/two/">{DATE}</a></div>'
        f"<p>{TEXT}</p><p>{TEXT2}</p><p>{ending}</p></article>"
    )
    data = page(card(), second)
    show = parse_html(data)
    assert [e.url for e in show.episodes] == ["/e/one/", "/e/two/"]
    assert show.episodes[1].description == f"{TEXT}\n{TEXT2}\n{ending}"
    assert show.episodes[1].authors == ()
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "missing-credit"
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("And that is where")


def test_text_after_the_credit_of_the_last_episode_of_a_cut_page() -> None:
    # The page is cut just after the next episode's date: that date is not
    # text of the episode before it.
    data = page(card())[: -len("\n</main></body></html>\n")] + f"<article><p>{DATE}</p>"
    show = parse_html(data)
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert codes(show) == ["html-truncated"]


def test_the_missing_credit_message() -> None:
    data = page(card(lines=(TEXT, TEXT2, TEXT), authors="").replace(CREDIT, ""))
    (diagnostic,) = parse_html(data).diagnostics
    assert diagnostic.message == (
        "the episode that starts at line 3 has no 'Credit to Paper authors:' line"
    )
