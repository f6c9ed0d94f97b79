"""The show's addresses: site, listing pages, episode pages and audio files.

Podbean serves a show at ``https://<show>.podbean.com/``, its listing pages
at ``/page/<n>/``, each episode at ``/e/<slug>/``, and the audio under
``mcdn.podbean.com``, sometimes behind a tracking prefix.  Every reader and
writer, and merging, uses these rules.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from urllib.parse import urljoin, urlsplit

from .numbers import whole_number

__all__ = [
    "clean_audio_url",
    "episode_path",
    "episode_slug",
    "is_audio_href",
    "is_audio_path",
    "is_episode_host",
    "page_number",
    "resolve",
    "site_root",
    "url_key",
]

# ``/e/<slug>/`` anywhere in an href, absolute or relative; the slug is what
# tells two episodes apart.
_EPISODE_PATH = re.compile(r"(?:^|/)e/([^/?#\s]+)/?(?:[?#]|$)")
# The same from just after ``e/`` on: :func:`episode_slug` finds ``e/`` itself
# (tests check it against _EPISODE_PATH).
_SLUG = re.compile(r"([^/?#\s]+)/?(?:[?#]|$)")
_PAGE_PATH = re.compile(r"(?:^|/)page/(\d+)/?(?:[?#]|$)")
_AUDIO_SUFFIXES = (".mp3", ".m4a", ".mp4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac")


def episode_path(slug: str) -> str:
    """How an episode's address writes its slug: ``/e/<slug>`` (:func:`episode_slug`)."""
    return f"/e/{slug}"


def episode_slug(href: str) -> str | None:
    """The ``<slug>`` of an episode link ``.../e/<slug>/``, or ``None``.

    ``e/`` is found with ``str.find`` and the slug matched from there: a
    search for the whole pattern tries it at every character of the link.
    """
    index = href.find("e/")
    while index >= 0:
        if index == 0 or href[index - 1] == "/":
            match = _SLUG.match(href, index + 2)
            if match is not None:
                return match[1]
        index = href.find("e/", index + 1)
    return None


def is_episode_host(href: str, host: str | None) -> bool:
    """Whether an episode link ``href`` may be one of a show's: relative, or to a
    Podbean site, or to ``host`` (the page's own host, when known)."""
    if "//" not in href:
        return True
    target = (urlsplit(href.strip()).hostname or "").lower()
    if not target:
        return True
    return (
        target == "podbean.com"
        or target.endswith(".podbean.com")
        or (host is not None and target == host.lower())
    )


def page_number(href: str) -> int | None:
    """The number of a listing page link ``.../page/<n>/``, or ``None``.

    A number too large to be a page (past ``2**63 - 1``) is no page link.
    """
    match = _PAGE_PATH.search(href)
    return whole_number(match[1]) if match else None


def resolve(base: str | None, href: str | None) -> str | None:
    """``href`` made absolute against ``base`` when there is one."""
    if href is None:
        return None
    href = href.strip()
    if not href:
        return None
    if base is None or href.startswith(("https://", "http://")):
        return href
    if href[0] == "/" and not href.startswith("//") and "/." not in href:
        # The common case, a root-relative link: no need for urljoin's full parse.
        root = site_root(base)
        if root is not None:
            return root[:-1] + href
    try:
        return urljoin(base, href)
    except ValueError:
        # urljoin rejects malformed IPv6 hosts and the like: keep the link as written.
        return href


@functools.lru_cache(maxsize=64)
def site_root(url: str | None) -> str | None:
    """``https://host/`` of an absolute URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


def is_audio_href(href: str) -> bool:
    """Whether a link points at an audio file."""
    return is_audio_path(href.lower())


def is_audio_path(lower: str) -> bool:
    """:func:`is_audio_href` of a link already lowercased."""
    if "?" in lower or "#" in lower:
        # The path ends before the query and the fragment.
        lower = lower.partition("?")[0].partition("#")[0]
    return lower.endswith(_AUDIO_SUFFIXES)


def url_key(url: str | None) -> str | None:
    """What identifies a URL when two sources are compared: no scheme, case or trailing slash.

    >>> url_key("https://PaperLedge.podbean.com/e/x/") == url_key("http://paperledge.podbean.com/e/x")
    True
    """
    if not url:
        return None
    key = url.strip()
    for scheme in ("https://", "http://"):
        if key.lower().startswith(scheme):
            key = key[len(scheme) :]
            break
    return key.rstrip("/").lower() or None


# Hosts that only count a download and redirect to the real file, whose host
# and path follow theirs in the URL ("prefix" analytics).
_TRACKERS = (
    "podtrac.com",
    "chtbl.com",
    "chrt.fm",
    "pdst.fm",
    "op3.dev",
    "pfx.vpixl.com",
    "mgln.ai",
    "arttrk.com",
    "claritaspod.com",
    "podscribe.com",
    "pscrb.fm",
    "byspotify.com",
    "up.audio",
    "podder.live",
    "swap.fm",
    "podkite.com",
    "tracking.",
)
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,24}", re.IGNORECASE)
_EMBEDDED_SCHEME = re.compile(r"https?(?::|%3A)(?://|%2F%2F)", re.IGNORECASE)


def _is_tracker(host: str) -> bool:
    host = host.lower()
    # Anywhere in the host: the tracker's own domain or any host under it.
    return any(t in host for t in _TRACKERS)


def _strip_prefix(url: str) -> str | None:
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return None
    host, slash, path = rest.partition("/")
    if not slash:
        return None
    embedded = _EMBEDDED_SCHEME.search(path)
    if embedded is not None and _is_tracker(host):
        inner = path[embedded.start() :]
        # A prefix may carry the real URL percent-encoded (https%3A%2F%2F...).
        return urllib.parse.unquote(inner) if "%" in embedded.group() else inner
    segments = path.split("/")
    # The real host is the first path segment that is a domain name, with
    # more path after it (a file name such as ``redirect.mp3`` is not).
    for index, segment in enumerate(segments[:-1]):
        if _DOMAIN.fullmatch(segment) and (_is_tracker(host) or "podbean.com" in segment.lower()):
            return f"{scheme}://" + "/".join(segments[index:])
    return None


def clean_audio_url(url: str | None) -> str | None:
    """``url`` without the tracking prefixes before the real audio host.

    >>> clean_audio_url("https://dts.podtrac.com/redirect.mp3/mcdn.podbean.com/mf/web/x/e.mp3")
    'https://mcdn.podbean.com/mf/web/x/e.mp3'

    Chained prefixes are all removed; a URL without one is returned as given.
    """
    if url is None:
        return None
    current = url
    for _ in range(8):  # chains are short; the bound keeps a crafted URL cheap
        stripped = _strip_prefix(current)
        if stripped is None or stripped == current:
            break
        current = stripped
    return current
