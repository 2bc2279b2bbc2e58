"""The PDF step: render the cheat sheets into the built site.

    python -m cheatsheets                    every sheet, A4 and US Letter, into SITE/cheatsheets/
    python -m cheatsheets --config FILE      the site configuration to read (default mkdocs.yml)
    python -m cheatsheets --out DIR          into DIR instead
    python -m cheatsheets --sheet storage    only that sheet (repeatable)
    python -m cheatsheets --paper a4         only that size (repeatable)
    python -m cheatsheets --fill             how full and how even each sheet is
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
from studyguide.pages import DocsIndex
from studyguide.project import ConfigError, Project
from studyguide.render import page_url
from studyguide.sheets import PAPERS, PDF_DIR, SHEETS, by_slug

from .pdf import MAX_GAP_MM, TIMEOUT_S, BuildError, Result, build
from .render import SheetError


def print_figure(project: Project):
    """A diagram of the site for print: its greyscale rendering and its text description."""
    from studyguide import diagrams

    docs = project.docs_dir.resolve()

    def figure(source: str) -> tuple[bytes, str]:
        made = diagrams.make(
            project.root / source, docs, project.cache("diagrams"), source, diagrams.PRINT
        )
        return made.renderings[0].svg, made.description

    return figure


def section_links(project: Project, docs: DocsIndex | None = None) -> dict[str, str]:
    """`cmp-ID` / `facts-ID` -> the web address of the page section that shows it."""
    if not project.site_url:
        return {}
    base = project.site_url.rstrip("/") + "/"
    return {
        ident: base + page_url(ref, project.use_directory_urls)
        for ident, ref in (docs or DocsIndex(project.docs_dir)).shown().items()
    }


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
    parser.add_argument("--fill", action="store_true", help="print fill, balance and type size")
    parser.add_argument("--allow-missing", action="store_true", help="skip missing data ids")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per render")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    try:
        project = Project.from_file(args.config)
        sheets = [by_slug(s) for s in args.sheet] if args.sheet else SHEETS
        docs = DocsIndex(project.docs_dir)  # the pages, read once for both uses
        data = project.load(docs=docs).data
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
            links=section_links(project, docs),
            figure=print_figure(project),
            allow_missing=args.allow_missing,
            timeout=args.timeout,
        )
    except BuildError as exc:
        results, failed = exc.results, exc
    except SheetError as exc:
        failed = exc
    if args.fill:
        print(f"{'sheet':42} {'KB':>4} {'type':>5} {'fill':>5} {'gap':>6} {'height':>13}")
    for r in results:
        if not args.fill:
            print(f"{r.path}  {r.size / 1024:.0f} KB")
            continue
        f = r.fit
        warn = "  < 85% fill" if f.fill < 0.85 else ""
        warn += f"  gap over {MAX_GAP_MM:g} mm" if f.gap_mm > MAX_GAP_MM else ""
        print(
            f"{r.path.name:42} {r.size / 1024:4.0f} {f.font_pt:4.1f}pt {f.fill:5.0%} "
            f"{f.gap_mm:4.0f}mm {f.height_mm:5.0f}/{f.available_mm:.0f}mm{warn}"
        )
    if failed is not None:
        print(f"cheatsheets: {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
