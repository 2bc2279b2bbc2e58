"""Pages and data entries whose facts were checked longer ago than a given age.

    python -m studyguide.stale --days 180 [--today YYYY-MM-DD]

Every page states in its front matter when it was last checked against the AWS
documentation (`verified:`), and so does every comparison, fact list, correction, retired
entry and question of the data. This lists, oldest first, each one older than the age
given, as `FILE:LINE: verified DATE (N days ago): what`, and every page without a date;
it exits 1 when it lists anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .loader import dotted, line_of, parse
from .pages import FRONT, DocsIndex, split_front_matter
from .project import Project

SECTIONS = ("comparisons", "facts", "corrections", "retired", "questions")


@dataclass(frozen=True, order=True)
class Entry:
    verified: dt.date | None  # None: the page states no date
    where: str  # FILE:LINE
    what: str


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def page_entries(docs: DocsIndex, shown_as: str = "docs") -> Iterator[Entry]:
    for src in docs.sources:
        text = docs.text(src)
        meta, _ = split_front_matter(text)
        line = 1
        match = FRONT.match(text)
        if match:
            line = next(
                (
                    n
                    for n, t in enumerate(match.group(1).splitlines(), 2)
                    if t.startswith("verified:")
                ),
                1,
            )
        yield Entry(as_date(meta.get("verified")), f"{shown_as}/{src}:{line}", f"page {src}")


def data_entries(path: Path, shown_as: str) -> Iterator[Entry]:
    parsed, _ = parse(path.read_text(encoding="utf-8"))
    if parsed is None:
        return
    for section in SECTIONS:
        items = parsed.data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            name = item.get("id") or item.get("topic") or item.get("name") or dotted((section, i))
            loc = (section, i, "verified")
            yield Entry(
                as_date(item.get("verified")),
                f"{shown_as}:{line_of(parsed.lines, loc)}",
                f"{section[:-1] if section.endswith('s') else section} {name}",
            )


def stale(project: Project, days: int, today: dt.date) -> list[Entry]:
    """Every entry older than `days` (and every page without a date), oldest first."""
    limit = today - dt.timedelta(days=days)
    entries = list(page_entries(DocsIndex(project.docs_dir)))
    for path in [project.data_file, *project.question_files]:
        entries += data_entries(path, _shown(path, project.root))
    old = [e for e in entries if e.verified is None or e.verified < limit]
    return sorted(old, key=lambda e: (e.verified or dt.date.min, e.where))


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studyguide.stale", description=__doc__)
    parser.add_argument("--days", type=int, default=180, help="the age to report (days)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    old = stale(Project.from_file(args.config), args.days, args.today)
    for e in old:
        if e.verified is None:
            print(f"{e.where}: no `verified:` date; check the page and add one")
        else:
            age = (args.today - e.verified).days
            print(f"{e.where}: verified {e.verified.isoformat()} ({age} days ago): {e.what}")
    print(f"{len(old)} page(s) or entries checked more than {args.days} days ago or never")
    return 1 if old else 0


if __name__ == "__main__":
    sys.exit(main())
