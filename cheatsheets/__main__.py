"""The PDF step: render the cheat sheets into the built site.

    python -m cheatsheets                    every sheet, A4 and US Letter, into SITE/cheatsheets/
    python -m cheatsheets --config FILE      the site configuration to read (default mkdocs.yml)
    python -m cheatsheets --out DIR          into DIR instead
    python -m cheatsheets --sheet storage    only that sheet (repeatable)
    python -m cheatsheets --paper a4         only that size (repeatable)
    python -m cheatsheets --fill             also print each sheet's type size and fill ratio
    python -m cheatsheets --no-cache         render everything again
    python -m cheatsheets --allow-missing    skip ids the data file lacks (while writing data)
    python -m cheatsheets --timeout S        seconds one render may take (default 60)

The data, the site folder, its address and the cache folder come from the site
configuration (`docs_dir`, `site_dir`, `site_url`, `extra.saa`), as for the site build.
SOURCE_DATE_EPOCH fixes the PDFs' creation date.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from studyguide.loader import DataError
from studyguide.project import ConfigError, Project
from studyguide.sheets import PAPERS, PDF_DIR, SHEETS, by_slug

from .pdf import FONT_MAX, TIMEOUT_S, BuildError, Result, build
from .render import SheetError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cheatsheets",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="site config")
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    parser.add_argument("--sheet", action="append", help="a sheet slug (default: all)")
    parser.add_argument("--paper", action="append", choices=sorted(PAPERS))
    parser.add_argument("--jobs", type=int, default=None, help="parallel processes")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not fill the cache")
    parser.add_argument("--fill", action="store_true", help="print type size and fill ratio")
    parser.add_argument("--allow-missing", action="store_true", help="skip missing data ids")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per render")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    try:
        project = Project.from_file(args.config)
        sheets = [by_slug(s) for s in args.sheet] if args.sheet else SHEETS
        data = project.load().data
    except (DataError, ConfigError, KeyError, OSError) as exc:
        print(f"cheatsheets: {exc}", file=sys.stderr)
        return 1
    results: list[Result] = []
    failed: SheetError | None = None
    try:
        results = build(
            args.out or project.site_dir / PDF_DIR,
            data=data,
            sheets=sheets,
            papers=args.paper or tuple(PAPERS),
            cache_dir=None if args.no_cache else project.cache("cheatsheets"),
            workers=args.jobs,
            site_url=project.site_url,
            allow_missing=args.allow_missing,
            timeout=args.timeout,
        )
    except BuildError as exc:
        results, failed = exc.results, exc
    except SheetError as exc:
        failed = exc
    for r in results:
        line = f"{r.path}  {r.size / 1024:.0f} KB"
        if args.fill:
            line += (
                f"  type {r.fit.font_pt:.2f} pt  fill {r.fit.fill:.2f}"
                f"  (fill at {FONT_MAX:g} pt: {r.fit.fill_at_max:.2f})"
            )
        print(line)
    if failed is not None:
        print(f"cheatsheets: {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
