"""Every page link in the data file lands on a built page and, when it names one, an anchor.

The tables link rows to pages with raw HTML, which MkDocs does not check, so this test
does: a renamed heading must not leave a table pointing at nothing.
"""

from __future__ import annotations

from html_pages import parse

from macros.data import load, page_links
from macros.render import page_url


def test_every_data_link_resolves(built_site):
    broken = []
    ids_cache: dict[str, set[str]] = {}
    for ref in page_links(load()):  # load() also checks that the file is valid
        url = page_url(ref)
        path, _, anchor = url.partition("#")
        html_file = built_site / path / "index.html"
        if not html_file.exists():
            broken.append(f"{ref}: no page")
            continue
        if anchor:
            if path not in ids_cache:
                ids_cache[path] = {tag["id"] for tag in parse(html_file).find_all(id=True)}
            if anchor not in ids_cache[path]:
                broken.append(f"{ref}: no element with id '{anchor}'")
    assert broken == []
