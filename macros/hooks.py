"""MkDocs hooks: captions for Markdown tables, and pages without indentation.

Markdown tables come out of Python-Markdown as a bare `<table>` with `<th>` cells and no
caption, which screen readers announce poorly. A paragraph `Table: Some caption` right
above a table becomes its visible caption; otherwise the nearest heading above the table
names it in a caption that only assistive technology reads. Header cells get `scope`.

The theme's templates indent every line; dropping that indentation (outside `pre`,
`textarea` and `script`, where whitespace can matter) cuts a page by about a quarter
without changing what it shows.

The search plugin's reading of a page whose HTML has not changed since the last build is
reused (macros/search_cache.py).

Listed under `hooks:` in mkdocs.yml. A build without the macros plugin runs these hooks
too: they import from this package only search_cache.py and memo.py, which need the
standard library and, to do anything, Material's search plugin.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)
TABLE = re.compile(r"(?:<p>Table: (?P<caption>.*?)</p>\s*)?<table>(?P<body>.*?)</table>", re.S)
THEAD_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")
TAGS = re.compile(r"<[^>]+>")
VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t]+")
SLOT = re.compile(r'(?:<p>)?<div data-saa-slot="(\d+)"></div>(?:</p>)?')
SLOT_ATTR = "saa_html_slots"  # the page attribute macros/pages.py fills (imported there)


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, without Material's permalink sign."""
    return html.unescape(TAGS.sub("", fragment)).replace("\u00b6", "").strip()


def caption_tables(content: str, page_title: str = "") -> str:
    if "<table>" not in content:
        return content
    headings = [(m.start(), text_of(m.group(2))) for m in HEADING.finditer(content)]

    def replace(match: re.Match[str]) -> str:
        body = match.group("body")
        head, sep, rest = body.partition("</thead>")
        if sep:
            body = THEAD_TH.sub('<th scope="col"', head) + sep + rest
        if match.group("caption"):
            caption = f"<caption>{match.group('caption')}</caption>"
        else:
            above = [text for pos, text in headings if pos < match.start()]
            name = above[-1] if above else page_title
            caption = f'<caption class="sr-only">{html.escape(name)}</caption>'
        return f"<table>{caption}{body}</table>"

    return TABLE.sub(replace, content)


def fill_slots(html_content: str, slots: dict[str, str]) -> str:
    """Put the macros' HTML, kept out of the Markdown parser, back into the page."""
    return SLOT.sub(lambda m: slots[m.group(1)], html_content) if slots else html_content


def on_config(config):
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:  # MkDocs loads this file by path, not as part of the package
        sys.path.append(root)
    from macros import search_cache

    search_cache.install(config.config_file_path)
    return config


def on_post_build(config) -> None:  # noqa: ARG001
    from macros import search_cache

    search_cache.uninstall(keep=True)


def on_build_error(error) -> None:  # noqa: ARG001
    from macros import search_cache

    search_cache.uninstall(keep=False)  # nothing is kept from a build that failed


def on_page_content(html_content: str, page, config, files) -> str:  # noqa: ARG001
    # The macros' tables have their captions already, so captions go in first.
    html_content = caption_tables(html_content, page.title or "")
    return fill_slots(html_content, page.__dict__.get(SLOT_ATTR, {}))


def compact_html(page_html: str) -> str:
    """Drop the indentation at the start of lines, except inside verbatim elements."""
    parts = VERBATIM.split(page_html)
    out = []
    # split() returns text, then (element, tag name) pairs for each verbatim element.
    for i in range(0, len(parts), 3):
        out.append(INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def on_post_page(output: str, page, config) -> str:  # noqa: ARG001
    return compact_html(output)
