"""A small arXiv query API on 127.0.0.1, speaking its Atom format, with faults on demand.

:class:`Catalogue` holds papers (``data/papers.json``: the sample show's papers
and the hard cases around them) and answers ``search_query`` as arXiv does
for what paperledge sends: ``ti:"phrase"`` (the phrase's words in order,
case and punctuation aside), ``au:"Name"`` (surname and first initial, or a
group's whole name), ``submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]`` (the
first version's day), ``AND``, ``OR``, ``ANDNOT``, parentheses; ``id_list``;
``start``, ``max_results``; newest first.  :class:`ArxivServer` serves it
with :mod:`http.server` on a thread, logs every request and sends the faults
queued with :meth:`ArxivServer.fail` instead of the next answers.
:class:`FakeClock` is a clock whose ``sleep`` only moves it on.
"""

from __future__ import annotations

import collections
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

import attrs

DATA = Path(__file__).parent / "data"
Paper = dict[str, Any]


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", plain.replace("'", "").replace("’", "")).split()


def _name_key(name: str) -> str:
    words = _words(name)
    if not words:
        return ""
    return words[-1] + " " + words[0][0] if len(words) > 1 else words[0]


def _has_phrase(text: str, phrase: str) -> bool:
    return f" {' '.join(_words(phrase))} " in f" {' '.join(_words(text))} "


_TOKEN = re.compile(
    r'\s*(\(|\)|ANDNOT\b|AND\b|OR\b|[a-zA-Z]+:\[[^\]]*\]|[a-z]+:"[^"]*"|[a-z]+:[^\s()]+)'
)


class QueryError(ValueError):
    """A search_query the API would refuse."""


def _tokens(query: str) -> list[str]:
    tokens, at = [], 0
    while at < len(query):
        found = _TOKEN.match(query, at)
        if found is None:
            if query[at:].strip():
                raise QueryError(f"cannot read the query at {query[at:]!r}")
            break
        tokens.append(found.group(1))
        at = found.end()
    return tokens


Predicate = Callable[[Paper], bool]


def _term(token: str) -> Predicate:
    field, _, value = token.partition(":")
    value = value.strip('"')
    if field == "ti":
        return lambda p: _has_phrase(p["title"], value)
    if field == "au":
        key = _name_key(value)
        whole = "".join(_words(value))
        return lambda p: any(
            _name_key(a) == key or "".join(_words(a)) == whole for a in p["authors"]
        )
    if field == "submittedDate":
        low, _, high = value.strip("[]").partition(" TO ")
        if not (low.isdigit() and high.isdigit() and len(low) == len(high) == 12):
            raise QueryError(f"cannot read the date range {value!r}")
        return lambda p: low[:8] <= p["published"].replace("-", "") <= high[:8]
    if field == "all":
        return lambda p: _has_phrase(p["title"] + " " + p["summary"], value)
    raise QueryError(f"unknown field {field!r}")


def _parse(tokens: list[str]) -> Predicate:
    """Left to right, as Lucene reads a flat Boolean query; parentheses group."""
    position = 0

    def operand() -> Predicate:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            inner = expression()
            position += 1  # the ")"
            return inner
        return _term(token)

    def expression() -> Predicate:
        nonlocal position
        left = operand()
        while position < len(tokens) and tokens[position] != ")":
            operator = tokens[position]
            position += 1
            right = operand()
            left = _combine(operator, left, right)
        return left

    return expression()


def _combine(operator: str, left: Predicate, right: Predicate) -> Predicate:
    if operator == "AND":
        return lambda p: left(p) and right(p)
    if operator == "OR":
        return lambda p: left(p) or right(p)
    if operator == "ANDNOT":
        return lambda p: left(p) and not right(p)
    raise QueryError(f"unknown operator {operator!r}")


