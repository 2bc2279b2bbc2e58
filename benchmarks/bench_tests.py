"""Benchmark: the test suite's wall-clock time before and after this round of work.

    .venv/bin/python benchmarks/bench_tests.py [--before REF] [--rounds N] [--quick-only]

"Before" is the commit REF (default f038dca, the last commit before the current work),
checked out as a git worktree in a temporary folder and tested there the way its README
said: `python -m pytest` with its own tests (which build its own site), and its quick
subset `python -m pytest -m "not slow"`. It runs with .venv's Python and PYTHONPATH set
to the worktree, so that its `macros` and `cheatsheets` packages win over the current
ones (those are on sys.path through .venv's `.pth` file; PYTHONPATH comes first).
"After" is the current tree: `python3 tasks.py test` (the whole suite, one pytest-xdist
worker per core) and `python3 tasks.py test --quick` (lint, then the tests that need no
site, fixture site, browser or PDF, with the fast Hypothesis profile); its pytest step
also runs alone ("tests only"), which shows lint's share and still times the tests when
lint fails.

Each case runs N times (`--rounds`; default 1 for the full suites, 3 for the quick
modes), before and after back to back in alternating order, and the table gives every
run's seconds, the best (noise only ever adds time) and after/before of the bests, with
each run's pytest outcome (its last line), so that a broken run is not mistaken for a
fast one. Both suites keep their build caches in their tree's `.cache/`: the current
one's is whatever the last build left there, so by default one untimed build of the
site (what each suite's session fixture builds) first warms both trees' caches alike;
`--no-warm` skips it and the "before" tree starts cold, as a fresh clone does.

Not a test: the machine is shared and noisy, so only ratios measured in one run mean
anything, and none is asserted. The worktree is removed at the end, also on failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(Path(sys.executable))
BIN = Path(sys.executable).parent
# The caller's test settings would change what either suite runs; the browser's path stays.
ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    and (not k.startswith("SAA_") or k == "SAA_CHROMIUM")
}
ENV["NO_MKDOCS_2_WARNING"] = "1"
SUMMARY = re.compile(r"^=+ (?P<counts>.*?) in (?P<seconds>[\d.]+)s\b.*=+$")
COUNT = re.compile(r"(\d+) (\w+)")


@dataclass
class Run:
    seconds: float
    code: int
    summary: str  # pytest's counts, or why there are none
    pytest_seconds: float | None
    log: Path

    @property
    def failed(self) -> bool:
        return self.code != 0 or "failed" in self.summary or "error" in self.summary


@dataclass
class Case:
    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    runs: list[Run] = field(default_factory=list)

    def best(self) -> float:
        return min(r.seconds for r in self.runs)


def summary_of(output: str, code: int) -> tuple[str, float | None]:
    """pytest's last line as counts ("412 passed, 3 skipped") and the seconds it reports."""
    for line in reversed(output.splitlines()):
        match = SUMMARY.match(line.strip())
        if match:
            counts = ", ".join(f"{n} {word}" for n, word in COUNT.findall(match["counts"]))
            return counts or match["counts"], float(match["seconds"])
    return f"no pytest summary (exit {code}; lint or collection stopped it?)", None


def timed(case: Case, logs: Path) -> Run:
    log = logs / f"{re.sub(r'[^a-z0-9]+', '-', case.name)}-{len(case.runs) + 1}.log"
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(
            case.command, cwd=case.cwd, env=case.env, stdout=out, stderr=subprocess.STDOUT
        ).returncode
    seconds = time.perf_counter() - start
    summary, pytest_seconds = summary_of(log.read_text(encoding="utf-8", errors="replace"), code)
    run = Run(seconds, code, summary, pytest_seconds, log)
    case.runs.append(run)
    print(f"  {case.name:26} run {len(case.runs)}: {seconds:7.1f} s  {summary}", flush=True)
    return run


def paired(rounds: int, group: tuple[Case, ...], logs: Path) -> None:
    """`rounds` runs of each, back to back, in alternating order (before first, then after)."""
    for i in range(rounds):
        for case in group[::-1] if i % 2 else group:
            timed(case, logs)


def warm(tree: Path, env: dict[str, str], current: bool, tmp: Path) -> str:
    """One untimed build of the site as the tree's session fixture builds it (caches warm)."""
    site = tmp / f"warm-{'after' if current else 'before'}"
    if current:  # tests/conftest.py: a strict build, then the cheat sheets into it
        steps = [
            ([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], env),
            ([PY, "-m", "cheatsheets", "--out", str(site / "cheatsheets")], env),
        ]
    else:  # the old conftest: a strict build with SAA_PDF=1 renders the sheets in it
        steps = [
            ([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], env | {"SAA_PDF": "1"})
        ]
    start = time.perf_counter()
    for command, step_env in steps:
        done = subprocess.run(command, cwd=tree, env=step_env, capture_output=True, text=True)
        if done.returncode:
            tail = "\n    ".join((done.stdout + done.stderr).splitlines()[-8:])
            took = time.perf_counter() - start
            return f"failed (exit {done.returncode}) after {took:.1f} s:\n    {tail}"
    shutil.rmtree(site, ignore_errors=True)
    return f"{time.perf_counter() - start:.1f} s"


