"""Benchmark: the full site build against a plain build of the same pages with macros off.

    .venv/bin/python benchmarks/bench_build.py [--rounds N]

Each round builds the site both ways, one right after the other (in alternating order).
Two ratios come from the one run:

- best of N: the fastest full build over the fastest plain build. Noise on a shared
  machine only ever adds time, so the fastest runs are the least disturbed ones.
- per round: the median of the rounds' full / plain ratios, with their quartiles, which
  shows how much the machine moved during the run.

Each build's processor time (user + system, from the operating system's accounting of
the child process) is reported beside its wall-clock time: it leaves out the time the
build waited for a processor another job held, so it moves less on a busy machine.

With `--instructions`, each build also runs once under Valgrind (`valgrind` on PATH; Debian
package `valgrind`) and the report gives the ratio of instructions executed. That count
is the same from run to run on any load, so it is the figure to compare before and after
a change; it takes a few minutes.

Target: at most 1.15x. The report also gives the median size of a built page (target:
at most 40 KB).

"Full" is `mkdocs build` as a contributor runs it again and again: an unchanged data file,
unchanged macro output and unchanged page templates come from `.cache/data/`. "Plain" is
the same mkdocs.yml without the macros plugin: the same pages, theme and hooks (table
captions, compact HTML, the search plugin's reuse of unchanged pages), so the ratio is
what the macros add. The plain build keeps its build caches in a temporary folder of its
own. The cold case, with both builds' cache folders emptied before every build (as on a
fresh clone or in CI), is measured as well and reported beside it. PDFs are left out
(SAA_PDF=0): their own benchmark is benchmarks/bench_pdf.py. Not a test: timings on
shared machines are too noisy to assert.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
sys.path.insert(0, str(ROOT))

from macros.memo import CACHE_ROOT  # noqa: E402  the build caches the full build reuses


def plain_config(tmp: Path) -> Path:
    """mkdocs.yml without the macros plugin, pointing at the same docs/ and theme overrides."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [
        p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)
    ]
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks", [])]
    config["strict"] = False  # pages whose tables are now literal macro calls still build
    path = tmp / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


# Builds run as on a default Python install, which keeps the compiled project modules in
# __pycache__ (a PYTHONDONTWRITEBYTECODE=1 here would make every build compile them again).
BUILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BUILD_ENV |= {"NO_MKDOCS_2_WARNING": "1", "SAA_PDF": "0"}


def build_command(config: Path, site: Path) -> list[str]:
    return [MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)]


def cache_root(config: Path) -> Path:
    """Where a build of `config` keeps its build caches: the project's usual folder for
    mkdocs.yml, a folder beside any other config (the plain one, in a temporary folder)."""
    return CACHE_ROOT if config == ROOT / "mkdocs.yml" else config.parent / "cache"


def build_env(config: Path) -> dict[str, str]:
    return BUILD_ENV | {"SAA_CACHE_DIR": str(cache_root(config))}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(config: Path, site: Path, cold: bool = False) -> tuple[float, float]:
    """Wall-clock and processor seconds of one build."""
    if cold:
        shutil.rmtree(cache_root(config) / "data", ignore_errors=True)
    cpu, start = cpu_seconds(), time.perf_counter()
    subprocess.run(
        build_command(config, site),
        cwd=ROOT,
        env=build_env(config),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start, cpu_seconds() - cpu


def instructions(config: Path, site: Path) -> int:
    """Instructions one build executes, counted by Valgrind (its own process, not git's)."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    done = subprocess.run(
        [*command, *build_command(config, site)],
        cwd=ROOT,
        env=build_env(config),
        check=True,
        capture_output=True,
        text=True,
    )
    match = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if match is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def page_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in site.rglob("*.html") if p.name != "404.html"]


Times = list[tuple[float, float]]  # (wall, processor) seconds per build


def paired(rounds: int, full: Path, plain: Path, site: Path, cold: bool) -> tuple[Times, Times]:
    """Times of `rounds` full and plain builds; the order of the two alternates."""
    fulls, plains = [], []
    for i in range(rounds):
        if i % 2:
            plains.append(timed_build(plain, site / "plain", cold))
            fulls.append(timed_build(full, site / "full", cold))
        else:
            fulls.append(timed_build(full, site / "full", cold))
            plains.append(timed_build(plain, site / "plain", cold))
    return fulls, plains


def report(label: str, fulls: Times, plains: Times) -> None:
    print(f"{label}:")
    for i, clock in enumerate(("wall clock", "processor")):
        full, plain = [t[i] for t in fulls], [t[i] for t in plains]
        best = min(full) / min(plain)
        ratios = [f / p for f, p in zip(full, plain, strict=True)]
        q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        print(
            f"  {clock:10}  best of {len(full)}: {min(full):.2f} s / {min(plain):.2f} s"
            f" = {best:.3f}x;  per round: median {q[1]:.3f}x"
            f" (quartiles {q[0]:.3f}x to {q[2]:.3f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with Valgrind"
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind on PATH (Debian: apt install valgrind)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        full_cfg, plain_cfg = ROOT / "mkdocs.yml", plain_config(tmp)
        # Warm the OS caches and the build caches once.
        timed_build(plain_cfg, tmp / "plain")
        timed_build(full_cfg, tmp / "full")
        warm = paired(args.rounds, full_cfg, plain_cfg, tmp, cold=False)
        cold = paired(args.rounds, full_cfg, plain_cfg, tmp, cold=True)
        # Fill the build caches again: the instruction counts are of warm builds.
        timed_build(plain_cfg, tmp / "plain")
        timed_build(full_cfg, tmp / "full")
        sizes = page_sizes(tmp / "full")
        if args.instructions:
            counts = instructions(full_cfg, tmp / "full"), instructions(plain_cfg, tmp / "plain")
    print(f"pages built: {len(sizes)}; PDFs off; {args.rounds} rounds of each case")
    print("target: full / plain <= 1.15x")
    report("full build (caches warm) / plain build, macros off", *warm)
    report("full build / plain build, macros off, caches emptied before each", *cold)
    if args.instructions:
        full_n, plain_n = counts
        print(
            "instructions, full build (caches warm) / plain build: "
            f"{full_n / 1e9:.2f} G / {plain_n / 1e9:.2f} G = {full_n / plain_n:.3f}x"
        )
    median_kb = statistics.median(sizes) / 1024
    print(f"median built page size: {median_kb:.1f} KB  (target <= 40 KB)")


if __name__ == "__main__":
    main()
