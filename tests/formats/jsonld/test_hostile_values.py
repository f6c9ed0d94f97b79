"""Hostile values in JSON-LD: safe inside a script element, every value kept."""

from __future__ import annotations

import json

import paperledge

from support import HOSTILE_AUTHOR, HOSTILE_SHOW, HOSTILE_TEXT, HOSTILE_TITLE


def test_jsonld_is_safe_inside_a_script_element_and_keeps_the_values() -> None:
    out = paperledge.dumps(HOSTILE_SHOW, "jsonld")
    assert "<" not in out
    assert ">" not in out
    assert "&" not in out
    document = json.loads(out)
    assert document["name"] == HOSTILE_TITLE
    episode = document["hasPart"][0]
    assert episode["isBasedOn"]["name"] == HOSTILE_TITLE
    assert episode["isBasedOn"]["author"][0] == {"@type": "Person", "name": HOSTILE_AUTHOR}
    assert episode["description"] == HOSTILE_TEXT
    # Embedded in a page, the document cannot close its element.
    page = f'<script type="application/ld+json">{out}</script>'
    assert page.count("</script>") == 1
