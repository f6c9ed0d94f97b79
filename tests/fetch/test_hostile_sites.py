"""A site that misbehaves on purpose: bombs, odd codings, absurd headers, bad redirects.

Each case serves one hostile answer from the local site (``Site.raw``) and
checks that the crawl reports it as a diagnostic naming the URL and goes on
with the rest of the archive.  No test limits wall-clock time; memory is
checked with tracemalloc where the bomb is the point.
"""

from __future__ import annotations

import asyncio
import collections
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from paperledge import Show
from paperledge.fetch import Progress, _body, acrawl, crawl
from paperledge.fetch._body import ACCEPT_ENCODING, STEP, Decoder

from fetch_server import PER_PAGE, Site, bomb, compress, send_raw, serving

FAST: dict[str, Any] = {"delay": 0.0, "timeout": 10.0, "backoff": 0.0, "tries": 2}
MiB = 1 << 20


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def codes(show: Show) -> collections.Counter[str]:
    return collections.Counter(d.code for d in show.diagnostics)


def only(show: Show, code: str) -> str:
    """The message of the one diagnostic of ``show``, which has ``code``."""
    assert [d.code for d in show.diagnostics] == [code], show.diagnostics
    return show.diagnostics[0].message


def responder(
    body: bytes, headers: list[tuple[str, str]], status: int = 200
) -> Callable[[BaseHTTPRequestHandler], int]:
    def answer(handler: BaseHTTPRequestHandler) -> int:
        return send_raw(handler, status, headers, body)

    return answer


def encoded(data: bytes, layers: tuple[str, ...]) -> bytes:
    for layer in layers:
        data = compress(data, layer)
    return data


def header_of(layers: tuple[str, ...]) -> str:
    # raw-deflate is what some servers send under the name deflate.
    return ", ".join("deflate" if layer == "raw-deflate" else layer for layer in layers)


def pages_read(site: Site, show: Show, numbers: list[int]) -> None:
    urls = {e.url for e in show.episodes}
    for number in numbers:
        for episode in site.archive.page_episodes(number):
            assert site.url(episode.path) in urls


LAYERINGS = [
    ("gzip",),
    ("deflate",),
    ("raw-deflate",),
    ("gzip", "gzip"),
    ("deflate", "gzip"),
    ("gzip", "raw-deflate", "gzip"),
]


# -- content codings and bombs -------------------------------------------------------


def test_the_crawler_asks_only_for_codings_it_bounds(site: Site) -> None:
    crawl(site.url("/"), max_pages=1, feed=False, **FAST)
    assert {hit.headers["accept-encoding"] for hit in site.hits()} == {ACCEPT_ENCODING}


@pytest.mark.parametrize("layers", LAYERINGS, ids="+".join)
def test_a_page_under_any_layering_of_codings_is_read(site: Site, layers: tuple[str, ...]) -> None:
    page = site.archive.listing(2)
    site.raw["/page/2/"] = responder(
        encoded(page, layers),
        [("Content-Type", "text/html"), ("Content-Encoding", header_of(layers))],
    )
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    assert show.diagnostics == ()
    pages_read(site, show, [1, 2, 3])


@pytest.mark.parametrize("layers", LAYERINGS, ids="+".join)
def test_a_bomb_under_any_layering_is_stopped_at_the_cap(
    site: Site, layers: tuple[str, ...]
) -> None:
    payload = bomb(64 * MiB, layers)
    assert len(payload) < 70_000
    site.raw["/page/2/"] = responder(
        payload, [("Content-Type", "text/html"), ("Content-Encoding", header_of(layers))]
    )
    show = crawl(site.url("/"), max_pages=3, feed=False, max_bytes=4 * MiB, **FAST)
    message = only(show, "fetch-too-large")
    assert message.startswith(site.url("/page/2/"))
    assert f"more than the {4 * MiB} bytes allowed once decoded" in message
    # Not retried: the same answer would come back.
    assert len(site.hits("/page/2/")) == 1
    pages_read(site, show, [1, 3])


def test_the_peak_memory_of_a_bomb_is_about_the_cap(site: Site) -> None:
    # 1 GiB of zeros in two layers of gzip, about 1 KB on the wire.
    payload = bomb(1 << 30)
    site.raw["/"] = responder(
        payload, [("Content-Type", "text/html"), ("Content-Encoding", "gzip, gzip")]
    )
    cap = 8 * MiB
    tracemalloc.start()
    try:
        show = crawl(site.url("/"), feed=False, max_bytes=cap, **FAST)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert codes(show) == {"fetch-too-large": 1}
    # The body up to the cap (BytesIO grows by an eighth), one step of each
    # layer's output, and the crawl's own bookkeeping.
    assert peak < cap * 1.25 + 4 * STEP + 4 * MiB


