"""Each defect real dumps show, in tolerant and strict mode, built from the real seeds.

Tolerant mode must keep the content and report the defect's code and line;
strict mode must raise ParseError with the same code and line.
"""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from paperledge import Author, ParseError

from support import SEED_NAMES, seed_bytes, seed_text

PAGE_000 = SEED_NAMES[0]
PAGE_002 = SEED_NAMES[1]
PAGE_003 = SEED_NAMES[2]


def lines_of(name: str) -> list[str]:
    return seed_text(name).split("\n")


def edit(name: str, changes: dict[int, str | None]) -> str:
    """The seed with 1-based line numbers replaced (None deletes the line)."""
    lines = lines_of(name)
    for number in sorted(changes, reverse=True):
        replacement = changes[number]
        if replacement is None:
            del lines[number - 1]
        else:
            lines[number - 1] = replacement
    return "\n".join(lines)


def codes(show: paperledge.Show) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in show.diagnostics]


def assert_strict_raises(data: str | bytes, code: str, line: int) -> ParseError:
    with pytest.raises(ParseError) as caught:
        paperledge.parse_text(data, strict=True)
    assert caught.value.code == code
    assert caught.value.line == line
    assert f"line {line}" in str(caught.value)
    return caught.value


REFERENCE = {name: paperledge.parse_text(seed_bytes(name), strict=True) for name in SEED_NAMES}


# -- not defects: the same show, no diagnostic, strict passes --------------------


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="utf8-bom"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="cr"),
        pytest.param(lambda b: b.decode().encode("utf-16"), id="utf16-bom"),
        pytest.param(lambda b: b.rstrip(b"\n"), id="no-final-newline"),
        pytest.param(lambda b: b + b"\n" * 20, id="trailing-blank-lines"),
    ],
)
def test_encodings_and_line_ends_are_not_defects(seed_name: str, transform: object) -> None:
    data = transform(seed_bytes(seed_name))  # type: ignore[operator]
    tolerant = paperledge.parse_text(data)
    assert tolerant.diagnostics == ()
    assert tolerant == REFERENCE[seed_name]
    assert paperledge.parse_text(data, strict=True) == REFERENCE[seed_name]


def test_a_single_episode_dump() -> None:
    lines = lines_of(PAGE_002)
    # Lines 9-32 of page 002: one titled episode, its credit on line 32.
    data = "\n".join(lines[8:32]) + "\n"
    show = paperledge.parse_text(data, strict=True)
    assert show.title is None
    assert len(show.episodes) == 1
    assert show.episodes[0] == REFERENCE[PAGE_002].episodes[0]


def test_identical_pages_concatenated_read_as_one_archive() -> None:
    data = seed_bytes(PAGE_000) + seed_bytes(PAGE_003)
    show = paperledge.parse_text(data, strict=True)
    assert show.episodes == REFERENCE[PAGE_000].episodes + REFERENCE[PAGE_003].episodes
    assert show.title == "PaperLedge"


# -- defects ------------------------------------------------------------------


def test_windows_1252_bytes_are_detected_not_mojibake() -> None:
    text = seed_text(PAGE_000)
    data = text.encode("cp1252")
    assert data != text.encode("utf-8")
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("encoding", 3)]
    # The first non-ASCII character of page 000 is the ’ of "Whether you’re" on line 3.
    assert show.diagnostics[0].column == text.split("\n")[2].index("’") + 1
    assert "–" in show.episodes[0].description
    assert_strict_raises(data, "encoding", 3)


def test_mixed_utf8_and_windows_1252_are_both_read() -> None:
    good = seed_bytes(PAGE_000)
    bad = "Déjà vu – “quoted”\n".encode("cp1252")
    # Put a cp1252 line at the start of the first episode's text (line 11).
    lines = good.split(b"\n")
    lines.insert(10, bad.rstrip(b"\n"))
    show = paperledge.parse_text(b"\n".join(lines))
    assert show.episodes[0].description.startswith("Déjà vu – “quoted”\nHey PaperLedge crew")
    assert show.episodes[1] == REFERENCE[PAGE_000].episodes[1]
    assert codes(show) == [("encoding", 11)]


