#!/usr/bin/env python3
"""Project tasks: one entry point for people, pre-commit and CI.

    python3 tasks.py build     build the whole site, with its PDF cheat sheets, into site/
    python3 tasks.py test      run the whole test suite
    python3 tasks.py serve     live preview on http://127.0.0.1:8000 (add --pdf for the PDFs)
    python3 tasks.py pdf       render only the PDF cheat sheets
    python3 tasks.py lint      lint, format check, spelling, schema check, data check
    python3 tasks.py check     lint, then the strict build, then the tests (what CI runs)
    python3 tasks.py schema    regenerate data/comparisons.schema.json from the models

Every task first makes sure that .venv exists and holds exactly the versions
pinned in requirements.lock (hash-checked), so a fresh clone needs nothing but
Python 3.11 or newer. Standard library only: this file runs before the
environment exists.
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
STAMP = VENV / ".lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def ensure_env() -> None:
    """Create .venv and install the locked dependencies when the lock changed."""
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
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
    subprocess.run(
        [*pip, "install", "--require-hashes", "--no-deps", "-r", str(LOCK)], check=True, cwd=ROOT
    )
    STAMP.write_text(digest + "\n")


def run(*args: str, env: dict[str, str] | None = None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    code = subprocess.run(list(args), cwd=ROOT, env=env).returncode
    if code:
        sys.exit(code)


def tool(name: str) -> str:
    return str(BIN / name)


def build(extra: list[str]) -> None:
    """Build the site strictly into site/, PDFs included."""
    run(tool("mkdocs"), "build", "--strict", *extra, env={"SAA_PDF": "1"})


def test(extra: list[str]) -> None:
    """Run the whole test suite."""
    run(str(PY), "-m", "pytest", *extra)


def serve(extra: list[str]) -> None:
    """Serve a live preview; the PDFs are skipped unless --pdf is given."""
    env = {"SAA_PDF": "1" if "--pdf" in extra else "0"}
    run(tool("mkdocs"), "serve", *[a for a in extra if a != "--pdf"], env=env)


def pdf(extra: list[str]) -> None:
    """Render only the PDF cheat sheets."""
    run(str(PY), "-m", "cheatsheets", *extra)


def schema(extra: list[str]) -> None:
    """Regenerate the data file's JSON schema from the typed models."""
    run(str(PY), "-m", "macros.schema", "--write", *extra)


def lint(extra: list[str]) -> None:
    """Lint, format check, spelling, schema check and data check: the fast checks."""
    run(tool("ruff"), "check", ".")
    run(tool("ruff"), "format", "--check", ".")
    run(tool("codespell"))
    run(str(PY), "-m", "macros.schema", "--check")
    run(str(PY), "-m", "macros.data")


def check(extra: list[str]) -> None:
    """Everything CI runs: the fast checks, the strict build with PDFs, the tests."""
    lint([])
    build([])
    test(extra)


TASKS = {f.__name__: f for f in (build, test, serve, pdf, lint, check, schema)}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        sys.exit(0 if argv and argv[0] in ("-h", "--help") else 2)
    ensure_env()
    TASKS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
