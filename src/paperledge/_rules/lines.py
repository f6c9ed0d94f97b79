"""A description's lines: the one rule every reader and writer follows.

A description is the episode's spoken text, one line per paragraph as the
dumps show it.  Indentation carries structure: none (or one space) is a
paragraph, two spaces a list item, a deeper one under it a nested item; a
whole line in straight double quotes, at any indentation, is a pulled quote.  HTML
whitespace inside a line is layout (a no-break space is text).
:func:`line_kinds` reads a description's lines by that rule; :func:`feed_text` writes a
description in the canonical form a feed carries, which merging compares.
"""

from __future__ import annotations

import re

__all__ = [
    "HTML_SPACE",
    "HTML_SPACE_CHARS",
    "ITEM",
    "NESTED_ITEM",
    "PARAGRAPH",
    "QUOTE",
    "collapse",
    "feed_text",
    "is_pulled_quote",
    "line_kinds",
    "single_spaces",
    "split_lines",
    "xml_safe",
]

#: What a line of a description is (see :func:`line_kinds`).
PARAGRAPH, ITEM, NESTED_ITEM, QUOTE = "paragraph", "item", "nested item", "quote"

#: HTML's whitespace (not Python's: a no-break space is text in HTML).
HTML_SPACE_CHARS = " \t\n\f\r"
HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
# The runs HTML_SPACE finds that are not already one space: replacing only
# these gives the same text without rewriting every single space.
_SPACE_TO_FIX = re.compile(r" [ \t\n\f\r]+|[\t\n\f\r][ \t\n\f\r]*")
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and CR only (``str.splitlines`` also splits on
    U+2028, form feeds and more, which are text in a dump)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def single_spaces(text: str) -> str:
    """Each run of HTML whitespace as one space."""
    return _SPACE_TO_FIX.sub(" ", text)


def collapse(text: str) -> str:
    """Runs of HTML whitespace as one space, stripped, as a browser shows text."""
    return _SPACE_TO_FIX.sub(" ", text).strip(" ")


def is_pulled_quote(words: str) -> bool:
    """Whether a line's words are one quotation: in straight double quotes, none inside.

    >>> is_pulled_quote('"Attention is all you need."')
    True
    >>> is_pulled_quote('"A" and "B"')
    False
    """
    return len(words) >= 2 and words[0] == '"' and words[-1] == '"' and '"' not in words[1:-1]


def line_kinds(description: str) -> list[tuple[str, str, str]]:
    r"""Each non-blank line of ``description``: what it is, its words, and the line itself.

    What a line is: :data:`QUOTE` (a pulled quote, at any indentation),
    :data:`PARAGRAPH` (indented by less than two), :data:`ITEM` (two or more),
    or :data:`NESTED_ITEM` (deeper than the list item it follows, one level at
    most: the dumps indent sub-items by three or four).  Blank lines do not
    end a list.  The words are the line with its HTML whitespace collapsed.

    >>> [kind for kind, _, _ in line_kinds('Intro\n  An item\n   Its sub-item\n  "Quoted."')]
    ['paragraph', 'item', 'nested item', 'quote']
    """
    out = []
    item_lead = -1  # the indentation of the list's last item, -1 outside a list
    for line in description.split("\n"):
        words = collapse(line)
        if not words:
            continue
        lead = len(line) - len(line.lstrip(HTML_SPACE_CHARS))
        if is_pulled_quote(words):
            kind, item_lead = QUOTE, -1
        elif lead < 2:
            kind, item_lead = PARAGRAPH, -1
        elif 0 <= item_lead < lead:
            kind = NESTED_ITEM
        else:
            kind, item_lead = ITEM, lead
        out.append((kind, words, line))
    return out


def xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


_INDENT = {PARAGRAPH: "", ITEM: "  ", NESTED_ITEM: "    ", QUOTE: "  "}


def feed_text(description: str) -> str:
    """The form in which a feed carries ``description``.

    One line per non-blank line, HTML whitespace (space, tab, CR, FF) inside
    it collapsed (a no-break space is text, as in HTML), indentation
    reduced to the three levels the HTML has (none, two spaces for a list
    item or a pulled quote, four for a nested item), characters XML cannot
    carry replaced.  Two texts with the same :func:`feed_text` say the same
    thing; :func:`paperledge.merge` treats them as equal.
    """
    return "\n".join(_INDENT[kind] + xml_safe(words) for kind, words, _ in line_kinds(description))
