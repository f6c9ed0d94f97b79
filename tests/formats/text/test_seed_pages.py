"""parse_text on the real sample pages, checked against values read off the files by hand.

Line numbers below were read off the seed files (``grep -n``, ``sed -n``); each
expected description is the file's own lines in that range, with the credit
cut off the last one, so the oracle is the file itself, not the parser.
"""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from paperledge import Author

from support import SEED_NAMES, seed_bytes, seed_text

OCT_02 = dt.date(2025, 10, 2)
MAR_16 = dt.date(2025, 3, 16)
APR_10 = dt.date(2025, 4, 10)
APR_07 = dt.date(2025, 4, 7)

# Page 000: (first text line, last text line, title or None, authors), lines 1-based.
PAGE_000 = [
    (11, 25, None, ["Allen G Hart"]),
    (31, 55, None, ["Zheng Zhang", "Ziwei Shan", "Kaitao Song", "Yexin Li", "Kan Ren"]),
    (
        63,
        82,
        "Computer Vision - HART Human Aligned Reconstruction Transformer",
        [
            "Xiyi Chen",
            "Shaofei Wang",
            "Marko Mihajlovic",
            "Taewon Kang",
            "Sergey Prokudin",
            "Ming Lin",
        ],
    ),
    (
        88,
        117,
        None,
        [
            "Matheus Vinicius da Silva de Oliveira",
            "Jonathan de Andrade Silva",
            "Awdren de Lima Fontao",
        ],
    ),
    (123, 138, None, ["Oussama Landoulsi", "Sohrab Shahshahani"]),
    (
        146,
        164,
        "Cryptography and Security - Are Robust LLM Fingerprints Adversarially Robust?",
        ["Anshul Nasery", "Edoardo Contente", "Alkin Kaz", "Pramod Viswanath", "Sewoong Oh"],
    ),
    (
        170,
        190,
        None,
        [
            "Junlin Han",
            "Shengbang Tong",
            "David Fan",
            "Yufan Ren",
            "Koustuv Sinha",
            "Philip Torr",
            "Filippos Kokkinos",
        ],
    ),
    (
        196,
        217,
        None,
        [
            "Runze Liu",
            "Jiakang Wang",
            "Yuling Shi",
            "Zhihui Xie",
            "Chenxin An",
            "Kaiyan Zhang",
            "Jian Zhao",
            "Xiaodong Gu",
            "Lei Lin",
            "Wenping Hu",
            "Xiu Li",
            "Fuzheng Zhang",
            "Guorui Zhou",
            "Kun Gai",
        ],
    ),
]

DESCRIPTION_000 = (
    "PaperLedge where research meets storytelling is a revolutionary podcast where "
    "cutting-edge research meets AI-powered storytelling. Hosted by the Ernis, whose blend"
)


def _expected_description(lines: list[str], first: int, last: int) -> str:
    chunk = lines[first - 1 : last]
    chunk[-1] = chunk[-1][: chunk[-1].index("Credit to Paper authors:")]
    return "\n".join(chunk)


def test_page_000_every_field_of_every_episode(page_000: paperledge.Show) -> None:
    lines = seed_text(SEED_NAMES[0]).split("\n")
    assert page_000.title == "PaperLedge"
    assert page_000.description is not None
    assert page_000.description.startswith(DESCRIPTION_000)
    assert page_000.description.endswith("PaperLedge has something for you.")
    assert page_000.host == "Ernis"
    assert page_000.url is None
    assert page_000.feed_url is None
    assert len(page_000.episodes) == 8
    for episode, (first, last, title, authors) in zip(page_000.episodes, PAGE_000, strict=True):
        assert episode.published == OCT_02
        assert episode.title == title
        assert episode.description == _expected_description(lines, first, last)
        assert [a.name for a in episode.authors] == authors
        assert not any(a.is_group for a in episode.authors)
        for field in ("url", "guid", "audio_url", "duration", "image_url", "published_at"):
            assert getattr(episode, field) is None


def test_page_000_titles_split_into_category_and_paper(page_000: paperledge.Show) -> None:
    third, sixth = page_000.episodes[2], page_000.episodes[5]
    assert (third.category, third.paper_title) == (
        "Computer Vision",
        "HART Human Aligned Reconstruction Transformer",
    )
    assert (sixth.category, sixth.paper_title) == (
        "Cryptography and Security",
        "Are Robust LLM Fingerprints Adversarially Robust?",
    )
    untitled = page_000.episodes[0]
    assert (untitled.title, untitled.category, untitled.paper_title) == (None, None, None)


