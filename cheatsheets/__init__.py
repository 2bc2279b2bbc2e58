"""One-page PDF cheat sheets, rendered with WeasyPrint from data/comparisons.yml.

    sheets.py   the sheet definitions: one small entry per sheet
    render.py   a sheet's HTML, built with the site's own table and fact renderers
    pdf.py      WeasyPrint: safe URL fetcher, one-page fit, cache, parallel rendering
    site.py     the MkDocs side: macros that link the PDFs, and writing them into the site
    assets/     template, print stylesheet and bundled fonts (with their licence)

Render them with `python3 tasks.py pdf` (`python -m cheatsheets --help`).
"""

from typing import Any

from .render import PAPERS, SheetError
from .sheets import SHEETS, Facts, Sheet, Table

# pdf.py brings WeasyPrint and a process pool: imported on first use, so that a site
# build with the PDFs off (the live preview) does not pay for it.
_FROM_PDF = frozenset({"FONT_MAX", "FONT_MIN", "Fit", "Result", "build"})


def __getattr__(name: str) -> Any:
    if name in _FROM_PDF:
        from . import pdf

        return getattr(pdf, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FONT_MAX",
    "FONT_MIN",
    "PAPERS",
    "SHEETS",
    "Facts",
    "Fit",
    "Result",
    "Sheet",
    "SheetError",
    "Table",
    "build",
]
