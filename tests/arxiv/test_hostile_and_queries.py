"""What the queries say to arXiv, and what a slow, refusing or cut-short answer does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx

from arxiv.arxiv_api import ArxivServer, Catalogue, FakeClock, Fault, error_xml, feed_xml
from arxiv.helpers import codes, run
from paperledge import Author, Episode, Show, arxiv


def episode(title: str | None, authors: list[str], day: str = "2025-10-02") -> Episode:
    return Episode(
        published=dt.date.fromisoformat(day),
        title=f"Machine Learning - {title}" if title else None,
        authors=tuple(Author.guess(a) for a in authors),
    )


class _Trickle(httpx.SyncByteStream):
    """A body sent a few bytes at a time, ten seconds apart on the fake clock."""

    def __init__(self, clock: FakeClock, body: bytes) -> None:
        self.clock = clock
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        for at in range(0, len(self.body), 64):
            self.clock.now += 10.0
            yield self.body[at : at + 64]


def test_a_body_trickling_in_past_the_timeout_is_given_up(server: ArxivServer) -> None:
    clock = FakeClock()
    body = feed_xml([], 0, "q") + b" " * 2000

    def slow(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Trickle(clock, body))

    with httpx.Client(transport=httpx.MockTransport(slow)) as client:
        linked = run(
            server,
            Show(episodes=(episode(None, ["Ann Lee", "Bo Chen"]),)),
            clock=clock,
            client=client,
            timeout=30.0,
            tries=2,
        )
    assert "fetch-failed" in codes(linked)
    failed = next(d for d in linked.diagnostics if d.code == "fetch-failed")
    assert "30 s" in failed.message
    # Each try read for at most the timeout (and one chunk more), not the whole body.
    assert clock.now - 1_000.0 < 2 * 50.0 + 10.0


def test_an_error_sent_with_http_400_says_arxivs_reason(server: ArxivServer) -> None:
    server.fail(Fault(status=400, body=error_xml("incorrect id format for 1234")))
    linked = run(server, Show(episodes=(episode("A Title", ["Ann Lee", "Bo Chen"]),)), batch=1)
    assert codes(linked)[0] == "arxiv-response"
    assert "incorrect id format for 1234" in linked.diagnostics[0].message


def test_a_title_of_punctuation_only_is_not_searched_by_title(server: ArxivServer) -> None:
    run(server, Show(episodes=(episode("... -- ...", ["Ann Lee", "Bo Chen"]),)))
    assert all("ti:" not in r["search_query"] for r in server.requests)


def test_quotes_parentheses_colons_and_operator_words_stay_inside_the_phrase(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    title = 'When "AND" OR (NOT): Logic ANDNOT Words in Titles'
    catalogue.add(
        id="2509.70001v1", title=title, authors=["Ann Lee", "Bo Chen"], published="2025-09-01"
    )
    linked = run(server, Show(episodes=(episode(title, ["Ann Lee", "Bo Chen"]),)))
    query = server.requests[0]["search_query"]
    assert query.count('"') == 2
    assert "(" not in query
    assert ")" not in query
    assert linked.episodes[0].paper is not None
    assert linked.episodes[0].paper.arxiv_id == "2509.70001"


def test_a_batch_of_very_long_titles_keeps_each_url_short(server: ArxivServer) -> None:
    words = " ".join(f"word{n}" for n in range(300))
    show = Show(
        episodes=tuple(episode(f"{words} {n}", [f"Ann Lee{n}", "Bo Chen"]) for n in range(5))
    )
    sent: list[int] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(len(str(request.url)))
        return httpx.Response(200, content=feed_xml([], 0, "q"))

    with httpx.Client(transport=httpx.MockTransport(record)) as client:
        run(server, show, client=client)
    assert sent
    assert max(sent) <= 4000


def test_an_author_search_cut_short_does_not_link_the_newest_of_equals(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    credit = ["Ann Lee", "Bo Chen"]
    catalogue.add(id="2509.80001v1", title="Newest", authors=credit, published="2025-09-20")
    for number in range(4):
        catalogue.add(
            id=f"2508.8000{number}v1",
            title=f"Middle {number}",
            authors=[*credit, "Cy Dunn", "Di Ent", "Ed Fox"],
            published="2025-08-10",
        )
    catalogue.add(id="2401.80001v1", title="Oldest", authors=credit, published="2024-01-10")
    linked = run(server, Show(episodes=(episode(None, credit),)), results_per_episode=1, batch=2)
    assert linked.episodes[0].paper is None
    assert codes(linked) == ["paper-unmatched"]
    assert "more papers matched than arXiv returned" in linked.diagnostics[0].message


def test_a_redirect_to_itself_is_a_diagnostic_not_a_loop(server: ArxivServer) -> None:
    server.fail(*[Fault(status=302, headers=(("Location", server.url),))] * 8)
    linked = run(server, Show(episodes=(episode(None, ["Ann Lee", "Bo Chen"]),)))
    assert codes(linked)[0] == "fetch-status"
    assert len(server.requests) == 1


def test_a_changed_query_is_never_answered_by_another_querys_cached_response(
    server: ArxivServer, tmp_path: Path
) -> None:
    run(server, cache=tmp_path)
    first = len(server.requests)
    run(server, cache=tmp_path)
    assert len(server.requests) == first
    run(server, cache=tmp_path, results_per_episode=7)
    changed = server.requests[first:]
    assert len(changed) == first
    assert all(r["max_results"] != "100" for r in changed)


def test_an_empty_page_though_papers_match_is_asked_again_and_never_cached(
    server: ArxivServer, tmp_path: Path
) -> None:
    glitch = Fault(body=feed_xml([], 40, "q"))
    item = episode(None, ["Zheng Zhang", "Ziwei Shan", "Kaitao Song", "Yexin Li", "Kan Ren"])
    server.fail(glitch)
    linked = run(server, Show(episodes=(item,)), cache=tmp_path, batch=1)
    assert len(server.requests) == 2
    assert linked.episodes[0].paper is not None
    assert linked.episodes[0].paper.arxiv_id == "2509.25941"

    server.requests.clear()
    server.fail(*[glitch] * 4)
    linked = run(server, Show(episodes=(item,)), cache=tmp_path / "other", tries=4, batch=1)
    assert codes(linked) == ["arxiv-response", "paper-unmatched"]
    assert "empty" in linked.diagnostics[0].message
    assert len(server.requests) == 4
    server.requests.clear()
    again = run(server, Show(episodes=(item,)), cache=tmp_path / "other", batch=1)
    assert len(server.requests) == 1
    assert again.episodes[0].paper is not None


def test_an_error_entry_with_http_400_is_read_from_a_body_the_transport_read_already(
    server: ArxivServer,
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, content=error_xml("malformed id: 2101.x"))

    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        linked = run(
            server, Show(episodes=(episode(None, ["Ann Lee", "Bo Chen"]),)), client=client
        )
    assert codes(linked)[0] == "arxiv-response"
    assert "malformed id: 2101.x" in linked.diagnostics[0].message


def test_the_default_address_is_https_as_arxiv_redirects_http_there() -> None:
    assert arxiv.API_URL.startswith("https://export.arxiv.org/")
    assert arxiv.ArxivSettings().api_url == arxiv.API_URL


def test_a_redirect_says_where_it_points(server: ArxivServer) -> None:
    elsewhere = "https://export.arxiv.org/api/query?search_query=x"
    server.fail(Fault(status=301, headers=(("Location", elsewhere),)))
    linked = run(server, Show(episodes=(episode(None, ["Ann Lee", "Bo Chen"]),)))
    assert codes(linked)[0] == "fetch-status"
    assert f"HTTP 301 to {elsewhere}" in linked.diagnostics[0].message


def test_a_title_and_names_in_other_scripts_and_accents_are_sent_as_utf8(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    title = "Zéro-Shot Reasoning in Ελληνικά and 中文"
    credit = ["Zalán Borsos", "Łukasz Kaiser"]
    catalogue.add(id="2509.70002v1", title=title, authors=credit, published="2025-09-01")
    linked = run(server, Show(episodes=(episode(title, credit),)))
    assert 'ti:"Zéro-Shot Reasoning in Ελληνικά and 中文"' in server.requests[0]["search_query"]
    assert linked.episodes[0].paper is not None
    assert linked.episodes[0].paper.arxiv_id == "2509.70002"
