"""The table of formats: which read, which write, and the source named in diagnostics."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import FormatError, Show
from paperledge._api.formats import with_source


def test_formats_that_only_read_or_only_write() -> None:
    assert [repr(f) for f in paperledge.formats()] == [
        "<Format 'sqlite' read/write .sqlite .db>",
        "<Format 'parquet' read/write .parquet>",
        "<Format 'json' read/write .json>",
        "<Format 'jsonl' read/write .jsonl .ndjson>",
        "<Format 'csv' read/write .csv>",
        "<Format 'rss' read/write .rss .xml>",
        "<Format 'html' read .html .htm>",
        "<Format 'jsonld' write .jsonld>",
        "<Format 'markdown' write .md .markdown>",
        "<Format 'text' read/write .txt>",
    ]
    with pytest.raises(FormatError, match="writes 'markdown' but cannot read it"):
        paperledge.parse("# x", "markdown")
    with pytest.raises(FormatError, match="reads 'html' but cannot write it"):
        paperledge.dumps(Show(), "html")


def test_with_source_without_a_source() -> None:
    diagnostics = [paperledge.Diagnostic(code="truncated", message="m", line=2)]
    assert with_source(diagnostics, None) == tuple(diagnostics)
    assert with_source(diagnostics, "a.txt")[0].source == "a.txt"
