"""What the arXiv tests share: a client that notes when each request left, on a fake clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

import paperledge
from arxiv.arxiv_api import ArxivServer, FakeClock
from paperledge import arxiv


class TimedTransport(httpx.HTTPTransport):
    """An httpx transport that notes the clock's time as each request leaves."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock
        self.sent_at: list[float] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent_at.append(self.clock.monotonic())
        return super().handle_request(request)


def run(
    server: ArxivServer,
    show: paperledge.Show | None = None,
    *,
    cache: Path | None = None,
    clock: FakeClock | None = None,
    progress: Any = None,
    client: httpx.Client | None = None,
    **settings: Any,
) -> paperledge.Show:
    """``show`` (the sample's by default) linked against ``server`` on a fake clock."""
    options: dict[str, Any] = {"api_url": server.url, "backoff": 1.0}
    options.update(settings)
    if cache is not None:
        options["cache"] = cache
    return arxiv.link(
        show if show is not None else paperledge.load_sample(),
        settings=arxiv.ArxivSettings(**options),
        clock=clock or FakeClock(),
        progress=progress,
        client=client,
    )


def codes(show: paperledge.Show) -> list[str]:
    """The show's diagnostic codes, in order."""
    return [d.code for d in show.diagnostics]


#: The one sample episode left unlinked: no title, one credited author with
#: three single-author papers before it (one shared name is not enough).
SAMPLE_UNLINKED = ["Allen G Hart"]


def unlinked(show: paperledge.Show) -> list[str]:
    """The first credited name of each episode left without a paper."""
    return [e.authors[0].name if e.authors else "" for e in show.episodes if e.paper is None]
