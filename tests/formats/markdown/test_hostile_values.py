"""Hostile values in Markdown: rendered, the document holds no markup but its own."""

from __future__ import annotations

import markdown_it

import paperledge

from support import HOSTILE_SHOW


def test_markdown_renders_no_markup() -> None:
    out = paperledge.dumps(HOSTILE_SHOW, "markdown")
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
