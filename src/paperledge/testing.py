"""Testing helpers: a deterministic generator of large PaperLedge archives.

:class:`Archive` builds any number of episodes from the sample content that
ships with paperledge (:func:`paperledge.load_sample`) and writes them as
text pages, HTML listing pages, one big text dump or an RSS feed, so that
tests and benchmarks can go to millions of episodes without a crawl::

    >>> from paperledge.testing import Archive
    >>> archive = Archive(20)
    >>> episode = archive.episode(0)
    >>> episode.published, episode.guid
    (datetime.date(2025, 10, 2), 'paperledge.podbean.com/generated-00000001')
    >>> len(archive.text_page(0).splitlines()) > 8
    True

What is generated:

* Episode ``i`` (``0`` is the newest) retells sample episode ``i % 24``:
  its title, text and authors.  Each day holds ``per_day`` episodes, so
  dates run back one day per ``per_day`` episodes from ``newest``; the same
  sample text never falls within a day of itself (24 / 8 = every third day
  by default), so :func:`paperledge.merge` never takes two generated
  episodes for one.
* Links (``https://paperledge.podbean.com/e/<slug>-<n>/``), guids, audio
  URLs and publication moments are unique per episode.
* Listing pages hold ``per_page`` episodes, newest first; page files are
  named ``page-0000001.txt`` (or ``.html``), so sorting the names gives the
  archive's order, and parsing every page in name order gives the episodes
  of :meth:`Archive.episodes` in order.
* The same parameters always give the same bytes, and a larger archive
  starts with the episodes of a smaller one.

Everything is written incrementally: memory stays small whatever the count.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import attrs

from ._api.samples import load_sample
from ._model import Episode, Show
from ._rules.credits import format_credit
from ._rules.dates import format_date_line, format_rfc822
from ._rules.durations import format_clock
from ._rules.lines import ITEM, NESTED_ITEM, QUOTE, line_kinds

__all__ = ["SITE", "Archive"]

SITE = "https://paperledge.podbean.com"
"""The site the generated links point to: every episode, listing page and
"older" link :class:`Archive` writes is on this host."""
FEED_URL = "https://feed.podbean.com/paperledge/feed.xml"
IMAGE_URL = "https://pbcdn1.podbean.com/imglogo/image-logo/19956529/PaperLedge_logo.jpg"

# Writes are gathered into blocks of about this size: few system calls,
# little memory.
_BLOCK = 1 << 20

_SLUG = re.compile(r"[^a-z0-9]+")


@attrs.frozen
class _Template:
    """One sample episode, with the pieces every output form needs precomputed."""

    episode: Episode
    slug: str
    # The text form after the date lines: the text with the credit glued on.
    text_body: str
    # The feed's HTML of the text and credit (paragraphs, lists, quotes).
    html_body: str
    # A listing page's HTML: one paragraph per line, as typed, credit glued on.
    page_body: str


def _slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "episode"


def _html_body(description: str, credit: str) -> str:
    """Text lines as HTML blocks, in the way the show's pages and feed mark them.

    Each line's kind (paragraph, list item, nested item, pulled quote) is
    paperledge's one rule for it (:func:`paperledge._rules.lines.line_kinds`).
    The credit is the last paragraph.
    """
    out: list[str] = []
    depth = 0  # open lists: 0, 1 or 2
    for kind, words, _ in line_kinds(description):
        want = 1 if kind == ITEM else 2 if kind == NESTED_ITEM else 0
        while depth > want:
            out.append("</ul></li>" if depth == 2 else "</ul>")
            depth -= 1
        escaped = html.escape(words, quote=False)
        if want == 0:
            if kind == QUOTE:
                out.append(f"<blockquote><p>{escaped}</p></blockquote>")
            else:
                out.append(f"<p>{escaped}</p>")
            continue
        if depth == 0:
            out.append("<ul>")
            depth = 1
        if want == 1:
            out.append(f"<li>{escaped}</li>")
        else:
            if depth == 1:
                out.append("<li><ul>")
                depth = 2
            out.append(f"<li>{escaped}</li>")
    while depth:
        out.append("</ul></li>" if depth == 2 else "</ul>")
        depth -= 1
    out.append(f"<p>{html.escape(credit, quote=False)}</p>")
    return "".join(out)


def _page_body(description: str, credit: str) -> str:
    """Text lines as a listing page shows them: a paragraph per line, spaces kept."""
    lines = [html.escape(line, quote=False) for line in description.split("\n")]
    lines[-1] += f'<span class="credit">{html.escape(credit, quote=False)}</span>'
    return "\n".join(f"<p>{line}</p>" for line in lines)


@functools.cache
def _sample() -> tuple[Show, tuple[_Template, ...]]:
    show = load_sample()
    templates = []
    for episode in show.episodes:
        credit = format_credit(episode.authors)
        templates.append(
            _Template(
                episode=episode,
                slug=_slugify(episode.paper_title or "paperledge-episode"),
                text_body=f"{episode.description}{credit}",
                html_body=_html_body(episode.description, credit),
                page_body=_page_body(episode.description, credit),
            )
        )
    return show, tuple(templates)


class _Sink:
    """Gathers strings and writes them as UTF-8 in large blocks."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0
        self.written = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= _BLOCK:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            data = "".join(self.parts).encode("utf-8")
            self.out.write(data)
            self.written += len(data)
            self.parts.clear()
            self.size = 0


