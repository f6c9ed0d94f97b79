"""Whole numbers in a source: read without raising, kept only when they fit 64 bits."""

from __future__ import annotations

import json

import pytest

from paperledge._rules.numbers import MAX_WHOLE, TooLong, bounded_int, where_too_long, whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("372", 372),
        ("007", 7),
        (str(MAX_WHOLE), MAX_WHOLE),
        ("0" * 50 + "12", 12),  # leading zeros do not make a number large
    ],
)
def test_digits_that_fit_64_bits_are_a_number(text: str, expected: int) -> None:
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        str(MAX_WHOLE + 1),
        "9" * 20,
        "9" * 4301,  # int() itself refuses this many digits
        "9" * 100_000,
        "",
        "-1",
        "3.5",
        "1e3",
        " 12",
        "١٢",  # Arabic-Indic digits: str.isdigit says yes, a byte count says no
        "²",
    ],
)
def test_anything_else_is_no_number_and_does_not_raise(text: str) -> None:
    assert whole_number(text) is None


def test_json_integers_past_4300_digits_are_refused_with_their_length() -> None:
    assert json.loads("[12, -3]", parse_int=bounded_int) == [12, -3]
    assert json.loads("9" * 4300, parse_int=bounded_int) == int("9" * 4300)
    with pytest.raises(TooLong, match="5,000 digits"):
        json.loads('{"a": ' + "9" * 5000 + "}", parse_int=bounded_int)
    with pytest.raises(TooLong, match="5,000 digits"):
        json.loads("-" + "9" * 5000, parse_int=bounded_int)


def test_the_too_long_number_is_located_by_line_and_column() -> None:
    text = '{\n  "x": 1,\n  "length": ' + "9" * 5000 + "\n}"
    assert where_too_long(text) == (3, 13)
    assert text.splitlines()[2][12] == "9"


def test_locating_a_too_long_number_after_many_long_ones_costs_linear_time() -> None:
    # Tried from inside each 4,300-digit run, the search once counted the
    # run again at every digit.  Still
    # found where the first run of 4,301 digits starts.
    text = ("9" * 4300 + " ") * 200 + "\n  " + "9" * 4301
    assert where_too_long(text) == (2, 3)
