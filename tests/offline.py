"""Find every URL in a built site that a browser would fetch from another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup
from html_pages import parse

FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "prefetch",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


def is_external(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//"))


def css_urls(css: str) -> list[str]:
    return CSS_URL.findall(css) + IMPORT.findall(css)


def html_urls(doc: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """(element, URL) for everything a page makes the browser fetch."""
    for tag in doc.find_all("link", href=True):
        if FETCHED_LINK_RELS & set(tag.get("rel") or []):
            yield "link", tag["href"]
    for name in ("script", "img", "iframe", "audio", "video", "source", "embed", "track"):
        for tag in doc.find_all(name):
            for attr in ("src", "srcset", "poster", "data"):
                if tag.get(attr):
                    yield name, tag[attr].split()[0]
    for tag in doc.find_all(style=True):
        for url in css_urls(tag["style"]):
            yield "style attribute", url
    for tag in doc.find_all("style"):
        for url in css_urls(tag.get_text()):
            yield "style", url


def external_requests(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        for element, url in html_urls(parse(page)):  # the session's parse, shared
            if is_external(url):
                found.append(f"{page.relative_to(site)}: <{element}> {url}")
    for sheet in sorted(site.rglob("*.css")):
        for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            if is_external(url):
                found.append(f"{sheet.relative_to(site)}: url() {url}")
    return found
