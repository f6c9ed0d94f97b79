"""``paperledge link`` and ``--link-papers``: against the local arXiv API of tests/arxiv."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import paperledge
from arxiv.arxiv_api import ArxivServer, Fault
from paperledge import arxiv
from paperledge._cli.main import main

from fetch_server import Site, serving


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def api() -> Iterator[ArxivServer]:
    with ArxivServer() as running:
        yield running


def cli(*argv: str, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    out = io.StringIO()
    err = stderr if stderr is not None else io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def fast(api: ArxivServer) -> list[str]:
    return ["--arxiv-url", api.url, "--delay", "0"]


@pytest.fixture
def show_file(tmp_path: Path) -> Path:
    path = tmp_path / "show.json"
    paperledge.dump(paperledge.load_sample(), path)
    return path


def test_link_writes_the_linked_show_to_stdout_and_sums_up_on_stderr(
    api: ArxivServer, show_file: Path
) -> None:
    status, out, err = cli("link", str(show_file), *fast(api))
    assert status == 0
    episodes = json.loads(out)["episodes"]
    assert [e["authors"][0]["name"] for e in episodes if not e["paper"]] == ["Allen G Hart"]
    assert err.endswith(
        "paperledge: 24 episodes: 23 linked (15 by authors, 8 by both), 1 not linked\n"
    )
    assert err.count("paper-unmatched") == 1


def test_link_writes_to_o_in_the_format_its_extension_names(
    api: ArxivServer, show_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "linked.csv"
    status, stdout, _ = cli("link", str(show_file), "-o", str(out), "-q", *fast(api))
    assert (status, stdout) == (0, "")
    header = out.read_text("utf-8").splitlines()[0]
    assert "arxiv_id" in header


def test_link_links_an_sqlite_archive_in_place(api: ArxivServer, tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), archive)
    status, out, _ = cli("link", str(archive), "-q", *fast(api))
    assert (status, out) == (0, "")
    again = paperledge.load(archive)
    assert len(again.episodes) == 24
    assert {e.paper.arxiv_id for e in again.episodes if e.paper} >= {"2106.09685", "2401.02954"}
    assert [e.authors[0].name for e in again.episodes if e.paper is None] == ["Allen G Hart"]


def test_link_with_a_cache_asks_nothing_the_second_time(
    api: ArxivServer, show_file: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = cli("link", str(show_file), "--cache", str(cache), *fast(api))
    sent = len(api.requests)
    second = cli("link", str(show_file), "--cache", str(cache), *fast(api))
    assert len(api.requests) == sent
    assert first[1] == second[1]


def test_unmatched_episodes_are_diagnostics_on_stderr(api: ArxivServer, tmp_path: Path) -> None:
    api.catalogue.papers.clear()
    path = tmp_path / "show.json"
    paperledge.dump(paperledge.load_sample(), path)
    status, _, err = cli("link", str(path), *fast(api))
    assert status == 0
    assert err.count("paper-unmatched") >= 5
    assert "0 linked" in err


def test_an_unreachable_api_exits_1(show_file: Path) -> None:
    with ArxivServer() as gone:
        url = gone.url
    status, _, err = cli(
        "link", str(show_file), "--arxiv-url", url, "--delay", "0", "--tries", "1"
    )
    assert status == 1
    assert "fetch-failed" in err
    assert "not sent: the 3 queries before it failed every try" in err


def test_a_missing_input_is_a_usage_error(api: ArxivServer, tmp_path: Path) -> None:
    status, _, err = cli("link", str(tmp_path / "nothing.json"), *fast(api))
    assert status == 2
    assert err.startswith("paperledge: cannot read")
    assert err.count("\n") == 1


def test_a_negative_delay_is_a_usage_error(show_file: Path) -> None:
    status, _, err = cli("link", str(show_file), "--delay", "-1")
    assert status == 2
    assert "must be 0 or more" in err


def test_an_output_extension_paperledge_cannot_write_is_refused_before_asking(
    api: ArxivServer, show_file: Path, tmp_path: Path
) -> None:
    status, _, err = cli("link", str(show_file), "-o", str(tmp_path / "x.docx"), *fast(api))
    assert status == 2
    assert api.requests == []
    assert err.count("\n") == 1


def test_progress_is_drawn_on_a_terminal(api: ArxivServer, show_file: Path) -> None:
    terminal = Terminal()
    cli("link", str(show_file), *fast(api), stderr=terminal)
    assert "\r\x1b[Kepisodes" in terminal.getvalue()
    assert "linked 23" in terminal.getvalue()


def test_no_progress_line_off_a_terminal(api: ArxivServer, show_file: Path) -> None:
    _, _, err = cli("link", str(show_file), *fast(api))
    assert "\r" not in err


def test_help_teaches_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--help"]) == 0
    text = capsys.readouterr().out
    assert "paperledge link archive.sqlite" in text
    assert "--arxiv-url" in text
    assert "--cache" in text


def test_parse_with_link_papers_writes_the_papers(api: ArxivServer) -> None:
    status, out, _ = cli(
        "parse", "--sample", "--link-papers", "--arxiv-url", api.url, "--arxiv-delay", "0"
    )
    assert status == 0
    assert sum(1 for e in json.loads(out)["episodes"] if e["paper"]) == 23


def test_parse_without_link_papers_asks_nothing(api: ArxivServer) -> None:
    status, out, _ = cli("parse", "--sample", "--arxiv-url", api.url)
    assert status == 0
    assert api.requests == []
    assert not any(e.get("paper") for e in json.loads(out)["episodes"])


def test_fetch_with_link_papers_links_what_it_crawled(api: ArxivServer, tmp_path: Path) -> None:
    site: Site
    with serving() as site:
        status, out, _ = cli(
            "fetch",
            site.url("/"),
            "--max-pages",
            "1",
            "--no-feed",
            "--delay",
            "0",
            "--link-papers",
            "--arxiv-url",
            api.url,
            "--arxiv-delay",
            "0",
            "--cache",
            str(tmp_path / "cache"),
            "-q",
        )
    assert status == 0
    episodes = json.loads(out)["episodes"]
    assert episodes
    assert any(e["paper"] for e in episodes)


def test_a_failed_query_is_reported_and_the_rest_still_linked(
    api: ArxivServer, show_file: Path
) -> None:
    api.fail(Fault(status=404, body=b"gone"))
    status, out, err = cli("link", str(show_file), *fast(api))
    assert status == 0
    assert "fetch-status" in err
    assert sum(1 for e in json.loads(out)["episodes"] if e["paper"]) == 23


def test_a_show_with_nothing_to_search_by_exits_0_without_asking(
    api: ArxivServer, tmp_path: Path
) -> None:
    path = tmp_path / "bare.json"
    paperledge.dump(paperledge.Show(episodes=(paperledge.Episode(description="x"),)), path)
    status, _, err = cli("link", str(path), *fast(api))
    assert status == 0
    assert api.requests == []
    assert "nothing to search by" in err


def test_ctrl_c_exits_130_and_says_how_to_resume(
    show_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(arxiv, "link", interrupted)
    status, out, err = cli("link", str(show_file), "--cache", str(tmp_path / "c"))
    assert (status, out) == (130, "")
    assert err == "paperledge link: interrupted (run it again to resume)\n"


def test_an_earlier_runs_failure_kept_in_the_file_does_not_make_this_run_exit_1(
    api: ArxivServer, tmp_path: Path
) -> None:
    path = tmp_path / "show.json"
    paper = paperledge.Paper(arxiv_id="2101.00001", title="Kept", matched_by="title", score=0.9)
    earlier = paperledge.Diagnostic(
        code="fetch-failed",
        message="https://example.org/feed: refused",
        line=0,
        column=0,
        source="https://example.org/feed",
    )
    show = paperledge.Show(
        episodes=(paperledge.Episode(title="Old", paper=paper),), diagnostics=(earlier,)
    )
    paperledge.dump(show, path)
    assert paperledge.load(path).diagnostics
    status, _, _ = cli("link", str(path), "-q", *fast(api))
    assert status == 0
    assert api.requests == []
