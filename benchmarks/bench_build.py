"""Benchmark: the site build against a plain Material build of the same pages.

    .venv/bin/python benchmarks/bench_build.py [--rounds N]

"Full" is `mkdocs build` of mkdocs.yml as it is: macros, hooks, diagrams, the data.
"Plain" is the same pages, theme and Markdown extensions with no macros plugin and no
project hooks: what Material alone costs. Three cases, each over N rounds in which the two
builds run back to back (in alternating order):

- cold: every build cache emptied first, as in CI and on a fresh clone;
- warm: the build caches of the last build kept, as a contributor rebuilds;

and the diagram step alone (every D2 diagram made in both schemes, as the build does it),
with an empty and with a warm cache, as a share of the cold and the warm full build.

Each ratio is given as best of N (noise only ever adds time) and as the per-round median
with its quartiles (the pairs run back to back, which cancels the machine's drift).
PDFs are not part of the site build; benchmarks/bench_pdf.py measures them. Not a test:
timings on shared machines are too noisy to assert.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from studyguide.project import DEFAULTS, read_config

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["NO_MKDOCS_2_WARNING"] = "1"


def portable_config() -> dict:
    """mkdocs.yml as data, with every path in it absolute, so that a copy written anywhere
    builds this project (the project's macros are imported by name)."""
    config = read_config(ROOT / "mkdocs.yml")
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    if "INHERIT" in config:  # relative to the configuration file, which moves
        config["INHERIT"] = str(ROOT / config["INHERIT"])
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    saa = {**DEFAULTS, **(config.setdefault("extra", {}).get("saa") or {})}
    config["extra"]["saa"] = {
        key: str(ROOT / value) if isinstance(value, str) else value for key, value in saa.items()
    }
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks", [])]
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin["macros"].pop("module_name", None)
            plugin["macros"]["modules"] = ["macros"]
    return config


def configs(tmp: Path) -> tuple[Path, Path]:
    """(full, plain) configurations; the full one keeps its caches in `tmp/cache`."""
    config = portable_config()
    config["extra"]["saa"]["cache_dir"] = str(tmp / "cache")
    full = tmp / "mkdocs-full.yml"
    full.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    config["plugins"] = [
        p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)
    ]
    config.pop("hooks", None)
    config["strict"] = False  # pages whose tables are now literal macro calls still build
    plain = tmp / "mkdocs-plain.yml"
    plain.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return full, plain


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(config: Path, site: Path, empty: tuple[Path, ...] = ()) -> tuple[float, float]:
    """Wall-clock and processor seconds of one build, after emptying the `empty` folders."""
    for folder in empty:
        shutil.rmtree(folder, ignore_errors=True)
    cpu, start = cpu_seconds(), time.perf_counter()
    subprocess.run(
        [MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start, cpu_seconds() - cpu


Times = list[tuple[float, float]]


def paired(rounds: int, a: tuple, b: tuple) -> tuple[Times, Times]:
    """`rounds` timings of build `a` and build `b` (each: config, site, folders to empty)."""
    first, second = [], []
    for i in range(rounds):
        if i % 2:
            second.append(timed_build(*b))
            first.append(timed_build(*a))
        else:
            first.append(timed_build(*a))
            second.append(timed_build(*b))
    return first, second


def ratio(label: str, tops: Times, bottoms: Times) -> None:
    for i, clock in enumerate(("wall clock", "processor")):
        top, bottom = [t[i] for t in tops], [t[i] for t in bottoms]
        ratios = [t / b for t, b in zip(top, bottom, strict=True)]
        q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        print(
            f"  {label:44} {clock:10}  best {min(top):.2f} s / {min(bottom):.2f} s = "
            f"{min(top) / min(bottom):.2f}x;  median {q[1]:.2f}x ({q[0]:.2f}x to {q[2]:.2f}x)"
        )


def diagram_step(cache_dir: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Seconds to make every diagram (both schemes, in parallel) cold and then warm."""
    sys.path.insert(0, str(ROOT))
    from studyguide import diagrams

    docs = (ROOT / "docs").resolve()
    sources = [p for p in docs.rglob("*.d2") if not p.is_relative_to(docs / diagrams.STYLE)]
    cold, warm = [], []
    for _ in range(rounds):
        shutil.rmtree(cache_dir, ignore_errors=True)
        for times in (cold, warm):
            start = time.perf_counter()
            made = diagrams.make_all(sources, docs, cache_dir)
            times.append(time.perf_counter() - start)
            assert not any(isinstance(m, Exception) for m in made.values())
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        full, plain = configs(tmp)
        caches = tmp / "cache"
        site_full, site_plain = tmp / "full", tmp / "plain"
        timed_build(plain, site_plain)
        timed_build(full, site_full)  # warms the OS caches and the build caches
        warm = paired(args.rounds, (full, site_full), (plain, site_plain))
        cold = paired(args.rounds, (full, site_full, (caches,)), (plain, site_plain))
        step_cold, step_warm = diagram_step(tmp / "step-cache", args.rounds)
        pages = sorted(p.stat().st_size for p in site_full.rglob("*.html"))
        svgs = sorted(p.stat().st_size for p in (site_full / "assets" / "diagrams").glob("*.svg"))
    print(f"{len(pages)} pages, {len(svgs)} diagram renderings; {args.rounds} rounds per case")
    print("full build / plain Material build of the same pages:")
    ratio("cold (every build cache emptied)", *cold)
    ratio("warm (build caches kept)", *warm)
    best_cold, best_warm = min(t[0] for t in cold[0]), min(t[0] for t in warm[0])
    print(
        f"diagram step: {min(step_cold):.2f} s with an empty cache = "
        f"{min(step_cold) / best_cold:.0%} of a cold build; "
        f"{min(step_warm):.2f} s with a warm cache = "
        f"{min(step_warm) / best_warm:.0%} of a warm build (best of {args.rounds})"
    )
    print(
        f"median page {statistics.median(pages) / 1024:.1f} KB; "
        f"median diagram {statistics.median(svgs) / 1024:.1f} KB, largest {svgs[-1] / 1024:.1f} KB"
    )


if __name__ == "__main__":
    main()