@pytest.mark.parametrize(
    "date_line", ["Thursday\u00a0Oct 02, 2025", "Thursday\tOct 02,\t2025", "Thursday  Oct 2, 2025"]
)
def test_nbsp_and_tabs_in_date_lines(date_line: str) -> None:
    data = edit(PAGE_000, {9: date_line})
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("date-format", 9)]
    assert_strict_raises(data, "date-format", 9)


def test_missing_blank_line_between_episodes() -> None:
    data = edit(PAGE_000, {27: None})  # two blank lines instead of three
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("blank-lines", 28)]
    assert_strict_raises(data, "blank-lines", 28)


def test_extra_blank_lines_between_episodes() -> None:
    data = edit(PAGE_000, {27: "\n"})  # four blank lines
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("blank-lines", 30)]


def test_lost_date_repeat_of_a_titled_episode() -> None:
    # Page 000, lines 59-62: date, title, date, date. Drop line 62.
    data = edit(PAGE_000, {62: None})
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("date-repeat", 61)]
    assert_strict_raises(data, "date-repeat", 61)


def test_lone_date_line_of_an_untitled_episode() -> None:
    # Page 000, lines 29-30: date, date. Drop line 30.
    data = edit(PAGE_000, {30: None})
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("date-repeat", 29)]
    assert_strict_raises(data, "date-repeat", 29)


def test_repeated_date_lines_that_disagree() -> None:
    data = edit(PAGE_000, {10: "Friday Oct 03, 2025"})
    show = paperledge.parse_text(data)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    assert codes(show) == [("date-mismatch", 10)]


def test_impossible_date() -> None:
    data = edit(PAGE_000, {9: "Sunday Feb 30, 2025", 10: "Sunday Feb 30, 2025"})
    show = paperledge.parse_text(data)
    assert show.episodes[0].published is None
    assert show.episodes[0].description == REFERENCE[PAGE_000].episodes[0].description
    assert show.episodes[1:] == REFERENCE[PAGE_000].episodes[1:]
    assert codes(show) == [("date-invalid", 9)]
    assert show.diagnostics[0].column == len("Sunday Feb ") + 1
    assert_strict_raises(data, "date-invalid", 9)


def test_weekday_that_does_not_match_the_date() -> None:
    data = edit(PAGE_000, {9: "Monday Oct 02, 2025", 10: "Monday Oct 02, 2025"})
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]  # the date is kept
    assert codes(show) == [("weekday-mismatch", 9)]
    assert "Thursday" in show.diagnostics[0].message
    assert_strict_raises(data, "weekday-mismatch", 9)


def test_missing_credit() -> None:
    lines = lines_of(PAGE_000)
    credit_line = lines[24]
    cut = credit_line.index("Credit to Paper authors:")
    data = edit(PAGE_000, {25: credit_line[:cut]})
    show = paperledge.parse_text(data)
    assert show.episodes[0].authors == ()
    assert show.episodes[0].description == REFERENCE[PAGE_000].episodes[0].description
    assert show.episodes[1:] == REFERENCE[PAGE_000].episodes[1:]
    assert codes(show) == [("missing-credit", 25)]
    assert_strict_raises(data, "missing-credit", 25)


def test_truncated_last_episode() -> None:
    lines = lines_of(PAGE_000)
    data = "\n".join(lines[:204])  # page 000's last episode starts on line 194
    show = paperledge.parse_text(data)
    assert len(show.episodes) == 8
    assert show.episodes[:7] == REFERENCE[PAGE_000].episodes[:7]
    last = show.episodes[7]
    assert last.published == dt.date(2025, 10, 2)
    assert last.authors == ()
    assert last.description == "\n".join(lines[195:204])
    assert codes(show) == [("truncated", 204)]
    assert_strict_raises(data, "truncated", 204)


