"""Build a sheet's HTML from the data file. Pure: sheet and data in, string out.

Tables and fact lists come from the site's own escaping renderers
(`studyguide.render`), so print and web show the same cells; the page layout lives
in assets/sheet.html and assets/print.css.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from studyguide import render as site_render
from studyguide.sheets import Block, Paper, Sheet, Table

if TYPE_CHECKING:
    from studyguide.models import Comparison, DataFile, FactList

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATE = "sheet.html"
PAGE_STYLE = "/*@page-style@*/"  # the renderer puts @page size and type size here

log = logging.getLogger("mkdocs.plugins.cheatsheets")  # shown by MkDocs too


class SheetError(Exception):
    """A sheet cannot be built; the message names the sheet and what to change."""


# ---------------------------------------------------------------- project facts


@cache
def project_version(root: Path = ROOT) -> str:
    import tomllib  # only the PDFs' metadata needs it

    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


# ---------------------------------------------------------------- resolving


def resolve(
    sheet: Sheet, data: DataFile, allow_missing: bool = False
) -> list[tuple[Block, Comparison | FactList]]:
    """The sheet's blocks with their data, in order; a missing id is an error."""
    comparisons = {c.id: c for c in data.comparisons}
    facts = {f.id: f for f in data.facts}
    out: list[tuple[Block, Comparison | FactList]] = []
    missing: list[str] = []
    for block in sheet.blocks:
        kind, pool = (
            ("comparison", comparisons) if isinstance(block, Table) else ("fact list", facts)
        )
        item = pool.get(block.id)
        if item is None:
            missing.append(f"{kind} {block.id!r}")
            continue
        out.append((block, item))
    if missing:
        if not allow_missing:
            raise SheetError(
                f"cheat sheet {sheet.slug!r}: the data file has no {', '.join(missing)}; fix the "
                f"id in studyguide/sheets.py or add it to the data "
                f"(`python3 tasks.py pdf --allow-missing` skips missing ids meanwhile)"
            )
        for what in missing:
            log.info("cheat sheet %r: skipping missing %s (--allow-missing)", sheet.slug, what)
    return out


def verified(items: list[tuple[Block, Comparison | FactList]]) -> dt.date | None:
    """The latest `verified` date of the sheet's content."""
    return max((item.verified for _, item in items), default=None)


# ---------------------------------------------------------------- HTML


CHARS_PER_ROW = 230  # characters of table text across the page, at a middling type size
GRID_COLUMNS = 12
WRAP = 1.9  # a table goes in a half-width column when that makes it at most this much taller


def _cells(comp: Comparison, table: Table) -> list[list[str]]:
    """The table as text, header row first, as it will be printed."""
    cols, rows = site_render.select(comp, table.columns, table.rows)
    if table.transpose:
        return [
            [comp.row_label, *(r.name for r in rows)],
            *([c.label, *(r.cells[c.key] for r in rows)] for c in cols),
        ]
    return [
        [comp.row_label, *(c.label for c in cols)],
        *([r.name, *(r.cells[c.key] for c in cols)] for r in rows),
    ]


