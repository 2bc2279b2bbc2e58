"""Render the sheets to PDF with WeasyPrint: safe fetching, one-page fit, cache, parallel.

Each sheet and paper size is one job. A job lays the sheet out, measures its
content against the page, and steps the root type size down from `FONT_MAX` to
the largest size that fits one page (never below `FONT_MIN`). Jobs run in
parallel processes; a job's PDF is cached under .cache/cheatsheets/ by a hash
of everything it reads, and every file is written to a temporary name first and
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
from urllib.parse import unquote, urlsplit

from studyguide.cache import atomic_write
from studyguide.models import DataFile
from studyguide.sheets import PAPERS, SHEETS, Paper, Sheet

from .render import ASSETS, PAGE_STYLE, ROOT, SheetError, page_style, sheet_html

RENDERER_VERSION = "1"  # bump when the output changes for a reason the hash cannot see
FONT_MAX = 9.0  # pt: the root type size a sheet starts at
FONT_MIN = 6.5  # pt: the legible floor
FONT_STEP = 0.25
TIMEOUT_S = 60.0  # per job (all its layouts); `python3 tasks.py pdf --timeout S` changes it
PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS px

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
    html: str
    key: str
    timeout: float = TIMEOUT_S


@dataclass(frozen=True)
class Fit:
    font_pt: float  # the root type size used
    fill: float  # content height / page content height, at that size
    fill_at_max: float  # the same at FONT_MAX


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


def _layout(html: str, paper: Paper, font_pt: float):
    from weasyprint import HTML

    doc = HTML(
        string=html.replace(PAGE_STYLE, page_style(paper, font_pt)),
        base_url=ASSETS.as_uri() + "/",
        url_fetcher=asset_fetcher(),
    )
    return doc.render()


def _measure(doc, paper: Paper) -> float:
    """Content height over the height the page offers (all pages' fragments added up)."""
    used = 0.0
    for page in doc.pages:
        box = page._page_box
        main = next(
            (b for b in box.descendants() if getattr(b, "element_tag", None) == "main"), None
        )
        if main is not None:
            used += main.position_y + main.margin_height() - box.content_box_y()
    return used / doc.pages[0]._page_box.height


GRID = tuple(FONT_MIN + i * FONT_STEP for i in range(round((FONT_MAX - FONT_MIN) / FONT_STEP) + 1))
GOOD_FILL = 0.93  # a fitting size this full is kept without trying the next size up


def fit(html: str, paper: Paper, what: str):
    """Lay the sheet out at the largest type size of GRID that fits one page.

    Returns the WeasyPrint document and its Fit; raises SheetError naming the
    excess when even FONT_MIN overflows. Each try is one layout on the real page;
    the next size is guessed from the fill (height grows about with the square of
    the type size), then bisected.
    """
    tries: dict[float, tuple[float, object]] = {}
    size = FONT_MAX
    while True:
        doc = _layout(html, paper, size)
        fill = _measure(doc, paper)
        tries[size] = (fill if len(doc.pages) == 1 else max(fill, 1.0001), doc)
        fits = [s for s, (f, _) in tries.items() if f <= 1]
        lo = max(fits, default=None)
        hi = min((s for s in tries if s not in fits), default=None)
        if lo is not None and (
            lo == FONT_MAX
            or tries[lo][0] >= GOOD_FILL
            or (hi is not None and hi - lo <= FONT_STEP * 1.01)
        ):
            at_max = tries[FONT_MAX][0]
            return tries[lo][1], Fit(lo, round(tries[lo][0], 4), round(at_max, 4))
        if lo is None and size == FONT_MIN:
            page_mm = doc.pages[0]._page_box.height / PX_PER_PT * 25.4 / 72
            raise SheetError(
                f"cheat sheet {what} does not fit on one page even at {FONT_MIN} pt: it is "
                f"{(fill - 1) * page_mm:.0f} mm ({(fill - 1) * 100:.0f}%) too tall; drop rows, "
                f"columns or fact lists from its entry in cheatsheets/sheets.py"
            )
        guess = size * fill**-0.55
        candidates = [s for s in GRID if (lo is None or s > lo) and (hi is None or s < hi)]
        size = min(candidates, key=lambda s: (abs(s - guess), s))


def render_html(
    html: str, paper: Paper, what: str, timeout: float = TIMEOUT_S
) -> tuple[bytes, Fit]:
    """Fit and render one sheet's HTML to a one-page PDF, within a time limit."""
    with time_limit(timeout, what):
        try:
            with _weasyprint_warnings(what):
                missing = missing_glyphs(html)
                if missing:
                    raise SheetError(
                        f"{what}: the bundled fonts lack {' '.join(missing)!r} "
                        f"(U+{', U+'.join(f'{ord(c):04X}' for c in missing)}); "
                        "write the text without them or add them to the font subset"
                    )
                doc, result = fit(html, paper, what)
                return doc.write_pdf(), result
        except _fatal_base() as exc:  # the fetcher refused a URL
            raise SheetError(f"{what}: {exc}") from None


def _run(job: Job) -> tuple[bytes, Fit]:
    paper = PAPERS[job.paper]
    return render_html(job.html, paper, f"{job.slug!r} ({paper.label})", job.timeout)


# ---------------------------------------------------------------- cache and files


@cache
def _inputs_digest() -> str:
    """Hash of the renderer's code, assets (template, CSS, fonts) and library versions."""
    h = hashlib.sha256(f"renderer {RENDERER_VERSION} {FONT_MAX} {FONT_MIN} {FONT_STEP}".encode())
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


def job_key(html: str, paper: str) -> str:
    return hashlib.sha256(f"{_inputs_digest()}\0{paper}\0{html}".encode()).hexdigest()[:32]


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


def jobs_for(
    sheets: Iterable[Sheet],
    papers: Sequence[str],
    data: DataFile,
    site_url: str = "",
    allow_missing: bool = False,
    timeout: float = TIMEOUT_S,
) -> list[Job]:
    """One job per sheet and paper; SheetError lists every sheet that cannot be built."""
    jobs, errors = [], []
    for sheet in sheets:
        for name in papers:
            try:
                html = sheet_html(sheet, data, PAPERS[name], site_url, allow_missing)
            except SheetError as exc:
                errors.append(str(exc))
                break
            jobs.append(Job(sheet.slug, name, html, job_key(html, name), timeout))
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
    allow_missing: bool = False,
    timeout: float = TIMEOUT_S,
) -> list[Result]:
    """Render every sheet in every paper size into `out_dir`, reusing cached PDFs."""
    started = time.perf_counter()
    jobs = jobs_for(sheets, papers, data, site_url, allow_missing, timeout)
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
