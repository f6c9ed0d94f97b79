"""Hostile values (markup, formulas, CDATA ends) in JSON Lines: every line is JSON and
keeps every value."""

from __future__ import annotations

import json

import paperledge

from support import HOSTILE_SHOW, HOSTILE_TITLE


def test_jsonl_keeps_every_value_and_every_line_is_json() -> None:
    out = paperledge.dumps(HOSTILE_SHOW, "jsonl")
    lines = out.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["paper_title"] == HOSTILE_TITLE
    assert paperledge.parse(out, "jsonl", strict=True).episodes == HOSTILE_SHOW.episodes