def test_the_timeout_fires_while_a_bomb_decodes(site: Site) -> None:
    # A cap the bomb never reaches: only the timeout can stop it, and it
    # can only fire if the decoding lets the event loop turn.
    payload = bomb(1 << 30)
    site.raw["/"] = responder(
        payload, [("Content-Type", "application/octet-stream"), ("Content-Encoding", "gzip, gzip")]
    )
    show = crawl(
        site.url("/"), feed=False, max_bytes=2 << 30, **{**FAST, "timeout": 0.1, "tries": 1}
    )
    message = only(show, "fetch-failed")
    assert "no complete response within 0.1 s" in message


def test_other_requests_go_on_while_a_bomb_decodes(site: Site) -> None:
    # The bomb on page 1's first episode; the others are read meanwhile
    # (two at a time), and the bomb alone is lost.
    first = site.archive.page_episodes(1)[0].path
    site.raw[first] = responder(
        bomb(256 * MiB), [("Content-Type", "text/html"), ("Content-Encoding", "gzip, gzip")]
    )
    show = asyncio.run(
        acrawl(site.url("/"), max_pages=1, episodes=True, feed=False, max_bytes=64 * MiB, **FAST)
    )
    assert only(show, "fetch-too-large").startswith(site.url(first))
    assert len(show.episodes) == PER_PAGE


@pytest.mark.parametrize("coding", ["zstd", "compress", "br"])
def test_a_coding_that_cannot_be_decoded_is_reported(
    site: Site, coding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # br without brotli installed (it is a test dependency: taken away here).
    monkeypatch.setattr(_body, "_brotli", None)
    site.raw["/page/2/"] = responder(
        b"(\xb5/\xfd garbage", [("Content-Type", "text/html"), ("Content-Encoding", coding)]
    )
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    message = only(show, "fetch-content-type")
    assert message.startswith(f"{site.url('/page/2/')}: Content-Encoding {coding} cannot be")
    pages_read(site, show, [1, 3])


def test_thousands_of_stacked_codings_are_refused_not_recursed(site: Site) -> None:
    site.raw["/page/2/"] = responder(
        compress(site.archive.listing(2), "gzip"),
        [("Content-Type", "text/html"), ("Content-Encoding", ", ".join(["gzip"] * 5000))],
    )
    show = crawl(site.url("/page/2/"), max_pages=1, feed=False, **FAST)
    message = only(show, "fetch-content-type")
    assert "Content-Encoding of 5000 stacked codings (at most 8) cannot be decoded" in message


def test_a_corrupt_gzip_body_is_tried_again_then_reported(site: Site) -> None:
    body = compress(site.archive.listing(2), "gzip")
    site.raw["/page/2/"] = responder(
        body[:10] + b"\xff" * 40 + body[50:],
        [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
    )
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    message = only(show, "fetch-failed")
    assert "body cannot be decoded: gzip data corrupt" in message
    assert len(site.hits("/page/2/")) == FAST["tries"]
    pages_read(site, show, [1, 3])


def test_identity_and_x_gzip_are_read(site: Site) -> None:
    page = site.archive.listing(2)
    site.raw["/page/2/"] = responder(
        compress(page, "gzip"),
        [("Content-Type", "text/html"), ("Content-Encoding", "identity, x-gzip")],
    )
    show = crawl(site.url("/"), max_pages=2, feed=False, **FAST)
    assert show.diagnostics == ()
    pages_read(site, show, [1, 2])


def test_br_is_decoded_with_a_bound_when_brotli_can_bound_it(site: Site) -> None:
    import brotli  # noqa: PLC0415 - an optional dependency of the crawler (the test extra has it)

    # The test extra asks for brotli 1.2 or later, which can bound its output.
    assert "br" in ACCEPT_ENCODING
    site.raw["/page/2/"] = responder(
        brotli.compress(site.archive.listing(2)),
        [("Content-Type", "text/html"), ("Content-Encoding", "br")],
    )
    site.raw["/page/3/"] = responder(
        brotli.compress(compress(bytes(64 * MiB), "gzip")),
        [("Content-Type", "text/html"), ("Content-Encoding", "gzip, br")],
    )
    show = crawl(site.url("/"), max_pages=4, feed=False, max_bytes=4 * MiB, **FAST)
    assert only(show, "fetch-too-large").startswith(site.url("/page/3/"))
    pages_read(site, show, [1, 2, 4])


def test_decoding_goes_in_bounded_steps() -> None:
    decoder = Decoder(["gzip", "gzip"])
    sizes = [len(piece) for piece in decoder.decode(bomb(16 * MiB))]
    assert sum(sizes) == 16 * MiB
    assert max(sizes) <= STEP


def test_gzip_members_are_all_read_and_trailing_bytes_ignored() -> None:
    data = compress(b"a" * 10, "gzip") + compress(b"b" * 5, "gzip") + b"\x00junk"
    assert b"".join(Decoder(["gzip"]).decode(data)) == b"a" * 10 + b"b" * 5


@pytest.mark.parametrize("kind", ["deflate", "raw-deflate"])
def test_deflate_of_either_kind_read_a_byte_at_a_time(kind: str) -> None:
    data = compress(b"paperledge " * 100, kind)
    decoder = Decoder(["deflate"])
    out = b"".join(piece for byte in data for piece in decoder.decode(bytes([byte])))
    assert out == b"paperledge " * 100


# -- numbers in headers ---------------------------------------------------------------


@pytest.mark.parametrize("digits", [19, 21, 5000])
def test_a_huge_content_length_does_not_raise(site: Site, digits: int) -> None:
    site.raw["/page/2/"] = lambda handler: send_raw(
        handler,
        200,
        [("Content-Type", "text/html"), ("Content-Length", "9" * digits)],
        b"<html>",
        length=False,
    )
    show = crawl(site.url("/"), max_pages=3, feed=False, **{**FAST, "tries": 1})
    (diagnostic,) = show.diagnostics
    assert diagnostic.source == site.url("/page/2/")
    # Within 20 digits it is read, and over the cap; past that httpx refuses it.
    assert diagnostic.code == ("fetch-too-large" if digits == 19 else "fetch-failed")
    pages_read(site, show, [1, 3])


@pytest.mark.parametrize(
    "value", ["9" * 5000, "\u00b2", "1e400", "Fri, 31 Dec 99999 23:59:59 GMT"]
)
def test_an_absurd_retry_after_does_not_raise(site: Site, value: str) -> None:
    site.raw["/page/2/"] = responder(b"slow down", [("Retry-After", value)], status=429)
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    message = only(show, "fetch-failed")
    assert message.startswith(site.url("/page/2/"))
    pages_read(site, show, [1, 3])


# -- redirects --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "data:text/html,<h1>hi</h1>",
        "javascript:alert(1)",
        "mailto:someone@example.com",
        "ftp://127.0.0.1/page/2/",
        "file:///etc/passwd",
        "http://[::1",
    ],
)
def test_a_redirect_to_another_scheme_or_no_url_is_refused(site: Site, location: str) -> None:
    site.raw["/page/2/"] = responder(b"", [("Location", location)], status=302)
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    message = only(show, "fetch-refused")
    assert message.startswith(site.url("/page/2/"))
    assert len(site.hits("/page/2/")) == 1
    pages_read(site, show, [1, 3])


