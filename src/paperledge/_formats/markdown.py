"""Markdown: the show as a readable document (CommonMark, GitHub-flavoured safe).

The show's title is the level-1 heading and its description the first
paragraph.  Each episode is a level-2 heading (its title, else its date)
followed by a paragraph of facts (date, category with its arXiv code, paper
title, authors, the linked arXiv paper, links) and then its text.

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

from .._model import Episode, Paper, Show
from .._rules.arxiv import arxiv_code
from .._rules.dates import format_date_line
from .._rules.lines import ITEM, PARAGRAPH, QUOTE, line_kinds
from .._rules.names import normalize_name
from .base import Format

__all__ = ["escape_markdown", "write_markdown"]

# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the
# characters that can start inline markup anywhere in a line ($ is math on
# GitHub, ~ strikethrough, | tables).  The backslash comes first so that the
# backslashes added for the others are not escaped again.
_INLINE_CHARS = "\\`*_[]<>|~#$"
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_ORDERED = re.compile(r"\d{1,9}(?=[.)])")
_BLOCK_STARTS = frozenset("-+=>")
# Characters kept as they are in a link destination; everything else
# (spaces, <, >, \, quotes, non-ASCII) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def _escape_inline(text: str) -> str:
    # An `in` test and a replace per character: most text holds none of
    # these characters, and then nothing is copied.
    for char in _INLINE_CHARS:
        if char in text:
            text = text.replace(char, "\\" + char)
    if "&" in text:
        text = _ENTITY.sub("\\\\&", text)
    return text


def _escape_start(line: str) -> str:
    # `line` is escaped already and starts with a non-blank character.
    first = line[0]
    if first in _BLOCK_STARTS:
        return "\\" + line
    if first.isdigit():
        match = _ORDERED.match(line)
        if match is not None:
            end = match.end()
            return f"{line[:end]}\\{line[end:]}"
    return line


def escape_markdown(text: str) -> str:
    """``text`` (one line) escaped so that Markdown shows it as it is.

    Leading and trailing whitespace is dropped: Markdown reads it as layout
    (four leading spaces would make a code block).
    """
    out = _escape_inline(text.strip())
    return _escape_start(out) if out else out


def _inline(text: str) -> str:
    # Titles must stay on one line: a line break would end the heading or
    # the paragraph they are in.
    return _escape_inline(normalize_name(text))


def _link(label: str, url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        # javascript:, data: and the like must not become links.
        return f"{label}: {_inline(url)}"
    return f"[{label}](<{quote(url, safe=_URL_SAFE)}>)"


def _body(description: str) -> list[str]:
    if not description:
        return []
    # Escape the whole text at once; line structure is not affected.
    text = _escape_inline(description)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[str] = []
    depth = -1  # the nesting of the list being written, -1 outside a list
    for kind, _, line in line_kinds(text):
        # The words as written (Markdown folds their spaces itself).
        content = line.strip()
        if not content:
            continue
        if kind == QUOTE:
            blocks.append("> " + content)
            depth = -1
            continue
        content = _escape_start(content)
        if kind == PARAGRAPH:
            blocks.append(content)
            depth = -1
            continue
        in_list = depth >= 0
        # A list may not skip a level: an item is at most one deeper than
        # the one before it.
        depth = min(0 if kind == ITEM else 1, depth + 1)
        item = "  " * depth + "- " + content
        if in_list:
            blocks[-1] += "\n" + item
        else:
            blocks.append(item)
    return blocks


_ROUTES = {"title": "by title", "authors": "by authors and date", "both": "by title and authors"}


def _linked_paper(paper: Paper) -> str:
    """``**arXiv:** [title](abstract) (arXiv:id, subject, day; PDF; how linked)``."""
    title = _inline(paper.title) if paper.title.strip() else f"arXiv:{paper.versioned_id}"
    notes = [f"arXiv:{_escape_inline(paper.versioned_id)}"]
    if paper.primary_category:
        notes.append(_inline(paper.primary_category))
    if paper.published is not None:
        notes.append(paper.published.isoformat())
    pdf = _link("PDF", paper.pdf_url)
    if pdf:
        notes.append(pdf)
    notes.append(f"linked {_ROUTES[paper.matched_by]}, score {paper.score:.2f}")
    page = _link(title, paper.abstract_url) or title
    return f"**arXiv:** {page} ({'; '.join(notes)})"


def _numbering(episode: Episode) -> str | None:
    """``Episode 12 · Season 2 · bonus · explicit``, for what the feed says."""
    parts = []
    if episode.number is not None:
        parts.append(f"Episode {episode.number}")
    if episode.season is not None:
        parts.append(f"Season {episode.season}")
    if episode.episode_type and episode.episode_type != "full":
        parts.append(_inline(episode.episode_type))
    if episode.explicit:
        parts.append("explicit")
    return " · ".join(parts) or None


def _facts(episode: Episode) -> str:
    facts = []
    if episode.subtitle and episode.subtitle.strip():
        facts.append(f"*{_inline(episode.subtitle.strip())}*")
    numbering = _numbering(episode)
    if numbering:
        facts.append(numbering)
    if episode.published is not None:
        facts.append(f"**Published:** {format_date_line(episode.published)}")
    category = episode.category
    if category:
        code = arxiv_code(category)
        facts.append(f"**Category:** {_inline(category)}" + (f" ({code})" if code else ""))
    if episode.paper_title and category:
        facts.append(f"**Paper:** {_inline(episode.paper_title)}")
    if episode.authors:
        # Names are normalised already (one line each): escape them in one go.
        facts.append(
            "**Authors:** " + _escape_inline(", ".join([a.name for a in episode.authors]))
        )
    if episode.paper is not None:
        facts.append(_linked_paper(episode.paper))
    if episode.persons:
        people = ", ".join(f"{person.name} ({person.role})" for person in episode.persons)
        facts.append("**With:** " + _escape_inline(people))
    if episode.creators:
        # "; " between names: a feed's name may hold a comma ("Doe, John").
        facts.append("**By:** " + _escape_inline("; ".join(episode.creators)))
    candidates = [("Episode page", episode.url), ("Audio", episode.audio_url)]
    candidates += [("Media", other.url) for other in episode.other_enclosures]
    candidates += [("Chapters", linked.url) for linked in episode.chapters]
    candidates += [("Transcript", linked.url) for linked in episode.transcripts]
    links = [link for link in (_link(label, url) for label, url in candidates) if link]
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
    facts = _facts(episode)
    parts = [f"## {heading}", facts] if facts else [f"## {heading}"]
    parts.extend(_body(episode.description))
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
    if show.categories:
        about.append("Categories: " + _inline(", ".join(show.categories)))
    if about:
        parts.append(" · ".join(about))
    parts.extend(map(_episode, show.episodes))
    return "\n\n".join(parts) + "\n" if parts else ""


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="markdown",
    description="a readable Markdown document of the show and its episodes",
    extensions=(".md", ".markdown"),
    media_type="text/markdown",
    writer=write_markdown,
)
