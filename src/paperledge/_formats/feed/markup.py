"""The HTML of a feed item's text, as the plain-text lines the dumps show.

A regex tokenizer rather than an HTML parser: the feed's HTML is a handful
of block tags, whose text needs no tree.  Structure follows
:mod:`paperledge._rules.lines`: a paragraph is a line, a list item is
indented by two spaces (four when nested), a block quote (a pulled quote)
by two.
"""

from __future__ import annotations

import functools
import html
import itertools
import re

from ..._rules.lines import collapse, single_spaces

__all__ = ["LOOKS_LIKE_HTML", "html_to_lines", "plain_lines"]

# Block-level tags end a line; everything else inside a block is inline.
# The names in lower and in upper case, as HTML is written; a name in mixed
# case reads as an inline tag.
_BLOCK_NAMES = (
    "p|li|ul|ol|br|div|blockquote|pre|hr|h[1-6]|section|article|header|footer"
    "|table|tr|td|th|dl|dt|dd|figure|figcaption"
)
# What a tag holds between its "<" and its ">": a ">" or "<" inside an
# attribute value in quotes is the value's ('alt="a<br />b"'), as a browser
# reads it; a quote that is never closed is a character like any other.
_QUOTED = r"""[ \t\n\r\f]*(?:"[^"]*"|'[^']*')"""
_VALUE = f"={_QUOTED}"
# An "=" that opens no whole value (the next character is text).  With
# _VALUE, one way to read each "=": the patterns below stay linear without
# possessive quantifiers, which Python 3.10's re does not have.
_EQUALS = f"=(?!{_QUOTED})"
_BLOCK_START = rf"<(/?)({_BLOCK_NAMES}|{_BLOCK_NAMES.upper()})(?=[\s/>])"
_NO_BLOCK_START = rf"<(?!/?(?:{_BLOCK_NAMES}|{_BLOCK_NAMES.upper()})(?=[\s/>]))"
# The tokens of the regex path, left to right: a block's tag (its "/" and
# name), which ends at the first ">" outside a value; or a "<" that opens
# no block, with what follows it up to that ">" (an inline tag) or, when a
# block's tag or the end comes first, up to there (text).  re.split gives
# (closing, name, inline, ">", text) per token.
_TOKEN = re.compile(
    rf"{_BLOCK_START}[^>=]*(?:(?:{_VALUE}|{_EQUALS})[^>=]*)*>"
    rf"|<([^<>=]*(?:(?:{_VALUE}|{_EQUALS}|{_NO_BLOCK_START})[^<>=]*)*)(>)?"
)
# In a tag written up to its first ">" (what follows its "<"), a value in
# quotes left open there, so that the tag may end at a later ">".  The last
# value is the only one that can be open; what only looks like one (inside
# a value in the other quotes) sends the markup to the regex path all the same.
_OPEN_VALUE = re.compile(r"""=[ \t\n\r\f]*(?:"[^"]*|'[^']*)\Z""")
# Comments and elements whose content is not text, removed first.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|noscript)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
LOOKS_LIKE_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]*[\s/>]|!--)")
_ITEM, _LIST, _QUOTE = range(3)
_STRUCTURE: dict[str | None, int] = {
    name: kind
    for kind, names in ((_ITEM, ("li",)), (_LIST, ("ul", "ol")), (_QUOTE, ("blockquote",)))
    for lower in names
    for name in (lower, lower.upper())
}


# What _tag says of a tag that is not a block's, and of one that starts a
# comment or an element whose content is not text (left to the regex path).
_INLINE = (-1, 0)
_HIDDEN_TAG = (-2, 0)
_HIDDEN_STARTS = ("!--", "script", "style", "template", "noscript")
# Tags as they are most often written (``<p>``, ``</li>``, ``<br/>``,
# ``<em>``): what follows the ``<`` -> what _tag says of it, (structure kind,
# step) or None for a block, _INLINE for an inline element.  Other tags are
# looked at by _tag.
_BARE_TAGS: dict[str, tuple[int, int] | None] = {}
_INLINE_NAMES = (
    "a|b|i|u|s|q|em|strong|span|small|big|sub|sup|code|cite|mark|abbr|del|ins|kbd|var"
    "|samp|dfn|time|font|tt|strike"
)
for _name in _INLINE_NAMES.split("|"):
    for _spelled in (_name, _name.upper()):
        _BARE_TAGS[_spelled] = _BARE_TAGS["/" + _spelled] = _INLINE
_BLOCKS = frozenset(
    spelled
    for name in _BLOCK_NAMES.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|")
    for spelled in (name, name.upper())
)
for _spelled in _BLOCKS:
    _kind = _STRUCTURE.get(_spelled)
    _BARE_TAGS[_spelled] = None if _kind is None else (_kind, 1)
    _BARE_TAGS["/" + _spelled] = None if _kind is None else (_kind, -1)
