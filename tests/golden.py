"""Tests as data: an input file beside the result paperledge must read from it.

Each format's tests hold a folder ``golden/``: ``<behaviour>.<ext>`` is an
input (its extension names the reader: ``.txt`` text, ``.html`` html,
``.xml`` rss, ``.json`` json, ...), and ``<behaviour>.expected.json`` beside
it what reading it gives in tolerant mode::

    {"show": <the show as paperledge's JSON>,
     "diagnostics": [[code, line, column, message], ...],
     "strict": <the code strict mode raises at, or null>}

The file's name says the behaviour.  One parametrised test per format runs
every case (``test_golden.py`` in the format's test folder calls
:func:`cases` and :func:`check`).  After a deliberate change of behaviour,
``python tests/golden.py FOLDER...`` writes the expected files anew: read
every changed one before committing it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import paperledge
from paperledge._api.formats import format_for_path

EXPECTED = ".expected.json"


def cases(folder: Path) -> list[Any]:
    """The golden cases in ``folder``, as pytest parameters named by behaviour."""
    inputs = sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.endswith(EXPECTED) and path.name != "README.md"
    )
    return [pytest.param(path, id=path.stem) for path in inputs]


def read(path: Path) -> dict[str, Any]:
    """What paperledge reads from the input ``path``, in the expected file's form."""
    fmt = format_for_path(path.name)
    assert fmt is not None, f"no format for {path.name}"
    assert fmt.reader is not None, f"paperledge does not read {fmt.name}"
    data = path.read_bytes()
    show = fmt.reader(data)
    try:
        fmt.reader(data, strict=True)
        strict = None
    except paperledge.ParseError as error:
        strict = error.code
    return {
        "show": json.loads(paperledge.dumps(show, "json")),
        "diagnostics": [[d.code, d.line, d.column, d.message] for d in show.diagnostics],
        "strict": strict,
    }


def expected_path(path: Path) -> Path:
    return path.with_name(path.stem + EXPECTED)


def check(path: Path) -> None:
    """Reading ``path`` gives what its expected file says."""
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    assert read(path) == expected


def write(path: Path) -> None:
    """Write the expected file of ``path`` from what paperledge reads now."""
    text = json.dumps(read(path), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    expected_path(path).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        for param in cases(Path(name)):
            write(param.values[0])
            sys.stdout.write(f"wrote {expected_path(param.values[0])}\n")
