"""Benchmark: what a decompression bomb costs the crawler, against a normal page.

Run from the repository root (Linux: it reads /proc)::

    python benchmarks/bench_crawl_hostile.py [--gib N]

The local test site (``tests/fetch_server.py``) serves its listing page
``/`` as it is (the baseline) and a bomb: 1 GiB of zeros under
``Content-Encoding: gzip, gzip``, 1,827 bytes on the wire (the audit's bomb
of issue #16; ``--gib`` for another size).
Each case is one ``paperledge.fetch.crawl`` of that page (``max_pages=1``,
no feed) in a fresh process, after a warm-up crawl of the normal page there
(imports, the TLS context); the process reports the crawl's time, its
peak resident memory (VmHWM, reset through /proc/self/clear_refs after the
warm-up) and that peak's growth over the resident memory before the crawl.  The bomb is crawled
under two response caps, the default ``max_bytes`` (32 MiB) and 128 MiB:
its peak should follow the cap, plus a constant.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

MiB = 1 << 20


def _status(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match[1]) * 1024 if match else 0


def measure(url: str, normal: str, max_bytes: int) -> dict[str, Any]:
    """One crawl of ``url`` in this process: time, peak memory growth, diagnostics."""
    # paperledge.fetch needs the optional fetch extra (httpx, protego).
    from paperledge.fetch import crawl

    quick = {"max_pages": 1, "feed": False, "delay": 0.0, "tries": 1, "timeout": 600.0}
    crawl(normal, **quick)  # warm up: imports, the TLS context, the loop
    gc.collect()
    before = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM)
    started = time.perf_counter()
    show = crawl(url, max_bytes=max_bytes, **quick)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "peak": _status("VmHWM") / MiB,
        "growth": (_status("VmHWM") - before) / MiB,
        "episodes": len(show.episodes),
        "diagnostics": [d.code for d in show.diagnostics],
    }


def _run(url: str, normal: str, max_bytes: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--case", url, normal, str(max_bytes)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gib", type=int, default=1, help="the bomb's size once decoded")
    parser.add_argument(
        "--case", nargs=3, metavar=("URL", "NORMAL", "MAX"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.case:
        url, normal, cap = args.case
        sys.stdout.write(json.dumps(measure(url, normal, int(cap))) + "\n")
        return

    from paperledge.fetch._crawl import DEFAULT_MAX_BYTES

    from fetch_server import bomb, send_raw, serving

    size = args.gib << 30
    payload = bomb(size)

    def bombed(handler: BaseHTTPRequestHandler) -> int:
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip, gzip")]
        return send_raw(handler, 200, headers, payload)

    out = sys.stdout
    out.write(
        f"python {sys.version.split()[0]}; one crawl per fresh process; the bomb: "
        f"{size >> 30} GiB of zeros as gzip, gzip, {len(payload):,} bytes on the wire\n\n"
    )
    out.write("| case | cap (max_bytes) | time s | peak RSS MiB | growth MiB | diagnostics |\n")
    out.write("|---|---:|---:|---:|---:|---|\n")
    with serving() as site:
        site.raw["/bomb/"] = bombed
        normal = site.url("/")
        cases = [
            ("normal listing page (baseline)", normal, DEFAULT_MAX_BYTES),
            ("bomb", site.url("/bomb/"), DEFAULT_MAX_BYTES),
            ("bomb", site.url("/bomb/"), 128 * MiB),
        ]
        for name, url, cap in cases:
            r = _run(url, normal, cap)
            codes = ", ".join(r["diagnostics"]) or "none"
            out.write(
                f"| {name} | {cap // MiB} MiB | {r['seconds']:.3f} | {r['peak']:.1f} "
                f"| {r['growth']:.1f} | {codes} |\n"
            )
            out.flush()


if __name__ == "__main__":
    main()