def _write_to(target: str | os.PathLike[str] | IO[bytes], body: Iterator[str]) -> int:
    """Write the strings of ``body`` to a path or a binary file; the bytes written."""
    if isinstance(target, (str, os.PathLike)):
        with open(target, "wb") as out:
            return _write_to(out, body)
    sink = _Sink(target)
    for text in body:
        sink.write(text)
    sink.flush()
    return sink.written


@attrs.frozen
class Archive:
    """A generated archive of ``count`` episodes, newest first.

    ``per_day`` episodes share a date (the show publishes several a day),
    counting back from ``newest``; ``per_page`` episodes make a listing
    page.  The calendar limits an archive to about ``per_day * 739_000``
    episodes (back to year 1); raise ``per_day`` for more.
    """

    count: int = attrs.field(validator=attrs.validators.ge(0))
    per_day: int = attrs.field(default=8, validator=attrs.validators.in_(range(1, 86_401)))
    per_page: int = attrs.field(default=8, validator=attrs.validators.ge(1))
    newest: dt.date = dt.date(2025, 10, 2)

    def __attrs_post_init__(self) -> None:
        if self.count:
            try:
                self.newest - dt.timedelta(days=(self.count - 1) // self.per_day)
            except OverflowError:
                raise ValueError(
                    f"{self.count} episodes at {self.per_day} a day run past year 1; "
                    "raise per_day or move newest later"
                ) from None

    # -- sizes -----------------------------------------------------------------

    @classmethod
    def for_megabytes(cls, megabytes: float, *, per_day: int = 8, per_page: int = 8) -> Archive:
        """An archive whose text dump is about ``megabytes`` MB (10**6 bytes)."""
        # One cycle of the sample content, as whole pages, sets the average.
        probe = cls(24 * per_page, per_day=per_day, per_page=per_page)
        size = sum(len(probe.text_page(n).encode()) for n in range(probe.pages))
        count = max(1, round(megabytes * 1_000_000 * probe.count / size))
        return cls(count, per_day=per_day, per_page=per_page)

    @property
    def pages(self) -> int:
        """How many listing pages the archive fills."""
        return -(-self.count // self.per_page)

    # -- episodes ----------------------------------------------------------------

    def episode(self, index: int) -> Episode:
        """Episode ``index`` (0 is the newest) with every field a feed carries."""
        if not 0 <= index < self.count:
            raise IndexError(f"episode {index} of an archive of {self.count}")
        _show, templates = _sample()
        template = templates[index % len(templates)]
        sample = template.episode
        number = index + 1
        published = self.newest - dt.timedelta(days=index // self.per_day)
        # Later slots of the day first: the archive is newest first.
        slot = self.per_day - 1 - index % self.per_day
        moment = dt.datetime.combine(published, dt.time(0), tzinfo=dt.timezone.utc)
        moment += dt.timedelta(seconds=slot * (86_400 // self.per_day))
        slug = f"{template.slug}-{number}"
        return Episode(
            published=published,
            title=sample.title,
            description=sample.description,
            authors=sample.authors,
            url=f"{SITE}/e/{slug}/",
            guid=f"paperledge.podbean.com/generated-{number:08d}",
            published_at=moment,
            audio_url=f"https://mcdn.podbean.com/mf/web/gen{number}/{slug}.mp3",
            audio_type="audio/mpeg",
            audio_length=1_000_000 + 300 * len(sample.description),
            duration=dt.timedelta(seconds=120 + len(sample.description) // 15),
            image_url=IMAGE_URL,
        )

    def episodes(self) -> Iterator[Episode]:
        """Every episode, newest first, with every field (see :meth:`episode`)."""
        return (self.episode(index) for index in range(self.count))

    def page_range(self, page: int) -> range:
        """The episode indexes on listing page ``page`` (0 is the first page)."""
        if not 0 <= page < self.pages:
            raise IndexError(f"page {page} of an archive of {self.pages} pages")
        start = page * self.per_page
        return range(start, min(start + self.per_page, self.count))

    def show(self, *, fields: str = "text") -> Show:
        """The show a reader should give for the whole archive.

        ``fields="text"``: what a text dump carries (date, title, text,
        authors); ``"html"`` adds the link; ``"all"`` keeps every field.
        Holds every episode in memory: for checks on small archives.
        """
        keep = {
            "text": ("published", "title", "description", "authors"),
            "html": ("published", "title", "description", "authors", "url"),
        }
        show, _templates = _sample()
        if fields == "all":
            episodes = list(self.episodes())
        elif fields in keep:
            names = keep[fields]
            episodes = [
                Episode(**{name: getattr(e, name) for name in names}) for e in self.episodes()
            ]
        else:
            raise ValueError(f"fields must be 'text', 'html' or 'all', not {fields!r}")
        return Show(
            title=show.title, description=show.description, host=show.host, episodes=episodes
        )

    # -- text ------------------------------------------------------------------------

    def _text_header(self) -> str:
        show, _templates = _sample()
        return f"{show.title}\n\n{show.description}\nEpisodes\nEpisodes\n\n\n\n"

    def _text_episode(self, index: int) -> str:
        _show, templates = _sample()
        template = templates[index % len(templates)]
        date = format_date_line(self.newest - dt.timedelta(days=index // self.per_day))
        title = template.episode.title
        if title:
            return f"{date}\n{title}\n{date}\n{date}\n{template.text_body}"
        return f"{date}\n{date}\n{template.text_body}"

    def text_page(self, page: int) -> str:
        """Listing page ``page`` (0 is the newest) as a text dump, as the writer lays it out."""
        blocks = [self._text_episode(index) for index in self.page_range(page)]
        return self._text_header() + "\n\n\n\n".join(blocks) + "\n"

    def iter_text(self) -> Iterator[str]:
        """The whole archive as one text dump (every page, in order), in pieces."""
        for page in range(self.pages):
            yield self.text_page(page)

    def write_text_dump(self, target: str | os.PathLike[str] | IO[bytes]) -> int:
        """Write every page as one text dump to a path or binary file; the bytes written."""
        return _write_to(target, self.iter_text())

    def write_text_pages(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write one ``page-NNNNNNN.txt`` per listing page; the paths, in order."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for page in range(self.pages):
            path = folder / f"page-{page + 1:07d}.txt"
            path.write_bytes(self.text_page(page).encode("utf-8"))
            paths.append(path)
        return paths

    # -- HTML ------------------------------------------------------------------------

    def html_page(self, page: int) -> str:
        """Listing page ``page`` as HTML: one post per episode, with link, date and text.

        Simple markup in the manner of the site's classic theme: a heading
        holding the episode link (its text the title, or the date for an
        untitled episode), the date line, the text as paragraphs, lists and
        quotes, the credit as the last paragraph; pagination links last.
        """
        show, templates = _sample()
        posts = []
        for index in self.page_range(page):
            template = templates[index % len(templates)]
            date = format_date_line(self.newest - dt.timedelta(days=index // self.per_day))
            link = f"{SITE}/e/{template.slug}-{index + 1}/"
            title = template.episode.title
            heading = html.escape(title, quote=False) if title else date
            posts.append(
                f'<div class="post">\n<h2><a href="{link}">{heading}</a></h2>\n'
                f'<p class="date">{date}</p>\n'
                f'<div class="entry">\n{template.page_body}\n</div>\n</div>'
            )
        older = (
            f'<a href="{SITE}/page/{page + 2}/">Older Entries</a>' if page + 1 < self.pages else ""
        )
        newer = (
            f'<a href="{SITE}/page/{page}/">Newer Entries</a>'
            if page > 1
            else (f'<a href="{SITE}/">Newer Entries</a>' if page == 1 else "")
        )
        title = html.escape(show.title or "", quote=False)
        description = html.escape(show.description or "", quote=False)
        here = f"{SITE}/page/{page + 1}/" if page else f"{SITE}/"
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<link rel="canonical" href="{here}">\n'
            f"<title>{title}</title></head>\n<body>\n"
            f'<div id="header"><h1><a href="{SITE}/">{title}</a></h1>\n'
            f'<p class="description">{description}</p></div>\n'
            f'<div id="content">\n{chr(10).join(posts)}\n'
            f'<div class="navigation">{older} {newer}</div>\n</div>\n</body></html>\n'
        )

    def write_html_pages(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write one ``page-NNNNNNN.html`` per listing page; the paths, in order."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for page in range(self.pages):
            path = folder / f"page-{page + 1:07d}.html"
            path.write_bytes(self.html_page(page).encode("utf-8"))
            paths.append(path)
        return paths

    # -- feed --------------------------------------------------------------------

    def _item(self, index: int) -> str:
        _show, templates = _sample()
        template = templates[index % len(templates)]
        episode = self.episode(index)
        assert episode.published_at is not None
        assert episode.duration is not None
        title = (
            f"<title>{html.escape(episode.title, quote=False)}</title>\n" if episode.title else ""
        )
        # The HTML goes in CDATA, as Podbean writes it; the sample text has no "]]>".
        return (
            f"<item>\n{title}<link>{episode.url}</link>\n"
            f'<guid isPermaLink="false">{episode.guid}</guid>\n'
            f"<pubDate>{format_rfc822(episode.published_at)}</pubDate>\n"
            f"<description><![CDATA[{template.html_body}]]></description>\n"
            f"<content:encoded><![CDATA[{template.html_body}]]></content:encoded>\n"
            f'<enclosure url="{episode.audio_url}" length="{episode.audio_length}" '
            f'type="{episode.audio_type}"/>\n'
            f"<itunes:duration>{format_clock(episode.duration)}</itunes:duration>\n"
            f'<itunes:image href="{episode.image_url}"/>\n</item>\n'
        )

    def iter_feed(self) -> Iterator[str]:
        """The archive as one RSS 2.0 feed with ``itunes:`` tags, in pieces."""
        show, _templates = _sample()
        title = html.escape(show.title or "", quote=False)
        description = html.escape(show.description or "", quote=False)
        yield (
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
            f"<title>{title}</title>\n"
            f'<atom:link href="{FEED_URL}" rel="self" type="application/rss+xml"/>\n'
            f"<link>{SITE}</link>\n<description>{description}</description>\n"
            f"<language>en</language>\n<itunes:author>{show.host or ''}</itunes:author>\n"
            f'<itunes:image href="{IMAGE_URL}"/>\n'
        )
        for index in range(self.count):
            yield self._item(index)
        yield "</channel>\n</rss>\n"

    def write_feed(self, target: str | os.PathLike[str] | IO[bytes]) -> int:
        """Write the archive as one RSS feed to a path or binary file; the bytes written."""
        return _write_to(target, self.iter_feed())