def test_text_after_the_credit_is_kept() -> None:
    data = edit(PAGE_000, {26: "Thanks for listening."})
    show = paperledge.parse_text(data)
    assert show.episodes[0].description.endswith("keep learning!\nThanks for listening.")
    assert show.episodes[0].authors == (Author(name="Allen G Hart"),)
    assert ("stray-text", 26) in codes(show)
    assert_strict_raises(data, "stray-text", 26)


def test_text_between_header_and_first_episode_is_kept_in_the_show() -> None:
    data = edit(PAGE_000, {7: "Subscribe on Podbean"})
    show = paperledge.parse_text(data)
    assert show.description is not None
    assert show.description.endswith("\nSubscribe on Podbean")
    assert show.episodes == REFERENCE[PAGE_000].episodes
    assert ("stray-text", 7) in codes(show)


def test_empty_names_in_the_author_list() -> None:
    lines = lines_of(PAGE_000)
    data = edit(PAGE_000, {55: lines[54].replace("Ziwei Shan, ", "Ziwei Shan, , ")})
    show = paperledge.parse_text(data)
    assert show == REFERENCE[PAGE_000]
    assert codes(show) == [("author-list", 55)]


def test_group_mark_with_no_group_before_it() -> None:
    lines = lines_of(PAGE_000)
    data = edit(PAGE_000, {25: lines[24].replace("authors: Allen", "authors: :, Allen")})
    show = paperledge.parse_text(data)
    assert show.episodes[0].authors == (Author(name="Allen G Hart"),)
    assert codes(show) == [("author-list", 25)]


def test_pages_concatenated_without_a_final_newline() -> None:
    # Page 002 ends without a newline: `cat` glues page 003's title onto its last line.
    data = seed_bytes(PAGE_002) + seed_bytes(PAGE_003)
    assert not seed_bytes(PAGE_002).endswith(b"\n")
    show = paperledge.parse_text(data)
    assert show.episodes == REFERENCE[PAGE_002].episodes + REFERENCE[PAGE_003].episodes
    assert codes(show) == [("missing-newline", 209)]
    assert_strict_raises(data, "missing-newline", 209)


def test_a_repeated_header_that_differs() -> None:
    other = seed_text(PAGE_003).replace("PaperLedge where research", "A different show where", 1)
    data = seed_text(PAGE_000) + other
    show = paperledge.parse_text(data)
    reference = REFERENCE[PAGE_000].episodes + REFERENCE[PAGE_003].episodes
    assert show.episodes[8:] == reference[8:]
    assert show.episodes[:7] == reference[:7]
    # The differing header is not thrown away: it stays, as text, in the
    # episode before it.
    assert show.episodes[7].description.startswith(reference[7].description)
    assert "\nA different show where" in show.episodes[7].description
    header_line = len(seed_text(PAGE_000).split("\n")) + 4
    assert codes(show) == [("header-mismatch", header_line), ("stray-text", header_line - 4)]


def test_lines_of_noise_never_lose_text() -> None:
    noise = "<<< not part of the format >>>"
    data = edit(PAGE_003, {20: noise})
    show = paperledge.parse_text(data)
    assert any(noise in e.description for e in show.episodes)


def test_truncated_is_located_at_the_last_line_of_text() -> None:
    long_line = "A long line of episode text, longer than any date line could ever be: " * 2
    data = f"Thursday Oct 02, 2025\nThursday Oct 02, 2025\nshort\n{long_line}\n\n"
    show = paperledge.parse_text(data)
    assert codes(show) == [("truncated", 4)]
    assert show.episodes[0].description == f"short\n{long_line}"


def test_a_utf16_mark_before_bytes_that_are_not_utf16() -> None:
    show = paperledge.parse_text(b"\xff\xfeP\x00a\x00\x00")
    assert codes(show) == [("undecodable", 1), ("no-episodes", 1)]
    assert show.title == "Pa\ufffd"
    assert_strict_raises(b"\xff\xfeP\x00a\x00\x00", "undecodable", 1)
