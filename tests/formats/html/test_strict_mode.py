"""Strict HTML: what it raises is the first defect tolerant mode reports; what it accepts
reads as tolerant mode reads it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_strict_raises_the_first_defect_tolerant_mode_reports(data: str | bytes) -> None:
    tolerant = paperledge.parse_html(data)
    code = None
    try:
        strict = paperledge.parse_html(data, strict=True)
    except ParseError as error:
        code = error.code
    if code is not None:
        assert code == tolerant.diagnostics[0].code
    else:
        assert strict == tolerant
        assert strict.diagnostics == ()
