"""The Markdown writer's patterns at their worst: entities never closed, long number runs."""

from __future__ import annotations

import paperledge
import paperledge._formats.markdown as _markdown
from paperledge import Episode, Show

N = 100_000


def test_markdown_entities_and_ordered_list_starts() -> None:
    assert _markdown._ENTITY.sub("!", "&" + "a" * N) == "&" + "a" * N  # no ';': not an entity
    assert _markdown._ENTITY.sub("!", "&a" * N + ";") == "&a" * (N - 1) + "!a;"
    assert _markdown._escape_start("1" * N + ".") == "1" * N + "."  # over 9 digits: no list
    assert _markdown._escape_start("123456789. x") == "123456789\\. x"
    text = paperledge.dumps(Show(episodes=[Episode(description="&amp" * N)]), "markdown")
    assert text.count("\\&amp") == 0  # no ';' anywhere: nothing to escape
    assert "&amp" * 10 in text
