"""Render the sheets to PDF with WeasyPrint: safe fetching, two-pass layout, cache, parallel.

Each sheet and paper size is one job, at one fixed type size (assets/print.css). A job
lays out a measuring document, reads every piece's size from WeasyPrint's own layout,
balances the pieces over two columns, lays out the final page and checks that it fits:
at most two layouts. A sheet that does not fit fails, naming itself, the paper and by how
much it is too tall. The PDF is tagged (PDF/UA-1), with a bookmark per table and fact
list. Jobs run in parallel processes; a job's PDF is cached under .cache/cheatsheets/ by
a hash of everything it reads, and every file is written to a temporary name first and
then renamed.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import logging
import mimetypes
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version as dist_version
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from studyguide.cache import atomic_write
from studyguide.models import DataFile
from studyguide.sheets import PAPERS, SHEETS, Sheet

from .render import (
    ASSETS,
    MM,
    ROOT,
    FigurePiece,
    Frame,
    Layout,
    Parts,
    SheetError,
    TablePiece,
    Unit,
    final_html,
    measure_html,
    partition,
    parts,
)

RENDERER_VERSION = "3"  # bump when the output changes for a reason the hash cannot see
TYPE_PT = 8.0  # the body text size of every sheet (assets/print.css)
TIMEOUT_S = 60.0  # per job (both layouts); `python3 tasks.py pdf --timeout S` changes it
PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS px
MAX_GAP_MM = 12.0  # the most one column may end above the other

log = logging.getLogger("mkdocs.plugins.cheatsheets")  # shown by MkDocs too


# ---------------------------------------------------------------- safe fetching


def _fatal_base() -> type[BaseException]:
    from weasyprint.urls import FatalURLFetchingError

    return FatalURLFetchingError


class RenderTimeout(SheetError):
    """A render took longer than its time limit."""


def check_url(url: str, root: Path = ASSETS) -> Path | None:
    """The file an allowed URL names (None for data: URIs); raise SheetError otherwise.

    Allowed: `data:` URIs and regular files under `root` (after resolving symlinks).
    Refused: every other scheme (http, https, ftp...), files elsewhere, special files.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        raise SheetError(
            f"refused to fetch {url[:200]!r}: only the cheat sheets' own assets "
            "and data: URIs may be used (no network access)"
        )
    path = Path(unquote(urlsplit(url).path)).resolve()
    base = root.resolve()
    if not path.is_relative_to(base):
        raise SheetError(f"refused to fetch {url[:200]!r}: outside {base}")
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise SheetError(f"refused to fetch {url[:200]!r}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise SheetError(f"refused to fetch {url[:200]!r}: not a regular file")
    return path


def asset_fetcher(root: Path = ASSETS):
    """A WeasyPrint URL fetcher for `check_url`'s rules; a refusal stops the render."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fatal = _fatal_base()

    class UnsafeResource(fatal):  # a BaseException: WeasyPrint does not swallow it
        pass

    class AssetFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                path = check_url(url, root)
            except SheetError as exc:
                raise UnsafeResource(str(exc)) from None
            if path is None:
                return super().fetch(url, headers)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})

    return AssetFetcher(timeout=5, allowed_protocols=("file", "data"), fail_on_errors=True)


class _Expired(BaseException):
    """Raised by the timer: a BaseException, so that no `except Exception` swallows it."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise RenderTimeout after `seconds` (in the main thread; elsewhere no limit is set)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    state = {"armed": True, "expired": False}

    def expire(signum, frame):
        state["expired"] = True
        if state["armed"]:
            raise _Expired

    old = signal.signal(signal.SIGALRM, expire)
    # The timer fires again every 0.1 s after the limit: Python ignores an exception raised
    # while a finalizer (`__del__`) runs, so one signal alone could be lost.
    signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, 0.1))
    try:
        yield
    except _Expired:
        pass
    finally:
        state["armed"] = False  # from here on, a late signal only sets the flag
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if state["expired"]:  # even if the body finished after a lost signal
        raise RenderTimeout(
            f"{what}: rendering took longer than {seconds:g} s; "
            "simplify the sheet or raise SAA_PDF_TIMEOUT"
        )


# ---------------------------------------------------------------- glyph coverage


@cache
def _font_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    sets = [
        set(TTFont(p, lazy=True).getBestCmap()) for p in sorted((ASSETS / "fonts").glob("*.ttf"))
    ]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def missing_glyphs(html: str) -> list[str]:
    """Characters of the document's text that the bundled fonts lack."""
    body = html.split("<body", 1)[-1]
    text = htmllib.unescape(re.sub(r"<[^>]*>", " ", body))
    have = _font_chars()
    return sorted({c for c in text if not c.isspace() and ord(c) not in have})


