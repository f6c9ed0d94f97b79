"""The documentation as built (``mkdocs build --strict``): the API reference
renders its cross-references as links and documents every field of the model;
the command-line reference is the parser's own ``--help``."""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import paperledge
from paperledge._cli.main import _build_parser

from support import REPO

SPHINX_ROLE = re.compile(r":(?:py:)?(?:func|meth|class|exc|attr|data|const|obj|mod):")
MODEL = [
    paperledge.Show,
    paperledge.Episode,
    paperledge.Author,
    paperledge.Limits,
    paperledge.Diagnostic,
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    command += ["-f", str(REPO / "mkdocs.yml"), "-d", str(folder)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text("utf-8")


def entry(text: str, identifier: str) -> str:
    """The HTML of the entry whose heading has ``identifier``, to the next heading."""
    start = text.index(f'id="{identifier}"')
    end = text.find('class="doc doc-heading"', text.index("</h", start))
    return text[start : end if end >= 0 else len(text)]


def test_the_api_reference_shows_no_raw_sphinx_role(site: Path) -> None:
    text = page(site, "api")
    assert SPHINX_ROLE.findall(text) == []


def test_the_api_reference_links_the_roles_of_the_docstrings(site: Path) -> None:
    text = page(site, "api")
    # :func:`split_title` in Episode, :func:`paperledge.merge` in Show.merge,
    # :attr:`audio_url` in a property, :class:`ParseError` in a function.
    assert 'href="#paperledge.split_title"' in entry(text, "paperledge.Episode")
    assert 'href="#paperledge.merge"' in entry(text, "paperledge.Show.merge")
    assert 'href="#paperledge.Episode.audio_url"' in entry(
        text, "paperledge.Episode.clean_audio_url"
    )
    assert 'href="#paperledge.ParseError"' in entry(text, "paperledge.parse_text")


def test_doctest_examples_render_as_code_not_as_quotes(site: Path) -> None:
    text = page(site, "api")
    assert "<blockquote>" not in text
    assert "&gt;&gt;&gt;" in entry(text, "paperledge.Show")


def test_paperledge_merge_has_its_entry_though_a_module_shares_its_name(site: Path) -> None:
    assert "Combine shows of the same podcast" in entry(page(site, "api"), "paperledge.merge")


@pytest.mark.parametrize("model", MODEL, ids=lambda cls: cls.__name__)
def test_every_field_of_the_model_has_a_documented_entry(site: Path, model: type) -> None:
    text = page(site, "api")
    undocumented = []
    for field in attrs.fields(model):
        identifier = f"paperledge.{model.__name__}.{field.name}"
        if f'id="{identifier}"' not in text or "<p>" not in entry(text, identifier):
            undocumented.append(field.name)
    assert undocumented == []


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """``paperledge`` and each of its commands, by the name its usage gives."""
    parser = _build_parser()
    found = {parser.prog: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update((sub.prog, sub) for sub in action.choices.values())
    return found


@pytest.mark.parametrize("prog", list(command_parsers()))
def test_the_cli_reference_is_each_commands_help(site: Path, prog: str) -> None:
    # Generated at build time: every option and its help, of the parser as it is now.
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page(site, "cli"))).split())
    assert f"usage: {prog}" in text
    parser = command_parsers()[prog]
    for action in parser._actions:
        for option in action.option_strings:
            assert option in text, (prog, option)
        if action.help and action.help != argparse.SUPPRESS:
            expanded = parser._get_formatter()._expand_help(action)  # %(default)s...
            opening = " ".join(expanded.split()[:4])
            assert opening in text, (prog, opening)


def test_the_cli_reference_is_in_the_navigation(site: Path) -> None:
    assert 'href="cli/"' in page(site, "api").replace("../cli/", "cli/")
