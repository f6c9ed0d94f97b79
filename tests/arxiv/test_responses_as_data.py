"""Each response in data/responses/, written as arXiv's API writes them, read as its .json says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperledge.arxiv._atom import AtomError, parse_results

RESPONSES = sorted((Path(__file__).parent / "data" / "responses").glob("*.xml"))


def as_data(path: Path) -> dict[str, object]:
    try:
        results = parse_results(path.read_bytes())
    except AtomError as error:
        return {"error": str(error)}
    return {
        "total": results.total,
        "entries": [
            {
                "arxiv_id": e.arxiv_id,
                "version": e.version,
                "title": e.title,
                "authors": list(e.authors),
                "published": e.published.isoformat() if e.published else None,
                "primary_category": e.primary_category,
            }
            for e in results.entries
        ],
    }


def test_the_responses_are_found() -> None:
    assert len(RESPONSES) >= 4


@pytest.mark.parametrize("response", RESPONSES, ids=lambda p: p.stem)
def test_a_response_reads_as_its_expectation_says(response: Path) -> None:
    expected = json.loads(response.with_suffix(".json").read_text("utf-8"))
    assert as_data(response) == expected
