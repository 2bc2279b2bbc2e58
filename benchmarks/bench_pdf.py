"""Benchmark of the PDF cheat sheets (not a test): prints the ratios of one run.

    .venv/bin/python benchmarks/bench_pdf.py              both measurements
    .venv/bin/python benchmarks/bench_pdf.py --no-site    only the cold render

1. Cold render of every sheet and size, without cache: in parallel across the
   cores vs one after another in one process. Target: at most 0.6x on two cores.
2. The PDF step of a site build with nothing changed (cache warm) vs the whole
   `mkdocs build --strict` with SAA_PDF=1. Target: at most 5%.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cheatsheets import build  # noqa: E402
from macros.data import load  # noqa: E402


def cold_render() -> tuple[float, float]:
    data = load(docs_dir=None)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        results = build(Path(tmp) / "parallel", data=data, cache_dir=None)
        parallel = time.perf_counter() - started
        started = time.perf_counter()
        build(Path(tmp) / "serial", data=data, cache_dir=None, workers=1)
        serial = time.perf_counter() - started
    print(
        f"cold render, {len(results)} PDFs: parallel {parallel:.1f} s on {os.cpu_count()} cores, "
        f"one after another {serial:.1f} s: ratio {parallel / serial:.2f} (target <= 0.60)"
    )
    return parallel, serial


def site_build(site_dir: Path) -> tuple[float, float]:
    """Wall time of a strict build, and the PDF step's time from its log line."""
    env = {**os.environ, "SAA_PDF": "1", "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    run = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if run.returncode:
        sys.exit(f"the site build failed:\n{run.stderr[-3000:]}")
    match = re.search(r"cheat sheets: .* in ([\d.]+) s", run.stderr)
    if not match:
        sys.exit("the build printed no cheat sheet timing line")
    return wall, float(match.group(1))


def warm_build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site_build(Path(tmp) / "site")  # fills the cache if anything changed
        wall, step = site_build(Path(tmp) / "site")
    print(
        f"site build with nothing changed: {wall:.1f} s, of which the PDF step {step:.2f} s: "
        f"ratio {step / wall:.1%} (target <= 5%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-site", action="store_true", help="skip the site build measurement")
    args = parser.parse_args()
    cold_render()
    if not args.no_site:
        warm_build()


if __name__ == "__main__":
    main()