# ---------------------------------------------------------------- one job


@dataclass(frozen=True)
class Job:
    slug: str
    paper: str
    parts: Parts
    key: str
    timeout: float = TIMEOUT_S


@dataclass(frozen=True)
class Fit:
    """How the sheet sits on its page (read from the final layout)."""

    font_pt: float  # the body text size
    fill: float  # share of the printable area the content covers
    gap_mm: float  # how much higher one column ends than the other
    height_mm: float  # height of the content
    available_mm: float  # height of the printable area


@dataclass(frozen=True)
class Result:
    slug: str
    paper: str
    path: Path
    size: int  # bytes
    fit: Fit
    rendered: bool  # False when it came from the cache


class _WarningLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings(what: str) -> Iterator[None]:
    """Fail the render on any WeasyPrint warning or error: a sheet must render cleanly."""
    logger = logging.getLogger("weasyprint")
    handler = _WarningLog()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise SheetError(f"{what}: WeasyPrint warned: " + "; ".join(handler.messages[:5]))


def _layout(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=asset_fetcher()).render()


def _measured(doc) -> tuple[dict[str, float], dict[str, float]]:
    """Element id -> its height, and id -> the width of the widest table inside it, in
    points, from one walk of the measuring layout (a container's own margin is not its
    height)."""
    height: dict[str, float] = {}
    table_width: dict[str, float] = {}
    for page in doc.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident and ident not in height and getattr(box, "element_tag", None):
                tables = [
                    d.margin_width()
                    for d in box.descendants()
                    if getattr(d, "element_tag", None) == "table"
                ]
                height[ident] = box.border_height() / PX_PER_PT
                table_width[ident] = max(tables, default=0) / PX_PER_PT
    return height, table_width


def plan(parts: Parts, doc) -> tuple[Layout, float]:
    """From the measuring layout: which tables go across the page, what goes in which column.

    Returns the layout and the least height (points) it needs: the title and the taller
    column; the tables across the page come on top of that."""
    frame = Frame.of(parts.paper)
    height, table_width = _measured(doc)
    gap = 4 * MM
    h1 = height["m-h1"]
    wide: list[int] = []
    heights: list[float] = []
    continues: list[float] = []
    units: list[Unit] = []
    for i, piece in enumerate(parts.pieces):
        if isinstance(piece, TablePiece | FigurePiece):
            half = f"m-{piece.id}-half"
            if isinstance(piece, FigurePiece):
                in_a_column = piece.width == "half"
            else:
                in_a_column = table_width[half] <= frame.half + 0.5
            if in_a_column:
                units.append(Unit(i, None))
                heights.append(height[half] + gap)
                continues.append(0.0)
            else:
                wide.append(i)
            continue
        head = height[f"m-{piece.id}-h"]
        cont = height[f"m-{piece.id}-c"]
        for j in range(len(piece.items)):
            item = height[f"m-{piece.id}-{j}"]
            last = j == len(piece.items) - 1
            units.append(Unit(i, j))
            heights.append(item + (head if j == 0 else 0) + (gap if last else 0))
            continues.append(0.0 if j == 0 else cont)
    runs = partition(heights, continues, 2)
    columns = tuple(tuple(units[a:b]) for a, b in runs)
    tallest = max(
        (sum(heights[a:b]) + (continues[a] if b > a else 0) for a, b in runs), default=0.0
    )
    return Layout(tuple(wide), columns), h1 + tallest


def _main(page) -> Any:
    return next(b for b in page.descendants() if getattr(b, "element_tag", None) == "main")


def _used_height(page) -> float:
    """How far down the page's content area its content goes (points)."""
    box = page._page_box
    main = _main(box)
    return (main.position_y + main.margin_height() - box.content_box_y()) / PX_PER_PT


def _check_width(parts: Parts, doc) -> None:
    """SheetError for a table wider than the page (it would be cut at the right edge)."""
    frame = Frame.of(parts.paper)
    for page in doc.pages:
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", None) == "table":
                if box.margin_width() / PX_PER_PT > frame.width + 0.5:
                    caption = box.element.find("caption")
                    name = " ".join(caption.itertext()).split() if caption is not None else []
                    raise SheetError(
                        f"cheat sheet {parts.slug!r} ({parts.paper.label}): the table "
                        f"{' '.join(name)!r} is wider than the page; pick fewer columns or "
                        "shorter cells"
                    )


