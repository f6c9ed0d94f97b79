"""Cutting the marked text into lines drops exactly the segments that are empty or whitespace.

``cut`` filters the segments with ``str.strip`` in one pass; the statement it
stands for is "not empty and not all whitespace" (``filter(None)`` then
``str.isspace``).  Both use Python's one definition of whitespace.
"""

from __future__ import annotations

from itertools import filterfalse

from hypothesis import given
from hypothesis import strategies as st

from paperledge._formats.html.lines import BLOCK, cut

# Every character Python counts as whitespace, some that it does not, and a letter.
_WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()]
_SEGMENTS = st.lists(
    st.text(alphabet=st.sampled_from([*_WHITESPACE, "\u200b", "\ufeff", "\x00", "a"]), max_size=6),
    max_size=12,
)


@given(_SEGMENTS)
def test_the_one_pass_filter_keeps_what_the_two_passes_kept(segments: list[str]) -> None:
    two_passes = list(filterfalse(str.isspace, filter(None, segments)))
    assert list(filter(str.strip, segments)) == two_passes


def test_whitespace_segments_between_marks_make_no_line() -> None:
    text = BLOCK.join(["", "\n", " \u3000\x1c", "a", "\u2028", "b", "\u200b"])
    assert cut(text) == ["a", "b", "\u200b"]
