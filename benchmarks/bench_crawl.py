"""Benchmark: the accessibility crawl of the test suite, and what it is cheaper than.

    .venv/bin/python benchmarks/bench_crawl.py [--site DIR] [--rounds N] [--pages N]

The light crawl of the test suite (tests/crawl.py: axe-core on every page, IN_FLIGHT
pages at once in one Chromium) over the first N pages of a built site, three ways:

- swap: what the suite does: Chromium's headless shell (tests/browsing.py), each page
  in flight loading its first page afresh and the next ones brought in by Material's
  instant navigation;
- fresh: the same browser, every page loaded afresh;
- full browser: swap, in the full Chromium instead of its headless shell (when both are
  installed: Debian's `chromium-headless-shell` and `chromium`).

The ways run back to back in each round (in a rotating order). Printed per way: wall-clock
seconds and the machine's busy processor seconds (all cores, from /proc/stat: Chromium's
processes are not this one's children), and, against swap, the ratio of the bests and the
median of the per-round ratios. Every way must find the same violations; the figures are
not asserted (a shared machine is too noisy for that). Without --site, the site is built
first into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from bench_build import ENV, MKDOCS  # noqa: E402
from browsing import CHROMIUM, light_jobs, serving  # noqa: E402
from crawl import crawl  # noqa: E402


def busy_seconds() -> float:
    """Processor seconds spent by the whole machine, all cores, since boot."""
    with open("/proc/stat") as stat:
        ticks = [int(x) for x in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


def timed(chromium: str, base: str, jobs: list, swap: bool) -> tuple[float, float, list, int]:
    cpu, start = busy_seconds(), time.perf_counter()
    result = crawl(chromium, base, jobs, swap=swap)
    wall = time.perf_counter() - start
    assert sorted(result.checked) == sorted(p for p, _ in jobs)
    return wall, busy_seconds() - cpu, sorted(result.violations), len(result.swapped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=0, help="first N pages (default: all)")
    args = parser.parse_args()
    ways = {"swap": (CHROMIUM, True), "fresh": (CHROMIUM, False)}
    full = shutil.which("chromium")
    if full and Path(full).resolve() != Path(CHROMIUM).resolve():
        ways["full browser"] = (full, True)
    times: dict[str, list[tuple[float, float]]] = {way: [] for way in ways}
    found: set[tuple[str, ...]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([MKDOCS, "build", "-q", "-d", str(site)], cwd=ROOT, env=ENV, check=True)
        jobs = light_jobs(site)[: args.pages or None]
        with serving(site) as base:
            for i in range(args.rounds):
                order = list(ways)[i % len(ways) :] + list(ways)[: i % len(ways)]
                for way in order:
                    chromium, swap = ways[way]
                    wall, cpu, violations, swapped = timed(chromium, base, jobs, swap)
                    times[way].append((wall, cpu))
                    found.add(tuple(violations))
                    print(
                        f"round {i + 1} {way:12}: {wall:6.1f} s wall, {cpu:6.1f} s busy, "
                        f"{swapped} of {len(jobs)} pages swapped in, {len(violations)} violations",
                        flush=True,
                    )
    if len(found) > 1:
        sys.exit(f"the ways found different violations: {sorted(found)}")
    print(f"\n{len(jobs)} pages, {args.rounds} rounds, the same violations each way")
    for way in ways:
        for i, clock in enumerate(("wall clock", "busy cores")):
            mine, swap = [t[i] for t in times[way]], [t[i] for t in times["swap"]]
            ratios = [m / s for m, s in zip(mine, swap, strict=True)]
            print(
                f"  {way:12} {clock:10}  best {min(mine):6.1f} s = {min(mine) / min(swap):.2f}x "
                f"swap;  median of rounds {statistics.median(ratios):.2f}x"
            )


if __name__ == "__main__":
    main()
