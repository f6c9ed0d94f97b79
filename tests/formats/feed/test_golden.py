"""Feeds in, shows and diagnostics out: the cases in golden/, checked by eye when written."""

from __future__ import annotations

from pathlib import Path

import pytest

import golden

FOLDER = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", golden.cases(FOLDER))
def test_golden(path: Path) -> None:
    golden.check(path)
