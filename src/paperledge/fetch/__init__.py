"""Fetch the show's archive from its site: listing pages, episode pages, the feed.

This module needs httpx, which comes with the ``fetch`` extra
(``pip install paperledge[fetch]``); the rest of paperledge never touches the
network and does not import it.  Import it by name::

    from paperledge import fetch

    show = fetch.crawl("https://paperledge.podbean.com/", cache="~/.cache/paperledge")

:func:`crawl` (and its async twin :func:`acrawl`) walks the listing pages from
the given URL through their pagination until there is no older page (or
``max_pages``), optionally each episode's own page, and the feed the first
page links to with ``<link rel="alternate">``, and merges everything into one
:class:`~paperledge.Show` with :func:`paperledge.merge`.

It is polite and safe by default: robots.txt is obeyed (as RFC 9309 reads
it), every request names paperledge in its User-Agent, one request per
``delay`` seconds per host and ``concurrency`` at most at once; only
http(s), only the start URL's host (and ``allow_hosts``), redirects bounded
and checked hop by hop, responses capped in time and in size once decoded
(so a compressed bomb stops at the cap).  It survives faults: retries with backoff and jitter
(honouring ``Retry-After``), then a diagnostic naming the URL; pagination
cycles, missing pages, truncated and non-HTML responses are reported and the
crawl goes on.  With a ``cache`` directory, requests are conditional (a second
run downloads only what changed) and an interrupted crawl resumes where it
stopped; a cache that cannot be written (a full disk) or that holds a
symbolic link is reported (``fetch-cache``) and the crawl goes on.  Problems
never raise: they are ``fetch-*`` diagnostics on the show (see
:data:`FETCH_CODES` and ``docs/fetch.md``).
"""

from __future__ import annotations

from ._crawl import FETCH_CODES, USER_AGENT, Progress, acrawl, crawl

__all__ = ["FETCH_CODES", "USER_AGENT", "Progress", "acrawl", "crawl"]
