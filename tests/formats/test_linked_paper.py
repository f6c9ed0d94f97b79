"""Every format that carries an episode's linked arXiv paper (issue #19): JSON and
JSON Lines (lossless), CSV (its own columns, read back), Markdown (a link), JSON-LD
(the episode ``about`` a ScholarlyArticle whose ``sameAs`` is its arXiv page) and
RSS (a link at the description's end, before the credit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import attrs
import pytest
from markdown_it import MarkdownIt

import paperledge
from paperledge import Author, Paper, Show

LORA = Paper(
    arxiv_id="2106.09685",
    version=2,
    title="LoRA: Low-Rank Adaptation of Large Language Models",
    authors=["Edward J. Hu", "Yelong Shen", Author(name="Microsoft Research", is_group=True)],
    primary_category="cs.CL",
    published=dt.date(2021, 6, 17),
    matched_by="both",
    score=0.93,
)


@pytest.fixture(scope="module")
def linked() -> Show:
    """The sample show with its first episode linked to LoRA (as the linker would)."""
    sample = paperledge.load_sample()
    first = attrs.evolve(sample.episodes[0], paper=LORA)
    return attrs.evolve(sample, episodes=(first, *sample.episodes[1:]))


@pytest.mark.parametrize("name", ["json", "jsonl", "csv"])
def test_the_paper_reads_back_from_the_lossless_and_tabular_formats(
    linked: Show, name: str
) -> None:
    read = paperledge.parse(paperledge.dumps(linked, name), format=name)
    assert read.episodes[0].paper == LORA
    assert all(episode.paper is None for episode in read.episodes[1:])
    assert read.episodes == linked.episodes


def test_csv_gives_the_paper_its_own_columns(linked: Show) -> None:
    rows = list(csv.DictReader(io.StringIO(paperledge.dumps(linked, "csv"))))
    first, second = rows[0], rows[1]
    assert first["arxiv_id"] == "2106.09685"
    assert first["arxiv_version"] == "2"
    assert first["arxiv_title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert first["arxiv_authors"] == "Edward J. Hu; Yelong Shen; Microsoft Research"
    assert first["arxiv_group_authors"] == "Microsoft Research"
    assert first["arxiv_primary_category"] == "cs.CL"
    assert first["arxiv_published"] == "2021-06-17"
    assert first["arxiv_abstract_url"] == "https://arxiv.org/abs/2106.09685v2"
    assert first["arxiv_pdf_url"] == "https://arxiv.org/pdf/2106.09685v2"
    assert first["arxiv_matched_by"] == "both"
    assert first["arxiv_score"] == "0.93"
    assert {key: value for key, value in second.items() if key.startswith("arxiv_")} == {
        key: "" for key in second if key.startswith("arxiv_")
    }


def test_csv_paper_cells_without_an_id_are_reported_not_dropped_silently(linked: Show) -> None:
    text = paperledge.dumps(linked, "csv").replace("2106.09685,2,", ",2,", 1)
    read = paperledge.parse(text, format="csv")
    assert read.episodes[0].paper is None
    assert read.episodes[0].description == linked.episodes[0].description
    problems = [d for d in read.diagnostics if d.code == "csv-structure"]
    assert len(problems) == 1
    assert "no arxiv_id" in problems[0].message
    assert problems[0].line == 2
    with pytest.raises(paperledge.ParseError, match="no arxiv_id"):
        paperledge.parse(text, format="csv", strict=True)


def test_csv_a_score_outside_0_to_1_is_reported(linked: Show) -> None:
    text = paperledge.dumps(linked, "csv").replace(",both,0.93", ",both,1.5", 1)
    read = paperledge.parse(text, format="csv")
    assert read.episodes[0].paper == attrs.evolve(LORA, score=1.0)  # the default, reported
    assert [d.message for d in read.diagnostics if d.code == "csv-structure"] == [
        "column 'arxiv_score': not a score from 0 to 1: '1.5'; the cell was left empty"
    ]


def test_markdown_links_the_paper_and_its_pdf(linked: Show) -> None:
    text = paperledge.dumps(linked, "markdown")
    html = MarkdownIt("commonmark").render(text)
    assert (
        '<a href="https://arxiv.org/abs/2106.09685v2">'
        "LoRA: Low-Rank Adaptation of Large Language Models</a>"
    ) in html
    assert '<a href="https://arxiv.org/pdf/2106.09685v2">PDF</a>' in html
    assert "arXiv:2106.09685v2; cs.CL; 2021-06-17" in html
    assert "linked by title and authors, score 0.93" in html
    assert html.count("arxiv.org/abs/") == 1


def test_jsonld_says_the_episode_is_about_the_arxiv_article(linked: Show) -> None:
    document = json.loads(paperledge.dumps(linked, "jsonld"))
    first, second = document["hasPart"][0], document["hasPart"][1]
    about = first["about"]
    assert about["@type"] == "ScholarlyArticle"
    assert about["sameAs"] == "https://arxiv.org/abs/2106.09685"
    assert about["@id"] == first["isBasedOn"]["@id"] == "https://arxiv.org/abs/2106.09685"
    assert about["identifier"] == "arXiv:2106.09685v2"
    assert about["name"] == LORA.title
    assert about["datePublished"] == "2021-06-17"
    assert about["author"][2] == {"@type": "Organization", "name": "Microsoft Research"}
    assert about["about"]["termCode"] == "cs.CL"
    assert about["encoding"]["contentUrl"] == "https://arxiv.org/pdf/2106.09685v2"
    assert "about" not in second
    assert "@id" not in second["isBasedOn"]


def test_rss_links_the_paper_before_the_credit(linked: Show) -> None:
    feed = paperledge.dumps(linked, "rss")
    read = paperledge.parse(feed.encode(), format="rss")
    first = read.episodes[0]
    assert first.description.splitlines()[-1] == (
        "Paper: LoRA: Low-Rank Adaptation of Large Language Models (arXiv:2106.09685v2)"
    )
    # The credit stays the last paragraph: the authors read back unchanged.
    assert first.authors == linked.episodes[0].authors
    unlinked = paperledge.parse(paperledge.dumps(paperledge.load_sample(), "rss").encode())
    assert read.episodes[1:] == unlinked.episodes[1:]
    assert first.description.splitlines()[:-1] == unlinked.episodes[0].description.splitlines()
    assert '&lt;a href="https://arxiv.org/abs/2106.09685v2"&gt;' in feed
