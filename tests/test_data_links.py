"""Every page link of the data and the question bank lands on a built page and anchor.

The loader checks the links against the Markdown source before the build; this checks the
same links against the built HTML, so a difference between the loader's idea of an anchor
and the site generator's shows up here.
"""

from __future__ import annotations

from pathlib import Path

from html_pages import parse

from studyguide.loader import data_page_links, question_links_of
from studyguide.project import Project
from studyguide.render import page_url

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_link_resolves(built_site):
    bundle = Project.from_file(ROOT / "mkdocs.yml").load()
    broken = []
    for ref in data_page_links(bundle.data) + question_links_of(bundle.questions):
        path, _, anchor = page_url(ref).partition("#")
        html_file = built_site / path / "index.html"
        if not html_file.exists():
            broken.append(f"{ref}: no page")
        elif anchor and anchor not in {tag["id"] for tag in parse(html_file).find_all(id=True)}:
            broken.append(f"{ref}: no element with id '{anchor}'")
    assert broken == []