# -- charsets ---------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["rot13", "base64", "no-such-charset"])
def test_a_charset_that_is_no_text_encoding_is_read_as_the_reader_would(
    site: Site, charset: str
) -> None:
    site.always["/page/2/"] = f"type:text/html; charset={charset}"
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    message = only(show, "encoding")
    assert message.startswith(site.url("/page/2/"))
    assert repr(charset) in message
    pages_read(site, show, [1, 2, 3])


def test_the_charset_http_names_outranks_the_pages_own(site: Site) -> None:
    # cp1252 bytes (curly quotes and all) under a <meta charset="utf-8">.
    page = site.archive.listing(2).decode("utf-8").encode("cp1252")
    site.raw["/page/2/"] = responder(page, [("Content-Type", "text/html; charset=windows-1252")])
    reference = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    site.raw.clear()
    assert crawl(site.url("/"), max_pages=3, feed=False, **FAST) == reference
    assert reference.diagnostics == ()


def test_a_url_httpx_refuses_is_reported(site: Site) -> None:
    show = crawl(site.url("/page/\x01/"), feed=False, **FAST)
    message = only(show, "fetch-refused")
    assert "is not a valid URL" in message


def test_a_resumed_crawl_reads_a_cached_page_with_an_unknown_charset(
    site: Site, tmp_path: Path
) -> None:
    site.always["/page/2/"] = "type:text/html; charset=rot13"

    class Stop(Exception):
        pass

    def stop(progress: Progress) -> None:
        if progress.event == "page" and progress.pages_done == 3:
            raise Stop

    with pytest.raises(Stop):
        crawl(site.url("/"), feed=False, cache=tmp_path, progress=stop, **FAST)
    site.log.clear()
    show = crawl(site.url("/"), feed=False, cache=tmp_path, **FAST)
    assert not site.hits("/page/2/")  # taken from the cache, and read
    assert codes(show) == {"encoding": 1}
    pages_read(site, show, list(range(1, site.archive.page_count + 1)))
