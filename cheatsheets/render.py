"""A sheet's HTML from the data. Pure: sheet and data in, strings out.

A sheet is laid out in two passes at one fixed type size (cheatsheets/pdf.py):

1. the measuring document holds every table at the full and at the half width of the
   page, and every fact list at the half width, so that WeasyPrint's own layout gives
   each table the narrowest width it fits and each piece its height;
2. the final document puts the wide tables across the page at the top, then the rest in
   two columns, split in the sheet's order where the two columns come out the most even
   (`partition`); a fact list may continue in the next column, between two facts.

Tables and fact lists come from the site's own escaping renderers (`studyguide.render`),
so print and web show the same cells; the page itself lives in assets/sheet.html and
assets/print.css.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from studyguide import render as site_render
from studyguide.cards import plain
from studyguide.sheets import Block, Facts, Figure, Paper, Sheet, Table

if TYPE_CHECKING:
    from studyguide.models import Comparison, DataFile, FactList

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATE = "sheet.html"
MM = 72 / 25.4  # points per millimetre
MARGIN_MM = {"top": 12, "right": 8, "bottom": 14, "left": 8}
GAP_MM = 4  # between the two columns, and between pieces in a column

log = logging.getLogger("cheatsheets")


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
) -> list[tuple[Block, Comparison | FactList | None]]:
    """The sheet's blocks with their data (None for a figure), in order; a missing id is an
    error."""
    comparisons = {c.id: c for c in data.comparisons}
    facts = {f.id: f for f in data.facts}
    out: list[tuple[Block, Comparison | FactList | None]] = []
    missing: list[str] = []
    for block in sheet.blocks:
        if isinstance(block, Figure):
            out.append((block, None))
            continue
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


def verified(items: list[tuple[Block, Comparison | FactList | None]]) -> dt.date | None:
    """The latest `verified` date of the sheet's content."""
    return max((item.verified for _, item in items if item is not None), default=None)


# ---------------------------------------------------------------- typography

QUOTES = [
    (re.compile(r"(\w)'(\w)"), "\\1\u2019\\2"),  # it's -> it’s
    (re.compile(r"(^|[\s(\[>])'"), "\\1\u2018"),  # opening single quote
    (re.compile(r"'"), "\u2019"),
    (re.compile(r'(^|[\s(\[>])"'), "\\1\u201c"),  # opening double quote
    (re.compile(r'"'), "\u201d"),
]
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
ID = re.compile(r' (id|aria-labelledby)="[^"]*"')


def curly(html: str) -> str:
    """Straight quotes in the text of an HTML fragment made typographic; tags untouched."""
    parts = TAG_OR_TEXT.split(html.replace("&#x27;", "'").replace("&quot;", '"'))
    out = []
    for part in parts:
        if part.startswith("<"):
            out.append(part)
            continue
        for pattern, repl in QUOTES:
            part = pattern.sub(repl, part)
        out.append(part)
    return "".join(out)


# ---------------------------------------------------------------- the pieces of a sheet


@dataclass(frozen=True)
class TablePiece:
    id: str  # t0, t1...
    title: str
    html: str


@dataclass(frozen=True)
class FigurePiece:
    id: str  # g0, g1...
    title: str
    html: str
    width: str  # full or half


@dataclass(frozen=True)
class FactPiece:
    id: str  # f0, f1...
    title: str
    heading: str  # the list's <h2>
    items: tuple[str, ...]  # each <li>


@dataclass(frozen=True)
class Parts:
    """Everything both passes put on the page; plain strings, so a worker process can take it."""

    slug: str
    title: str
    paper: Paper
    shell: dict[str, str]  # what the template fills in besides the content
    pieces: tuple[TablePiece | FigurePiece | FactPiece, ...]  # in the sheet's order

    @property
    def tables(self) -> list[TablePiece]:
        return [p for p in self.pieces if isinstance(p, TablePiece)]

    @property
    def facts(self) -> list[FactPiece]:
        return [p for p in self.pieces if isinstance(p, FactPiece)]


def _table_piece(
    index: int, comp: Comparison, table: Table, sheet: Sheet, link: str | None
) -> TablePiece:
    try:
        html = site_render.comparison_table(
            comp,
            columns=table.columns,
            rows=table.rows,
            transpose=table.transpose,
            href=None,
            meta=False,
            anchor=f"cmp-{comp.id}",
        )
    except KeyError as exc:
        raise SheetError(f"cheat sheet {sheet.slug!r}: {exc.args[0]}") from None
    html = html.replace(' role="region"', "").replace(' tabindex="0"', "")
    title = f'<span class="cmp-title">{site_render.esc(comp.title)}</span>'
    if link:
        linked = (
            f'<a class="cmp-title" href="{site_render.esc(link)}">{site_render.esc(comp.title)}</a>'
        )
        html = html.replace(title, linked, 1)
    return TablePiece(f"t{index}", comp.title, curly(html))


