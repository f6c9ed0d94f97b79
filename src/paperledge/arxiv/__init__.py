"""Link each episode to the arXiv paper it retells.

This module needs httpx, which comes with the ``fetch`` extra
(``pip install paperledge[fetch]``).  Import it by name::

    from paperledge import arxiv

    show = paperledge.load("archive.json")
    linked = arxiv.link(show, settings=arxiv.ArxivSettings(cache="~/.cache/paperledge-arxiv"))
    for episode in linked.episodes:
        if episode.paper:
            print(episode.paper.abstract_url, episode.paper.matched_by, episode.paper.score)

:func:`link` asks arXiv's public query API (``export.arxiv.org/api/query``)
about the episodes that have no :attr:`~paperledge.Episode.paper` yet:

* an episode with a paper title (``Category - Title``) by that title, compared
  without the punctuation the show drops, and confirmed by the overlap of the
  paper's authors with the episode's credited authors;
* an episode without one (most of them) by its first credited authors (a group
  such as ``DeepSeek-AI`` is searched as a name too) and its date: a paper
  whose first version came out after the episode is not it.  An old paper
  retold years later still links.

It never guesses: an episode whose best candidate scores below
:attr:`ArxivSettings.threshold` stays unlinked with a ``paper-unmatched``
diagnostic, and two candidates within :attr:`ArxivSettings.margin` of each
other give ``paper-ambiguous`` naming both.

It is polite as arXiv asks: one connection, at least
:attr:`ArxivSettings.delay` (3) seconds between two requests, several episodes
to a query (:attr:`ArxivSettings.batch`), ``Retry-After`` honoured on 429 and
503, responses capped in size.  With :attr:`ArxivSettings.cache` every
response is kept on disk: a second run sends nothing and an interrupted run
resumes.  A query that fails is a diagnostic naming its URL (``fetch-failed``,
``fetch-status``, ``fetch-too-large``, ``arxiv-response``); :func:`link`
never raises for what the server sends.  It logs to the ``paperledge.arxiv``
logger and prints nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .._model import Show
from ..fetch._cache import ResponseCache
from ._client import Api
from ._link import Run
from ._settings import API_URL, ArxivSettings, Clock, Progress, SystemClock

if TYPE_CHECKING:
    import httpx

__all__ = ["API_URL", "ARXIV_CODES", "ArxivSettings", "Clock", "Progress", "SystemClock", "link"]

#: The diagnostic codes a linking run adds to a show.
ARXIV_CODES = (
    "paper-unmatched",
    "paper-ambiguous",
    "arxiv-response",
    "fetch-failed",
    "fetch-status",
    "fetch-too-large",
)


def link(
    show: Show,
    *,
    settings: ArxivSettings | None = None,
    client: httpx.Client | None = None,
    cache: str | os.PathLike[str] | ResponseCache | None = None,
    clock: Clock | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> Show:
    """``show`` with :attr:`~paperledge.Episode.paper` filled where arXiv gives a sure match.

    ``settings`` (an :class:`ArxivSettings`) says where the API is, how
    politely to ask it, where to cache, and how sure a link must be.
    Episodes that already have a paper are kept as they are (unless
    ``settings.relink``).  The result carries the run's diagnostics after the
    show's own (the ``paper-*`` diagnostics of an earlier run are replaced).

    For tests and embedding: ``client`` is the :class:`httpx.Client` to send
    with (a transport of your own; it is not closed); ``cache`` a folder
    other than ``settings.cache`` (or the crawler's response store);
    ``clock`` a :class:`Clock` to read and wait on (a fake one makes the
    three-second rate limit instant);
    ``progress`` is called with a :class:`Progress` after each step, and an
    exception it raises stops the run (a later run with the same cache
    resumes from the responses kept).

    Nothing the server sends raises: failures are diagnostics.  Raises
    :class:`OSError` only when the cache folder cannot be made
    (a cache file that cannot be written later is logged and skipped).

    >>> import paperledge
    >>> link(paperledge.Show()).episodes
    ()
    """
    settings = settings or ArxivSettings()
    clock = clock or SystemClock()
    folder = settings.cache if cache is None else cache
    if isinstance(folder, (str, os.PathLike)):
        root = Path(folder).expanduser()
        root.mkdir(parents=True, exist_ok=True)
        folder = ResponseCache(root)
    api = Api(settings, client=client, cache=folder, clock=clock)
    run = Run(settings, api, clock, progress)
    api.on_event = run.emit
    try:
        return run.link(show)
    finally:
        api.close()
