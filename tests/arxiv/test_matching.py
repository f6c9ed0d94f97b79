"""How titles and names are compared, and what a candidate scores."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from paperledge.arxiv._atom import Entry
from paperledge.arxiv._match import Evidence, name_key, overlap, score, title_key, title_similarity


def entry(title: str, authors: tuple[str, ...], published: str = "2025-09-30") -> Entry:
    return Entry(
        arxiv_id="2509.00001",
        version=1,
        title=title,
        authors=authors,
        published=dt.date.fromisoformat(published),
        primary_category="cs.LG",
    )


def test_the_shows_dropped_punctuation_makes_no_difference() -> None:
    pairs = [
        (
            "LoRA Low-Rank Adaptation of Large Language Models",
            "LoRA: Low-Rank Adaptation of Large Language Models",
        ),
        (
            "GLM-4. 5 Agentic, Reasoning, and Coding Models",
            "GLM-4.5: Agentic, Reasoning, and Coding (ARC) Models",
        ),
        ("Let’s Verify Step by Step", "Let's Verify Step by Step"),
        ("Vision-Language-Action Models", "Vision Language Action Models"),
        ("“Quoted” Words", '"Quoted" words'),
    ]
    for shown, on_arxiv in pairs[:1] + pairs[2:]:
        assert title_similarity(shown, on_arxiv) == 1.0, (shown, on_arxiv)
    assert title_key("GLM-4. 5") == title_key("GLM-4.5")
    assert title_similarity(*pairs[1]) > 0.9


@given(st.text())
def test_title_key_is_idempotent(text: str) -> None:
    assert title_key(title_key(text)) == title_key(text)


@given(st.text(), st.text())
def test_title_similarity_is_between_zero_and_one(a: str, b: str) -> None:
    assert 0.0 <= title_similarity(a, b) <= 1.0


def test_names_compare_by_surname_and_initial_and_groups_whole() -> None:
    assert name_key("Edward J. Hu") == name_key("Edward Hu") == name_key("edward hu")
    assert name_key("Zalán Borsos") == name_key("Zalan Borsos")
    assert name_key("DeepSeek-AI", group=True) == "deepseekai"
    assert overlap(["DeepSeek-AI", "Xiao Bi"], ["DeepSeek-AI", "Xiao Bi"]) == (1.0, 2)


def test_overlap_is_weak_when_one_name_of_many_is_shared() -> None:
    dice, shared = overlap(["Allen G Hart"], ["Allen G Hart", "A B", "C D", "E F"])
    assert shared == 1
    assert dice == 0.4


def test_a_paper_first_out_after_the_episode_is_never_a_candidate() -> None:
    evidence = Evidence(title=None, authors=("Allen G Hart",), day=dt.date(2025, 10, 2))
    assert score(evidence, entry("Later", ("Allen G Hart",), "2025-10-06")) is None
    assert score(evidence, entry("Same day", ("Allen G Hart",), "2025-10-02")) is not None


def test_a_title_contradicted_by_the_credit_is_no_candidate() -> None:
    evidence = Evidence(title="A Title", authors=("Ann Lee", "Bo Chen"), day=None)
    assert score(evidence, entry("A Title", ("Carl Diaz", "Dee Evans"))) is None
    both = score(evidence, entry("A Title", ("Ann Lee", "Bo Chen")))
    assert both is not None
    assert (both.route, both.score) == ("both", 1.0)


def test_a_title_alone_scores_below_a_confirmed_one() -> None:
    alone = score(Evidence(title="A Title", authors=(), day=None), entry("A Title", ("X Y",)))
    assert alone is not None
    assert alone.route == "title"
    assert alone.score == 0.85


def test_an_old_paper_by_the_whole_credit_scores_as_high_as_a_new_one() -> None:
    evidence = Evidence(
        title=None, authors=("Ann Lee", "Bo Chen", "Cy Dunn"), day=dt.date(2025, 3, 16)
    )
    old = score(evidence, entry("Old", ("Ann Lee", "Bo Chen", "Cy Dunn"), "2021-06-17"))
    assert old is not None
    assert old.route == "authors"
    assert old.score == 1.0