def test_page_000_keeps_indentation_and_whitespace_only_lines(page_000: paperledge.Show) -> None:
    second = page_000.episodes[1].description.split("\n")
    # Line 32 of the file: one leading space (a paragraph); line 35: two (a list item).
    assert second[1].startswith(" Now, you might have heard of Process Reward Models")
    assert second[4].startswith("  The LLM doesn't understand how each step affects the next.")
    fourth = page_000.episodes[3].description.split("\n")
    # Lines 93 and 98 of the file are two spaces and nothing else.
    assert fourth[93 - 88] == "  "
    assert fourth[98 - 88] == "  "
    assert fourth[100 - 88] == " "


def test_page_000_pulled_quote_is_a_whole_line(page_000: paperledge.Show) -> None:
    description = page_000.episodes[1].description.split("\n")
    assert description[45 - 31] == (
        '  "CRM consistently outperforms existing reward models, offering a principled '
        'framework for enhancing LLM reasoning."'
    )


def test_page_002_titles_dates_and_author_counts(page_002: paperledge.Show) -> None:
    assert [e.published for e in page_002.episodes] == [MAR_16] * 8
    assert [e.title for e in page_002.episodes] == [
        "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models",
        "Machine Learning - QLoRA Efficient Finetuning of Quantized LLMs",
        None,
        None,
        None,
        None,
        "Artificial Intelligence - MemGPT Towards LLMs as Operating Systems",
        "Machine Learning - Let’s Verify Step by Step",
    ]
    assert [len(e.authors) for e in page_002.episodes] == [8, 4, 14, 30, 6, 13, 7, 10]
    last = page_002.episodes[-1]
    assert last.paper_title == "Let’s Verify Step by Step"
    assert last.authors[-1] == Author(name="Karl Cobbe")
    # Accents survive.
    names = {a.name for e in page_002.episodes for a in e.authors}
    assert {"Zalán Borsos", "Carlos Muñoz Ferrandis", "Félix de Chaumont Quitry"} <= names


def test_page_003_two_dates_and_the_deepseek_collaboration(page_003: paperledge.Show) -> None:
    assert [e.published for e in page_003.episodes] == [APR_10] * 4 + [APR_07] * 4
    assert [e.title for e in page_003.episodes] == [
        None,
        "Artificial Intelligence - TxGemma Efficient and Agentic LLMs for Therapeutics",
        None,
        None,
        None,
        None,
        "Machine Learning - Process Reinforcement through Implicit Rewards",
        None,
    ]
    # The credit has 88 comma-separated tokens; one is the lone ':' after the group.
    assert [len(e.authors) for e in page_003.episodes] == [3, 9, 6, 11, 6, 13, 23, 87]
    deepseek = page_003.episodes[-1].authors
    assert deepseek[0] == Author(name="DeepSeek-AI", is_group=True)
    assert deepseek[1] == Author(name="Xiao Bi", is_group=False)
    assert ":" not in {a.name for a in deepseek}
    assert sum(a.is_group for a in deepseek) == 1
    assert deepseek[-1].name == "Yuheng Zou"


def test_every_seed_passes_strict_with_no_diagnostics(seed_name: str) -> None:
    show = paperledge.parse_text(seed_bytes(seed_name), strict=True)
    assert len(show.episodes) == 8
    assert paperledge.parse_text(seed_bytes(seed_name)).diagnostics == ()


def test_credit_is_not_left_in_any_description(seed_name: str) -> None:
    show = paperledge.parse_text(seed_bytes(seed_name))
    for episode in show.episodes:
        assert "Credit to Paper authors" not in episode.description
        # The last sentence the credit was glued to is kept.
        assert episode.description.rstrip()[-1] in "!?.\"'"


def test_str_and_bytes_give_the_same_show(seed_name: str) -> None:
    assert paperledge.parse_text(seed_text(seed_name)) == paperledge.parse_text(
        seed_bytes(seed_name)
    )


@pytest.mark.parametrize("name", SEED_NAMES)
def test_shipped_samples_are_the_seeds(name: str) -> None:
    shipped = {path.name: path.read_bytes() for path in paperledge.sample_paths()}
    assert shipped[name] == seed_bytes(name)


def test_load_sample_reads_all_three_pages() -> None:
    show = paperledge.load_sample(strict=True)
    assert len(show.episodes) == 24
    assert show.title == "PaperLedge"
    assert show.diagnostics == ()
