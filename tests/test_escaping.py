"""Hostile values come out inert in every format this module's writers own (issue 4, part 2).

The values: a title that is HTML and a CDATA end, an author that is a
spreadsheet formula, text that is Markdown and HTML.  Each writer must
keep them as text: no markup, no formula, no broken document, and the
formats that can carry them give them back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import markdown_it
import pytest

import paperledge
from paperledge import Author, Episode, Show

EVIL_TITLE = '<script>alert(1)</script> & "]]>"'
EVIL_AUTHOR = '=HYPERLINK("http://x")'
EVIL_TEXT = (
    "<img src=x onerror=alert(1)>\n"
    "  [click](javascript:alert(1))\n"
    '"</script><script>alert(2)</script>"\n'
    "=1+1\n"
    "# heading? *no* &amp; `code`"
)

EVIL = Show(
    title=EVIL_TITLE,
    description=EVIL_TEXT,
    host=EVIL_AUTHOR,
    episodes=[
        Episode(
            published=dt.date(2025, 10, 2),
            title=f"Machine Learning - {EVIL_TITLE}",
            description=EVIL_TEXT,
            authors=(Author(name=EVIL_AUTHOR), Author(name="-Team", is_group=True)),
            guid=EVIL_TITLE,
            url="https://paperledge.podbean.com/e/x/",
        ),
        Episode(title=EVIL_TITLE, description="@SUM(1)", authors=(Author(name="+1"),)),
    ],
)


def test_jsonl_keeps_every_value_and_every_line_is_json() -> None:
    out = paperledge.dumps(EVIL, "jsonl")
    lines = out.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["paper_title"] == EVIL_TITLE
    assert paperledge.loads(out, "jsonl", strict=True).episodes == EVIL.episodes


def test_csv_cells_are_not_formulas_and_read_back() -> None:
    out = paperledge.dumps(EVIL, "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 3
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell
    header, first, second = rows
    record = dict(zip(header, first, strict=True))
    assert record["authors"] == f"'{EVIL_AUTHOR}; -Team"
    assert record["group_authors"] == "'-Team"
    assert record["title"] == f"Machine Learning - {EVIL_TITLE}"
    assert record["description"] == EVIL_TEXT  # starts with "<": nothing to neutralise
    assert dict(zip(header, second, strict=True))["description"] == "'@SUM(1)"
    assert paperledge.loads(out, "csv", strict=True).episodes == EVIL.episodes


def test_markdown_renders_no_markup() -> None:
    out = paperledge.dumps(EVIL, "markdown")
    html = markdown_it.MarkdownIt("commonmark").render(out)
    for forbidden in ("<script", "<img", 'href="javascript', "<em>", "<code>", "<h1>heading"):
        assert forbidden not in html, forbidden
    # The one link is the episode's page.
    assert html.count("<a ") == 1
    # The text is all there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;]]&gt;&quot;" in html
    assert "=HYPERLINK(&quot;http://x&quot;)" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[click](javascript:alert(1))" in html
    assert "&amp;amp;" in html  # the entity stays as typed
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == 2


def test_jsonld_is_safe_inside_a_script_element_and_keeps_the_values() -> None:
    out = paperledge.dumps(EVIL, "jsonld")
    assert "<" not in out
    assert ">" not in out
    assert "&" not in out
    document = json.loads(out)
    assert document["name"] == EVIL_TITLE
    episode = document["hasPart"][0]
    assert episode["isBasedOn"]["name"] == EVIL_TITLE
    assert episode["isBasedOn"]["author"][0] == {"@type": "Person", "name": EVIL_AUTHOR}
    assert episode["description"] == EVIL_TEXT
    # Embedded in a page, the document cannot close its element.
    page = f'<script type="application/ld+json">{out}</script>'
    assert page.count("</script>") == 1


@pytest.mark.parametrize("name", ["jsonl", "csv", "markdown", "jsonld"])
def test_every_owned_writer_handles_the_evil_show(name: str) -> None:
    out = paperledge.dumps(EVIL, name)
    assert isinstance(out, str)
    assert out.endswith("\n")
