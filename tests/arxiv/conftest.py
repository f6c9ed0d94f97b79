"""The local arXiv API every test here talks to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from arxiv.arxiv_api import ArxivServer, Catalogue


@pytest.fixture
def catalogue() -> Catalogue:
    """The papers of data/papers.json; a test may add more before the server starts."""
    return Catalogue()


@pytest.fixture
def server(catalogue: Catalogue) -> Iterator[ArxivServer]:
    with ArxivServer(catalogue) as running:
        yield running
