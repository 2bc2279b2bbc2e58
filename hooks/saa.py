"""MkDocs hooks: captions for Markdown tables, the macros' HTML put back, compact pages.

Listed under `hooks:` in mkdocs.yml (ProperDocs runs them too). They share the build's
state with the macros through `SiteBuild.of(config)`:

- the macros' HTML skips the Markdown parser: a macro leaves a placeholder and
  `on_page_content` puts the HTML back;
- each page's front matter is collected as MkDocs reads it (`on_page_markdown`, the way
  Material's tags plugin does); pages that call `exam_task_pages()` are read last, so the
  exam map sees every other page;
- Markdown tables get a caption and header scopes (a paragraph `Table: Some caption` right
  above a table becomes its visible caption; otherwise the nearest heading names it for
  assistive technology);
- each page gets its search words (the data's aliases, and the old names of what it
  replaced) as weighted text for the search index, and, where the data compares it, the
  list of tables and fact lists it appears in;
- in a dirty rebuild (`tasks.py serve`), a page built before the data file, the
  questions or a diagram source last changed is rebuilt too, since it shows them;
- after the build, Pagefind indexes the built pages (`pagefind/`), as it can any
  generator's output;
- the theme's indentation is dropped outside `pre`, `textarea` and `script`, which cuts a
  page by about a quarter without changing what it shows; the theme's two toggle
  checkboxes lose an `autocomplete` attribute that HTML does not allow on checkboxes.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from studyguide import render
from studyguide.pages import PageInfo
from studyguide.project import SiteBuild

HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)
TABLE = re.compile(r"(?:<p>Table: (?P<caption>.*?)</p>\s*)?<table>(?P<body>.*?)</table>", re.S)
THEAD_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")
TAGS = re.compile(r"<[^>]+>")
VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t]+")
SLOT = re.compile(r'(?:<p>)?<div data-saa-slot="(\d+)"></div>(?:</p>)?')
EXAM_MAP_CALL = "exam_task_pages("


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


def fill_slots(html_content: str, slots: list[str]) -> str:
    """Put the macros' HTML, kept out of the Markdown parser, back into the page."""
    return SLOT.sub(lambda m: slots[int(m.group(1))], html_content) if slots else html_content


# The theme's drawer and search toggles are checkboxes with autocomplete="off", which HTML
# allows only on text-like inputs (the Nu checker reports it on every page).
TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)


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


# ---------------------------------------------------------------- events


def on_config(config):
    SiteBuild.of(config).slots_on = True
    return config


def on_files(files, config):
    """Read the pages that draw the exam map last, after every page they list; and in a
    dirty rebuild, rebuild every page if the data or a diagram changed after it was built."""
    from mkdocs.structure.files import Files

    forget_stale_pages(files.documentation_pages(), SiteBuild.of(config).project)

    def draws_map(file) -> bool:
        return file.is_documentation_page() and EXAM_MAP_CALL in file.content_string

    listed = list(files)
    return Files([f for f in listed if not draws_map(f)] + [f for f in listed if draws_map(f)])


def forget_stale_pages(pages, project) -> list[str]:
    """Delete the built copy of each page older than the inputs every page draws on.

    `serve --dirty` rebuilds only a page whose Markdown is newer than its built copy, but a
    page also shows the data (tables, facts, the search words, the "Compared in" list) and
    the diagrams; without its built copy the page counts as changed. A clean build starts
    from an empty folder, so there is nothing to delete. Returns the deleted paths.
    """
    changed_at = project.inputs_changed_at()
    gone = []
    for file in pages:
        dest = Path(file.abs_dest_path)
        if dest.is_file() and dest.stat().st_mtime < changed_at:
            dest.unlink()
            gone.append(str(dest))
    return gone


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001
    src = page.file.src_uri
    SiteBuild.of(config).pages[src] = PageInfo(src, page.title or "", dict(page.meta))
    return markdown


RELATED = re.compile(r'<h2 id="related"')


def add_page_extras(html_content: str, build: SiteBuild, src: str, url: str) -> str:
    """The "Compared in" list (before a "Related" section, else at the end) and the page's
    search words."""
    href = lambda target: render.relative_href(url, target, build.project.use_directory_urls)  # noqa: E731
    listed = render.compared_in_html(build.compared_in.get(src, []), href)
    if listed:
        match = RELATED.search(html_content)
        at = match.start() if match else len(html_content)
        html_content = html_content[:at] + listed + html_content[at:]
    return html_content + render.search_terms_html(build.search_terms.get(src, []))


def on_page_content(html_content: str, page, config, files) -> str:  # noqa: ARG001
    build = SiteBuild.of(config)
    # The macros' tables have their captions already, so captions go in first.
    html_content = caption_tables(html_content, page.title or "")
    html_content = fill_slots(html_content, build.slots.pop(page.url, []))
    return add_page_extras(html_content, build, page.file.src_uri, page.url)


def on_post_build(config) -> None:
    """Index the built site for search (Pagefind reads the HTML, as of any generator)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            config.site_dir,
            "--root-selector",
            "article",
            "--silent",
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"Pagefind could not index the site:\n{done.stderr or done.stdout}")


def on_post_page(output: str, page, config) -> str:  # noqa: ARG001
    return compact_html(TOGGLE_AUTOCOMPLETE.sub(r"\1", output))


def on_post_template(output_content: str, template_name: str, config) -> str:  # noqa: ARG001
    return compact_html(TOGGLE_AUTOCOMPLETE.sub(r"\1", output_content))
