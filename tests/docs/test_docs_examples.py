"""Every Python example in the docs and README runs as a test.

Examples written as ``>>>`` sessions are run by pytest's doctest (with their
output checked).  This module runs the other ``python`` code blocks: each
file's blocks in order, in one namespace, in a folder holding the files the
examples name (``archive.txt``, ``crawl/``...).  A block that needs what a
test cannot have (the network, a cloud bucket, a remote scheduler) starts
with ``# not run: <reason>``; it is still compiled, so it cannot rot into
invalid Python.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
from pathlib import Path

import pytest

import paperledge
from paperledge._cli.main import _build_parser

from support import REPO, SEED_NAMES, seed_bytes

BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
DOCUMENTS = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
ALLOWED_REASONS = (
    "needs the network",
    "needs an S3 bucket",
    "needs a remote Dask scheduler",
    "writes a million episodes (gigabytes)",
)


def blocks(document: Path) -> list[str]:
    found = BLOCK.findall(document.read_text("utf-8"))
    return [block for block in found if ">>>" not in block]


def prepare(folder: Path) -> dict[str, object]:
    """The files and names the examples use."""
    archive = b"\n".join(seed_bytes(name) for name in SEED_NAMES)
    (folder / "archive.txt").write_bytes(archive)
    (folder / "huge.txt").write_bytes(archive)
    (folder / "page.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    show = paperledge.parse_text(archive)
    (folder / "archive.jsonl").write_text(paperledge.dumps(show, "jsonl"), "utf-8")
    crawl = folder / "crawl"
    (crawl / "2025-10").mkdir(parents=True)
    paths = []
    for number, name in enumerate(SEED_NAMES, 1):
        page = crawl / f"page-{number}.txt"
        page.write_bytes(seed_bytes(name))
        paths.append(page)
    html = REPO / "tests" / "formats" / "html" / "golden" / "cards_theme_untitled_episodes.html"
    (crawl / "2025-10" / "page-1.html").write_bytes(html.read_bytes())
    return {
        "__name__": "__docs__",
        "paperledge": paperledge,
        "Path": Path,
        "paths": paths,
        "callback": lambda done, total, path: None,
    }


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_python_examples_run(
    document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    namespace = prepare(tmp_path)
    monkeypatch.chdir(tmp_path)
    ran = 0
    for block in blocks(document):
        first = block.lstrip().splitlines()[0] if block.strip() else ""
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        code = compile(block, f"{document.name} example", "exec", flags=flags)
        if first.startswith("# not run:"):
            assert first.removeprefix("# not run:").strip() in ALLOWED_REASONS, first
            continue
        exec(code, namespace)
        ran += 1
    # Every document's runnable examples ran (the count is here for the report).
    assert ran >= 0


def test_the_examples_are_found() -> None:
    total = sum(len(blocks(document)) for document in DOCUMENTS)
    assert total >= 10
    assert os.fspath(REPO / "docs" / "scale.md") in {os.fspath(d) for d in DOCUMENTS}


SHELL_BLOCK = re.compile(r"^```(?:sh|console|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def shell_commands() -> list[tuple[str, str]]:
    """Every ``paperledge ...`` command in the docs' shell examples."""
    found = []
    for document in DOCUMENTS:
        for block in SHELL_BLOCK.findall(document.read_text("utf-8")):
            for line in block.replace("\\\n", " ").splitlines():
                if "paperledge " not in line:
                    continue
                for part in re.split(r"\s*(?:\||&&)\s*", line):
                    words = shlex.split(part, comments=True)
                    if words and words[0].endswith("paperledge"):
                        found.append((document.name, shlex.join(words[1:])))
    return found


@pytest.mark.parametrize(("document", "command"), shell_commands())
def test_shell_examples_use_real_options(document: str, command: str) -> None:
    # Parsing the arguments checks every command and option still exists;
    # what the commands do is tested in test_cli.py.
    parser = _build_parser()
    args = parser.parse_args(shlex.split(command))
    assert args is not None, document


def test_shell_examples_are_found() -> None:
    commands = {command for _, command in shell_commands()}
    assert "parse --sample" in commands
    assert len(commands) >= 8
