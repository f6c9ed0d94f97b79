"""A small mutation tester: ``python -m tests.fuzz.mutation --module ... --tests ...``.

mutmut 3.x did not run on this project (its stats pass recorded no test for
any function under the src layout with an editable install; 3.3 could not
force a failure), so this stands in for it.  Each mutant changes one AST node
(mutmut's classic operators: comparison and boolean operators swapped,
arithmetic swapped, numbers +1, booleans flipped, strings changed, ``not``
dropped, ``return x`` -> ``return None``, ``break`` <-> ``continue``), is
written into a private copy of ``src/`` and judged by the given tests
(``pytest -x``) in a subprocess: a failure or a timeout kills it.

With ``--sample N`` a seeded random sample of N mutants is run, which
estimates the score to a few percent at a fraction of the cost.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SWAPS: dict[type, type] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.And: ast.Or,
    ast.Or: ast.And,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _skipped(tree: ast.AST) -> set[int]:
    """Nodes not to mutate: docstrings, f-string parts, __all__, type annotations."""
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
        ):
            skip.update(id(n) for n in ast.walk(node))
        elif isinstance(node, (ast.AnnAssign, ast.arg)) and node.annotation is not None:
            skip.update(id(n) for n in ast.walk(node.annotation))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            skip.update(id(n) for n in ast.walk(node.returns))
    return skip


def _sites(tree: ast.AST) -> list[tuple[int, str, int]]:
    """(node index in walk order, kind, line) of every mutation."""
    skip = _skipped(tree)
    sites = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            sites.extend(
                (index, f"cmp{k}", line) for k, op in enumerate(node.ops) if type(op) in _SWAPS
            )
        elif isinstance(node, ast.BoolOp) or (
            isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _SWAPS
        ):
            sites.append((index, "op", line))
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                sites.append((index, "bool", line))
            elif isinstance(node.value, int):
                sites.append((index, "int", line))
            elif isinstance(node.value, str):
                sites.append((index, "str", line))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            sites.append((index, "not", line))
        elif (
            isinstance(node, ast.Return)
            and node.value is not None
            and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            sites.append((index, "return", line))
        elif isinstance(node, (ast.Break, ast.Continue)):
            sites.append((index, "loop", line))
    return sites


class _Apply(ast.NodeTransformer):
    def __init__(self, target: ast.AST, kind: str) -> None:
        self.target, self.kind = target, kind

    # ast.NodeVisitor.visit is typed loosely; this one returns the (mutated)
    # node.  The attribute ignores below: each branch runs only for the node
    # classes its ``kind`` was collected from (BinOp, Constant, UnaryOp...),
    # which mypy cannot see through the plain ast.AST parameter.
    def visit(self, node: ast.AST) -> ast.AST:  # type: ignore[override]
        if node is not self.target:
            return self.generic_visit(node)
        kind = self.kind
        if kind.startswith("cmp"):
            assert isinstance(node, ast.Compare)
            k = int(kind[3:])
            node.ops[k] = _SWAPS[type(node.ops[k])]()
        elif kind == "op":
            node.op = _SWAPS[type(node.op)]()  # type: ignore[attr-defined]
        elif kind == "bool":
            node.value = not node.value  # type: ignore[attr-defined]
        elif kind == "int":
            node.value = node.value + 1  # type: ignore[attr-defined]
        elif kind == "str":
            node.value = "XX" + node.value + "XX"  # type: ignore[attr-defined]
        elif kind == "not":
            return node.operand  # type: ignore[attr-defined,no-any-return]
        elif kind == "return":
            node.value = ast.Constant(None)  # type: ignore[attr-defined]
        elif kind == "loop":
            return ast.Continue() if isinstance(node, ast.Break) else ast.Break()
        return node


def mutate(source: str, site: tuple[int, str, int]) -> str:
    tree = ast.parse(source)
    target = list(ast.walk(tree))[site[0]]
    tree = _Apply(target, site[1]).visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree))


def _run(workdir: Path, tests: list[str], timeout: float) -> str:
    env = dict(os.environ, PYTHONPATH=str(workdir / "src"), PYTHONDONTWRITEBYTECODE="1")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "tests.fuzz._mutation_plugin",
        "--no-header",
        "-o",
        "addopts=",
        *tests,
    ]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if done.returncode == 0 else "killed"


def _say(*parts: object, file: object = None, flush: bool = True) -> None:
    out = sys.stderr if file is sys.stderr else sys.stdout
    out.write(" ".join(str(p) for p in parts) + "\n")
    out.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", action="append", required=True)
    parser.add_argument("--tests", nargs="+", required=True)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    mutants = []
    sources = {}  # a snapshot: the tree may change while this runs
    for module in args.module:
        source = sources[module] = (ROOT / module).read_text()
        mutants.extend((module, site) for site in _sites(ast.parse(source)))
    total = len(mutants)
    if args.sample and args.sample < total:
        mutants = random.Random(args.seed).sample(mutants, args.sample)

    workdirs = []
    for _ in range(args.jobs):
        workdir = Path(tempfile.mkdtemp(prefix="mutation-"))
        shutil.copytree(ROOT / "src", workdir / "src")
        for module, source in sources.items():
            (workdir / module).write_text(source)
        workdirs.append(workdir)
    start = time.perf_counter()
    assert _run(workdirs[0], args.tests, 600) == "survived", "the tests fail without mutants"
    baseline = time.perf_counter() - start
    timeout = max(10 * baseline, 30)

    free = list(workdirs)
    results: list[dict[str, object]] = []

    def one(item: tuple[str, tuple[int, str, int]]) -> dict[str, object]:
        module, site = item
        workdir = free.pop()
        original = sources[module]
        try:
            (workdir / module).write_text(mutate(original, site))
            outcome = _run(workdir, args.tests, timeout)
        except Exception as error:  # a broken mutant is reported, not fatal
            outcome = f"error: {error!r}"
        finally:
            (workdir / module).write_text(original)
            free.append(workdir)
        return {
            "module": module,
            "kind": site[1],
            "line": site[2],
            "node": site[0],
            "outcome": outcome,
        }

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for result in pool.map(one, mutants):
            results.append(result)
            if len(results) % 10 == 0:
                _say(f"{len(results)}/{len(mutants)} run")
            if result["outcome"] != "killed" and result["outcome"] != "timeout":
                _say(
                    f"{result['outcome']}: {result['module']}:{result['line']} {result['kind']}",
                    flush=True,
                )
    results = [r for r in results if not str(r["outcome"]).startswith("error")]
    killed = sum(r["outcome"] != "survived" for r in results)
    _say(
        f"{total} mutants in all, {len(results)} run, {killed} killed: "
        f"{100 * killed / max(len(results), 1):.1f}% (baseline test run {baseline:.1f} s)"
    )
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))
    for workdir in workdirs:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
