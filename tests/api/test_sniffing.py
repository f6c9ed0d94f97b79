"""Sniffing: a document of no named format is read by the format it looks like."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError


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
