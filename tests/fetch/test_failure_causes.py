"""A crawl that cannot reach the site names the real cause (connection refused, DNS, TLS),
not robots.txt; ``paperledge fetch`` then keeps an earlier output and says why in one line."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paperledge import Show
from paperledge._cli.main import main
from paperledge.fetch import crawl

from fetch_server import Site, serving

ONCE: dict[str, Any] = {"delay": 0.0, "timeout": 5.0, "backoff": 0.0, "tries": 1}


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def _closed_port() -> int:
    # A port that was just free: nothing listens there, so a connection is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _only_failure(show: Show) -> str:
    assert show.episodes == ()
    assert [d.code for d in show.diagnostics] == ["fetch-failed"]
    message = show.diagnostics[0].message
    assert "\n" not in message
    assert "forbids" not in message
    return message


def test_a_refused_connection_is_named_not_blamed_on_robots_txt() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    message = _only_failure(crawl(url, **ONCE))
    assert message.startswith(f"{url}: connection refused by 127.0.0.1")


def test_a_failed_dns_lookup_is_named() -> None:
    # .invalid never resolves (RFC 2606).
    message = _only_failure(crawl("http://paperledge.invalid/", **ONCE))
    assert "DNS lookup of paperledge.invalid failed" in message


def test_a_failed_tls_handshake_is_named(site: Site) -> None:
    # https to a server that speaks plain HTTP: the handshake fails.
    url = site.url("/").replace("http://", "https://")
    message = _only_failure(crawl(url, **ONCE))
    assert "TLS handshake with 127.0.0.1 failed" in message


def test_a_robots_txt_answering_503_still_forbids_and_says_so(site: Site) -> None:
    site.always["/robots.txt"] = "503"
    show = crawl(site.url("/"), **ONCE)
    [diagnostic] = show.diagnostics
    assert diagnostic.code == "fetch-refused"
    assert "HTTP 503" in diagnostic.message
    assert "forbids" in diagnostic.message


def _fetch(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["fetch", *argv, "--tries", "1", "--delay", "0"], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_fetch_that_reads_nothing_keeps_the_earlier_output(tmp_path: Path) -> None:
    target = tmp_path / "show.json"
    target.write_text('{"good": "earlier output"}', "utf-8")
    url = f"http://127.0.0.1:{_closed_port()}/"
    code, out, err = _fetch(url, "-o", str(target), "-q")
    assert (code, out) == (1, "")
    assert target.read_text("utf-8") == '{"good": "earlier output"}'
    assert err == (
        f"paperledge fetch: nothing read from {url}: connection refused by 127.0.0.1 "
        f"(while reading its robots.txt); {target} left as it was\n"
    )
    # Nor does it leave an empty show where there was nothing.
    fresh = tmp_path / "fresh.json"
    code, _, err = _fetch(url, "-o", str(fresh), "-q")
    assert code == 1
    assert not fresh.exists()
    assert err.endswith(f"; {fresh} not written\n")


def test_fetch_that_reads_a_page_replaces_the_output(site: Site, tmp_path: Path) -> None:
    target = tmp_path / "show.json"
    target.write_text('{"good": "earlier output"}', "utf-8")
    code, _, _ = _fetch(site.url("/"), "-o", str(target), "--max-pages", "1", "-q")
    assert code == 0
    assert '"episodes"' in target.read_text("utf-8")


def test_fetch_refuses_an_extension_no_writer_has_before_crawling(
    site: Site, tmp_path: Path
) -> None:
    code, out, err = _fetch(site.url("/"), "-o", str(tmp_path / "y.html"))
    assert (code, out) == (2, "")
    assert "paperledge reads html but does not write it" in err
    assert site.hits() == []


def test_fetch_verbose_shows_the_crawlers_log(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    _, _, quiet = _fetch(url, "-o", str(tmp_path / "a.json"))
    _, _, verbose = _fetch(url, "-o", str(tmp_path / "a.json"), "-v")
    assert "robots.txt of" not in quiet
    assert f"paperledge: robots.txt of {url.rstrip('/')} unreachable" in verbose
