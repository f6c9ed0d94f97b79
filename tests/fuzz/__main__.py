"""Fuzz every reader: ``python -m tests.fuzz --seconds 60``.

The budget is split evenly across the harnesses (or the ``--harness`` ones);
each runs in its own process under atheris (libFuzzer), seeded with the
samples, the fixtures and the regression corpus.  Prints the executions and
crashes per harness; a crashing input is copied into
tests/fuzz/corpus/<harness>/ (to be fixed, and then replayed by
tests/fuzz/test_regression_corpus.py).  Exits 1 if any harness crashed.
"""

from __future__ import annotations

import argparse
import base64
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fuzz.harnesses import CORPUS, HARNESSES

ROOT = Path(__file__).resolve().parents[2]


def run(name: str, seconds: int, max_len: int, seed: int = 0) -> tuple[int, list[Path], float]:
    workdir = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    command = [
        sys.executable,
        "-m",
        "tests.fuzz._one",
        name,
        str(workdir),
        f"-max_total_time={seconds}",
        f"-max_len={max_len}",
        "-timeout=30",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
        "-close_fd_mask=1",
    ]
    if seed:
        # A fixed seed makes a CI run repeat the same inputs in the same
        # order (as far as its time budget reaches): a red run can be rerun.
        command.append(f"-seed={seed}")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    log = done.stderr
    match = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    if match is None:
        found = re.findall(r"^#(\d+)", log, re.MULTILINE)
        executions = int(found[-1]) if found else 0
    else:
        executions = int(match[1])
    crashes = sorted((workdir / "crashes").glob("*"))
    kept = []
    for crash in crashes:
        target = CORPUS / name / crash.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(crash, target)
        kept.append(target)
    if done.returncode != 0 and not crashes:
        _say(log[-3000:], file=sys.stderr)
    shutil.rmtree(workdir, ignore_errors=True)
    return executions, kept, elapsed


def _say(*parts: object, file: object = None, flush: bool = True) -> None:
    out = sys.stderr if file is sys.stderr else sys.stdout
    out.write(" ".join(str(p) for p in parts) + "\n")
    out.flush()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument(
        "--seconds", type=int, default=60, help="total budget, split across harnesses"
    )
    parser.add_argument("--harness", action="append", choices=sorted(HARNESSES))
    parser.add_argument("--max-len", type=int, default=4096, help="largest input libFuzzer makes")
    parser.add_argument("--seed", type=int, default=0, help="libFuzzer's seed (0: a random one)")
    args = parser.parse_args()
    names = args.harness or list(HARNESSES)
    each = max(args.seconds // len(names), 1)
    failed = False
    _say(f"{'harness':11} {'seconds':>8} {'executions':>11} {'crashes':>8}")
    for name in names:
        executions, crashes, elapsed = run(name, each, args.max_len, args.seed)
        failed |= bool(crashes)
        _say(f"{name:11} {elapsed:8.1f} {executions:11d} {len(crashes):8d}", flush=True)
        for crash in crashes:
            # In CI the clone is thrown away: the input goes to the log too.
            encoded = base64.b64encode(crash.read_bytes()).decode()
            _say(f"  crash kept in {crash.relative_to(ROOT)}; base64: {encoded}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
