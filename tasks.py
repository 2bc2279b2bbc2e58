#!/usr/bin/env python3
"""Project tasks: one entry point for people, pre-commit and CI.

    python3 tasks.py build          build everything into site/: pages, PDF cheat sheets
    python3 tasks.py test           run the whole test suite (what CI runs)
    python3 tasks.py test --quick   the edit loop: lint, data, loader and renderer tests (seconds)
    python3 tasks.py serve          live preview on http://127.0.0.1:8000, rebuilding what changed
    python3 tasks.py pdf            render only the PDF cheat sheets (`--fill`, `--help`)
    python3 tasks.py lint           lint, format check, spelling, schema check, data check
    python3 tasks.py check          lint, then the build, then the tests
    python3 tasks.py schema         regenerate data/*.schema.json from the models
    python3 tasks.py sources        check that every AWS documentation link still answers
    python3 tasks.py stale --days 180   pages and data entries checked longer ago than that
    python3 tasks.py review --base REF  summarise a pull request's data changes (CI)

Every task first makes sure that .venv exists and holds exactly the versions pinned in
requirements.lock (hash-checked), so a fresh clone needs nothing but Python 3.11 or newer.
The project's own packages are importable in .venv (a `.pth` file, as an editable install
would make). Standard library only: this file runs before the environment exists.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
EXIT_LOCK = ROOT / "requirements-exit.lock"  # Zensical and ProperDocs, the way out of MkDocs 1.x
STAMP = VENV / ".lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def ensure_env() -> None:
    """Create .venv and install the locked dependencies when a lock changed."""
    digest = hashlib.sha256(LOCK.read_bytes() + EXIT_LOCK.read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    if not PY.exists():
        print("tasks: creating .venv", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except Exception as exc:  # ensurepip missing on some distributions
            sys.exit(
                f"tasks: could not create .venv ({exc}). On Debian or Ubuntu run "
                "`apt-get install python3-venv` and try again."
            )
    print("tasks: installing the locked dependencies into .venv", flush=True)
    pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
    for lock in (LOCK, EXIT_LOCK):
        subprocess.run(
            [*pip, "install", "--require-hashes", "--no-deps", "-r", str(lock)],
            check=True,
            cwd=ROOT,
        )
    purelib = subprocess.run(
        [str(PY), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "saa-study-guide.pth").write_text(f"{ROOT}\n")
    STAMP.write_text(digest + "\n")


def run(*args: str, env: dict[str, str] | None = None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    code = subprocess.run(list(args), cwd=ROOT, env=env).returncode
    if code:
        sys.exit(code)


def tool(name: str) -> str:
    return str(BIN / name)


def build(extra: list[str]) -> None:
    """Build the site strictly into site/, then render the PDF cheat sheets into it."""
    run(tool("mkdocs"), "build", "--strict", *extra)
    run(str(PY), "-m", "cheatsheets")


def test(extra: list[str]) -> None:
    """Run the whole test suite; `--quick` runs the edit loop's checks only."""
    if "--quick" in extra:
        extra = [a for a in extra if a != "--quick"]
        lint([])
        run(
            str(PY),
            "-m",
            "pytest",
            "-m",
            "not (site or fixture or browser or pdf)",
            *extra,
            env={"SAA_HYPOTHESIS": "fast"},
        )
        return
    # One worker per core (pytest-xdist), each test file on one worker: a file's fixtures
    # (the other generators' builds, the PDFs) are made once; the site is built once for all.
    # Files are handed out heaviest first, in the order tests/conftest.py gives them.
    xdist = ["--numprocesses", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]
    run(str(PY), "-m", "pytest", *xdist, *extra)


def serve(extra: list[str]) -> None:
    """Serve a live preview that rebuilds only what changed (the data file is watched too).

    A dirty build is never strict in MkDocs (it warns that it is dirty), so the preview
    prints warnings and goes on; `build` and CI stay strict.
    """
    run(tool("mkdocs"), "serve", "--dirty", "--no-strict", "--watch", "data", *extra)


def pdf(extra: list[str]) -> None:
    """Render only the PDF cheat sheets into site/cheatsheets/."""
    run(str(PY), "-m", "cheatsheets", *extra)


def schema(extra: list[str]) -> None:
    """Regenerate the data files' JSON schemas from the typed models."""
    run(str(PY), "-m", "studyguide.schema", "--write", *extra)


def lint(extra: list[str]) -> None:
    """Lint, format check, spelling, schema check and data check: the fast checks."""
    run(tool("ruff"), "check", ".")
    run(tool("ruff"), "format", "--check", ".")
    run(tool("codespell"))
    run(str(PY), "-m", "studyguide.schema", "--check")
    run(str(PY), "-m", "studyguide.check")


def check(extra: list[str]) -> None:
    """Everything CI runs: the fast checks, the build with PDFs, the tests."""
    lint([])
    build([])
    test(extra)


def review(extra: list[str]) -> None:
    """Summarise the data changes since a git ref and the built site (`--base REF`)."""
    run(str(PY), "-m", "studyguide.review", *extra)


def sources(extra: list[str]) -> None:
    """Check that every AWS documentation link of the data and the pages still answers."""
    run(str(PY), "-m", "studyguide.sources", *extra)


def stale(extra: list[str]) -> None:
    """List the pages and data entries whose facts were checked longer ago than --days."""
    run(str(PY), "-m", "studyguide.stale", *extra)


TASKS = {
    f.__name__: f for f in (build, test, serve, pdf, lint, check, schema, review, sources, stale)
}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        sys.exit(0 if argv and argv[0] in ("-h", "--help") else 2)
    ensure_env()
    TASKS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
