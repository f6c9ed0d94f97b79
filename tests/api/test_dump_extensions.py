"""``dump`` picks its writer by the file's extension, and refuses one that no writer has."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import paperledge
from paperledge import FormatError

SHOW = paperledge.load_sample()


@pytest.mark.parametrize("name", ["show.html", "show.htm", "show.yaml", "show.pdf"])
def test_dump_refuses_an_extension_no_writer_has(tmp_path: Path, name: str) -> None:
    with pytest.raises(FormatError, match=r"cannot write .*pass format=.*json \(\.json\)"):
        paperledge.dump(SHOW, tmp_path / name)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_dump_says_html_is_read_only(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"paperledge reads html \(\.html\) but cannot write"):
        paperledge.dump(SHOW, tmp_path / "x.html")
    with (tmp_path / "x.html").open("w", encoding="utf-8") as handle, pytest.raises(FormatError):
        paperledge.dump(SHOW, handle)


def test_dump_writes_markdown_for_md(tmp_path: Path) -> None:
    for name in ("show.md", "show.markdown"):
        paperledge.dump(SHOW, tmp_path / name)
        assert (tmp_path / name).read_text("utf-8") == paperledge.dumps(SHOW, "markdown")


def test_dump_writes_json_without_an_extension_or_a_name(tmp_path: Path) -> None:
    paperledge.dump(SHOW, tmp_path / "show")
    assert paperledge.load(tmp_path / "show", "json") == SHOW
    out = io.StringIO()
    paperledge.dump(SHOW, out)
    assert out.getvalue() == paperledge.dumps(SHOW)


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    paperledge.dump(SHOW, tmp_path / "show.yaml", "text")
    assert paperledge.load(tmp_path / "show.yaml", "text") == SHOW
