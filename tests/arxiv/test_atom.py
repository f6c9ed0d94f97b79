"""arXiv's Atom responses read safely: entries as the manual describes, nothing else raises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arxiv.arxiv_api import Catalogue, error_xml, feed_xml
from paperledge.arxiv._atom import AtomError, Results, parse_results


def test_an_entry_gives_id_version_title_authors_category_and_first_day() -> None:
    papers = [p for p in Catalogue().papers if p["id"].startswith("2106.09685")]
    results = parse_results(feed_xml(papers, 1, 'ti:"LoRA"'))
    (lora,) = results.entries
    assert (lora.arxiv_id, lora.version) == ("2106.09685", 2)
    assert lora.title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora.authors[0] == "Edward J. Hu"
    assert lora.primary_category == "cs.CL"
    assert lora.published == dt.date(2021, 6, 17)
    assert results.total == 1


def test_an_old_style_identifier_is_read() -> None:
    paper = {
        "id": "hep-th/9901001v1",
        "title": "Old",
        "authors": ["A B"],
        "published": "1999-01-01",
        "updated": "1999-01-01",
        "category": "hep-th",
        "summary": "x",
    }
    (entry,) = parse_results(feed_xml([paper], 1, "q")).entries
    assert (entry.arxiv_id, entry.version) == ("hep-th/9901001", 1)


def test_the_total_counts_papers_not_returned() -> None:
    papers = Catalogue().papers[:3]
    assert parse_results(feed_xml(papers, 40, "q")).total == 40


def test_an_error_the_api_reports_is_an_atom_error() -> None:
    with pytest.raises(AtomError, match="refused the query"):
        parse_results(error_xml("incorrect id format"))


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>Service Unavailable</body></html>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b"<rss><channel/></rss>",
    ],
    ids=["empty", "html", "cut", "rss"],
)
def test_what_is_not_the_apis_feed_raises_atom_error(body: bytes) -> None:
    with pytest.raises(AtomError):
        parse_results(body)


def test_an_external_entity_is_never_read() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>http://arxiv.org/abs/2101.00001v1</id>"
        b"<title>&x;</title></entry></feed>"
    )
    results = parse_results(body)
    # The reference stays a reference: the file is never opened.
    assert results.entries[0].title == "&x;"


@given(st.binary(max_size=2000))
def test_any_bytes_give_results_or_atom_error(body: bytes) -> None:
    results: Results | None
    try:
        results = parse_results(body)
    except AtomError:
        results = None
    assert results is None or results.total >= len(results.entries)


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2025-09-29T23:30:00-05:00", dt.date(2025, 9, 30)),
        ("2025-09-30T17:59:59Z", dt.date(2025, 9, 30)),
        ("0001-01-01T00:00:00+01:00", None),
        ("9999-12-31T23:59:59-01:00", None),
        ("yesterday", None),
    ],
)
def test_a_first_version_date_is_read_as_its_utc_day(published: str, day: dt.date | None) -> None:
    body = (
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
        "<id>http://arxiv.org/abs/2101.00001v1</id>"
        f"<published>{published}</published><title>T</title></entry></feed>"
    ).encode()
    assert parse_results(body).entries[0].published == day
