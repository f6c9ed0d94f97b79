"""Replay the fuzzers' regression corpus (tests/fuzz/corpus/<harness>/) and seeds.

Each file is an input that once broke a reader (see docs/reliability.md);
the harness's checks must hold on it now.  The seeds are replayed too, so
that the harnesses themselves are known to pass on good input.
"""

from __future__ import annotations

import pytest

from fuzz.harnesses import CORPUS, HARNESSES, corpus, seeds

CASES = [
    pytest.param(name, path, id=f"{name}/{path.name}")
    for name in sorted(HARNESSES)
    for path in corpus(name)
]


def test_every_corpus_folder_names_a_harness() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert folders <= set(HARNESSES)
    assert CASES, "the regression corpus is empty"


@pytest.mark.parametrize(("name", "path"), CASES)
def test_regression_input(name: str, path: object) -> None:
    # The harness is the check: it raises when any of its properties fails.
    HARNESSES[name](path.read_bytes())  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(HARNESSES))
def test_harness_passes_on_its_seeds(name: str) -> None:
    found = list(seeds(name))
    assert found, f"no seeds for {name}"
    for seed in found:
        HARNESSES[name](seed[:4096])
