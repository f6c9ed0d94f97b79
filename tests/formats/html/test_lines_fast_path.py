"""The HTML reader's chrome-link check, whitespace-only blocks and label removal agree with
the patterns they stand in for.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge._formats.html.chrome as _chrome
import paperledge._formats.html.lines as _html_text

_HREF = st.text(
    alphabet=st.sampled_from([*"sShHaArReE?/#cCoOmMnNtTiIwWpP:.xK", "\u212a", "\u017f", "é"]),
    max_size=24,
)


@given(_HREF)
def test_chrome_links_found_as_the_case_insensitive_pattern_finds_them(href: str) -> None:
    assert _chrome.is_chrome_href(href) == (_chrome._CHROME.search(href) is not None)


_AROUND = st.text(alphabet=st.sampled_from([*"sharetinp/#:.?xE"]), max_size=6)


@given(_AROUND, st.sampled_from(_chrome._CHROME_MARKERS), _AROUND, st.booleans())
def test_every_chrome_marker_is_found_wherever_it_sits(
    before: str, marker: str, after: str, upper: bool
) -> None:
    href = before + (marker.upper() if upper else marker) + after
    assert _chrome.is_chrome_href(href)


_PIECES = sorted(
    {
        piece
        for marker in _chrome._CHROME_MARKERS
        for piece in (marker, marker[: len(marker) // 2], marker[len(marker) // 2 :])
    }
)


@given(st.lists(st.sampled_from([*_PIECES, "x", "/", "E"]), max_size=6))
def test_pieces_of_markers_are_chrome_exactly_when_the_pattern_says(pieces: list[str]) -> None:
    # Halves of markers glued together: the substring tests must neither
    # miss a marker nor take a part of one for the whole.
    href = "".join(pieces)
    assert _chrome.is_chrome_href(href) == (_chrome._CHROME.search(href) is not None)


def test_case_folding_beyond_ascii_still_counts() -> None:
    # U+017F (long s) folds to "s": the case-insensitive pattern decides.
    assert _chrome.is_chrome_href("https://x/\u017fharer.php")
    assert _chrome.is_chrome_href("https://x/SHARER.php")
    assert not _chrome.is_chrome_href("https://x/e/slug/")


_MARKED = st.text(
    alphabet=st.sampled_from(
        [_html_text.START, _html_text.BLOCK, _html_text.KEEP, " ", "\t", "\f", "\n", "a"]
    ),
    max_size=20,
)


@given(_MARKED)
def test_whitespace_only_blocks_kept_as_with_the_group_template(text: str) -> None:
    start, keep, block = _html_text.START, _html_text.KEEP, _html_text.BLOCK
    expected = _html_text._SPACES_ONLY.sub(f"{start}{keep}\\1{block}", text)
    assert _html_text._OPENS_SPACES_ONLY.sub(start + keep, text) == expected


_LABELLED = st.text(
    alphabet=st.sampled_from([*(chr(code) for code in range(0xE000, 0xE008)), "a", " "]),
    max_size=24,
)


@given(_LABELLED)
def test_labels_removed_as_the_two_alternatives_remove_them(text: str) -> None:
    assert _html_text.plain(text) == _html_text._LABELS_PLAIN.sub("", text)
