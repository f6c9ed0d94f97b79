"""Hostile values in CSV: no cell starts a formula, and every value reads back."""

from __future__ import annotations

import csv
import io

import paperledge

from support import HOSTILE_AUTHOR, HOSTILE_SHOW, HOSTILE_TEXT, HOSTILE_TITLE


def test_csv_cells_are_not_formulas_and_read_back() -> None:
    out = paperledge.dumps(HOSTILE_SHOW, "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 3
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell
    header, first, second = rows
    record = dict(zip(header, first, strict=True))
    assert record["authors"] == f"'{HOSTILE_AUTHOR}; -Team"
    assert record["group_authors"] == "'-Team"
    assert record["title"] == f"Machine Learning - {HOSTILE_TITLE}"
    assert record["description"] == HOSTILE_TEXT  # starts with "<": nothing to neutralise
    assert dict(zip(header, second, strict=True))["description"] == "'@SUM(1)"
    assert paperledge.parse(out, "csv", strict=True).episodes == HOSTILE_SHOW.episodes