def _fit(parts: Parts, doc) -> Fit:
    """Fill and balance of the final layout; SheetError when it is more than one page or
    a table is wider than the page."""
    frame = Frame.of(parts.paper)
    _check_width(parts, doc)
    page = doc.pages[0]._page_box
    main = _main(page)
    area, bottoms = 0.0, []
    for box in main.children:
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        if "columns" in classes:
            for col in box.children:
                if col.element_tag != "div":  # the ::after that clears the floats
                    continue
                height = col.margin_height() / PX_PER_PT if col.children else 0.0
                area += col.margin_width() / PX_PER_PT * height
                bottoms.append(height)
        else:
            area += frame.width * box.margin_height() / PX_PER_PT
    used = _used_height(doc.pages[0])
    too_tall = used - frame.height
    if len(doc.pages) > 1 or too_tall > 0.5:
        excess = max(too_tall, sum(_used_height(p) for p in doc.pages[1:]))
        raise SheetError(
            f"cheat sheet {parts.slug!r} ({parts.paper.label}) does not fit on one page at "
            f"{TYPE_PT:g} pt: it is {excess / MM:.0f} mm too tall; cut rows, columns or facts "
            f"from its entry in studyguide/sheets.py, or split it into two sheets"
        )
    return Fit(
        TYPE_PT,
        round(area / (frame.width * frame.height), 4),
        round((max(bottoms) - min(bottoms)) / MM, 1) if bottoms else 0.0,
        round(used / MM, 1),
        round(frame.height / MM, 1),
    )


def layout(parts: Parts):
    """Measure, plan, lay out: the final WeasyPrint document and its Fit (two layouts)."""
    plan_, needed = plan(parts, _layout(measure_html(parts)))
    frame = Frame.of(parts.paper)
    if needed > frame.height + 0.5:
        raise SheetError(
            f"cheat sheet {parts.slug!r} ({parts.paper.label}) does not fit on one page at "
            f"{TYPE_PT:g} pt: it is {(needed - frame.height) / MM:.0f} mm too tall; cut rows, "
            f"columns or facts from its entry in studyguide/sheets.py, or split it into two sheets"
        )
    doc = _layout(final_html(parts, plan_))
    return doc, _fit(parts, doc)


def render(parts: Parts, timeout: float = TIMEOUT_S) -> tuple[bytes, Fit]:
    """Lay out and render one sheet to a tagged one-page PDF, within a time limit."""
    what = f"{parts.slug!r} ({parts.paper.label})"
    with time_limit(timeout, what):
        try:
            with _weasyprint_warnings(what):
                missing = missing_glyphs(final_html(parts, Layout((), ())))
                if missing:
                    raise SheetError(
                        f"{what}: the bundled fonts lack {' '.join(missing)!r} "
                        f"(U+{', U+'.join(f'{ord(c):04X}' for c in missing)}); "
                        "write the text without them or add them to the font subset"
                    )
                missing = missing_glyphs(measure_html(parts))
                if missing:
                    raise SheetError(
                        f"{what}: the bundled fonts lack {' '.join(missing)!r} "
                        f"(U+{', U+'.join(f'{ord(c):04X}' for c in missing)}); "
                        "write the text without them or add them to the font subset"
                    )
                doc, fit = layout(parts)
                return doc.write_pdf(pdf_variant="pdf/ua-1"), fit
        except _fatal_base() as exc:  # the fetcher refused a URL
            raise SheetError(f"{what}: {exc}") from None


def _run(job: Job) -> tuple[bytes, Fit]:
    return render(job.parts, job.timeout)


# ---------------------------------------------------------------- cache and files


@cache
def _inputs_digest() -> str:
    """Hash of the renderer's code, assets (template, CSS, fonts) and library versions."""
    h = hashlib.sha256(f"renderer {RENDERER_VERSION} {TYPE_PT}".encode())
    for dist in ("weasyprint", "pydyf", "fonttools", "pyphen"):
        h.update(f"{dist} {dist_version(dist)}\n".encode())
    here = Path(__file__).resolve().parent
    files = [  # the sheet definitions reach the output only through the HTML, hashed per job
        here / "pdf.py",
        here / "render.py",
        ROOT / "studyguide" / "render.py",
        *sorted(p for p in ASSETS.rglob("*") if p.is_file()),
    ]
    for path in files:
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def job_key(parts: Parts) -> str:
    content = measure_html(parts)  # holds every piece and the page furniture
    digest = f"{_inputs_digest()}\0{parts.paper.name}\0{content}"
    return hashlib.sha256(digest.encode()).hexdigest()[:32]


