"""What the browser tests share: where Chromium is, and the built site served on localhost.

The fixtures that use these (`chromium`, `base_url`, `browser`, `page`) are in conftest.py,
so that every browser test module gets the same session's server and browser: two
synchronous Playwright instances cannot run in one thread.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
from pathlib import Path

import pytest
from crawl import AXE_PATH

CHROMIUM = os.environ.get("SAA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# `pytestmark = needs_chromium` in each browser test module.
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"no Chromium at {CHROMIUM}: install Debian's chromium or set SAA_CHROMIUM",
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
