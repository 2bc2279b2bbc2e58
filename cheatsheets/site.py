"""The MkDocs side: macros that link the PDFs, and the hook that writes them into the site.

`SAA_PDF=1` (set by `python3 tasks.py build`) renders the sheets, or takes them from
the cache, into `<site_dir>/cheatsheets/`. Without it (the live preview) the
pages still build and say that `python3 tasks.py build` makes the PDFs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.data import load_cached
from macros.pages import did_you_mean
from macros.render import _e, relative_url

from .render import PAPERS, SheetError
from .sheets import SHEETS, Sheet

if TYPE_CHECKING:
    from .pdf import Result

ENV = "SAA_PDF"
SUBDIR = "cheatsheets"
SKIPPED = (
    "The PDFs are not part of this preview; <code>python3 tasks.py build</code> "
    "builds them into the site."
)


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


class SiteSheets:
    """Bound to one build: renders at most once, on the first macro call or after the build."""

    MACROS = ("cheatsheet_links", "cheatsheet_list")
    current: SiteSheets | None = None

    def __init__(self, env: Any) -> None:
        self.env = env
        self._results: dict[tuple[str, str], Result] | None = None
        SiteSheets.current = self

    # ------------------------------------------------------------ building

    def results(self) -> dict[tuple[str, str], Result]:
        """(slug, paper) -> Result; renders the PDFs into the site on the first call."""
        if self._results is None:
            from .pdf import build  # the renderer, its pool and WeasyPrint: only when PDFs are on

            conf = self.env.conf
            data = load_cached(docs_dir=Path(conf["docs_dir"]))  # as the pages loaded it
            try:
                results = build(Path(conf["site_dir"]) / SUBDIR, data=data)
            except SheetError as exc:
                from mkdocs.exceptions import PluginError

                raise PluginError(f"PDF cheat sheets:\n{exc}") from None
            self._results = {(r.slug, r.paper): r for r in results}
        return self._results

    # ------------------------------------------------------------ links

    def _href(self, slug: str, paper: str) -> str:
        page = getattr(self.env, "page", None)
        return relative_url(page.url if page is not None else "", f"{SUBDIR}/{slug}-{paper}.pdf")

    def _link(self, sheet: Sheet, paper: str, label: str) -> str:
        size = self.results()[(sheet.slug, paper)].size
        return (
            f'<a href="{_e(self._href(sheet.slug, paper))}" type="application/pdf" download>'
            f"{_e(label)}PDF, {size / 1024:.0f} KB</a>"
        )

    # ------------------------------------------------------------ macros

    def cheatsheet_links(self, area: str) -> str:
        """Links to the cheat sheet(s) of an area: `{{ cheatsheet_links('storage') }}`."""
        sheets = [s for s in SHEETS if area in s.areas or s.slug == area]
        if not sheets:
            names = sorted({a for s in SHEETS for a in s.areas} | {s.slug for s in SHEETS})
            page = getattr(self.env, "page", None)
            where = page.file.src_uri if page is not None else "<no page>"
            hint = did_you_mean(area, names) or f"use one of {', '.join(names)}"
            raise ValueError(f"{where}: no cheat sheet covers {area!r}; {hint}")
        out = []
        for sheet in sheets:
            links = (
                " · ".join(
                    self._link(sheet, name, f"{paper.label} ") for name, paper in PAPERS.items()
                )
                if enabled()
                else SKIPPED
            )
            out.append(
                f'<p class="cheatsheet-links"><strong>Printable cheat sheet: '
                f"{_e(sheet.title)}</strong> — {links}</p>"
            )
        return "\n".join(out)

    def cheatsheet_list(self) -> str:
        """Every cheat sheet with its A4 and US Letter PDFs and their sizes."""
        head = "".join(f'<th scope="col">{_e(p.label)}</th>' for p in PAPERS.values())
        rows = []
        for sheet in SHEETS:
            cells = "".join(
                f"<td>{self._link(sheet, name, '') if enabled() else 'not built'}</td>"
                for name in PAPERS
            )
            rows.append(
                f'<tr><th scope="row">{_e(sheet.title)}</th><td>{_e(sheet.subject)}</td>'
                f"{cells}</tr>"
            )
        table = (
            '<table><caption class="sr-only">Cheat sheets</caption>'
            f'<thead><tr><th scope="col">Sheet</th>'
            f'<th scope="col">What it covers</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        return table if enabled() else f"<p>{SKIPPED}</p>\n{table}"


def post_build(env: Any) -> None:
    """Make sure the PDFs are in the site even when no page linked them."""
    if enabled() and SiteSheets.current is not None:
        SiteSheets.current.results()
