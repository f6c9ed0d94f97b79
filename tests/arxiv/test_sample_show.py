"""The sample show linked against the local API: every episode to its paper, as data says."""

from __future__ import annotations

import json
from pathlib import Path

import paperledge
from arxiv.arxiv_api import ArxivServer, FakeClock
from arxiv.helpers import SAMPLE_UNLINKED, run, unlinked

EXPECTED = json.loads((Path(__file__).parent / "data" / "sample_expected.json").read_text("utf-8"))


def test_every_sample_episode_links_to_the_paper_it_retells(server: ArxivServer) -> None:
    linked = run(server)
    found = [
        {
            "published": e.published.isoformat() if e.published else None,
            "credited_first": e.authors[0].name,
            "paper_title": e.paper_title,
            "arxiv_id": e.paper.arxiv_id if e.paper else None,
            "version": e.paper.version if e.paper else None,
            "matched_by": e.paper.matched_by if e.paper else None,
        }
        for e in linked.episodes
    ]
    assert found == EXPECTED["episodes"]
    said = [d for d in linked.diagnostics if d.code.startswith(("paper-", "arxiv-"))]
    assert [d.code for d in said] == ["paper-unmatched"]
    assert "Allen G Hart" in said[0].message


def test_untitled_episodes_link_by_authors_and_titled_ones_by_both(server: ArxivServer) -> None:
    linked = run(server)
    assert unlinked(linked) == SAMPLE_UNLINKED
    for episode in linked.episodes:
        if episode.paper is None:
            continue
        assert episode.paper.matched_by == ("both" if episode.paper_title else "authors")


def test_a_linked_paper_carries_arxivs_title_authors_category_and_first_day(
    server: ArxivServer,
) -> None:
    lora = next(e for e in run(server).episodes if e.paper_title and "LoRA Low" in e.paper_title)
    paper = lora.paper
    assert paper is not None
    assert paper.title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert paper.versioned_id == "2106.09685v2"
    assert paper.primary_category == "cs.CL"
    assert str(paper.published) == "2021-06-17"
    assert paper.abstract_url == "https://arxiv.org/abs/2106.09685v2"
    assert paper.pdf_url == "https://arxiv.org/pdf/2106.09685v2"
    assert [a.name for a in paper.authors][:2] == ["Edward J. Hu", "Yelong Shen"]
    assert paper.score == 1.0


def test_batching_asks_about_several_episodes_in_one_query(server: ArxivServer) -> None:
    run(server, batch=5)
    batched = len(server.requests)
    server.requests.clear()
    run(server, batch=1)
    assert batched == 6
    assert len(server.requests) == 24
    assert all(" OR " not in r["search_query"] for r in server.requests)


def test_every_request_keeps_three_seconds_from_the_last_on_the_fake_clock(
    server: ArxivServer,
) -> None:
    clock = FakeClock()
    run(server, clock=clock)
    assert clock.sleeps == [3.0] * (len(server.requests) - 1)


def test_linked_show_round_trips_through_json(server: ArxivServer) -> None:
    linked = run(server)
    again = paperledge.parse(paperledge.dumps(linked, "json"), format="json")
    assert [e.paper for e in again.episodes] == [e.paper for e in linked.episodes]


def test_a_batched_query_cut_short_is_asked_again_episode_by_episode(server: ArxivServer) -> None:
    linked = run(server, results_per_episode=1)
    assert unlinked(linked) == SAMPLE_UNLINKED
    alone = [r for r in server.requests if " OR " not in r["search_query"]]
    assert alone
    assert all(r["max_results"] == "5" for r in alone)  # the batch's whole share
