"""A link checker for a built static site, independent of MkDocs' own validation.

Reads the built HTML only: every internal href and src must lead to a file of the site,
and every #fragment to an element with that id (or name) in the target page.
"""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from html_pages import parse

ATTRS = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
}


@cache
def _anchors(path: Path) -> frozenset[str]:
    doc = parse(path)
    return frozenset({t["id"] for t in doc.find_all(id=True)}) | {
        t["name"] for t in doc.find_all("a", attrs={"name": True})
    }


def target_file(site: Path, url_path: str) -> Path:
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def broken_links(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        page_url = "/" + page.relative_to(site).as_posix()
        for tag, attr in ATTRS.items():
            for element in parse(page).find_all(tag, attrs={attr: True}):
                link = element[attr].strip()
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                    continue
                path = unquote(parts.path)
                url = (
                    posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
                    if path
                    else page_url
                )
                if path.endswith("/") and not url.endswith("/"):
                    url += "/"
                file = page if not path else target_file(site, url)
                where = f"{page.relative_to(site)}: {link}"
                if not file.is_file():
                    problems.append(f"{where}: no such file")
                elif (
                    parts.fragment
                    and file.suffix == ".html"
                    and unquote(parts.fragment) not in _anchors(file)
                ):
                    problems.append(f"{where}: no element with id '{parts.fragment}'")
    return problems
