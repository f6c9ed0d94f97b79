"""The crawler's cache directory: stored responses and the journal of a crawl.

Layout of ``cache/``::

    responses/ab/<sha256 of the URL>.json   what the server said (validators, type)
    responses/ab/<sha256 of the URL>.body   the body, as received
    crawls/<sha256 of the start URL>.jsonl  the journal of the last crawl from that URL

Every file is written through a temporary file and a rename, so a crawl killed
at any moment leaves either the old entry or the new one, never half of one.
The body is written before its metadata: an entry without metadata is absent.

Nothing is read or written through a symbolic link below ``cache/`` (the
folder itself may be one): a link placed there could point anywhere, and a
crawl must not overwrite or serve someone else's file.  Such a path raises
:class:`UnsafePath`, which the crawl reports before going on without it.

The journal is appended to, one JSON line per URL the crawl finished, so a
killed crawl has written every line but at most the last (a torn last line
is ignored).  A crawl that runs to the end writes a last ``{"complete":
true}`` line; a later crawl then starts a new journal and revalidates
everything with conditional requests.  A crawl that finds an unfinished
journal resumes: the URLs it names are taken from the cache without a request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

__all__ = ["CacheEntry", "Journal", "ResponseCache", "UnsafePath"]

logger = logging.getLogger("paperledge")

# Where the platform has it, open() itself refuses a link as the last part
# of a path; _check_below covers the folders on the way and other platforms.
# O_BINARY: no newline translation on Windows.
_OPEN_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class UnsafePath(OSError):
    """A path in the cache leads through a symbolic link; it is not used."""


def _key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _check_below(root: Path, path: Path, *, create: bool = False) -> None:
    """Raise :class:`UnsafePath` if a part of ``path`` below ``root`` is a link.

    With ``create``, make the missing folders on the way (one at a time, so
    none is made through a link).
    """
    current = root
    parts = path.relative_to(root).parts
    for number, part in enumerate(parts):
        current = current / part
        if current.is_symlink():
            raise UnsafePath(f"{current} is a symbolic link; the cache does not follow it")
        if create and number < len(parts) - 1 and not current.exists():
            current.mkdir(exist_ok=True)


def _read_bytes(root: Path, path: Path) -> bytes:
    _check_below(root, path)
    handle = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    with os.fdopen(handle, "rb") as source:
        return source.read()


def _write_bytes_atomically(root: Path, path: Path, data: bytes) -> None:
    root.mkdir(parents=True, exist_ok=True)
    _check_below(root, path, create=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@attrs.frozen(kw_only=True)
class CacheEntry:
    """A stored response: its body and what a conditional request needs."""

    url: str
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    stored: float = 0.0
    #: Where the body came from when the URL redirected (stored for resuming).
    location: str | None = None

    def validators(self) -> dict[str, str]:
        """The headers of a conditional request for this entry."""
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class ResponseCache:
    """Responses stored on disk by URL (see the module's docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._responses = root / "responses"

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = _key(url)
        folder = self._responses / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, url: str) -> CacheEntry | None:
        """The stored response for ``url``, or ``None``.

        Raises :class:`UnsafePath` when the entry's path leads through a link.
        """
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(_read_bytes(self.root, meta_path).decode("utf-8"))
            body = _read_bytes(self.root, body_path)
        except UnsafePath:
            raise
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("url") != url:
            return None
        if meta.get("size") != len(body):
            # The body was replaced after this metadata was written and the
            # crawl died before the new metadata: trust neither.
            return None

        def text(name: str) -> str | None:
            value = meta.get(name)
            return value if isinstance(value, str) else None

        stored = meta.get("stored")
        return CacheEntry(
            url=url,
            body=body,
            content_type=text("content_type"),
            etag=text("etag"),
            last_modified=text("last_modified"),
            stored=float(stored) if isinstance(stored, (int, float)) else 0.0,
            location=text("location"),
        )

    def put(self, entry: CacheEntry) -> None:
        """Store ``entry``, replacing what was stored for its URL.

        Raises :class:`OSError` (a full disk, :class:`UnsafePath`).
        """
        meta_path, body_path = self._paths(entry.url)
        meta = {
            "url": entry.url,
            "content_type": entry.content_type,
            "etag": entry.etag,
            "last_modified": entry.last_modified,
            "stored": entry.stored or time.time(),
            "size": len(entry.body),
            "location": entry.location,
        }
        _write_bytes_atomically(self.root, body_path, entry.body)
        _write_bytes_atomically(self.root, meta_path, json.dumps(meta).encode("utf-8"))


class Journal:
    """The record of one crawl from a start URL, kept for resuming it.

    Every method may raise :class:`OSError` (a full disk, :class:`UnsafePath`);
    after one, :meth:`abandon` stops the writing and the crawl goes on, not
    resumable past that point.
    """

    def __init__(self, root: Path, start_url: str) -> None:
        self.root = root
        self.path = root / "crawls" / f"{_key(start_url)}.jsonl"
        self.start_url = start_url
        self.done: set[str] = set()
        self.resumed = False
        self._fd: int | None = None

    def _read(self) -> list[dict[str, Any]]:
        lines: list[dict[str, Any]] = []
        try:
            raw = _read_bytes(self.root, self.path)
        except UnsafePath:
            raise
        except OSError:
            return lines
        for line in raw.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line torn by a kill
            if isinstance(record, dict):
                lines.append(record)
        return lines

    def _open_for_append(self) -> None:
        _check_below(self.root, self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | _OPEN_FLAGS)

    def open(self) -> None:
        """Read an unfinished journal (resume) or start a new one."""
        lines = self._read()
        header_ok = bool(lines) and lines[0].get("start") == self.start_url
        complete = any(record.get("complete") for record in lines)
        if header_ok and not complete:
            self.done = {r["url"] for r in lines[1:] if isinstance(r.get("url"), str)}
            self.resumed = True
            logger.info("resuming the crawl of %s: %d URLs done", self.start_url, len(self.done))
            self._open_for_append()
            return
        # A fresh journal: written whole through a rename, then appended to.
        header = json.dumps({"start": self.start_url, "began": time.time()}) + "\n"
        _write_bytes_atomically(self.root, self.path, header.encode("utf-8"))
        self._open_for_append()

    def _append(self, record: dict[str, Any]) -> None:
        if self._fd is None:
            return  # never opened, closed or abandoned: nothing is written
        # One unbuffered write per line: a killed process (or a full disk)
        # leaves at most a torn last line, which reading skips, and no
        # buffer is left to fail again on closing.
        data = (json.dumps(record) + "\n").encode("utf-8")
        # A write cut short (a file-size limit reached) is finished by the
        # next, which then raises the limit's error.
        while data:
            data = data[os.write(self._fd, data) :]

    def record(self, url: str) -> None:
        """Note that ``url`` was fetched (or revalidated) and stored."""
        if url not in self.done:
            self.done.add(url)
            if self._fd is not None:
                self._append({"url": url})

    def complete(self) -> None:
        """Mark the crawl finished: the next one revalidates everything."""
        try:
            self._append({"complete": True})
        finally:
            self.close()

    def abandon(self) -> None:
        """Write no more (after a failed write): what is written stays resumable.

        The URLs read from an earlier crawl's journal are still taken from
        the cache; nothing else is written, not even :meth:`complete`.
        """
        self.close()

    def close(self) -> None:
        """Close the journal file (an unfinished journal stays resumable)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
