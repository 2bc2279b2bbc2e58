"""What the browser tests share: where Chromium is, and the built site served on localhost.

The fixtures that use these (`chromium`, `base_url`, `browser`, `page`) are in conftest.py,
so that every browser test module gets the same session's server and browser: two
synchronous Playwright instances cannot run in one thread.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl import AXE_PATH, AXE_RUN, WCAG_TAGS

# Chromium's headless shell when it is installed: the build of Chromium made for headless
# use (Playwright's own default), which checks the same pages with about a third less work
# than the full browser (benchmarks/bench_crawl.py); the full browser otherwise.
CHROMIUM = (
    os.environ.get("SAA_CHROMIUM")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium"
)
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# `pytestmark = needs_chromium` in each browser test module.
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"no Chromium at {CHROMIUM}: install Debian's chromium-headless-shell (or "
    "chromium), or set SAA_CHROMIUM",
)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus axe-core at AXE_PATH; cacheable, as a static host serves it."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == AXE_PATH:
            return str(AXE)
        return super().translate_path(path)


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve `directory` (with SiteHandler) on a free port of localhost; yield its URL."""
    handler = functools.partial(SiteHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


# ---------------------------------------------------------------- the pages a crawl checks


def site_pages(site: Path) -> list[str]:
    """URL paths of every built page, relative to the site root."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def whole_document_pages(site: Path) -> set[str]:
    """The home page, every area overview and every reference page."""
    return {p for p in site_pages(site) if p.count("/") <= 1 or p.startswith("reference/")}


def light_jobs(site: Path) -> list[tuple[str, str]]:
    """Every page: its content (`article`), and the whole document of the pages above (the
    header, navigation and footer are the same templates on every page)."""
    whole = whole_document_pages(site)
    return [(p, "document" if p in whole else "article") for p in site_pages(site)]


TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
CLASS = re.compile(r"""\sclass=["']?([^"'>]*)""")


def element_kinds(html: str) -> set[tuple[str, str]]:
    """Each (tag, class) that the page's markup uses, and each tag as ("tag", "")."""
    kinds = set()
    for match in TAG.finditer(html):
        tag = match.group(1).lower()
        kinds.add((tag, ""))
        found = CLASS.search(match.group(2) or "")
        kinds.update((tag, name) for name in (found.group(1).split() if found else ()))
    return kinds


def covering_pages(site: Path) -> list[str]:
    """Few pages that together use every kind of element of the site (greedy set cover):
    a second colour scheme changes how each kind looks, not what a page holds."""
    kinds = {
        p: element_kinds((site / p / "index.html").read_text(encoding="utf-8"))
        for p in site_pages(site)
    }
    left = set().union(*kinds.values())
    chosen = []
    while left:
        best = max(kinds, key=lambda p: (len(kinds[p] & left), p))
        chosen.append(best)
        left -= kinds[best]
    return chosen


# Material's palette attribute on <body> for each colour scheme a browser prefers.
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}


@contextlib.contextmanager
def page_in_scheme(browser, scheme: str) -> Iterator:
    """A page of a fresh context that prefers `scheme` ("light" or "dark"), closed after."""
    context = browser.new_context(color_scheme=scheme)
    try:
        yield context.new_page()
    finally:
        context.close()


def shows_scheme(page, scheme: str) -> bool:
    """Whether the open page is in Material's palette for `scheme`."""
    return page.evaluate("document.body.dataset.mdColorScheme") == MATERIAL_SCHEME[scheme]


# ---------------------------------------------------------------- checks on an open page


def focused(page, selector: str) -> bool:
    """Whether the focus is on `selector` or inside it."""
    return page.evaluate(f"!!document.activeElement?.closest({json.dumps(selector)})")


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focus is on or inside `selector`, as a keyboard user gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def axe(page, base_url: str) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations of the whole document, once
    Material's header has settled (its title fades in and out as the page scrolls)."""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", polling=100
    )
    page.add_script_tag(url=base_url + AXE_PATH.lstrip("/"))
    return page.evaluate(AXE_RUN, ["document", WCAG_TAGS])


def overflow(page, selector: str) -> list[str]:
    """Elements matching `selector` that reach past the viewport's right edge, and the
    page's own horizontal scroll (the document, the body, the content)."""
    return page.evaluate(
        """(selector) => {
          const out = [];
          const w = window.innerWidth;
          for (const el of document.querySelectorAll(selector)) {
            const r = el.getBoundingClientRect();
            if (r.width && r.right > w + 0.5)
              out.push(`${el.tagName}.${el.className} right=${Math.round(r.right)}`);
          }
          const page = [document.documentElement, document.body,
                        document.querySelector('.md-content')];
          for (const el of page)
            if (el && el.scrollWidth > el.clientWidth)
              out.push(`${el.tagName} scrolls: ${el.scrollWidth}`);
          return out.slice(0, 10);
        }""",
        selector,
    )
