"""Benchmark of the PDF cheat sheets (not a test): prints the ratios of one run.

    .venv/bin/python benchmarks/bench_pdf.py              both measurements
    .venv/bin/python benchmarks/bench_pdf.py --no-site    only the cold render

1. Cold render of every sheet and size, without cache: in parallel across the
   cores vs one after another in one process. Target: at most 0.6x on two cores.
2. The PDF step with nothing changed (cache warm) vs the site build it follows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cheatsheets.pdf import build  # noqa: E402
from studyguide.project import Project  # noqa: E402


def cold_render() -> tuple[float, float]:
    data = Project.from_file(ROOT / "mkdocs.yml").load().data
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


def timed(*command: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def warm_build() -> None:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_s = timed(str(bin_dir / "mkdocs"), "build", "--strict", "-d", str(site))
        pdf = [sys.executable, "-m", "cheatsheets", "--out", str(site / "cheatsheets")]
        timed(*pdf)  # fills the cache if anything changed
        step = timed(*pdf)
    print(
        f"site build {build_s:.1f} s; then the PDF step with nothing changed {step:.2f} s: "
        f"{step / build_s:.1%} of the build"
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
