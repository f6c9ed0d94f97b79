"""Run one harness under atheris (libFuzzer) in this process.

``python -m tests.fuzz._one NAME WORKDIR [libFuzzer flags...]``: seeds are
written to WORKDIR/seeds, new inputs go to WORKDIR/corpus, crashes to
WORKDIR/crashes.  libFuzzer ends the process when its time is up.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    # Imported here, not at the top: the test suite imports every module
    # under tests/ for its doctests, and atheris is not a test dependency.
    import atheris  # noqa: PLC0415 (optional, not a test dependency)

    with atheris.instrument_imports(include=["paperledge"]):
        # Imported for its side effect: atheris instruments the modules it loads.
        import paperledge  # noqa: F401, PLC0415 (instrumented as it loads)

    from tests.fuzz.harnesses import HARNESSES, corpus, seeds  # noqa: PLC0415 (after instrumenting)

    name, workdir = sys.argv[1], Path(sys.argv[2])
    check = HARNESSES[name]
    seed_dir, corpus_dir, crash_dir = workdir / "seeds", workdir / "corpus", workdir / "crashes"
    for folder in (seed_dir, corpus_dir, crash_dir):
        folder.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(seeds(name)):
        (seed_dir / f"seed-{index:03d}").write_bytes(seed)
    for path in corpus(name):
        (seed_dir / f"regression-{path.name}").write_bytes(path.read_bytes())
    flags = list(sys.argv[3:])
    atheris.Setup(
        [sys.argv[0], *flags, f"-artifact_prefix={crash_dir}/", str(corpus_dir), str(seed_dir)],
        check,
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