for _spelled in ("br", "BR"):
    _BARE_TAGS[_spelled + "/"] = _BARE_TAGS[_spelled + " /"] = None
# What _BARE_TAGS says of a tag it does not hold.
_UNKNOWN = (-3, 0)


def _tag(written: str) -> tuple[int, int] | None:
    """What a tag (``written``: what follows its ``<``, up to its ``>``) is:
    a block's (kind, step) or None, _INLINE, or _HIDDEN_TAG.

    As _TOKEN reads it: a block's name, in lower or upper case, after an
    optional "/" and before whitespace, "/" or the end.  Anything that may
    open a comment or a hidden element (_HIDDEN) is _HIDDEN_TAG, however it
    ends, and so is a tag whose value in quotes goes on past this ">": the
    regex path reads those.
    """
    if written[:8].lower().startswith(_HIDDEN_STARTS):
        return _HIDDEN_TAG
    if ('"' in written or "'" in written) and _OPEN_VALUE.search(written):
        return _HIDDEN_TAG
    closing = written.startswith("/")
    words = (written[1:] if closing else written).split(None, 1)
    name = words[0].partition("/")[0] if words else ""
    if name not in _BLOCKS:
        return _INLINE
    kind = _STRUCTURE.get(name)
    return None if kind is None else (kind, -1 if closing else 1)


def _fix_text(text: str, entities: bool) -> str:
    """A block's text, stripped of spaces and newlines, as _block_text
    makes it: newlines as spaces, entities decoded, runs of spaces
    collapsed (``""`` if nothing is left)."""
    if "\n" in text:
        text = text.replace("\n", " ")
    if entities and "&" in text:
        return collapse(html.unescape(text))
    if "  " in text:
        return single_spaces(text)
    return text


# How the site's feed separates two paragraphs.
_PARAGRAPH_BREAK = "</p>\n<p>"


def _simple_lines(markup: str) -> list[str] | None:
    """:func:`html_to_lines` of markup whose every ``<`` opens a tag that
    ends before the next ``<``, and that holds no comment or hidden element.

    Such markup is nearly all a feed carries: cut at each ``<``, each piece
    is a tag up to its first ``>``, then text; a block tag ends a line, an
    inline tag's text joins the line it is in.  The tags found are those
    the regular expressions find (_tag reads a name as _BLOCK_TAG does), so
    the lines are the same.  ``None`` for other markup.  Tabs, carriage
    returns and form feeds must already be spaces; newlines may be left in.
    """
    entities = "&" in markup
    out: list[str] = []
    append = out.append
    bare = _BARE_TAGS.get
    inline, unknown = _INLINE, _UNKNOWN
    lists = quotes = items = 0
    indent = ""
    # A paragraph break changes no indentation and holds no text, so the
    # markup is first cut there (one C-level split): most pieces are then a
    # paragraph's bare text, and only those holding another tag are cut at
    # each "<".  The text before a piece's first tag reads as if after a <p>.
    for raw in markup.split(_PARAGRAPH_BREAK):
        if "<" not in raw:
            pieces = None
            text = raw
        else:
            pieces = raw.split("<")
            text = pieces[0]
            for piece in itertools.islice(pieces, 1, None):
                written, closed, after = piece.partition(">")
                if not closed:
                    return None
                tag = bare(written, unknown)
                if tag is unknown:
                    tag = _tag(written)
                    if tag is _HIDDEN_TAG:
                        return None
                if tag is inline:
                    text += after
                    continue
                # A block tag ends the line before it.
                text = text.strip(" \n")
                if text:
                    text = _fix_text(text, entities)
                    if text:
                        append(indent + text if indent else text)
                text = after
                if tag is not None:
                    kind, step = tag
                    # Counts never go below zero (a stray closing tag is
                    # ignored), as in html_to_lines.
                    if kind == _ITEM:
                        items = items + step if items + step > 0 else 0
                    elif kind == _LIST:
                        lists = lists + step if lists + step > 0 else 0
                    else:
                        quotes = quotes + step if quotes + step > 0 else 0
                    indent = (
                        ("    " if lists >= 2 else "  ") if items else ("  " if quotes else "")
                    )
        text = text.strip(" \n")
        if text:
            text = _fix_text(text, entities)
            if text:
                append(indent + text if indent else text)
    return out


def _block_text(text: str) -> str:
    """A block's text (its inline tags taken off), entities decoded, whitespace collapsed.

    The markup's only whitespace is spaces by now (html_to_lines replaced
    the rest), so without a reference or a run of two the text only needs
    stripping.
    """
    if "&" in text:
        return collapse(html.unescape(text))
    if "  " in text:
        return collapse(text)
    return text.strip(" ")


