"""Cases where a looser linker would link the wrong paper: each must stay unlinked or be named.

A wrong link is worse than none: titles that differ by a number, a word or a
suffix are different papers; two people who share a surname and an initial
are not one person; one shared name, or a paper's being the most recent, is
not enough to pick a paper.
"""

from __future__ import annotations

import datetime as dt

import pytest

from arxiv.arxiv_api import ArxivServer, Catalogue, Fault
from arxiv.helpers import codes, run
from paperledge import Author, Episode, Show
from paperledge.arxiv._atom import Entry
from paperledge.arxiv._match import SAME_TITLE, Evidence, overlap, score, title_similarity

CREDIT = ("Ann Lee", "Bo Chen", "Cy Dunn")


def entry(
    title: str, authors: tuple[str, ...] = CREDIT, published: str | None = "2025-09-01"
) -> Entry:
    return Entry(
        arxiv_id="2509.00001",
        version=1,
        title=title,
        authors=authors,
        published=dt.date.fromisoformat(published) if published else None,
        primary_category="cs.LG",
    )


def episode(title: str | None, authors: list[str], day: str = "2025-10-02") -> Episode:
    return Episode(
        published=dt.date.fromisoformat(day),
        title=f"Machine Learning - {title}" if title else None,
        authors=tuple(Author.guess(a) for a in authors),
    )


@pytest.mark.parametrize(
    ("shown", "on_arxiv"),
    [
        ("Attention Is All You Need", "Attention Is Not All You Need"),
        ("Qwen2 Technical Report", "Qwen3 Technical Report"),
        ("GLM-4.5 Technical Report", "GLM-4.5V Technical Report"),
        ("Scaling Laws for Neural Language Models", "Scaling Laws for Neural Language Model"),
        ("Llama 2 Open Foundation Models", "Llama 3 Open Foundation Models"),
        ("α-Fair Learning", "β-Fair Learning"),
        ("The Llama 3.1 Herd of Models", "The Llama 31 Herd of Models"),
        ("GLM-4.5 Technical Report", "GLM-45 Technical Report"),
    ],
)
def test_titles_that_differ_by_a_number_a_word_or_a_suffix_are_not_the_same(
    shown: str, on_arxiv: str
) -> None:
    assert title_similarity(shown, on_arxiv) < SAME_TITLE
    assert score(Evidence(title=shown, authors=CREDIT, day=None), entry(on_arxiv)) is None


@pytest.mark.parametrize(
    ("shown", "on_arxiv"),
    [
        ("Alpha-Fair Learning", r"$\alpha$-Fair Learning"),
        ("α-Fair Learning", r"$\alpha$-Fair Learning"),
        ("O n Attention", r"$\mathcal{O}(n)$ Attention"),
        ("Deep  Learning\nfor Cats", "Deep Learning for Cats"),
        ("Zero-Shot Café", "Zero Shot Cafe"),
    ],
)
def test_latex_greek_letters_line_breaks_and_accents_do_not_hide_a_title(
    shown: str, on_arxiv: str
) -> None:
    assert title_similarity(shown, on_arxiv) == 1.0


def test_titles_in_other_scripts_are_compared_not_dropped() -> None:
    assert title_similarity("深度学习 Survey", "强化学习 Survey") < SAME_TITLE


def test_two_people_sharing_a_surname_and_an_initial_are_not_one_name() -> None:
    assert overlap(["Xiao Bi"], ["Xin Bi"]) == (0.0, 0)
    assert overlap(["Wei Zhang", "Lei Wang"], ["Wen Zhang", "Lin Wang"])[1] == 0
    # Initials and a middle initial still agree with the full name.
    assert overlap(["Edward J. Hu"], ["E. J. Hu"])[1] == 1
    assert overlap(["Edward J. Hu"], ["Edward Hu"])[1] == 1
    assert overlap(["Jong Wook Kim"], ["Jong-Wook Kim"])[1] == 1


