"""Documentation that must stay in step with the code."""

from __future__ import annotations

import re

import paperledge

from support import REPO


def test_every_diagnostic_code_is_documented() -> None:
    text = (REPO / "docs" / "diagnostics.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.MULTILINE))
    assert documented == set(paperledge.DIAGNOSTIC_CODES)


def test_changelog_has_an_unreleased_section() -> None:
    text = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in text


def test_every_public_name_has_a_docstring() -> None:
    missing = []
    for name in paperledge.__all__:
        value = getattr(paperledge, name)
        if (isinstance(value, type) or callable(value)) and not (value.__doc__ or "").strip():
            missing.append(name)
    assert missing == []


def test_public_names_present_as_paperledge() -> None:
    assert repr(paperledge.ParseError) == "<class 'paperledge.ParseError'>"
    assert paperledge.Episode.__module__ == "paperledge"
