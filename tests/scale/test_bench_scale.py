"""benchmarks/bench_scale.py at CI sizes: it runs, and streaming memory stays bounded.

The big sizes are the benchmark's own run (docs/scale.md); here the same code
runs on a few megabytes so CI notices when it breaks.  No timing is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO


@pytest.mark.bigstream
def test_bench_scale_runs_at_small_sizes(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench_scale.py"),
            *("--sizes", "0.5", "2", "--feeds", "1", "--many-mb", "2", "--pages", "6"),
            *("--repeat", "1", "--no-dask", "--json", str(results)),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(results.read_text("utf-8"))
    rows = figures["text"]["rows"]
    assert [round(row["megabytes"] * 2) for row in rows] == [1, 4]
    for row in rows:
        # The dump is streamed in a child process whose peak RSS stays near
        # the interpreter's own, whatever the dump's size.
        assert row["stream_peak_rss"] < 100 * 1_000_000
        assert row["episodes"] > 0
    assert figures["feeds"][0]["episodes_read"] == figures["feeds"][0]["items"] == 400
    assert figures["many"]["big"]["episodes"] > 0
    assert figures["many"]["pages"]["episodes"] == 6 * 8
