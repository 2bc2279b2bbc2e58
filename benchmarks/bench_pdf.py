"""Benchmark of the PDF cheat sheets (not a test): prints the figures of one run.

    .venv/bin/python benchmarks/bench_pdf.py [--before REF] [--no-before]

1. Cold render (no cache) of every sheet in A4 and US Letter: all in parallel on the
   machine's cores, and one after another with the time of each job, so that the time
   per sheet is known.
2. The same for the pipeline at REF (default f038dca, the last commit before sheets had
   one fixed type size: it stepped the type size down until each sheet fitted), checked
   out in a temporary worktree and run in the same session, so that the two are measured
   on the same machine under the same load.
3. The PDF step with nothing changed (cache warm) against the site build it follows.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cheatsheets.__main__ import print_figure, section_links  # noqa: E402
from cheatsheets.pdf import _run, build, jobs_for  # noqa: E402
from studyguide.project import Project  # noqa: E402
from studyguide.sheets import PAPERS, SHEETS  # noqa: E402


def new_cold() -> tuple[float, list[tuple[str, float]], int]:
    project = Project.from_file(ROOT / "mkdocs.yml")
    data = project.load().data
    options = {
        "site_url": project.site_url,
        "links": section_links(project),
        "figure": print_figure(project),
    }
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        results = build(Path(tmp), data=data, cache_dir=None, **options)
        parallel = time.perf_counter() - start
    jobs = jobs_for(
        SHEETS, tuple(PAPERS), data, options["site_url"], options["links"], figure=options["figure"]
    )
    each = []
    for job in jobs:  # one after another, in this process, as a worker does it
        start = time.perf_counter()
        _run(job)
        each.append((f"{job.slug}-{job.paper}", time.perf_counter() - start))
    return parallel, each, len(results)


def old_cold(ref: str) -> tuple[float, float, int] | None:
    """(parallel seconds, serial seconds, PDFs) of the pipeline at `ref`."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        added = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
            capture_output=True,
            text=True,
        )
        if added.returncode:
            print(f"cannot check out {ref}: {added.stderr.strip()}")
            return None
        try:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            times = []
            for jobs in ([], ["--jobs", "1"]):
                out = Path(tmp) / f"out{len(times)}"
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "cheatsheets", "--no-cache", "--out", str(out), *jobs],
                    cwd=tree,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                times.append(time.perf_counter() - start)
                if done.returncode:
                    print(f"the pipeline at {ref} failed:\n{done.stderr[-1500:]}")
                    return None
            count = len(list((Path(tmp) / "out0").glob("*.pdf")))
            return times[0], times[1], count
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                capture_output=True,
            )


def warm_step() -> None:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        start = time.perf_counter()
        subprocess.run(
            [str(bin_dir / "mkdocs"), "build", "-q", "-d", str(site)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        build_s = time.perf_counter() - start
        pdf = [sys.executable, "-m", "cheatsheets", "--out", str(site / "cheatsheets")]
        subprocess.run(pdf, cwd=ROOT, check=True, capture_output=True)  # fills the cache
        start = time.perf_counter()
        subprocess.run(pdf, cwd=ROOT, check=True, capture_output=True)
        step = time.perf_counter() - start
    print(
        f"site build {build_s:.1f} s; the PDF step with nothing changed {step:.2f} s "
        f"({step / build_s:.0%} of the build)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="f038dca", help="the commit to compare with")
    parser.add_argument("--no-before", action="store_true", help="skip the old pipeline")
    args = parser.parse_args()
    parallel, each, count = new_cold()
    per = [t for _, t in each]
    print(
        f"now: {count} PDFs cold, in parallel on {os.cpu_count()} cores: {parallel:.1f} s "
        f"({parallel / count:.2f} s a PDF); one after another: {sum(per):.1f} s, "
        f"median {statistics.median(per):.2f} s a PDF, slowest "
        f"{max(each, key=lambda e: e[1])[0]} {max(per):.2f} s"
    )
    if not args.no_before:
        old = old_cold(args.before)
        if old:
            o_par, o_ser, o_count = old
            print(
                f"{args.before}: {o_count} PDFs cold, in parallel: {o_par:.1f} s "
                f"({o_par / o_count:.2f} s a PDF); one after another {o_ser:.1f} s "
                f"({o_ser / o_count:.2f} s a PDF)"
            )
            print(
                f"per PDF, now / before: parallel {parallel / count / (o_par / o_count):.2f}, "
                f"one after another {sum(per) / count / (o_ser / o_count):.2f}"
            )
    warm_step()


if __name__ == "__main__":
    main()