def _fact_piece(index: int, facts: FactList, block: Facts, link: str | None) -> FactPiece:
    title = site_render.esc(facts.title)
    heading = f'<a href="{site_render.esc(link)}">{title}</a>' if link else title
    items = []
    labels = {"cue": "Exam cue", "gotcha": "Gotcha"}
    chosen = facts.items if block.take is None else [facts.items[i] for i in block.take]
    for fact in chosen:
        label = labels.get(fact.kind)
        lead = f'<strong class="fact-label">{label}:</strong> ' if label else ""
        text = curly(site_render.esc(plain(fact.text)))
        items.append(f'<li class="fact-{fact.kind}">{lead}{text}</li>')
    return FactPiece(f"f{index}", facts.title, f"<h2>{heading}</h2>", tuple(items))


FigureSource = Callable[[str], tuple[bytes, str]]  # docs path -> (greyscale SVG, description)
MASK = re.compile(r"<mask\b.*?</mask>", re.S)
MASK_USE = re.compile(r' mask="url\([^)]*\)"')
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
D2_FONT = re.compile(r'font-family:\s*"?d2-[^";]*-font-(regular|bold|semibold|italic)"?')


def print_svg(svg: bytes) -> bytes:
    """A D2 drawing WeasyPrint can paint: the label masks go (it fills them black) and the
    text uses the sheet's own font instead of the fonts D2 embeds (which it cannot read)."""
    text = MASK_USE.sub("", MASK.sub("", svg.decode("utf-8")))
    text = FONT_FACE.sub("", text)
    text = D2_FONT.sub(
        lambda m: (
            'font-family: "Sheet Sans"'
            + ("; font-weight: 700" if m.group(1) in ("bold", "semibold") else "")
        ),
        text,
    )
    return text.encode("utf-8")


def _figure_piece(
    index: int, block: Figure, sheet: Sheet, figure: FigureSource | None
) -> FigurePiece:
    if figure is None:
        raise SheetError(f"cheat sheet {sheet.slug!r}: no diagram renderer for {block.source!r}")
    try:
        svg, description = figure(block.source)
    except Exception as exc:  # a missing file or a D2 error, with its FILE:LINE
        raise SheetError(f"cheat sheet {sheet.slug!r}: {exc}") from None
    uri = "data:image/svg+xml;base64," + base64.b64encode(print_svg(svg)).decode("ascii")
    cap = f' style="max-height: {block.height_mm}mm"' if block.height_mm else ""
    html = (
        f'<figure class="sheet-figure"><img src="{uri}"{cap} alt="{escape(description)}">'
        f"<figcaption>{escape(block.caption)}</figcaption></figure>"
    )
    return FigurePiece(f"g{index}", block.caption, curly(html), block.width)


def parts(
    sheet: Sheet,
    data: DataFile,
    paper: Paper,
    *,
    site_url: str = "",
    links: dict[str, str] | None = None,
    qr_svg: str = "",
    figure: FigureSource | None = None,
    allow_missing: bool = False,
) -> Parts:
    """The sheet's pieces and page furniture. `links` maps a table's `cmp-ID` or a fact
    list's `facts-ID` to the address of the page section that shows it; `figure` renders
    a diagram for print."""
    links = links or {}
    items = resolve(sheet, data, allow_missing)
    if not items:
        raise SheetError(f"cheat sheet {sheet.slug!r} has no content; give it tables or facts")
    pieces: list[TablePiece | FigurePiece | FactPiece] = []
    for i, (block, item) in enumerate(items):
        if isinstance(block, Table):
            pieces.append(_table_piece(i, item, block, sheet, links.get(f"cmp-{item.id}")))
        elif isinstance(block, Figure):
            pieces.append(_figure_piece(i, block, sheet, figure))
        else:
            pieces.append(_fact_piece(i, item, block, links.get(f"facts-{item.id}")))
    day = verified(items)
    keywords = [
        "AWS",
        "SAA-C03",
        "cheat sheet",
        sheet.title,
        *dict.fromkeys(i.title for _, i in items if i is not None),
    ]
    sheet_url = f"{site_url.rstrip('/')}/reference/cheat-sheets/" if site_url else ""
    shell = {
        "title": sheet.title,
        "subject": sheet.subject,
        "keywords": ", ".join(keywords),
        "verified": day.isoformat() if day else "not yet",
        "created": created(day),
        "version": project_version(),
        "paper": paper.label,
        "sheet_url": sheet_url,
        "sheet_host": re.sub(r"^https?://", "", sheet_url).rstrip("/"),
        "qr": qr_svg,
    }
    return Parts(sheet.slug, sheet.title, paper, shell, tuple(pieces))


def created(day: dt.date | None) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set, else the data's verified date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime.combine(day or dt.date(2000, 1, 1), dt.time(), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Frame:
    """The printable area of a paper, in points."""

    width: float
    height: float

    @classmethod
    def of(cls, paper: Paper) -> Frame:
        m = MARGIN_MM
        return cls(
            paper.width_pt - (m["left"] + m["right"]) * MM,
            paper.height_pt - (m["top"] + m["bottom"]) * MM,
        )

    @property
    def half(self) -> float:
        return (self.width - GAP_MM * MM) / 2


