"""Check the project's data: `python -m studyguide.check [CONFIG]` (default mkdocs.yml).

Prints a summary, or every problem as `FILE:LINE: path: what is wrong; how to fix it`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studyguide.loader import DataError
from studyguide.project import Project


def main(argv: list[str]) -> int:
    project = Project.from_file(Path(argv[0]) if argv else Path("mkdocs.yml"))
    try:
        bundle = project.load(cache=False)
    except DataError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.lines)} problem(s)", file=sys.stderr)
        return 1
    print(bundle.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