def entry_xml(paper: Paper) -> str:
    """One paper as the API writes an ``entry``."""
    bare = paper["id"].rsplit("v", 1)[0] if "v" in paper["id"] else paper["id"]
    authors = "".join(
        f"\n    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in paper["authors"]
    )
    return f"""  <entry>
    <id>http://arxiv.org/abs/{paper["id"]}</id>
    <updated>{paper["updated"]}T17:59:{len(bare) % 60:02d}Z</updated>
    <published>{paper["published"]}T17:59:{len(bare) % 60:02d}Z</published>
    <title>{escape(paper["title"])}</title>
    <summary>  {escape(paper["summary"])}
</summary>{authors}
    <link href="http://arxiv.org/abs/{paper["id"]}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{paper["id"]}" rel="related"
      type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom"
      term={quoteattr(paper["category"])} scheme="http://arxiv.org/schemas/atom"/>
    <category term={quoteattr(paper["category"])} scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def feed_xml(entries: list[Paper], total: int, query: str, start: int = 0) -> bytes:
    """A whole response, as the API writes one."""
    body = "".join(entry_xml(p) for p in entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href={quoteattr("http://arxiv.org/api/query?" + query)} rel="self"
    type="application/atom+xml"/>
  <title type="html">ArXiv Query: {escape(query)}</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2025-10-02T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:itemsPerPage>
{body}</feed>
""".encode()


def error_xml(message: str) -> bytes:
    """The API's answer to a query it refuses: one entry under /api/errors."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: error</title>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_query</id>
    <title>Error</title>
    <summary>{escape(message)}</summary>
  </entry>
</feed>
""".encode()


class Catalogue:
    """The papers the server knows, answering queries."""

    def __init__(self, papers: list[Paper] | None = None) -> None:
        if papers is None:
            papers = json.loads((DATA / "papers.json").read_text("utf-8"))["papers"]
        self.papers = list(papers)

    def add(self, **paper: Any) -> None:
        """Another paper (``id``, ``title``, ``authors``, ``published``...)."""
        paper.setdefault("updated", paper["published"])
        paper.setdefault("category", "cs.LG")
        paper.setdefault("summary", "An abstract.")
        self.papers.append(paper)

    def answer(self, parameters: dict[str, str]) -> bytes:
        query = parameters.get("search_query", "")
        ids = [i for i in parameters.get("id_list", "").split(",") if i]
        try:
            start = int(parameters.get("start", "0"))
            limit = int(parameters.get("max_results", "10"))
            matches = _parse(_tokens(query)) if query else None
            found = [p for p in self.papers if matches(p)] if matches else []
        except (QueryError, IndexError, ValueError) as error:
            return error_xml(f"incorrect query: {error}")
        if ids:
            wanted = {i.split("v")[0] for i in ids}
            found = [p for p in (found or self.papers) if p["id"].split("v")[0] in wanted]
        found.sort(key=lambda p: (p["published"], p["id"]), reverse=True)
        return feed_xml(found[start : start + limit], len(found), query, start)


@attrs.frozen
class Fault:
    """What to send instead of an answer: a status, headers and a body."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None


class ArxivServer:
    """The catalogue served on 127.0.0.1 (a context manager); ``url`` is the API's."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue or Catalogue()
        self.requests: list[dict[str, str]] = []
        self.headers: list[dict[str, str]] = []
        self.ports: list[int] = []
        self._faults: collections.deque[Fault] = collections.deque()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # the name http.server calls
                server._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/query"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> ArxivServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def fail(self, *faults: Fault) -> None:
        """Send ``faults`` instead of the next answers, one per request."""
        with self._lock:
            self._faults.extend(faults)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        parameters = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append(parameters)
            self.headers.append(dict(handler.headers.items()))
            self.ports.append(handler.client_address[1])
            fault = self._faults.popleft() if self._faults else None
        if parts.path != "/api/query":
            fault = Fault(status=404, body=b"not here")
        if fault is None:
            fault = Fault(body=self.catalogue.answer(parameters))
        body = fault.body if fault.body is not None else b""
        handler.send_response(fault.status)
        handler.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in fault.headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


@contextmanager
def serving(catalogue: Catalogue | None = None) -> Iterator[ArxivServer]:
    """An :class:`ArxivServer` running for the block."""
    with ArxivServer(catalogue) as server:
        yield server


class FakeClock:
    """A clock that never waits: ``sleep`` moves it on and is logged."""

    def __init__(self, start: float = 1_000.0, wall: float = 1_759_400_000.0) -> None:
        self.now = start
        self.wall_offset = wall - start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now + self.wall_offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
