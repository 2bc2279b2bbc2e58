"""The pages under docs/, read as Markdown source: which exist, their anchors, their front matter.

The data and the question bank link to `page.md#anchor`; the loader checks those links
here, before anything is built, with the anchors the Markdown `toc` extension will give
each heading (and the ids the table and fact-list macros give their output).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ATX = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
ATTR_ID = re.compile(r"\s*\{[^}]*?#([\w-]+)[^}]*\}\s*$")
ATTR = re.compile(r"\s*\{:?[^}]*\}\s*$")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")
MACRO_ID = re.compile(r"\{\{\s*(comparison|facts)\(\s*['\"]([a-z0-9-]+)['\"]")
FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)


def heading_text(markdown: str) -> str:
    """The text of a heading as the reader sees it: links, code marks and emphasis gone."""
    text = LINK.sub(r"\1", markdown)
    text = TAG.sub("", text).replace("`", "")
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", text)
    return html.unescape(text)


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) of each line outside fenced code blocks."""
    fence: str | None = None
    for n, line in enumerate(markdown.splitlines(), 1):
        marker = FENCE.match(line)
        if fence is None and marker:
            fence = marker.group(1)
            continue
        if fence is not None:
            closing = line.strip()
            if closing.startswith(fence) and set(closing) == {fence[0]}:
                fence = None
            continue
        yield n, line


def heading_ids(markdown: str) -> list[str]:
    """The ids of the page's headings, in order, as Python-Markdown's `toc` makes them."""
    from markdown.extensions.toc import slugify, unique

    ids: list[str] = []
    seen: set[str] = set()
    for _, line in prose_lines(markdown):
        match = ATX.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = ATTR_ID.search(text)
        if explicit:
            ident = explicit.group(1)
        else:
            ident = slugify(heading_text(ATTR.sub("", text)), "-")
        ident = unique(ident, seen)
        ids.append(ident)
    return ids


def macro_ids(markdown: str) -> set[str]:
    """Ids the table and fact-list macros give their output on a page."""
    return {
        f"{'cmp' if kind == 'comparison' else 'facts'}-{ident}"
        for kind, ident in MACRO_ID.findall(markdown)
    }


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, body) of a page, as MkDocs reads them."""
    match = FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


@dataclass(frozen=True)
class PageInfo:
    src: str  # path under docs/, e.g. storage/s3.md
    title: str
    meta: dict


def page_info(src: str, text: str) -> PageInfo:
    """A page's title (front matter, else the first `# ` heading, else the file name) and meta."""
    meta, body = split_front_matter(text)
    heading = re.search(r"^# (.+)$", body, re.M)
    stem = Path(src).stem
    title = meta.get("title") or (ATTR.sub("", heading.group(1)).strip() if heading else stem)
    return PageInfo(src, str(title), meta)


class DocsIndex:
    """The Markdown pages of one docs/ folder, each read at most once."""

    def __init__(self, docs_dir: Path) -> None:
        self.dir = docs_dir
        self._text: dict[str, str] = {}

    @cached_property
    def sources(self) -> list[str]:
        return sorted(p.relative_to(self.dir).as_posix() for p in self.dir.rglob("*.md"))

    @cached_property
    def _source_set(self) -> frozenset[str]:
        return frozenset(self.sources)

    def has_page(self, src: str) -> bool:
        return src in self._source_set

    def text(self, src: str) -> str:
        if src not in self._text:
            self._text[src] = (self.dir / src).read_text(encoding="utf-8")
        return self._text[src]

    def anchors(self, src: str) -> set[str]:
        text = self.text(src)
        return set(heading_ids(text)) | macro_ids(text)

    def source_of(self, url: str) -> str | None:
        """The page built at `url` (relative to the site root): `storage/s3/` -> `storage/s3.md`."""
        path = url.split("#", 1)[0].strip("/")
        if path.endswith(".html"):
            path = path.removesuffix(".html").removesuffix("index").rstrip("/")
        candidates = [f"{path}.md", f"{path}/index.md"] if path else ["index.md"]
        return next((c for c in candidates if self.has_page(c)), None)

    def shown(self) -> dict[str, str]:
        """`cmp-ID` / `facts-ID` -> `page.md#cmp-ID` of the page that shows that table or fact
        list (an area's overview first, when several do)."""
        out: dict[str, str] = {}
        for src in sorted(self.sources, key=lambda s: (not s.endswith("index.md"), s)):
            for ident in sorted(macro_ids(self.text(src))):
                out.setdefault(ident, f"{src}#{ident}")
        return out

    def pages(self) -> list[PageInfo]:
        return [page_info(src, self.text(src)) for src in self.sources]
