"""Author lists from the fixtures' credits and generated ones read alike on parse_authors'
plain path and its token loop.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge._rules.credits as _credits
from paperledge._diagnostics import Reporter
from paperledge._model.episode import Author

from conftest import REPO, SEED_NAMES, seed_text

SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"


def _credit_texts() -> list[str]:
    """The author lists after every credit marker of the fixture and the seeds."""
    sources = [SAMPLE.read_text(encoding="utf-8")]
    sources += [seed_text(name) for name in SEED_NAMES]
    texts = []
    for source in sources:
        for line in source.splitlines():
            position = _credits.find_credit(line)
            if position >= 0:
                rest = line[position + len(_credits.CREDIT_MARKER) :]
                texts.append(rest.split("<", 1)[0])
    return texts


def _both(text: str) -> tuple[tuple[Author, ...], list[str], tuple[Author, ...], list[str]]:
    fast_reporter, general_reporter = Reporter(), Reporter()
    fast = _credits.parse_authors(text, fast_reporter, 3, 5)
    general = _credits._parse_tokens(text, general_reporter, 3, 5)
    return (
        fast,
        [repr(d) for d in fast_reporter.diagnostics],
        general,
        [repr(d) for d in general_reporter.diagnostics],
    )


def test_credit_texts_of_the_fixtures_read_alike() -> None:
    texts = _credit_texts()
    assert len(texts) > 20
    assert any(", :," in text for text in texts)  # a group mark is among them
    for text in texts:
        fast, fast_reports, general, general_reports = _both(text)
        assert fast == general
        assert [a.is_group for a in fast] == [a.is_group for a in general]
        assert fast_reports == general_reports


_NAME_PIECES = st.sampled_from(
    ["Ann Lee", "DeepSeek-AI", "GLM Team", ":", " : ", "", " ", "a:b", "X: Y", "Qi", "  Bo  Li "]
)


@given(st.lists(_NAME_PIECES, max_size=8))
def test_generated_author_lists_read_alike(pieces: list[str]) -> None:
    fast, fast_reports, general, general_reports = _both(",".join(pieces))
    assert fast == general
    assert [a.is_group for a in fast] == [a.is_group for a in general]
    assert fast_reports == general_reports