def _cached(cache_dir: Path, key: str) -> tuple[bytes, Fit] | None:
    pdf, meta = cache_dir / f"{key}.pdf", cache_dir / f"{key}.json"
    try:
        return pdf.read_bytes(), Fit(**json.loads(meta.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _store(cache_dir: Path, key: str, pdf: bytes, fit_: Fit) -> None:
    atomic_write(cache_dir / f"{key}.pdf", pdf)
    atomic_write(cache_dir / f"{key}.json", json.dumps(asdict(fit_)).encode())


# ---------------------------------------------------------------- the set


def qr_code(url: str) -> str:
    """A QR code of `url` as an SVG data URI (segno), or nothing without a URL."""
    if not url:
        return ""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=2, border=0, dark="#111")


def jobs_for(
    sheets: Iterable[Sheet],
    papers: Sequence[str],
    data: DataFile,
    site_url: str = "",
    links: dict[str, str] | None = None,
    allow_missing: bool = False,
    timeout: float = TIMEOUT_S,
    figure=None,
) -> list[Job]:
    """One job per sheet and paper; SheetError lists every sheet that cannot be built."""
    jobs, errors = [], []
    qr = qr_code(f"{site_url.rstrip('/')}/reference/cheat-sheets/" if site_url else "")
    for sheet in sheets:
        for name in papers:
            try:
                p = parts(
                    sheet,
                    data,
                    PAPERS[name],
                    site_url=site_url,
                    links=links,
                    qr_svg=qr,
                    figure=figure,
                    allow_missing=allow_missing,
                )
            except SheetError as exc:
                errors.append(str(exc))
                break
            jobs.append(Job(sheet.slug, name, p, job_key(p), timeout))
    if errors:
        raise SheetError("\n".join(errors))
    return jobs


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork reuses the parent's imports; only safe while the parent runs one thread.
    method = (
        "fork" if "fork" in get_all_start_methods() and threading.active_count() == 1 else "spawn"
    )
    if method == "fork":
        import weasyprint  # noqa: F401  (imported once here rather than in every worker)
    return ProcessPoolExecutor(workers, mp_context=get_context(method))


def run_jobs(
    jobs: Sequence[Job], workers: int | None = None
) -> list[tuple[bytes, Fit] | SheetError]:
    """Render jobs, in parallel when there are several; a failed job gives its SheetError."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    outcomes: list[tuple[bytes, Fit] | SheetError] = []
    if workers == 1 and threading.current_thread() is threading.main_thread():
        for job in jobs:
            try:
                outcomes.append(_run(job))
            except SheetError as exc:
                outcomes.append(exc)
    elif jobs:
        with _pool(workers) as pool:
            for future in [pool.submit(_run, job) for job in jobs]:
                try:
                    outcomes.append(future.result())
                except SheetError as exc:
                    outcomes.append(exc)
    return outcomes


class BuildError(SheetError):
    """Some sheets failed; `results` holds the ones that were written."""

    def __init__(self, message: str, results: list[Result]) -> None:
        super().__init__(message)
        self.results = results


def build(
    out_dir: Path,
    *,
    data: DataFile,
    sheets: Iterable[Sheet] = SHEETS,
    papers: Sequence[str] = tuple(PAPERS),
    cache_dir: Path | None = None,
    workers: int | None = None,
    site_url: str = "",
    links: dict[str, str] | None = None,
    figure=None,
    allow_missing: bool = False,
    timeout: float = TIMEOUT_S,
) -> list[Result]:
    """Render every sheet in every paper size into `out_dir`, reusing cached PDFs.

    `figure(source)` gives a diagram's print rendering and text description."""
    started = time.perf_counter()
    jobs = jobs_for(sheets, papers, data, site_url, links, allow_missing, timeout, figure)
    done: dict[str, tuple[bytes, Fit]] = {}
    if cache_dir is not None:
        for job in jobs:
            hit = _cached(cache_dir, job.key)
            if hit is not None:
                done[job.key] = hit
    todo = list({job.key: job for job in jobs if job.key not in done}.values())
    errors: dict[str, str] = {}
    for job, outcome in zip(todo, run_jobs(todo, workers), strict=True):
        if isinstance(outcome, SheetError):
            errors[job.key] = str(outcome)
            continue
        done[job.key] = outcome
        if cache_dir is not None:
            _store(cache_dir, job.key, *outcome)
    results = []
    rendered = {job.key for job in todo}
    for job in jobs:
        if job.key in errors:
            continue
        pdf, fit_ = done[job.key]
        path = out_dir / f"{job.slug}-{job.paper}.pdf"
        if not (path.is_file() and path.read_bytes() == pdf):
            atomic_write(path, pdf)
        results.append(Result(job.slug, job.paper, path, len(pdf), fit_, job.key in rendered))
    if errors:
        raise BuildError("\n".join(errors.values()), results)
    log.info(
        "cheat sheets: %d PDFs (%d rendered, %d from cache) in %.2f s",
        len(results),
        len(todo),
        len(results) - len(todo),
        time.perf_counter() - started,
    )
    return results
