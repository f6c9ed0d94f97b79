"""The cases that tempt a linker to guess: it links only when one paper is clearly the one."""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from arxiv.arxiv_api import ArxivServer, Catalogue
from arxiv.helpers import codes, run
from paperledge import Author, Episode, Show


def episode(
    title: str | None,
    authors: list[str],
    day: str = "2025-10-02",
    category: str = "Machine Learning",
) -> Episode:
    return Episode(
        published=dt.date.fromisoformat(day),
        title=f"{category} - {title}" if title else None,
        authors=tuple(Author.guess(a) for a in authors),
    )


def one(server: ArxivServer, item: Episode, **settings: object) -> tuple[Episode, Show]:
    linked = run(server, Show(episodes=(item,)), **settings)
    return linked.episodes[0], linked


def test_a_title_without_its_punctuation_links_to_arxivs_title(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    catalogue.add(
        id="2508.06471v2",
        title="GLM-4.5: Agentic, Reasoning, and Coding (ARC) Foundation Models",
        authors=["GLM-4.5 Team", "Aohan Zeng", "Xin Lv"],
        published="2025-08-08",
    )
    item = episode(
        "GLM-4. 5 Agentic, Reasoning, and Coding ARC Foundation Models",
        ["GLM-4.5 Team", "Aohan Zeng", "Xin Lv"],
        "2025-08-20",
    )
    linked, _ = one(server, item)
    assert linked.paper is not None
    assert linked.paper.versioned_id == "2508.06471v2"
    assert linked.paper.matched_by == "both"


def test_of_two_papers_with_one_title_the_credited_authors_pick_theirs(
    server: ArxivServer,
) -> None:
    sample = paperledge.load_sample()
    fingerprints = next(
        e for e in sample.episodes if e.paper_title and "Fingerprints" in e.paper_title
    )
    linked, _ = one(server, fingerprints)
    assert linked.paper is not None
    assert linked.paper.arxiv_id == "2509.26598"


def test_two_papers_with_one_title_and_no_credit_are_ambiguous(server: ArxivServer) -> None:
    item = episode(
        "Are Robust LLM Fingerprints Adversarially Robust?",
        [],
        category="Cryptography and Security",
    )
    linked, show = one(server, item)
    assert linked.paper is None
    assert codes(show) == ["paper-ambiguous"]
    message = show.diagnostics[0].message
    assert "2509.26598" in message
    assert "2509.20001" in message


def test_one_author_with_many_papers_is_not_linked_to_the_most_recent_one(
    server: ArxivServer,
) -> None:
    item = episode(None, ["Allen G Hart"])
    linked, show = one(server, item)
    assert linked.paper is None
    assert codes(show) == ["paper-unmatched"]
    assert "one credited name" in show.diagnostics[0].message


def test_two_recent_papers_by_one_credit_are_too_close_to_call(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    credit = ["Allen G Hart", "James L Hook"]
    for number, day in ((1, "2025-09-15"), (2, "2025-09-28")):
        catalogue.add(
            id=f"2509.1111{number}v1",
            title=f"Another Reservoir {number}",
            authors=credit,
            published=day,
        )
    linked, show = one(server, episode(None, credit))
    assert linked.paper is None
    assert codes(show) == ["paper-ambiguous"]


def test_an_old_paper_retold_years_later_links(server: ArxivServer) -> None:
    lora = next(
        e
        for e in paperledge.load_sample().episodes
        if e.paper_title and e.paper_title.startswith("LoRA")
    )
    linked, _ = one(server, lora)
    assert linked.paper is not None
    assert linked.paper.versioned_id == "2106.09685v2"
    assert linked.published is not None
    assert linked.paper.published is not None
    assert (linked.published - linked.paper.published).days > 1000


def test_a_group_author_is_searched_as_a_name(server: ArxivServer) -> None:
    deepseek = paperledge.load_sample().episodes[-1]
    linked, _ = one(server, deepseek)
    assert linked.paper is not None
    assert linked.paper.arxiv_id == "2401.02954"
    assert 'au:"DeepSeek-AI"' in server.requests[-1]["search_query"]
    assert linked.paper.authors[0].is_group


def test_a_171_author_credit_links(catalogue: Catalogue, server: ArxivServer) -> None:
    first = [
        "Ana",
        "Bo",
        "Chen",
        "Dara",
        "Eli",
        "Femi",
        "Gita",
        "Hugo",
        "Ines",
        "Jun",
        "Kofi",
        "Lena",
        "Mei",
        "Nia",
    ]
    last = [
        "Abe",
        "Brandt",
        "Costa",
        "Dutta",
        "Eze",
        "Fujita",
        "Garcia",
        "Haddad",
        "Ivanov",
        "Jensen",
        "Kim",
        "Lopez",
        "Moreau",
    ]
    names = ["Gemma Team", *[f"{f} {s}" for f in first for s in last][:170]]
    assert len(names) == 171
    catalogue.add(
        id="2503.19786v1", title="Gemma 3 Technical Report", authors=names, published="2025-03-25"
    )
    linked, _ = one(server, episode(None, names, "2025-04-01"))
    assert linked.paper is not None
    assert linked.paper.arxiv_id == "2503.19786"
    assert len(linked.paper.authors) == 171


def test_the_version_suffix_becomes_the_version(server: ArxivServer) -> None:
    memgpt = next(
        e
        for e in paperledge.load_sample().episodes
        if e.paper_title and e.paper_title.startswith("MemGPT")
    )
    linked, _ = one(server, memgpt)
    assert linked.paper is not None
    assert (linked.paper.arxiv_id, linked.paper.version) == ("2310.08560", 2)


def test_an_empty_result_leaves_the_episode_unmatched(server: ArxivServer) -> None:
    linked, show = one(server, episode("A Paper Nobody Wrote", ["Nobody Atall"]))
    assert linked.paper is None
    assert codes(show) == ["paper-unmatched"]
    assert "no paper on arXiv matches" in show.diagnostics[0].message


def test_a_weak_candidate_is_named_but_not_linked(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    catalogue.add(
        id="2509.22222v1",
        title="Something",
        authors=["Ann Lee", "Bo Chen", "Zed Zero", "Yan Yu", "Xi Xu", "Wu Wei"],
        published="2025-09-01",
    )
    linked, show = one(server, episode(None, ["Ann Lee", "Bo Chen", "Cy Dunn", "Di Ent"]))
    assert linked.paper is None
    assert codes(show) == ["paper-unmatched"]
    assert "2509.22222" in show.diagnostics[0].message


def test_an_episode_with_nothing_to_search_by_sends_nothing(server: ArxivServer) -> None:
    linked, show = one(server, Episode(published=dt.date(2025, 1, 1)))
    assert linked.paper is None
    assert server.requests == []
    assert "nothing to search by" in show.diagnostics[0].message


def test_an_episode_already_linked_is_kept_and_not_asked_about(server: ArxivServer) -> None:
    paper = paperledge.Paper(arxiv_id="2101.00001", title="Kept", matched_by="title", score=0.9)
    item = episode(None, ["Allen G Hart"])
    linked, _ = one(server, paperledge.Episode(**{**_fields(item), "paper": paper}))
    assert linked.paper == paper
    assert server.requests == []


def _fields(item: Episode) -> dict[str, object]:
    return {"published": item.published, "title": item.title, "authors": item.authors}


@pytest.mark.parametrize("threshold", [0.99, 1.0])
def test_a_threshold_above_the_score_leaves_the_episode_unlinked(
    server: ArxivServer, threshold: float
) -> None:
    linked, show = one(server, episode(None, ["Allen G Hart"]), threshold=threshold)
    assert linked.paper is None
    assert codes(show) == ["paper-unmatched"]


def test_a_title_with_no_credit_links_by_title_alone(server: ArxivServer) -> None:
    linked, show = one(
        server, episode("QLoRA Efficient Finetuning of Quantized LLMs", [], "2025-03-16")
    )
    assert linked.paper is not None
    assert (linked.paper.arxiv_id, linked.paper.matched_by, linked.paper.score) == (
        "2305.14314",
        "title",
        0.85,
    )
    assert codes(show) == []


def test_newer_papers_by_the_same_authors_do_not_crowd_out_the_older_one(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    for number in range(30):
        catalogue.add(
            id=f"2506.{10000 + number}v1",
            title=f"Speech Follow-up {number}",
            authors=["Alec Radford", "Jong Wook Kim", "Someone Else"],
            published="2025-06-01",
        )
    whisper = next(
        e for e in paperledge.load_sample().episodes if e.authors[0].name == "Alec Radford"
    )
    linked, _ = one(server, whisper, results_per_episode=2)
    assert linked.paper is not None
    assert linked.paper.arxiv_id == "2212.04356"
    assert "submittedDate:[199101010000 TO 202503172359]" in server.requests[0]["search_query"]
