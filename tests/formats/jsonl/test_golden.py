"""JSON Lines as data: each file in golden/ reads as its expected file says.

Each case is an input named by its behaviour and, beside it, what reading it
gives in tolerant mode (the show, the diagnostics) and the code strict mode
raises.  ``python tests/golden.py tests/formats/jsonl/golden`` writes the expected
files anew after a deliberate change: read every changed one before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import golden

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", golden.cases(GOLDEN))
def test_document_reads_as_expected(path: Path) -> None:
    golden.check(path)


def test_the_cases_are_there() -> None:
    assert len(golden.cases(GOLDEN)) >= 10
