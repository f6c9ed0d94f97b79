"""Which hosts a crawl may ask, and when each may be asked next."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

__all__ = ["HostClock", "host_key", "origin"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str | None:
    """``host`` or ``host:port`` (a port only when it is not the scheme's default)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return host
    return f"{host}:{port}"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class HostClock:
    """The earliest moment the next request to one host may start."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.next = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        loop = asyncio.get_running_loop()
        # The lock makes waiters take turns: each one books the slot after
        # the previous one, so the spacing holds with any concurrency.
        async with self.lock:
            # A loop, not one sleep: a Retry-After may push the slot further
            # out while we wait for it.
            while (pause := self.next - loop.time()) > 0:
                await asyncio.sleep(pause)
            self.next = loop.time() + self.delay

    def hold_off(self, seconds: float) -> None:
        """Start no request to this host for ``seconds`` (a Retry-After)."""
        loop = asyncio.get_running_loop()
        self.next = max(self.next, loop.time() + seconds)
