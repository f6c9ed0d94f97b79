"""Pagination: the older and newer listing pages, by rel, by label and by number."""

from __future__ import annotations

from lxml import etree

import paperledge._formats.html.meta as _html_meta
from formats.html.pages import SITE, card, page
from paperledge import Show, parse_html


def _with_pagination(links: str, url: str) -> Show:
    return parse_html(page(card(), body_end=f"<nav>{links}</nav>"), url=url)


def test_pagination_by_labels() -> None:
    show = _with_pagination(
        '<a href="/page/2/">« Newer</a> <a href="/page/4/">Older »</a>', f"{SITE}/page/3/"
    )
    assert show.next_page_url == f"{SITE}/page/4/"
    assert show.previous_page_url == f"{SITE}/page/2/"


def test_pagination_by_numbers() -> None:
    links = "".join(f'<a href="/page/{n}/">{n}</a>' for n in (1, 2, 3, 4))
    show = _with_pagination(links, f"{SITE}/page/3/")
    assert show.next_page_url == f"{SITE}/page/4/"
    assert show.previous_page_url == f"{SITE}/page/2/"
    first = _with_pagination(links, f"{SITE}/")
    assert first.next_page_url == f"{SITE}/page/2/"
    assert first.previous_page_url is None


def test_page_two_goes_back_to_the_front_page() -> None:
    show = _with_pagination('<a href="/">← Newer episodes</a>', f"{SITE}/page/2/")
    assert show.previous_page_url == f"{SITE}/"
    assert show.next_page_url is None


def test_pagination_by_rel() -> None:
    show = parse_html(
        page(
            card(),
            body_end='<p><a rel="next" href="/page/9/">x</a> '
            '<a rel="prev" href="/page/7/">y</a></p>',
        ),
        url=f"{SITE}/page/8/",
    )
    assert show.next_page_url == f"{SITE}/page/9/"
    assert show.previous_page_url == f"{SITE}/page/7/"
    head = '<link rel="next" href="/page/5/"><link rel="previous" href="/page/3/">'
    show = parse_html(page(card(), head=head), url=f"{SITE}/page/4/")
    assert (show.next_page_url, show.previous_page_url) == (f"{SITE}/page/5/", f"{SITE}/page/3/")


def test_pagination_labels_win_over_numbers() -> None:
    links = (
        '<a href="/page/3/">« Newer</a><a href="/page/4/">4</a>'
        '<a href="/page/6/">6</a><a href="/page/7/">Older »</a>'
    )
    show = _with_pagination(links, f"{SITE}/page/5/")
    assert show.next_page_url == f"{SITE}/page/7/"
    assert show.previous_page_url == f"{SITE}/page/3/"


def test_a_link_labelled_newer_away_from_page_two_is_not_the_front_page() -> None:
    show = _with_pagination('<a href="/">Newer</a>', f"{SITE}/page/3/")
    assert show.previous_page_url is None


def test_a_stylesheet_link_is_no_pagination() -> None:
    head = '<link rel="stylesheet" href="/style.css"><link rel="prev" href="/page/1/">'
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    meta = _html_meta.read_meta(root)
    assert (meta.rel_next, meta.rel_prev) == (None, "/page/1/")


def test_pagination_by_rel_to_pages_without_numbers() -> None:
    body_end = '<p><a rel="next" href="/older/">x</a> <a rel="prev" href="/newer/">y</a></p>'
    show = parse_html(page(card(), body_end=body_end), url=f"{SITE}/page/8/")
    assert show.next_page_url == f"{SITE}/older/"
    assert show.previous_page_url == f"{SITE}/newer/"
