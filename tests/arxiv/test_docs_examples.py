"""docs/arxiv.md's Python examples, run in order against the local API.

They are marked ``# not run: needs the network`` for the docs' own runner
(tests/docs), which has no arXiv; here ``ArxivSettings`` points them at the
local server and ``link`` runs on a fake clock unless the example brings one.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pytest

from arxiv.arxiv_api import ArxivServer, FakeClock
from paperledge import arxiv

from support import REPO

DOCUMENT = REPO / "docs" / "arxiv.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_the_arxiv_tutorials_examples_run_against_the_local_api(
    server: ArxivServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_settings, real_link = arxiv.ArxivSettings, arxiv.link

    def settings(**options: Any) -> arxiv.ArxivSettings:
        return real_settings(**{"api_url": server.url, **options})

    def link(show: Any, **options: Any) -> Any:
        options.setdefault("clock", FakeClock())
        return real_link(show, **options)

    monkeypatch.setattr(arxiv, "ArxivSettings", settings)
    monkeypatch.setattr(arxiv, "link", link)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    printed = io.StringIO()
    blocks = BLOCK.findall(DOCUMENT.read_text("utf-8"))
    assert len(blocks) >= 4
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, f"{DOCUMENT.name} example", "exec"), namespace)
    lines = printed.getvalue().splitlines()
    assert lines[0].startswith("2509.25941v1 authors 1.0 https://arxiv.org/abs/2509.25941v1")
    assert "23/24 linked, 0 requests, 6 from the cache" in lines
    assert lines[-1] == "the rate limit would have taken 15 s"
    assert [e.authors[0].name for e in namespace["unlinked"]] == ["Allen G Hart"]
    assert (tmp_path / "arxiv-cache").is_dir()