def table_lines(comp: Comparison, table: Table, span: int) -> int:
    """Estimated printed lines of a table `span` twelfths wide (caption included).

    Columns share the width as an automatic table layout does: each gets its
    longest word, and the rest of the room goes to columns in proportion to how
    much more their longest cell would need.
    """
    cells = _cells(comp, table)
    pad = 2  # cell padding, in characters
    longest = [max(len(row[i]) for row in cells) + pad for i in range(len(cells[0]))]
    word = [
        max(len(w) for row in cells for w in row[i].split() or [""]) + pad
        for i in range(len(cells[0]))
    ]
    room = CHARS_PER_ROW * span / GRID_COLUMNS
    if sum(longest) <= room:
        widths = [float(n) for n in longest]
    else:
        spare, want = max(room - sum(word), 0), sum(longest) - sum(word)
        widths = [w + spare * (n - w) / want for w, n in zip(word, longest, strict=True)]
    return 2 + sum(
        max(-(-(len(cell) + pad) // max(int(w), 1)) for cell, w in zip(row, widths, strict=True))
        for row in cells
    )


def is_wide(comp: Comparison, table: Table) -> bool:
    """Whether a table takes the whole width rather than a half-width column."""
    if table.width is not None:
        return table.width == "full"
    half, full = (table_lines(comp, table, GRID_COLUMNS // k) for k in (2, 1))
    return half > WRAP * full


def stack(items: list[tuple[int, int]], stacks: int = 2) -> list[list[int]]:
    """Share (index, lines) items out over `stacks` columns of about equal height: the
    tallest first, each to the shortest column; each column keeps the sheet's order."""
    out: list[list[int]] = [[] for _ in range(stacks)]
    heights = [0] * stacks
    for index, lines in sorted(items, key=lambda item: (-item[1], item[0])):
        k = heights.index(min(heights))
        out[k].append(index)
        heights[k] += lines
    return sorted((sorted(column) for column in out if column), key=lambda column: column[0])


def _table(comp: Comparison, table: Table, sheet: Sheet) -> Markup:
    try:
        return Markup(
            site_render.comparison_table(
                comp,
                columns=table.columns,
                rows=table.rows,
                transpose=table.transpose,
                href=None,
                meta=False,
            )
        )
    except KeyError as exc:
        raise SheetError(f"cheat sheet {sheet.slug!r}: {exc.args[0]}") from None


def _table_rows(sheet: Sheet, run: list[tuple[Table, Comparison]]) -> list[dict]:
    """A wide table takes a row of its own; the narrow ones between wide tables are
    stacked in two columns of about equal height, unless that is no shorter."""
    rows: list[dict] = []
    narrow: list[tuple[Table, Comparison]] = []

    def full(table: Table, comp: Comparison) -> None:
        rows.append({"stacks": [[_table(comp, table, sheet)]]})

    def flush() -> None:
        half = [(i, table_lines(c, t, GRID_COLUMNS // 2)) for i, (t, c) in enumerate(narrow)]
        columns = stack(half)
        stacked = max(sum(half[i][1] for i in column) for column in columns) if narrow else 0
        if len(narrow) < 2 or stacked >= sum(table_lines(c, t, GRID_COLUMNS) for t, c in narrow):
            for table, comp in narrow:
                full(table, comp)
        else:
            rows.append(
                {
                    "stacks": [
                        [_table(narrow[i][1], narrow[i][0], sheet) for i in c] for c in columns
                    ]
                }
            )
        narrow.clear()

    for table, comp in run:
        if is_wide(comp, table):
            flush()
            full(table, comp)
        else:
            narrow.append((table, comp))
    flush()
    return rows


def _sections(sheet: Sheet, items: list[tuple[Block, Comparison | FactList]]) -> list[dict]:
    """Consecutive tables form a table section, consecutive fact lists a column section."""
    runs: list[tuple[str, list]] = []
    for block, item in items:
        kind = "tables" if isinstance(block, Table) else "facts"
        if not runs or runs[-1][0] != kind:
            runs.append((kind, []))
        runs[-1][1].append((block, item))
    sections = []
    for kind, run in runs:
        if kind == "facts":
            sections.append(
                {
                    "kind": kind,
                    "blocks": [
                        {
                            "title": item.title,
                            "html": Markup(site_render.fact_list(item, href=None)),
                        }
                        for _, item in run
                    ],
                }
            )
        else:
            sections.append({"kind": kind, "rows": _table_rows(sheet, run)})
    return sections


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def created(day: dt.date | None) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set, else the data's verified date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime.combine(day or dt.date(2000, 1, 1), dt.time(), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sheet_html(
    sheet: Sheet, data: DataFile, paper: Paper, site_url: str = "", allow_missing: bool = False
) -> str:
    """The sheet as one HTML document; `PAGE_STYLE` marks where page size and type size go."""
    items = resolve(sheet, data, allow_missing)
    day = verified(items)
    keywords = [
        "AWS",
        "SAA-C03",
        "cheat sheet",
        sheet.title,
        *dict.fromkeys(item.title for _, item in items),
    ]
    return (
        _env()
        .get_template(TEMPLATE)
        .render(
            sheet=sheet,
            paper=paper,
            sections=_sections(sheet, items),
            verified=day.isoformat() if day else "not yet",
            created=created(day),
            keywords=", ".join(keywords),
            site_url=site_url,
            site_host=re.sub(r"^https?://|/$", "", site_url),
            version=project_version(),
            page_style=Markup(PAGE_STYLE),
        )
    )


def page_style(paper: Paper, font_pt: float) -> str:
    size = f"{paper.width_pt}pt {paper.height_pt}pt"
    return f"@page {{ size: {size} }} html {{ font-size: {font_pt}pt }}"