def page_css(paper: Paper, tall: bool = False) -> str:
    """The @page rule: the paper's size, or a very tall page for the measuring pass."""
    height = 5000 * MM if tall else paper.height_pt
    m = MARGIN_MM
    frame = Frame.of(paper)
    return (
        f"@page {{ size: {paper.width_pt}pt {height}pt; "
        f"margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm }}\n"
        f":root {{ --half: {frame.half:.2f}pt; --full: {frame.width:.2f}pt; --gap: {GAP_MM}mm }}"
    )


# ---------------------------------------------------------------- balancing


def partition(
    heights: Sequence[float], continues: Sequence[float], columns: int = 2
) -> list[tuple[int, int]]:
    """Split a sequence of pieces, in order, into `columns` runs with the lowest tallest run.

    `heights[i]` is piece i's height in a column; `continues[i]` the extra height piece i
    costs when a run starts with it (a fact list's "continued" heading; 0 elsewhere).
    Returns each run's (start, end) indexes; runs may be empty at the end.
    """
    n = len(heights)
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)

    def run(i: int, j: int) -> float:
        return 0.0 if i == j else prefix[j] - prefix[i] + continues[i]

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(columns + 1)]
    cut = [[0] * (n + 1) for _ in range(columns + 1)]
    best[0][0] = 0.0
    for k in range(1, columns + 1):
        for j in range(n + 1):
            for i in range(j + 1):
                cost = max(best[k - 1][i], run(i, j))
                if cost <= best[k][j]:  # on a tie, fill the earlier column more
                    best[k][j], cut[k][j] = cost, i
    out, j = [], n
    for k in range(columns, 0, -1):
        i = cut[k][j]
        out.append((i, j))
        j = i
    return out[::-1]


# ---------------------------------------------------------------- documents


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _document(p: Parts, page: str, body: str, measuring: bool) -> str:
    return (
        _env()
        .get_template(TEMPLATE)
        .render(
            s=p.shell,
            page_style=Markup(page),
            body=Markup(body),
            measuring=measuring,
        )
    )


def measure_html(p: Parts) -> str:
    """Every table, half-width figure and fact list at the half width.

    A table too wide for half the page goes across it, at the top, where the printed
    layout measures it: its height does not change how the columns are balanced.
    """
    out = [f'<h1 id="m-h1">{escape(p.title)}</h1>']
    for piece in p.pieces:
        if isinstance(piece, FigurePiece) and piece.width != "half":
            continue
        if isinstance(piece, TablePiece | FigurePiece):
            copy = ID.sub("", piece.html)  # ids only on the container
            out.append(f'<div class="measure half" id="m-{piece.id}-half">{copy}</div>')
        else:
            items = "".join(
                item.replace("<li", f'<li id="m-{piece.id}-{j}"', 1)
                for j, item in enumerate(piece.items)
            )
            heading = piece.heading.replace("<h2", f'<h2 id="m-{piece.id}-h"', 1)
            out.append(
                f'<div class="measure half"><section class="facts-block">{heading}'
                f'<ul class="facts">{items}</ul></section>'
                f'<section class="facts-block cont"><p class="cont-heading" id="m-{piece.id}-c">'
                f"{escape(piece.title)}, continued</p></section></div>"
            )
    return _document(p, page_css(p.paper, tall=True), "".join(out), measuring=True)


@dataclass(frozen=True)
class Unit:
    """What goes into a column: a half-width table, or one fact of a fact list."""

    piece: int  # index into Parts.pieces
    item: int | None  # the fact's index; None for a table


@dataclass(frozen=True)
class Layout:
    wide: tuple[int, ...]  # pieces (tables) across the whole width, at the top
    columns: tuple[tuple[Unit, ...], ...]  # the two columns


def _column_html(p: Parts, units: Sequence[Unit]) -> str:
    out: list[str] = []
    open_list: int | None = None
    for unit in units:
        piece = p.pieces[unit.piece]
        if isinstance(piece, TablePiece | FigurePiece):
            if open_list is not None:
                out.append("</ul></section>")
                open_list = None
            out.append(f'<div class="piece">{piece.html}</div>')
            continue
        if open_list != unit.piece:
            if open_list is not None:
                out.append("</ul></section>")
            if unit.item == 0:
                out.append(f'<section class="facts-block">{piece.heading}<ul class="facts">')
            else:
                out.append(
                    '<section class="facts-block cont"><p class="cont-heading">'
                    f'{escape(piece.title)}, continued</p><ul class="facts">'
                )
            open_list = unit.piece
        out.append(piece.items[unit.item])
    if open_list is not None:
        out.append("</ul></section>")
    return "".join(out)


def final_html(p: Parts, layout: Layout) -> str:
    """The sheet as printed."""
    wide = "".join(f'<div class="piece">{p.pieces[i].html}</div>' for i in layout.wide)
    columns = "".join(f'<div class="col">{_column_html(p, c)}</div>' for c in layout.columns)
    body = (
        f"<h1>{escape(p.title)}</h1>"
        + (f'<div class="wide">{wide}</div>' if wide else "")
        + f'<div class="columns">{columns}</div>'
    )
    return _document(p, page_css(p.paper), body, measuring=False)
