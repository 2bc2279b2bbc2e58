"""Every page link in the data file lands on a built page and, when it names one, an anchor.

The tables link rows to pages with raw HTML, which MkDocs does not check, so this test
does: a renamed heading must not leave a table pointing at nothing.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from macros.data import load, page_refs
from macros.render import page_url


def test_every_data_link_resolves(built_site):
    from macros.data import DATA_FILE, parse

    load()  # the file is valid
    raw = parse(DATA_FILE.read_text(encoding="utf-8"))[0].data
    broken = []
    ids_cache: dict[str, set[str]] = {}
    for _loc, ref in page_refs(raw):
        url = page_url(ref)
        path, _, anchor = url.partition("#")
        html_file = built_site / path / "index.html"
        if not html_file.exists():
            broken.append(f"{ref}: no page")
            continue
        if anchor:
            if path not in ids_cache:
                doc = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
                ids_cache[path] = {tag["id"] for tag in doc.find_all(id=True)}
            if anchor not in ids_cache[path]:
                broken.append(f"{ref}: no element with id '{anchor}'")
    assert broken == []