@functools.lru_cache(maxsize=1024)
def _plain_character(digits: str) -> str | None:
    """The character ``&#digits;`` stands for, if the references pre-step may
    decode it; ``None`` if it is left to the per-block decoding.

    Printable and not a space: no whitespace rule or tag can see it.  Not
    ``&``, ``<``, ``>``, ``#``, ``;``, ``=`` nor an ASCII letter or digit:
    those could make a reference, a tag or a value in quotes with the text
    around them (``&&#97;mp;`` is "&amp;" as written, not "&"), which
    decoding once per block never does.  A quote is decoded only in markup
    that writes no value in quotes (_plain_unquoted), where no tag sees it.
    """
    character = html.unescape(f"&#{digits};")
    if (
        len(character) == 1
        and character.isprintable()
        and character not in " &<>#;="
        and not (character.isascii() and character.isalnum())
    ):
        return character
    return None


@functools.lru_cache(maxsize=1024)
def _plain_unquoted(digits: str) -> str | None:
    """_plain_character, but ``None`` for a quote: in markup with values in
    quotes, a decoded quote could open or close one, as a reference never does."""
    character = _plain_character(digits)
    return None if character in ("'", '"') else character


# Where a value in quotes may start, before references are decoded: "=",
# spaces, then a quote or a reference that may be one.
_MAY_OPEN_VALUE = re.compile(r"""=[ \t\n\r\f]*(?:["']|&#)""")


def _decode_references(markup: str) -> str:
    """``markup`` with its decimal references to plain characters decoded.

    One pass: the markup is cut at each ``&#`` (in C) and each reference
    (two to seven ASCII digits and ``;``) is looked up once per distinct
    number (_plain_character), rather than decoded by html.unescape in
    every block, which costs a Python call per reference and a pass over
    the block's whitespace.  References left as written (``&#38;``,
    ``&#x2019;``, ``&#8217`` without ``;``) are decoded per block.
    """
    pieces = markup.split("&#")
    out = [pieces[0]]
    append = out.append
    quoted = "=" in markup and _MAY_OPEN_VALUE.search(markup)
    plain = _plain_unquoted if quoted else _plain_character
    for piece in itertools.islice(pieces, 1, None):
        digits, semicolon, rest = piece.partition(";")
        if semicolon and 2 <= len(digits) <= 7 and digits.isascii() and digits.isdigit():
            character = plain(digits)
            if character is not None:
                append(character)
                append(rest)
                continue
        append("&#")
        append(piece)
    return "".join(out)


def html_to_lines(markup: str) -> list[str]:
    """The text of an episode's HTML as the dumps show it: one line per block.

    A paragraph is a line; a list item is indented by two spaces (four when
    nested); a block quote (a pulled quote) by two.  Whitespace inside a
    block is collapsed, as a browser shows it; empty blocks are dropped.
    """
    if "&#" in markup:
        markup = _decode_references(markup)
    # Whitespace is replaced first: removing comments and scripts (which
    # the replacement cannot create or change) gives the same text either way.
    for space in "\t\r\f":
        if space in markup:
            markup = markup.replace(space, " ")
    if "<" in markup:
        simple = _simple_lines(markup)
        if simple is not None:
            return simple
    return _regex_lines(markup)


def _regex_lines(markup: str) -> list[str]:
    """:func:`html_to_lines` of any markup (references decoded, tabs,
    carriage returns and form feeds made spaces), by regular expressions."""
    markup = _HIDDEN.sub(" ", markup.replace("\n", " "))
    # A "<" with no ">" after it would make the tag patterns scan to the end
    # from every later "<" (quadratic): no tag can end past the last ">", so
    # only the text up to it is split, and the rest is text.
    end = markup.rfind(">") + 1
    parts = _TOKEN.split(markup[:end])
    parts[-1] += markup[end:]
    out: list[str] = []
    append = out.append
    kinds = _STRUCTURE.get
    lists = quotes = items = 0
    indent = ""
    pending = parts[0]
    # The last text comes before no token (a block's "name" "" ends it).
    parts += (None, "", None, None, "")
    tokens = zip(parts[1::5], parts[2::5], parts[3::5], parts[4::5], parts[5::5], strict=True)
    for closing, name, inline, tag_end, after in tokens:
        if name is None:
            # An inline tag's text joins the block's, as does a "<" opening none.
            pending += after if tag_end else "<" + inline + after
            continue
        # Between two tags there is often nothing, or one space.
        text = _block_text(pending) if pending.strip(" ") else ""
        if text:
            append(indent + text if indent else text)
        pending = after
        kind = kinds(name)
        if kind is not None:
            step = -1 if closing else 1
            if kind == _ITEM:
                items = items + step if items + step > 0 else 0
            elif kind == _LIST:
                lists = lists + step if lists + step > 0 else 0
            else:
                quotes = quotes + step if quotes + step > 0 else 0
            indent = ("    " if lists >= 2 else "  ") if items else ("  " if quotes else "")
    return out


def plain_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped:
            lines.append(stripped)
    return lines
