"""What a linking run can be told (:class:`ArxivSettings`), its clock and its progress."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Protocol

import attrs

from .._version import __version__

__all__ = ["API_URL", "ArxivSettings", "Clock", "Progress", "SystemClock"]

API_URL = "https://export.arxiv.org/api/query"
"""arXiv's public query API (over https: arXiv redirects http there, and
redirects are not followed)."""


class Clock(Protocol):
    """Where a run reads the time and waits: give a fake one to tests."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for the rate limit)."""

    def time(self) -> float:
        """Seconds since the epoch (for ``Retry-After`` dates and the cache's age)."""

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""


class SystemClock:
    """The real clock: :func:`time.monotonic`, :func:`time.time`, :func:`time.sleep`."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _non_negative(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:
        raise ValueError(f"{attribute.name} must be 0 or more, got {value!r}")


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be more than 0, got {value!r}")


def _unit(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be more than 0 and at most 1, got {value!r}")


def _path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value).expanduser()


@attrs.frozen(kw_only=True)
class ArxivSettings:
    """How :func:`~paperledge.arxiv.link` talks to arXiv and how sure it must be.

    The defaults are what arXiv asks of API clients: one request every three
    seconds, on one connection.  Make a changed copy with :func:`attrs.evolve`.

    >>> ArxivSettings(cache="~/.cache/paperledge-arxiv").delay
    3.0
    """

    api_url: str = API_URL
    """The query API's address (a local server in tests)."""
    cache: Path | None = attrs.field(default=None, converter=_path)
    """A folder to keep every response in: a second run sends nothing and an
    interrupted run resumes.  ``None`` keeps nothing."""
    max_age: float | None = None
    """Seconds a cached response is used for; ``None``: for ever."""
    delay: float = attrs.field(default=3.0, validator=_non_negative)
    """At least this many seconds between the starts of two requests."""
    timeout: float = attrs.field(default=30.0, validator=_positive)
    """Seconds for one whole request."""
    tries: int = attrs.field(default=4, validator=_positive)
    """How many times a request is tried (429, 5xx, timeouts, lost connections)."""
    backoff: float = attrs.field(default=3.0, validator=_non_negative)
    """The first wait before trying again, doubled each time (``Retry-After`` wins)."""
    give_up_after: int = attrs.field(default=3, validator=_positive)
    """After this many queries in a row failed every try (arXiv is down or
    unreachable), the rest are not sent: each is a ``fetch-failed`` diagnostic."""
    max_retry_after: float = attrs.field(default=120.0, validator=_non_negative)
    """The longest ``Retry-After`` honoured; a server asking more is given up on."""
    max_bytes: int = attrs.field(default=4 << 20, validator=_positive)
    """The largest response read (decoded); a larger one is dropped."""
    batch: int = attrs.field(default=5, validator=_positive)
    """How many episodes one query asks about (their title phrases or author
    groups joined with ``OR``); ``1`` sends a query per episode."""
    results_per_episode: int = attrs.field(default=20, validator=_positive)
    """How many papers a query asks for, per episode it asks about."""
    authors_searched: int = attrs.field(default=2, validator=_positive)
    """How many of an untitled episode's first credited authors its query names."""
    threshold: float = attrs.field(default=0.8, validator=_unit)
    """The lowest score a link is made at (0 to 1)."""
    margin: float = attrs.field(default=0.05, validator=_non_negative)
    """Two candidates whose scores are closer than this are too close to call."""
    relink: bool = False
    """Search again for episodes that already have a paper (else they are kept)."""
    user_agent: str = f"paperledge/{__version__} (+https://github.com/paperledge/paperledge)"
    """The User-Agent of every request."""


@attrs.frozen(kw_only=True)
class Progress:
    """Where a linking run stands; the ``progress`` callback receives one after each step.

    ``event`` is ``"request"`` (a response received), ``"cached"`` (a query
    answered from the cache), ``"retry"`` (a request is tried again),
    ``"failed"`` (a query given up, see the diagnostics), ``"episode"`` (an
    episode decided: linked or not) or ``"done"`` (the last report).  ``url``
    is the query concerned.  ``waited`` is the time spent keeping to the rate
    limit and ``Retry-After``; ``elapsed`` the time since the run began, both
    in seconds on the run's clock.
    """

    event: str
    url: str | None
    episodes_total: int
    episodes_done: int
    linked: int
    requests: int
    cached: int
    retries: int
    failures: int
    waited: float
    elapsed: float
