"""Polite and tolerant: one connection, three seconds apart, retries, size caps, no raising."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperledge
from arxiv.arxiv_api import ArxivServer, FakeClock, Fault, feed_xml
from arxiv.helpers import SAMPLE_UNLINKED, TimedTransport, codes, run, unlinked
from paperledge import arxiv


def test_requests_leave_at_least_three_seconds_apart_by_default(server: ArxivServer) -> None:
    clock = FakeClock()
    transport = TimedTransport(clock)
    with httpx.Client(transport=transport) as client:
        run(server, clock=clock, client=client, delay=3.0)
    gaps = [b - a for a, b in zip(transport.sent_at, transport.sent_at[1:], strict=False)]
    assert len(transport.sent_at) == 6
    assert gaps == [3.0] * 5


def test_the_default_client_keeps_one_connection(server: ArxivServer) -> None:
    run(server)
    assert len(server.requests) > 1
    assert len(set(server.ports)) == 1


def test_every_request_names_paperledge_in_its_user_agent(server: ArxivServer) -> None:
    run(server)
    assert all(h["User-Agent"].startswith("paperledge/") for h in server.headers)


def test_a_503_is_tried_again_and_the_answer_used(server: ArxivServer) -> None:
    server.fail(Fault(status=503))
    clock = FakeClock()
    events: list[str] = []
    linked = run(server, clock=clock, progress=lambda p: events.append(p.event), backoff=10.0)
    assert unlinked(linked) == SAMPLE_UNLINKED
    assert len(server.requests) == 7
    assert events.count("retry") == 1
    assert clock.sleeps[0] == 10.0  # the backoff, longer than the rate limit's wait


def test_a_429_waits_as_long_as_retry_after_asks(server: ArxivServer) -> None:
    server.fail(Fault(status=429, headers=(("Retry-After", "17"),)))
    clock = FakeClock()
    transport = TimedTransport(clock)
    with httpx.Client(transport=transport) as client:
        linked = run(server, clock=clock, client=client)
    assert unlinked(linked) == SAMPLE_UNLINKED
    assert transport.sent_at[1] - transport.sent_at[0] == 17.0


def test_a_retry_after_too_long_is_given_up_with_a_diagnostic_naming_the_url(
    server: ArxivServer,
) -> None:
    server.fail(Fault(status=503, headers=(("Retry-After", "86400"),)))
    linked = run(server)
    failed = [d for d in linked.diagnostics if d.code == "fetch-failed"]
    assert len(failed) == 1
    assert failed[0].source is not None
    assert failed[0].source.startswith(server.url)
    assert "Retry-After" in failed[0].message


def test_a_server_failing_every_try_leaves_its_episodes_unlinked_and_goes_on(
    server: ArxivServer,
) -> None:
    server.fail(*[Fault(status=503)] * 4)
    linked = run(server, tries=4)
    assert codes(linked).count("fetch-failed") == 1
    # The titles of the first batch failed; their authors were asked next.
    assert unlinked(linked) == SAMPLE_UNLINKED


def test_a_malformed_response_is_reported_and_not_cached(
    server: ArxivServer, tmp_path: Path
) -> None:
    server.fail(Fault(body=b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>"))
    first = run(server, cache=tmp_path)
    assert codes(first).count("arxiv-response") == 1
    sent = len(server.requests)
    second = run(server, cache=tmp_path)
    assert server.requests[sent] == server.requests[0]  # the malformed one, asked again
    assert "arxiv-response" not in codes(second)
    asked = len(server.requests)
    run(server, cache=tmp_path)
    assert len(server.requests) == asked


def test_an_error_the_api_reports_is_a_diagnostic(server: ArxivServer) -> None:
    server.fail(
        Fault(
            body=b"<?xml version='1.0'?>"
            + feed_xml([], 0, "q")
            .split(b"?>", 1)[1]
            .replace(
                b"</feed>",
                b"<entry><id>http://arxiv.org/api/errors#x</id><title>Error</title>"
                b"<summary>incorrect query</summary></entry></feed>",
            )
        )
    )
    linked = run(server)
    (reported,) = [d for d in linked.diagnostics if d.code == "arxiv-response"]
    assert "incorrect query" in reported.message


def test_an_oversized_response_is_dropped(server: ArxivServer) -> None:
    server.fail(Fault(body=b"<feed>" + b" " * 50_000 + b"</feed>"))
    linked = run(server, max_bytes=20_000)
    (reported,) = [d for d in linked.diagnostics if d.code == "fetch-too-large"]
    assert "20000 bytes" in reported.message


def test_a_client_error_is_not_tried_again(server: ArxivServer) -> None:
    server.fail(Fault(status=400, body=b"bad"))
    linked = run(server)
    assert codes(linked).count("fetch-status") == 1
    assert len(server.requests) == 7  # 6 queries and the failed one, not retried


def test_an_unreachable_api_is_diagnostics_not_an_exception() -> None:
    with ArxivServer() as gone:
        url = gone.url
    linked = arxiv.link(
        paperledge.load_sample(),
        settings=arxiv.ArxivSettings(api_url=url, tries=2, backoff=0.0),
        clock=FakeClock(),
    )
    assert all(e.paper is None for e in linked.episodes)
    assert set(codes(linked)) == {"fetch-failed", "paper-unmatched"}


def test_a_second_run_with_the_cache_sends_nothing(server: ArxivServer, tmp_path: Path) -> None:
    first = run(server, cache=tmp_path)
    sent = len(server.requests)
    events: list[str] = []
    second = run(server, cache=tmp_path, progress=lambda p: events.append(p.event))
    assert len(server.requests) == sent
    assert events.count("cached") == sent
    assert [e.paper for e in second.episodes] == [e.paper for e in first.episodes]


def test_an_interrupted_run_resumes_from_the_cache(server: ArxivServer, tmp_path: Path) -> None:
    def stop_after_two(p: arxiv.Progress) -> None:
        if p.event == "request" and p.requests == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(server, cache=tmp_path, progress=stop_after_two)
    assert len(server.requests) == 2
    linked = run(server, cache=tmp_path)
    assert len(server.requests) == 6  # the 2 kept, 4 more
    assert unlinked(linked) == SAMPLE_UNLINKED


def test_a_cached_answer_older_than_max_age_is_asked_again(
    server: ArxivServer, tmp_path: Path
) -> None:
    clock = FakeClock()
    run(server, cache=tmp_path, clock=clock)
    clock.now += 7200
    run(server, cache=tmp_path, clock=clock, max_age=3600)
    assert len(server.requests) == 12


def test_progress_reports_every_episode_and_ends_with_done(server: ArxivServer) -> None:
    seen: list[arxiv.Progress] = []
    run(server, progress=seen.append)
    assert seen[-1].event == "done"
    assert (seen[-1].episodes_done, seen[-1].episodes_total, seen[-1].linked) == (24, 24, 23)
    assert [p.event for p in seen].count("episode") == 24
    assert seen[-1].waited == 15.0


def test_linking_logs_and_never_prints(
    server: ArxivServer, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="paperledge.arxiv"):
        run(server)
    assert capsys.readouterr() == ("", "")
    assert any(
        r.name == "paperledge.arxiv" and "linked to" in r.getMessage() for r in caplog.records
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from([200, 200, 200, 301, 400, 404, 429, 500, 503]),
    body=st.binary(max_size=3000),
)
def test_linking_never_raises_whatever_the_server_sends(status: int, body: bytes) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Retry-After": "1"})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        linked = arxiv.link(
            paperledge.load_sample(),
            settings=arxiv.ArxivSettings(api_url="http://api.test/query", tries=2),
            client=client,
            clock=FakeClock(),
        )
    assert set(codes(linked)) <= set(arxiv.ARXIV_CODES)
    assert all(e.paper is None for e in linked.episodes)


def test_after_queries_fail_in_a_row_the_rest_are_not_sent(server: ArxivServer) -> None:
    server.fail(*[Fault(status=503)] * 10)
    linked = run(server, tries=1, give_up_after=2)
    assert len(server.requests) == 2
    not_sent = [d for d in linked.diagnostics if "not sent" in d.message]
    assert len(not_sent) >= 1
    assert all(d.code == "fetch-failed" for d in not_sent)
    assert all(e.paper is None for e in linked.episodes)


def test_a_cache_folder_given_to_link_itself_serves_the_second_run(
    server: ArxivServer, tmp_path: Path
) -> None:
    settings = arxiv.ArxivSettings(api_url=server.url)
    arxiv.link(paperledge.load_sample(), settings=settings, cache=tmp_path, clock=FakeClock())
    sent = len(server.requests)
    arxiv.link(paperledge.load_sample(), settings=settings, cache=str(tmp_path), clock=FakeClock())
    assert len(server.requests) == sent
