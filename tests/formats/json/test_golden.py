"""paperledge JSON as data: each file in golden/ reads as its expected file says.

paperledge JSON is read exactly: a document that is not a paperledge show
raises ParseError in tolerant mode too, so those cases live in
golden/refused/, each beside the error both modes raise::

    {"code": ..., "line": ..., "column": ..., "message": ...}

``python tests/golden.py tests/formats/json/golden`` writes the expected
files of the documents read; ``PYTHONPATH=tests python
tests/formats/json/test_golden.py`` those of the refused ones.  Read every
changed one before committing it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import golden
import paperledge

GOLDEN = Path(__file__).parent / "golden"
REFUSED = GOLDEN / "refused"


def refusal(path: Path) -> dict[str, Any]:
    """The ParseError reading ``path`` raises, the same in tolerant and strict mode."""
    raised = []
    for strict in (False, True):
        with pytest.raises(paperledge.ParseError) as caught:
            paperledge.parse(path.read_bytes(), "json", strict=strict)
        error = caught.value
        raised.append(
            {
                "code": error.code,
                "line": error.line,
                "column": error.column,
                "message": error.message,
            }
        )
    assert raised[0] == raised[1], "tolerant and strict mode refuse the document alike"
    return raised[0]


@pytest.mark.parametrize("path", golden.cases(GOLDEN))
def test_document_reads_as_expected(path: Path) -> None:
    golden.check(path)


@pytest.mark.parametrize("path", golden.cases(REFUSED))
def test_document_is_refused_as_expected(path: Path) -> None:
    expected = json.loads(golden.expected_path(path).read_text(encoding="utf-8"))
    assert refusal(path) == expected


def test_both_kinds_of_case_are_there() -> None:
    assert len(golden.cases(GOLDEN)) >= 5
    assert len(golden.cases(REFUSED)) >= 10


if __name__ == "__main__":
    for param in golden.cases(REFUSED):
        source = param.values[0]
        text = json.dumps(refusal(source), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        golden.expected_path(source).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {golden.expected_path(source)}\n")
