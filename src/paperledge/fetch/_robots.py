"""robots.txt as RFC 9309 reads it, through protego.

urllib.robotparser takes the first matching rule (not the longest), reads
``*`` and ``$`` as plain characters and lets a Disallow beat an Allow of the
same length; protego follows the RFC on all four.  Only the first
:data:`ROBOTS_MAX` bytes are parsed (RFC 9309 2.5: at least 500 KiB; a longer
file is cut there, not refused).
"""

from __future__ import annotations

try:
    from protego import Protego
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "paperledge.fetch needs protego, which comes with the 'fetch' extra: "
        "pip install paperledge[fetch]"
    ) from error

__all__ = ["FORBID_ALL", "NO_RULES", "ROBOTS_AGENT", "ROBOTS_MAX", "Robots", "parse_robots"]

#: The robots.txt token paperledge obeys (besides ``*``).
ROBOTS_AGENT = "paperledge"
#: How much of a robots.txt is read and parsed (RFC 9309 2.5's minimum).
ROBOTS_MAX = 500 << 10

#: A robots.txt answering 4xx: no rules at all (RFC 9309 2.3.1.3).
NO_RULES = ""
#: A robots.txt that cannot be read (5xx, unreachable): everything forbidden
#: (RFC 9309 2.3.1.4).
FORBID_ALL = "User-agent: *\nDisallow: /\n"


class Robots:
    """The rules of one origin's robots.txt for paperledge."""

    def __init__(self, text: str) -> None:
        self._rules = Protego.parse(text)

    def allows(self, url: str) -> bool:
        """Whether paperledge may fetch ``url``."""
        return bool(self._rules.can_fetch(url, ROBOTS_AGENT))

    def crawl_delay(self) -> float | None:
        """The ``Crawl-delay`` asked of paperledge, in seconds, if any."""
        return self._rules.crawl_delay(ROBOTS_AGENT)


def parse_robots(body: bytes, *, cut: bool) -> Robots:
    """The rules in a robots.txt ``body`` (UTF-8, RFC 9309 2.2).

    ``cut`` says the body was cut at :data:`ROBOTS_MAX`: its last line, most
    likely torn, is dropped, so a torn ``Allow: /private`` does not become
    ``Allow: /pri``.
    """
    if cut:
        body = body[: body.rfind(b"\n") + 1]
    return Robots(body.decode("utf-8", "replace"))
