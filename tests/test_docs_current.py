"""Documentation that must stay in step with the code."""

from __future__ import annotations

import re

import paperledge

from conftest import REPO


def test_every_diagnostic_code_is_documented() -> None:
    text = (REPO / "docs" / "diagnostics.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.MULTILINE))
    assert documented == set(paperledge.DIAGNOSTIC_CODES)


def test_changelog_has_an_unreleased_section() -> None:
    text = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in text
