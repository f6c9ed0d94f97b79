# ruff: noqa: E501
"""The text reader, case by case: every field and every diagnostic (code, line, column,
message), checked by hand against the dumps' grammar (docs/text-format.md).

Written to kill the mutants that survived tests/test_text_*.py: a parser that
reports the right code at the wrong line, or keeps the wrong text, fails here.
"""

from __future__ import annotations

import pytest

from paperledge import ParseError, parse_text

D = "Thursday Oct 02, 2025"

CASES = {
    "lost_repeat_titled": (
        f"{D}\nTitle - Paper\n{D}\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", "Title - Paper", "Text.", [("A", False)])],
        [("date-repeat", 3, 1, "a titled episode opens with 3 date lines, this one with 2")],
    ),
    "one_date_then_credit": (
        f"{D}\nCredit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", None, "", [("A", False)])],
        [("date-repeat", 1, 1, "an untitled episode opens with 2 date lines, this one with 1")],
    ),
    "untitled_three_dates": (
        f"{D}\n{D}\n{D}\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [("date-repeat", 3, 1, "an untitled episode opens with 2 date lines, this one with 3")],
    ),
    "titled_four_dates": (
        f"{D}\nT\n{D}\n{D}\n{D}\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", "T", "Text.", [("A", False)])],
        [("date-repeat", 5, 1, "a titled episode opens with 3 date lines, this one with 4")],
    ),
    "weekday_abbrev": (
        "Thu Oct 02, 2025\nThu Oct 02, 2025\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [
            (
                "date-format",
                1,
                4,
                "date line 'Thu Oct 02, 2025' is not written as 'Thursday Oct 02, 2025'",
            )
        ],
    ),
    "weekday_mismatch": (
        "Friday Oct 02, 2025\nFriday Oct 02, 2025\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [("weekday-mismatch", 1, 1, "'Friday Oct 02, 2025': 2025-10-02 is a Thursday")],
    ),
    "invalid": (
        "Thursday Feb 30, 2025\nThursday Feb 30, 2025\nText.Credit to Paper authors: A",
        (None, None, None),
        [(None, None, "Text.", [("A", False)])],
        [("date-invalid", 1, 14, "'Thursday Feb 30, 2025' names a day that does not exist")],
    ),
    "sept": (
        "Tuesday Sept 02, 2025\nTuesday Sept 02, 2025\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-09-02", None, "Text.", [("A", False)])],
        [
            (
                "date-format",
                1,
                12,
                "date line 'Tuesday Sept 02, 2025' is not written as 'Tuesday Sep 02, 2025'",
            )
        ],
    ),
    "full_month": (
        "Thursday October 2nd, 2025\nThursday October 2nd, 2025\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [
            (
                "date-format",
                1,
                13,
                "date line 'Thursday October 2nd, 2025' is not written as 'Thursday Oct 02, 2025'",
            )
        ],
    ),
    "no_weekday": (
        "Oct 02, 2025\nOct 02, 2025\nText.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [
            (
                "date-format",
                1,
                1,
                "date line 'Oct 02, 2025' is not written as 'Thursday Oct 02, 2025'",
            )
        ],
    ),
    "header": (
        f"PaperLedge\n\nHosted by the Ernis. Desc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nText.Credit to Paper authors: A",
        ("PaperLedge", "Hosted by the Ernis. Desc", "Ernis"),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [],
    ),
    "header_two_blanks": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n{D}\n{D}\nText.Credit to Paper authors: A",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [("blank-lines", 8, 1, "expected 3 blank lines before the first episode, found 2")],
    ),
    "stray_after_header": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\nstray\n\n\n\n{D}\n{D}\nText.Credit to Paper authors: A",
        ("PaperLedge", "Desc\nstray", None),
        [("2025-10-02", None, "Text.", [("A", False)])],
        [
            (
                "stray-text",
                6,
                1,
                "text after an author credit or before the first episode was kept in the show's description",
            )
        ],
    ),
    "two_blanks_between": (
        f"{D}\n{D}\nA.Credit to Paper authors: A\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        (None, None, None),
        [("2025-10-02", None, "A.", [("A", False)]), ("2025-10-02", None, "B.", [("B", False)])],
        [("blank-lines", 6, 1, "expected 3 blank lines between episodes, found 2")],
    ),
    "stray_after_credit": (
        f"{D}\n{D}\nA.Credit to Paper authors: A\nstray\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        (None, None, None),
        [
            ("2025-10-02", None, "A.\nstray", [("A", False)]),
            ("2025-10-02", None, "B.", [("B", False)]),
        ],
        [
            (
                "stray-text",
                4,
                1,
                "text after an author credit or before the first episode was kept in the episode's description",
            )
        ],
    ),
    "missing_credit": (
        f"{D}\n{D}\nA.\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        (None, None, None),
        [("2025-10-02", None, "A.", []), ("2025-10-02", None, "B.", [("B", False)])],
        [
            (
                "missing-credit",
                3,
                1,
                "the episode that starts at line 1 has no 'Credit to Paper authors:' line",
            )
        ],
    ),
    "truncated": (
        f"{D}\n{D}\nA.\nB.",
        (None, None, None),
        [("2025-10-02", None, "A.\nB.", [])],
        [("truncated", 4, 1, "the input ends inside an episode, before its author credit")],
    ),
    "authors_defects": (
        f'{D}\n{D}\nA.Credit to Paper authors: :, X, , Y, G, :, "Q, R", Grp: P',
        (None, None, None),
        [
            (
                "2025-10-02",
                None,
                "A.",
                [
                    ("X", False),
                    ("Y", False),
                    ("G", True),
                    ("Q, R", False),
                    ("Grp", True),
                    ("P", False),
                ],
            )
        ],
        [
            ("author-list", 3, 27, "a ':' group mark stands before any name"),
            ("author-list", 3, 33, "empty name in the author list"),
        ],
    ),
    "empty_credit": (
        f"{D}\n{D}\nA.Credit to Paper authors:   ",
        (None, None, None),
        [("2025-10-02", None, "A.", [])],
        [("author-list", 3, 27, "the credit names no author")],
    ),
    "repeated_header": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.Credit to Paper authors: A\nPaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", [("A", False)]), ("2025-10-02", None, "B.", [("B", False)])],
        [],
    ),
    "different_header": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.Credit to Paper authors: A\nOther\n\nDesc2\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [
            ("2025-10-02", None, "A.\nOther\n\nDesc2\nEpisodes\nEpisodes", [("A", False)]),
            ("2025-10-02", None, "B.", [("B", False)]),
        ],
        [
            (
                "header-mismatch",
                16,
                1,
                "a page header that differs from the first one was kept as text",
            ),
            (
                "stray-text",
                12,
                1,
                "text after an author credit or before the first episode was kept in the episode's description",
            ),
        ],
    ),
    "glued_header": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.Credit to Paper authors: APaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", [("A", False)]), ("2025-10-02", None, "B.", [("B", False)])],
        [
            (
                "missing-newline",
                11,
                1,
                "the page header's title 'PaperLedge' was glued to the line before it",
            )
        ],
    ),
    "date_mismatch": (
        f"{D}\nT\nFriday Oct 03, 2025\n{D}\nA.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", "T", "A.", [("A", False)])],
        [
            (
                "date-mismatch",
                3,
                1,
                "date 'Friday Oct 03, 2025' differs from the episode's first date 'Thursday Oct 02, 2025'; the first is kept",
            )
        ],
    ),
    "header_only_later": (
        f"{D}\n{D}\nA.Credit to Paper authors: A\nPaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", [("A", False)]), ("2025-10-02", None, "B.", [("B", False)])],
        [],
    ),
    "header_after_missing_credit": (
        f"{D}\n{D}\nA.\nPaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", []), ("2025-10-02", None, "B.", [("B", False)])],
        [
            (
                "missing-credit",
                3,
                1,
                "the episode that starts at line 1 has no 'Credit to Paper authors:' line",
            )
        ],
    ),
    "second_header_after_missing_credit": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.\nPaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", []), ("2025-10-02", None, "B.", [("B", False)])],
        [
            (
                "missing-credit",
                11,
                1,
                "the episode that starts at line 9 has no 'Credit to Paper authors:' line",
            )
        ],
    ),
    "header_glued_to_text": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", []), ("2025-10-02", None, "B.", [("B", False)])],
        [
            (
                "missing-newline",
                15,
                1,
                "the page header's title 'PaperLedge' was glued to the line before it",
            ),
            (
                "missing-credit",
                11,
                1,
                "the episode that starts at line 9 has no 'Credit to Paper authors:' line",
            ),
        ],
    ),
    "header_at_the_end": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.\n\nPaperLedge\n\nDesc\nEpisodes\nEpisodes",
        ("PaperLedge", "Desc", None),
        [("2025-10-02", None, "A.", [])],
        [("truncated", 11, 1, "the input ends inside an episode, before its author credit")],
    ),
    "header_with_stray_text": (
        f"PaperLedge\n\nDesc\nEpisodes\nEpisodes\n\n\n\n{D}\n{D}\nA.Credit to Paper authors: A\n\nPaperLedge\n\nDesc\nEpisodes\nEpisodes\nafter\n\n\n{D}\n{D}\nB.Credit to Paper authors: B",
        ("PaperLedge", "Desc", None),
        [
            ("2025-10-02", None, "A.\nafter", [("A", False)]),
            ("2025-10-02", None, "B.", [("B", False)]),
        ],
        [
            (
                "stray-text",
                18,
                1,
                "text after an author credit or before the first episode was kept in the episode's description",
            ),
            ("blank-lines", 21, 1, "expected 3 blank lines before the first episode, found 2"),
        ],
    ),
    "repeat_differs_format": (
        f"{D}\nT\nThursday  Oct 02, 2025\n{D}\nA.Credit to Paper authors: A",
        (None, None, None),
        [("2025-10-02", "T", "A.", [("A", False)])],
        [
            (
                "date-format",
                3,
                10,
                "date line 'Thursday  Oct 02, 2025' is not written as 'Thursday Oct 02, 2025'",
            )
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    data, header, episodes, diagnostics = CASES[name]
    show = parse_text(data)
    assert (show.title, show.description, show.host) == header
    assert [
        (
            e.published.isoformat() if e.published else None,
            e.title,
            e.description,
            [(a.name, a.is_group) for a in e.authors],
        )
        for e in show.episodes
    ] == episodes
    assert [(d.code, d.line, d.column, d.message) for d in show.diagnostics] == diagnostics
    # The same input as bytes, with CRLF line ends, reads the same.
    again = parse_text(data.replace("\n", "\r\n").encode())
    assert again == show
    # Strict mode raises the first defect, located the same way.
    if diagnostics:
        with pytest.raises(ParseError) as raised:
            parse_text(data, strict=True)
        code, line, column, message = diagnostics[0]
        assert (raised.value.code, raised.value.line, raised.value.column) == (code, line, column)
        assert raised.value.message == message
    else:
        assert parse_text(data, strict=True) == show
