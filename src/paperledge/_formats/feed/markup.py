"""The HTML of a feed item's text, as the plain-text lines the dumps show.

A regex tokenizer rather than an HTML parser: the feed's HTML is a handful
of block tags, whose text needs no tree.  Structure follows
:mod:`paperledge._rules.lines`: a paragraph is a line, a list item is
indented by two spaces (four when nested), a block quote (a pulled quote)
by two.
"""

from __future__ import annotations

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
_BLOCK_TAG = re.compile(rf"<(/?)({_BLOCK_NAMES}|{_BLOCK_NAMES.upper()})(?=[\s/>])[^>]*>")
_INLINE_TAG = re.compile(r"<[^>]*>")
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


# Bare block tags (``<p>``, ``</li>``, ``<br/>``: no attributes), as the
# site's feed writes them: name after the ``<`` -> (structure kind, step), or
# None for a block that is not a list, item or quote.
_SIMPLE_TAGS: dict[str, tuple[int, int] | None] = {}
for _name in _BLOCK_NAMES.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"):
    for _spelled in (_name, _name.upper()):
        _kind = _STRUCTURE.get(_spelled)
        _SIMPLE_TAGS[_spelled] = None if _kind is None else (_kind, 1)
        _SIMPLE_TAGS["/" + _spelled] = None if _kind is None else (_kind, -1)
for _spelled in ("br", "BR"):
    _SIMPLE_TAGS[_spelled + "/"] = _SIMPLE_TAGS[_spelled + " /"] = None
_NOT_SIMPLE = (-1, 0)


def _fix_text(text: str, entities: bool, runs: bool) -> str:
    """A block's text, stripped of spaces and newlines, with its newlines
    replaced, its entities decoded and runs of spaces collapsed (``""`` if
    nothing is left); ``runs``: whether the whole markup holds "  "."""
    if "\n" in text:
        text = text.replace("\n", " ")
        runs = True  # a newline beside a space is a run now
    if entities and "&" in text:
        return collapse(html.unescape(text))
    if runs and "  " in text:
        return single_spaces(text)
    return text


# How the site's feed separates two paragraphs.
_PARAGRAPH_BREAK = "</p>\n<p>"


def _simple_lines(markup: str) -> list[str] | None:
    """:func:`html_to_lines` of markup whose every ``<`` opens a bare block tag.

    Such markup is what the site's feed carries: there the regular
    expression finds exactly the tags that ``str.split`` and a dict find, so
    the lines are the same.  ``None`` for other markup.
    Tabs, carriage returns and form feeds must already be spaces; newlines
    may be left in (the site's feed puts one between its blocks).
    """
    entities = "&" in markup
    runs = "  " in markup
    out: list[str] = []
    append = out.append
    tags = _SIMPLE_TAGS
    lists = quotes = items = 0
    indent = ""
    # A paragraph break changes no indentation and holds no text, so the
    # markup is first cut there (one C-level split): most pieces are then a
    # paragraph's bare text, and only those holding another tag are cut at
    # each "<".  The text before a piece's first tag reads as if after a <p>.
    # Newlines are spaces in HTML: a text stripped of spaces and newlines is
    # the newline-replaced text stripped of spaces, and holds a newline only
    # where the markup has one inside a block (rare: _fix_text replaces it).
    fix = entities or runs
    for raw in markup.split(_PARAGRAPH_BREAK):
        if "<" in raw:
            pieces = raw.split("<")
            head = pieces[0]
        else:
            pieces = None
            head = raw
        text = head.strip(" \n")
        if text:
            if fix or "\n" in text:
                text = _fix_text(text, entities, runs)
            if text:
                append(indent + text if indent else text)
        if pieces is None:
            continue
        for piece in itertools.islice(pieces, 1, None):
            name, closed, text = piece.partition(">")
            tag = tags.get(name, _NOT_SIMPLE) if closed else _NOT_SIMPLE
            if tag is _NOT_SIMPLE:
                if not (closed and "\n" in name):
                    return None
                # A newline inside a tag is a space (``<br\n/>``).
                tag = tags.get(name.replace("\n", " "), _NOT_SIMPLE)
                if tag is _NOT_SIMPLE:
                    return None
            if tag is not None:
                kind, step = tag
                # Counts never go below zero (a stray closing tag is ignored),
                # as in html_to_lines.
                if kind == _ITEM:
                    items = items + step if items + step > 0 else 0
                elif kind == _LIST:
                    lists = lists + step if lists + step > 0 else 0
                else:
                    quotes = quotes + step if quotes + step > 0 else 0
                indent = ("    " if lists >= 2 else "  ") if items else ("  " if quotes else "")
            text = text.strip(" \n")
            if not text:
                continue
            if fix or "\n" in text:
                text = _fix_text(text, entities, runs)
                if not text:
                    continue
            append(indent + text if indent else text)
    return out


def _strip_inline_tags(text: str) -> str:
    # Up to the last ">" only, for the reason given in html_to_lines.
    end = text.rfind(">") + 1
    return _INLINE_TAG.sub("", text[:end]) + text[end:] if end else text


def _block_text(text: str) -> str:
    """A block's text without its inline tags, entities decoded, whitespace collapsed.

    The markup's only whitespace is spaces by now (html_to_lines replaced
    the rest), so without a reference or a run of two the text only needs
    stripping.
    """
    if "<" in text:
        text = _strip_inline_tags(text)
    if "&" in text:
        return collapse(html.unescape(text))
    if "  " in text:
        return collapse(text)
    return text.strip(" ")


# A decimal character reference, as publishing tools write every curly quote.
_DECIMAL_REFERENCE = re.compile(r"&#([0-9]{2,7});")


def _decode_references(markup: str) -> str:
    """``markup`` with its decimal references to plain characters decoded.

    Each distinct reference is replaced in one pass over the markup (most
    notes use a handful: quotes, apostrophes, dashes), rather than one
    Python call per reference.  Only those that decode to a character with
    no meaning in markup and that ``html.unescape`` decodes the same way;
    ``&#38;``, ``&#60;`` and the like are left to the per-block decoding.
    """
    for digits in set(_DECIMAL_REFERENCE.findall(markup)):
        written = f"&#{digits};"
        character = html.unescape(written)
        # Printable and not a space: no whitespace rule or tag can see it.
        if len(character) == 1 and character.isprintable() and character not in " &<>":
            markup = markup.replace(written, character)
    return markup


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
    markup = _HIDDEN.sub(" ", markup.replace("\n", " "))
    # A "<" with no ">" after it would make the tag patterns scan to the end
    # from every later "<" (quadratic): no tag can end past the last ">", so
    # only the text up to it is split, and the rest is text.
    end = markup.rfind(">") + 1
    parts = _BLOCK_TAG.split(markup[:end])
    parts[-1] += markup[end:]
    out: list[str] = []
    append = out.append
    kinds = _STRUCTURE.get
    lists = quotes = items = 0
    indent = ""
    # re.split gives text, then (closing "/", name, text) per tag: the text
    # before the first tag comes after no tag (None).
    closings: list[str | None] = [None, *parts[1::3]]
    names: list[str | None] = [None, *parts[2::3]]
    for closing, name, pending in zip(closings, names, parts[0::3], strict=True):
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
        # Between two tags there is often nothing, or one space.
        text = _block_text(pending) if pending.strip(" ") else ""
        if text:
            append(indent + text if indent else text)
    return out


def plain_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped:
            lines.append(stripped)
    return lines
