"""Benchmark: the full site build against a plain build of the same pages with macros off.

    .venv/bin/python benchmarks/bench_build.py [--rounds N]

Both builds run alternately in this one process tree, so machine noise hits both; the
report gives the ratio of the medians (target: at most 1.15x) and the median size of a
built page (target: at most 40 KB). PDFs are left out (SAA_PDF=0): their own benchmark is
benchmarks/bench_pdf.py. Not a test: timings on shared machines are too noisy to assert.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


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


def timed_build(config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SAA_PDF": "0"}
    start = time.perf_counter()
    subprocess.run(
        [MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def page_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in site.rglob("*.html") if p.name != "404.html"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        full_cfg, plain_cfg = ROOT / "mkdocs.yml", plain_config(tmp)
        timed_build(full_cfg, tmp / "warm")  # warm caches and imports once
        full, plain = [], []
        for _ in range(args.rounds):
            full.append(timed_build(full_cfg, tmp / "full"))
            plain.append(timed_build(plain_cfg, tmp / "plain"))
        sizes = page_sizes(tmp / "full")
    ratio = statistics.median(full) / statistics.median(plain)
    median_kb = statistics.median(sizes) / 1024
    print(f"pages built:                {len(sizes)}")
    print(f"full build (median of {args.rounds}):  {statistics.median(full):.2f} s")
    print(f"plain build, macros off:    {statistics.median(plain):.2f} s")
    print(f"ratio full / plain:         {ratio:.2f}x  (target <= 1.15x)")
    print(f"median built page size:     {median_kb:.1f} KB  (target <= 40 KB)")


if __name__ == "__main__":
    main()
