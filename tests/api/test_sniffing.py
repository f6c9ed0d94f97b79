"""Sniffing: a document of no named format is read by the format it looks like."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError
from paperledge._api.formats import sniff_format

from support import REPO


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_sniffing_raises_only_for_paperledge_json(data: str | bytes) -> None:
    fmt = paperledge._api.formats.sniff_format(data)
    code = None
    try:
        paperledge.parse(data)
    except ParseError as error:
        code = error.code
    if code is not None:
        assert fmt.name == "json"
        assert code in paperledge.DIAGNOSTIC_CODES


def test_html_behind_4_kb_of_php_warnings_is_sniffed_as_html() -> None:
    warnings = "<b>Warning</b>: Undefined variable $x in /var/www/page.php on line 12<br />\n" * 55
    junk = "PHP " + warnings  # does not open with "<"
    assert len(junk) > 4096
    page = REPO / "tests" / "formats" / "html" / "golden" / "cards_theme_untitled_episodes.html"
    html = page.read_text(encoding="utf-8")
    assert sniff_format(junk + html).name == "html"
    show = paperledge.parse((junk + html).encode())
    assert len(show.episodes) == len(paperledge.parse(html.encode()).episodes) == 8


def test_a_text_dump_is_not_taken_for_html() -> None:
    dump = (REPO / "src" / "paperledge" / "samples").glob("*.txt")
    for path in dump:
        assert sniff_format(path.read_bytes()).name == "text"
