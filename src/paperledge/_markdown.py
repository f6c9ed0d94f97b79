"""Markdown: the show as a readable document (CommonMark, GitHub-flavoured safe).

The show's title is the level-1 heading and its description the first
paragraph.  Each episode is a level-2 heading (its title, else its date)
followed by a paragraph of facts (date, category with its arXiv code, paper
title, authors, links) and then its text.

The text keeps the shape the dumps give it: each line is a paragraph; a
line indented by two or more spaces is a list item (each further space one
level deeper); a line that is one quotation in straight double quotes is a
pulled quote, written as a block quote.  Whitespace-only lines are layout
and are dropped.

Everything taken from the source is escaped, so no title, name or text can
make markup: ``\\ ` * _ [ ] < > | ~ # $`` always get a backslash, ``&`` does
where it would start an entity, and a line that would open a block
(``-``, ``+``, ``=``, ``>``, ``1.``) has its marker escaped.  Raw HTML can
therefore never appear.  Links are only made for ``http``/``https`` URLs,
percent-encoded where a character could end the link.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ._arxiv import arxiv_code
from ._dates import format_date_line
from ._model import Episode, Show, normalize_name
from ._registry import Format, register_format

__all__ = ["escape_markdown", "write_markdown"]

# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the
# characters that can start inline markup anywhere in a line ($ is math on
# GitHub, ~ strikethrough, | tables).
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#$"})
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_ORDERED = re.compile(r"\d{1,9}(?=[.)])")
_BLOCK_STARTS = frozenset("-+=>")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters kept as they are in a link destination; everything else
# (spaces, <, >, \, quotes, non-ASCII) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def escape_markdown(text: str) -> str:
    """``text`` (one line) escaped so that Markdown shows it as it is."""
    out = text.translate(_INLINE)
    if "&" in out:
        out = _ENTITY.sub(r"\\&", out)
    if out:
        if out[0] in _BLOCK_STARTS:
            out = "\\" + out
        elif out[0].isdigit():
            match = _ORDERED.match(out)
            if match is not None:
                end = match.end()
                out = f"{out[:end]}\\{out[end:]}"
    return out


def _inline(text: str) -> str:
    # Titles and names must stay on one line: a line break would end the
    # heading or the paragraph they are in.
    return escape_markdown(normalize_name(text))


def _link(label: str, url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        # javascript:, data: and the like must not become links.
        return f"{label}: {_inline(url)}"
    return f"[{label}](<{quote(url, safe=_URL_SAFE)}>)"


def _is_pulled_quote(content: str) -> bool:
    return (
        len(content) > 2 and content[0] == '"' and content[-1] == '"' and '"' not in content[1:-1]
    )


def _body(description: str) -> list[str]:
    blocks: list[str] = []
    depth = -1  # the nesting of the list being written, -1 outside a list
    for line in _LINE_BREAK.split(description):
        content = line.strip()
        if not content:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if _is_pulled_quote(content):
            blocks.append("> " + escape_markdown(content))
            depth = -1
        elif indent >= 2:
            in_list = depth >= 0
            # A list may not skip a level: an item is at most one deeper than
            # the one before it.
            depth = min(indent - 2, depth + 1)
            item = "  " * depth + "- " + escape_markdown(content)
            if in_list:
                blocks[-1] += "\n" + item
            else:
                blocks.append(item)
        else:
            blocks.append(escape_markdown(content))
            depth = -1
    return blocks


def _facts(episode: Episode) -> str:
    facts = [f"**Published:** {format_date_line(episode.published)}"]
    category = episode.category
    if category:
        code = arxiv_code(category)
        facts.append(
            f"**Category:** {_inline(category)}" + (f" ({escape_markdown(code)})" if code else "")
        )
    if episode.paper_title and category:
        facts.append(f"**Paper:** {_inline(episode.paper_title)}")
    if episode.authors:
        facts.append("**Authors:** " + ", ".join([_inline(a.name) for a in episode.authors]))
    links = [
        link
        for link in (_link("Episode page", episode.url), _link("Audio", episode.audio_url))
        if link
    ]
    if links:
        facts.append(" · ".join(links))
    return "\\\n".join(facts)


def _episode(episode: Episode) -> str:
    if episode.title and episode.title.strip():
        heading = _inline(episode.title)
    elif episode.published is not None:
        heading = "Episode of " + format_date_line(episode.published)
    else:
        heading = "Untitled episode"
    parts = [f"## {heading}", _facts(episode), *_body(episode.description)]
    return "\n\n".join(parts)


def write_markdown(show: Show) -> str:
    """The show as a Markdown document (see the module notes for its layout)."""
    parts: list[str] = []
    if show.title and show.title.strip():
        parts.append("# " + _inline(show.title))
    if show.description and show.description.strip():
        parts.extend(_body(show.description))
    about = []
    # The show's description usually names its host already.
    if show.host and show.host.strip() and show.host not in (show.description or ""):
        about.append(f"Hosted by {_inline(show.host)}.")
    for label, url in (("Website", show.url), ("Feed", show.feed_url)):
        link = _link(label, url)
        if link:
            about.append(link)
    if about:
        parts.append(" · ".join(about))
    parts.extend(map(_episode, show.episodes))
    return "\n\n".join(parts) + "\n" if parts else ""


register_format(
    Format(
        name="markdown",
        description="a readable Markdown document of the show and its episodes",
        extensions=(".md", ".markdown"),
        media_type="text/markdown",
        writer=write_markdown,
    )
)