def table(groups: list[tuple[Case, ...]]) -> None:
    width = max(len(c.runs) for group in groups for c in group)
    runs_col = max(9 * width, 9)
    print(f"\n{'case':26} {'runs (s)':{runs_col}} {'best (s)':>9}  after/before")
    for before, *afters in groups:
        for case in (before, *afters):
            runs = "".join(f"{r.seconds:8.1f}{'!' if r.failed else ' '}" for r in case.runs)
            ratio = ""
            if case is not before:
                ratio = f"{case.best() / before.best():.2f}x (best)"
                if len(case.runs) > 1:
                    each = [
                        a.seconds / b.seconds for a, b in zip(case.runs, before.runs, strict=True)
                    ]
                    ratio += "; per round " + " ".join(f"{r:.2f}x" for r in each)
            print(f"{case.name:26} {runs:{runs_col}} {case.best():9.1f}  {ratio}")
    print("(! = the run failed: a non-zero exit, failed tests or errors)")
    print("\ntests per run (pytest's last line; pytest's own seconds exclude start-up and lint):")
    for group in groups:
        for case in group:
            for i, r in enumerate(case.runs, 1):
                own = f"pytest {r.pytest_seconds:.1f} s" if r.pytest_seconds is not None else ""
                print(f"  {case.name:26} run {i}: exit {r.code}  {r.summary}  {own}")


def show_failures(groups: list[tuple[Case, ...]], keep_logs: bool) -> None:
    for group in groups:
        for case in group:
            for i, r in enumerate(case.runs, 1):
                if not r.failed:
                    continue
                lines = r.log.read_text(encoding="utf-8", errors="replace").splitlines()
                failed = [ln for ln in lines if ln.startswith("FAILED")]
                failed += [ln for ln in lines if ln.startswith("ERROR")]
                # The distinct "E" lines of pytest's tracebacks: what went wrong, in short.
                causes = dict.fromkeys(
                    ln[1:].strip() for ln in lines if ln.startswith("E  ") and ln[1:].strip()
                )
                print(f"\n{case.name}, run {i} ({'log ' + str(r.log) if keep_logs else 'log'}):")
                for line in failed[:15] or lines[-15:]:
                    print(f"    {line[:160]}")
                if len(failed) > 15:
                    print(f"    ... and {len(failed) - 15} more")
                for cause in list(causes)[:5]:
                    print(f"    cause: {cause[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="f038dca", help="the commit to compare with")
    parser.add_argument("--rounds", type=int, help="runs of every case (default: 1 full, 3 quick)")
    parser.add_argument("--quick-only", action="store_true", help="skip the full suites")
    parser.add_argument(
        "--no-warm", action="store_true", help="no untimed build first: the before tree is cold"
    )
    parser.add_argument("--logs", type=Path, help="keep every run's output in this folder")
    args = parser.parse_args()
    full_rounds = args.rounds or 1
    quick_rounds = args.rounds or 3

    ref = subprocess.run(
        ["git", "rev-parse", "--short", f"{args.before}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    tmp = Path(tempfile.mkdtemp(prefix="bench-tests-"))
    tree = tmp / "before"
    logs = args.logs or tmp / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    added = False
    groups: list[tuple[Case, ...]] = []
    try:
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(tree), ref],
            cwd=ROOT,
            check=True,
        )
        added = True
        env_before = ENV | {"PYTHONPATH": str(tree)}
        print(
            f"before: {ref} in a worktree; after: {ROOT} at {head}"
            f"{f' with {len(dirty)} changed tracked files' if dirty else ''}; "
            f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if not args.quick_only:
            full = (
                Case(f"full before {ref}", [PY, "-m", "pytest"], tree, env_before),
                Case("full after", [PY, str(ROOT / "tasks.py"), "test"], ROOT, ENV),
            )
            groups.append(full)
            if not args.no_warm:
                print("warming the build caches (untimed):", flush=True)
                print(f"  before tree: {warm(tree, env_before, False, tmp)}", flush=True)
                print(f"  after tree:  {warm(ROOT, ENV, True, tmp)}", flush=True)
            print(f"full suites, {full_rounds} round(s):", flush=True)
            paired(full_rounds, full, logs)
        quick = (
            Case(
                f"quick before {ref}",
                [PY, "-m", "pytest", "-m", "not slow"],
                tree,
                env_before,
            ),
            Case("quick after", [PY, str(ROOT / "tasks.py"), "test", "--quick"], ROOT, ENV),
            # Its pytest step alone: lint's share, and the tests' time when lint fails.
            Case(
                "quick after, tests only",
                [PY, "-m", "pytest", "-m", "not (site or fixture or browser or pdf)"],
                ROOT,
                ENV | {"SAA_HYPOTHESIS": "fast"},
            ),
        )
        groups.append(quick)
        print(f"quick modes, {quick_rounds} round(s):", flush=True)
        paired(quick_rounds, quick, logs)
        table(groups)
        show_failures(groups, keep_logs=args.logs is not None)
    finally:
        if added:
            removed = subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if removed.returncode:
                print(f"could not remove the worktree {tree}: {removed.stderr.strip()}")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
