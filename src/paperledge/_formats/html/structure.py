"""The page's structure: which elements are the listing's episodes, and what libxml2 repaired."""

from __future__ import annotations

import re
from typing import cast

from lxml import etree

from ..._rules.credits import CREDIT_MARKER
from .episode import Context
from .lines import BLOCK, EDGE, HEAD, HEADINGS, SKIP_TAGS, plain, text_lines
from .locate import error_place, first_unclosed

__all__ = ["containers", "is_truncated", "listed_episodes", "owners", "structure_checks"]

_CONFLICT = ""
# libxml2 2.14's wording: "Opening and ending tag mismatch", "Unexpected end
# tag", "misplaced <html> tag".
_STRUCTURE_ERRORS = ("mismatch", "Unexpected", "misplaced")
_CHECKED_END_TAGS = ("div", "a")
_TOO_DEEP = "Excessive depth in document"
# descendant:: rather than //: the abbreviation visits every text node too.
_COUNT_ELEMENTS = {
    tag: etree.XPath(f"count(descendant-or-self::{tag})") for tag in _CHECKED_END_TAGS
}


# -- structure: which elements are the listing's episodes ----------------------------


def containers(
    body: etree._Element, links: list[tuple[etree._Element, str]]
) -> tuple[list[tuple[etree._Element, str, list[str]]], list[str]]:
    """The listing's episode elements in document order, with slugs and lines.

    An episode is the largest element around one of its links that holds no
    link to another episode, provided it holds text (a sidebar's or a menu's
    link has none around it).  Also returns the lines of the whole body.
    """
    found = _episode_elements(body, links)
    for element in found:
        # Each element's text opens and closes with a line of its own, EDGE:
        # the page's text is written and cut into lines once, and an
        # episode's lines are a slice of those.  The elements do not nest
        # (each holds one slug) and come in document order, so the EDGE
        # lines pair up in turn.
        heading = HEAD if element.tag in HEADINGS else ""
        element.text = f"{BLOCK}{EDGE}{BLOCK}{heading}{element.text or ''}"
        if len(element):
            last = element[-1]
            last.tail = f"{last.tail or ''}{BLOCK}{EDGE}{BLOCK}"
        else:
            element.text += f"{BLOCK}{EDGE}{BLOCK}"
    text = text_lines(body)
    result = []
    end = 0
    for element, slug in found.items():
        try:
            start = text.index(EDGE, end) + 1
            end = text.index(EDGE, start)
        except ValueError:  # pragma: no cover - _written keeps the marks paired
            break
        inner = text[start:end]
        end += 1
        if not (inner and CREDIT_MARKER in inner[-1]):
            joined = "\n".join(inner)
            # rfind: the credit closes the text, so the search from the end is short.
            if joined.rfind(CREDIT_MARKER) < 0 and len(plain(joined).strip()) < 200:
                continue  # a sidebar's or a menu's link: no text around it
        result.append((element, slug, inner))
    return result, text


def listed_episodes(body: etree._Element, links: list[tuple[etree._Element, str]]) -> int:
    """How many episode elements :func:`containers` would find, without marking the tree.

    The same test as there: an element holds an episode's text when it holds
    a credit or some 200 characters (a sidebar's link has a title at most).
    """
    count = 0
    for element in _episode_elements(body, links):
        text = " ".join(
            etree.tostring(element, method="text", encoding="unicode", with_tail=False).split()
        )
        if CREDIT_MARKER in text or len(text) >= 200:
            count += 1
    return count


def _episode_elements(
    body: etree._Element, links: list[tuple[etree._Element, str]]
) -> dict[etree._Element, str]:
    """The element of each episode link, in the links' order (see :func:`containers`)."""
    slugs: dict[etree._Element, str] = {}
    for link, slug in links:
        node: etree._Element | None = link
        while node is not None:
            known = slugs.get(node)
            if known is None:
                slugs[node] = slug
            elif known in (slug, _CONFLICT):
                break
            else:
                slugs[node] = _CONFLICT
            node = node.getparent()
    found: dict[etree._Element, str] = {}
    for link, slug in links:
        node = link
        parent = node.getparent()
        while parent is not None and parent is not body and slugs.get(parent) == slug:
            node, parent = parent, parent.getparent()
        found.setdefault(node, slug)
    return _written(body, found)


