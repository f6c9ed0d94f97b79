"""paperledge JSON round trips: lossless, sniffed, stable; any other input fails as
json-syntax or json-schema."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError, Show

from strategies import shows


@given(shows)
def test_json_round_trip_is_lossless_and_stable(show: Show) -> None:
    text = paperledge.dumps(show, "json")
    again = paperledge.parse(text, "json")
    assert again == show
    # Sniffed as well.
    assert paperledge.parse(text) == show
    assert paperledge.parse(text.encode("utf-8")) == show
    # Written again, the same text (JSON is the default format).
    assert paperledge.dumps(again) == text


@given(st.text() | st.binary())
def test_any_input_is_a_show_or_a_json_syntax_or_schema_error(data: str | bytes) -> None:
    try:
        show = paperledge.parse(data, "json")
    except ParseError as error:
        code = error.code
    else:
        assert isinstance(show, Show)
        return
    assert code in ("json-syntax", "json-schema")
