"""Render the PDF cheat sheets (without building the site).

    python -m cheatsheets                    every sheet, A4 and US Letter, into site/cheatsheets/
    python -m cheatsheets --out DIR          into DIR
    python -m cheatsheets --sheet storage    only that sheet (repeatable)
    python -m cheatsheets --paper a4         only that size (repeatable)
    python -m cheatsheets --fill             also print each sheet's type size and fill ratio
    python -m cheatsheets --no-cache         render everything again

Environment: SAA_PDF_ALLOW_MISSING=1 skips ids the data file lacks (while it is
being written); SAA_PDF_TIMEOUT sets the time limit per render in seconds;
SOURCE_DATE_EPOCH fixes the PDFs' creation date.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from macros.data import DATA_FILE, DataError, load

from .pdf import CACHE_DIR, FONT_MAX, OUT_DIR, BuildError, Result, build
from .render import PAPERS, SheetError
from .sheets import SHEETS, by_slug


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cheatsheets",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--data", type=Path, default=DATA_FILE, help="the data file")
    parser.add_argument("--sheet", action="append", help="a sheet slug (default: all)")
    parser.add_argument("--paper", action="append", choices=sorted(PAPERS))
    parser.add_argument("--jobs", type=int, default=None, help="parallel processes")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not fill the cache")
    parser.add_argument("--fill", action="store_true", help="print type size and fill ratio")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    try:
        sheets = [by_slug(s) for s in args.sheet] if args.sheet else SHEETS
        data = load(args.data, docs_dir=None)  # page links are the site build's to check
    except (DataError, KeyError) as exc:
        print(f"cheatsheets: {exc}", file=sys.stderr)
        return 1
    results: list[Result] = []
    failed: SheetError | None = None
    try:
        results = build(
            args.out,
            sheets=sheets,
            data=data,
            papers=args.paper or tuple(PAPERS),
            cache_dir=None if args.no_cache else CACHE_DIR,
            workers=args.jobs,
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