def _written(body: etree._Element, found: dict[etree._Element, str]) -> dict[etree._Element, str]:
    """The episode elements whose text the stylesheet writes, none inside another.

    The EDGE marks pair up in turn only if every element's pair is written
    and no element holds another.  Left out: an element inside chrome (a
    tag in _SKIP, a link renamed to one) or outside the body (a link in the
    head), and one inside another episode element (a link inside a link).
    """
    kept: dict[etree._Element, str] = {}
    for element, slug in found.items():
        node: etree._Element | None = element
        while node is not None and node is not body:
            if node.tag in SKIP_TAGS or (node is not element and node in found):
                break
            node = node.getparent()
        if node is body:
            kept[element] = slug
    return kept


def _depth(message: str) -> str:
    # "Excessive depth in document: 2048, use XML_PARSE_HUGE option"
    number = message.partition(":")[2].partition(",")[0].strip()
    return f"{int(number):,}" if number.isdigit() else "libxml2's limit of"


def structure_checks(
    root: etree._Element,
    parser: etree.HTMLParser,
    source: bytes,
    ctx: Context,
) -> None:
    """Report what libxml2 repaired: its logged errors, and elements it closed silently."""
    found: list[tuple[int, int, str]] = []
    for error in parser.error_log:
        message = error.message.strip()
        if message.startswith(_TOO_DEEP):
            # libxml2 stops reading the page at its nesting limit.
            ctx.reporter.report(
                "too-large",
                f"the page nests its elements deeper than {_depth(message)} levels, where "
                "libxml2 stops: the rest of the page was not read",
                error.line,
                max(error.column, 1),
            )
        elif any(marker in message for marker in _STRUCTURE_ERRORS):
            line, column = error_place(ctx.locator, message, error.line, error.column)
            found.append((line, column, f"{message}; the tree was repaired"))
    # Strict mode raises at the first defect in the source, wherever libxml2 met it.
    if found:
        for line, column, message in sorted(found):
            ctx.reporter.report("html-structure", message, line, column)
    # libxml2 closes unclosed elements silently; compare elements with end tags.
    if ctx.truncated:
        # A page cut short leaves its elements open: html-truncated says it.
        return
    counts = {
        tag: int(cast("float", count_elements(root)))
        for tag, count_elements in _COUNT_ELEMENTS.items()
    }
    checked = [tag for tag in _CHECKED_END_TAGS if counts[tag]]
    if not checked:
        return
    # An end tag written in a script's text ("</div>" in a string) is no end tag.
    scripts = [script.text for script in root.iter("script") if script.text]
    for tag in checked:
        elements = counts[tag]
        if elements <= _end_tags(source, scripts, tag, exact=True):
            continue
        ends = _end_tags(source, scripts, tag, exact=False)
        if elements > ends:
            line, column = first_unclosed(source, tag)
            ctx.reporter.report(
                "html-structure",
                f"{elements - ends} <{tag}> element(s) are not closed; the tree was repaired",
                line,
                column,
            )


def _end_tags(source: bytes, scripts: list[str], tag: str, *, exact: bool) -> int:
    """How many ``</tag>`` end tags ``source`` writes outside its scripts' texts.

    An end tag may be written in any case and with spaces before its ``>``
    (``</DIV >``).  ``exact`` counts only ``</tag>`` as written here, a
    subset of those: a count that already reaches the number of elements
    settles it without the pattern (most pages write their end tags so).
    """
    if exact:
        closing = f"</{tag}>"
        return source.count(closing.encode()) - sum(text.count(closing) for text in scripts)
    written = f"</{tag}[\\s/>]"
    in_scripts = sum(len(re.findall(written, text, re.IGNORECASE)) for text in scripts)
    return len(re.findall(written.encode(), source, re.IGNORECASE)) - in_scripts


def is_truncated(source: bytes) -> bool:
    tail = source[-1024:].lower()
    return b"</html" not in tail and b"</body" not in tail


def owners(elements: list[etree._Element], containers: list[etree._Element]) -> list[int]:
    """For each element, the index of the nearest container holding it (itself included), or -1."""
    owner = {element: index for index, element in enumerate(containers)}
    found = []
    for element in elements:
        node: etree._Element | None = element
        while node is not None and node not in owner:
            node = node.getparent()
        found.append(-1 if node is None else owner[node])
    return found
