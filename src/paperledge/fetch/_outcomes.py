"""What a request comes to: a body, a failure to report, or one worth another try.

Also the causes in words (``connection refused by ...``) and the numbers
read from headers that decide a retry (``Retry-After``).
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import attrs

from ._cache import UnsafePath

__all__ = [
    "FetchFailure",
    "Fetched",
    "Retry",
    "Stats",
    "header_number",
    "retry_after",
    "transport_reason",
    "why",
]

# More than any size or number of seconds a header can sensibly give.
_HUGE = 10**18


class FetchFailure(Exception):
    """A URL could not be fetched; ``code`` is the diagnostic code to report.

    ``partial`` holds what arrived of a body that was cut short, when the
    caller may still make use of it.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        partial: Fetched | None = None,
        status: int | None = None,
        robots: bool = False,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.robots = robots
        #: The cause alone, without the URL (``connection refused``), when known.
        self.reason = reason
        self.code = code
        self.message = message
        self.partial = partial
        self.status = status


@attrs.frozen(kw_only=True)
class Fetched:
    """A body and where it came from.

    ``origin`` is ``"network"`` (a 200), ``"not-modified"`` (a 304 served from
    the cache) or ``"resumed"`` (taken from the cache without a request).
    """

    url: str
    body: bytes
    content_type: str | None
    origin: str
    #: The body was cut at the size limit (read in part on purpose: robots.txt).
    cut: bool = False


@attrs.define
class Stats:
    """Counters the progress reports are made of."""

    requests: int = 0
    not_modified: int = 0
    resumed: int = 0
    retries: int = 0
    failures: int = 0
    bytes: int = 0
    started: float = attrs.field(factory=time.monotonic)


def header_number(value: str | None) -> int | None:
    """A header's whole number of ASCII digits (capped at 10**18), else ``None``.

    Never ``int()`` of the whole string: it raises on more than 4,300 digits
    (Python 3.11 and later), and ``str.isdigit`` alone lets ``"²"`` through.
    """
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    return _HUGE if len(digits) > 18 else int(digits)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    seconds = header_number(value)
    if seconds is not None:
        return float(seconds)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(0.0, moment.timestamp() - now)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def transport_reason(error: BaseException, url: str) -> str:
    """What went wrong below HTTP, in words: connection refused, DNS, TLS, reset.

    httpx wraps the socket's own error (``ConnectionRefusedError``,
    ``socket.gaierror``, ``ssl.SSLError``) in its exceptions; the first one
    that names a cause wins, else the exception's own text.
    """
    host = urlsplit(url).hostname or url
    for cause in _causes(error):
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {host}"
        if isinstance(cause, socket.gaierror):
            return f"DNS lookup of {host} failed ({cause.strerror or cause})"
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or cause.reason or str(cause)
            return f"TLS certificate of {host} not accepted ({detail})"
        if isinstance(cause, ssl.SSLError):
            return f"TLS handshake with {host} failed ({cause.reason or cause})"
        if isinstance(cause, ConnectionResetError):
            return f"connection reset by {host}"
        if isinstance(cause, OSError) and cause.errno is not None and cause.strerror:
            return f"{host}: {cause.strerror.lower()}"
    return f"{type(error).__name__}: {error}"


def why(error: OSError) -> str:
    """An OSError in words, without the path (``No space left on device``)."""
    if isinstance(error, UnsafePath):
        return str(error)
    return error.strerror or str(error)


class Retry(Exception):
    """A failure worth another try."""

    def __init__(
        self,
        reason: str,
        *,
        after: float | None = None,
        partial: Fetched | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after
        self.partial = partial
        self.status = status