def test_an_untitled_episode_is_never_linked_on_one_shared_name(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    catalogue.add(id="2509.33333v1", title="Solo", authors=["Wei Zhang"], published="2025-09-20")
    linked = run(server, Show(episodes=(episode(None, ["Wei Zhang"]),)))
    assert linked.episodes[0].paper is None
    assert codes(linked) == ["paper-unmatched"]
    assert "2509.33333" in linked.diagnostics[0].message
    assert "one credited name" in linked.diagnostics[0].message


def test_the_most_recent_paper_of_an_author_is_not_picked_for_being_recent(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    both = ["Ann Lee", "Bo Chen", "Cy Dunn"]
    catalogue.add(id="2509.44444v1", title="Newer", authors=both, published="2025-09-25")
    catalogue.add(id="2306.44444v1", title="Older", authors=both, published="2023-06-01")
    linked = run(server, Show(episodes=(episode(None, both),)))
    assert linked.episodes[0].paper is None
    assert codes(linked) == ["paper-ambiguous"]
    message = linked.diagnostics[0].message
    assert "2509.44444" in message
    assert "2306.44444" in message


def test_a_paper_without_a_first_version_date_is_no_candidate() -> None:
    evidence = Evidence(title=None, authors=CREDIT, day=dt.date(2025, 10, 2))
    assert score(evidence, entry("Undated", published=None)) is None
    titled = Evidence(title="Undated", authors=CREDIT, day=dt.date(2025, 10, 2))
    assert score(titled, entry("Undated", published=None)) is None


def test_a_title_confirmed_by_the_first_authors_of_a_long_list_links() -> None:
    listed = (*CREDIT, *(f"Person{n} Surname{n}" for n in range(168)))
    evidence = Evidence(title="Gemma 3 Technical Report", authors=CREDIT, day=None)
    found = score(evidence, entry("Gemma 3 Technical Report", listed))
    assert found is not None
    assert found.route == "both"
    assert found.score >= 0.8


def test_a_title_alone_is_not_linked_when_the_search_was_cut_short(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    for number in range(60):
        catalogue.add(
            id=f"2509.{50000 + number}v1",
            title=f"Attention Is All You Need in Case {number}",
            authors=[f"Some One{number}"],
            published="2025-09-10",
        )
    catalogue.add(
        id="2509.59999v1",
        title="Attention Is All You Need",
        authors=["Other Person"],
        published="2025-09-20",
    )
    catalogue.add(
        id="1706.03762v7",
        title="Attention Is All You Need",
        authors=["Ashish Vaswani", "Noam Shazeer"],
        published="2017-06-12",
    )
    item = episode("Attention Is All You Need", [])
    linked = run(server, Show(episodes=(item,)), results_per_episode=2, batch=2)
    assert linked.episodes[0].paper is None
    assert codes(linked) in (["paper-unmatched"], ["paper-ambiguous"])


def test_titles_with_different_parenthesised_parts_are_not_the_same() -> None:
    assert title_similarity("Tiny Model (7B)", "Tiny Model (70B)") < SAME_TITLE
    assert SAME_TITLE <= title_similarity("Coding Models", "Coding (ARC) Models") < 1.0


def test_an_episode_whose_own_query_failed_is_not_linked_from_other_episodes_papers(
    catalogue: Catalogue, server: ArxivServer
) -> None:
    pair = ["Ann Lee", "Bo Chen"]
    catalogue.add(id="2509.91001v1", title="Its Own", authors=pair, published="2025-09-28")
    catalogue.add(id="2505.91002v1", title="Older", authors=pair, published="2025-05-01")
    catalogue.add(
        id="2505.91003v1",
        title="The Other's",
        authors=[*pair, "Cy Dunn"],
        published="2025-05-20",
    )
    failing = episode(None, pair, "2025-10-02")
    other = episode(None, [*pair, "Cy Dunn"], "2025-06-01")
    server.fail(Fault(status=404, body=b"gone"))
    linked = run(server, Show(episodes=(failing, other)), batch=1)
    assert linked.episodes[1].paper is not None
    assert linked.episodes[1].paper.arxiv_id == "2505.91003"
    assert linked.episodes[0].paper is None
    said = [d for d in linked.diagnostics if d.code == "paper-unmatched"]
    assert len(said) == 1
    assert "failed" in said[0].message
