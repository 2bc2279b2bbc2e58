"""The built site in a real browser: what a reader on a desktop or a phone sees.

Serves the built site on localhost and drives Debian's Chromium with Playwright. Protects:
a clean home page, the navigation tabs, the colour scheme choice, tables on a phone, the
PDF links, diagrams that follow the colour scheme, accessibility (axe-core, WCAG 2.1
A/AA) on every page, and that no page makes a request to any host but this one.

The accessibility crawl checks the content (`article`) of every page, and the whole
document (header, navigation, footer: the same templates on every page) of the home page,
every area overview and every reference page; in the dark scheme, the colour rules on the
whole document of a few pages that together use every kind of element of the site
(tests/browsing.py). Each crawl has a browser of its own with two pages in flight, each
loading its first page afresh and reaching the next ones by Material's instant
navigation, as a reader's click does (tests/crawl.py). The crawls are the longest tests,
so they come first: under `pytest -n` one worker runs them while the others share the rest.

Skipped, with the reason, only where no Chromium is installed (Debian's
chromium-headless-shell or chromium); set SAA_CHROMIUM to another browser binary.
"""

from __future__ import annotations

import pytest
from browsing import (
    covering_pages,
    element_kinds,
    light_jobs,
    needs_chromium,
    serving,
    site_pages,
)
from conftest import build_site
from crawl import COLOUR_RULES, HOST, IN_FLIGHT, crawl

pytestmark = needs_chromium


def test_home_page_loads_without_console_errors(page, base_url):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(base_url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().strip()
    assert errors == []


def test_navigation_tabs_lead_to_their_sections(page, base_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url)
    tabs = page.locator(".md-tabs__link")
    labels = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert len(labels) >= 5
    for label in labels[1:]:
        page.locator(".md-tabs__link", has_text=label).first.click()
        page.wait_for_function(
            "(label) => document.querySelector('.md-tabs__item--active')"
            "?.textContent.trim() === label",
            arg=label,
        )
        assert page.locator("article h1").count() == 1


def scheme_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def toggle_scheme(page) -> str:
    """Click the palette toggle (system -> light -> dark) until the scheme changes."""
    before = scheme_of(page)
    for _ in range(3):
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        if scheme_of(page) != before:
            break
    return scheme_of(page)


def test_colour_scheme_choice_survives_a_reload(page, base_url):
    page.goto(base_url)
    before = scheme_of(page)
    chosen = toggle_scheme(page)
    assert chosen != before
    page.reload()
    assert scheme_of(page) == chosen


def test_diagrams_follow_the_colour_scheme_toggle(page, base_url, built_site):
    with_diagram = next(
        p
        for p in site_pages(built_site)
        if 'class="diagram"' in (built_site / p / "index.html").read_text(encoding="utf-8")
    )
    page.goto(base_url + with_diagram)
    figure = page.locator("figure.diagram").first
    figure.scroll_into_view_if_needed()

    def shown() -> str:
        return figure.evaluate(
            "f => [...f.querySelectorAll('img')].filter(i => i.offsetParent !== null)"
            ".map(i => i.className).join()"
        )

    first = shown()
    assert first in ("diagram-light", "diagram-dark")
    for _ in range(3):  # the toggle cycles through three states
        toggle_scheme(page)
        expected = "diagram-dark" if scheme_of(page) == "slate" else "diagram-light"
        assert shown() == expected
    page.locator("figure.diagram img:visible").first.evaluate("i => i.decode()")
    assert figure.locator("img:visible").first.evaluate("i => i.naturalWidth") > 0


def test_comparison_table_scrolls_instead_of_widening_the_page_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(base_url + "storage/")
    region = page.locator(".cmp").first
    widths = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1], "the table should be wider than its scroll region"
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375


def test_every_pdf_link_returns_a_pdf(page, base_url):
    page.goto(base_url + "reference/cheat-sheets/")
    hrefs = page.eval_on_selector_all("article a[href$='.pdf']", "links => links.map(a => a.href)")
    assert hrefs, "the cheat-sheets page should link PDFs"
    for href in sorted(set(hrefs)):
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.headers["content-type"] == "application/pdf", href
        assert response.body()[:5] == b"%PDF-", href


@pytest.mark.crawl
def test_every_page_is_accessible_and_requests_only_this_host(chromium, base_url, built_site):
    """One crawl of every page in the light scheme: axe-core finds no serious or critical
    WCAG 2.1 A/AA violation, and not one request leaves this host."""
    jobs = light_jobs(built_site)
    result = crawl(chromium, base_url, jobs)
    assert sorted(result.checked) == sorted(p for p, _ in jobs)
    assert len(result.swapped) >= len(jobs) - IN_FLIGHT  # all but each first page
    assert result.foreign == []
    assert result.violations == [], "\n".join(result.violations)


@pytest.mark.crawl
def test_dark_scheme_is_accessible(chromium, base_url, built_site):
    """The dark palette on the whole document of a few pages that together use every kind
    of element of the site, with the rules that depend on colours (the light crawl has
    checked the others on every page)."""
    pages = covering_pages(built_site)
    result = crawl(chromium, base_url, [(p, "document") for p in pages], "dark", COLOUR_RULES)
    assert sorted(result.checked) == sorted(pages)
    assert result.foreign == []
    assert result.violations == [], "\n".join(result.violations)


def test_the_dark_crawl_pages_hold_every_kind_of_element(built_site):
    def kinds(page: str) -> set[tuple[str, str]]:
        return element_kinds((built_site / page / "index.html").read_text(encoding="utf-8"))

    chosen = covering_pages(built_site)
    pages = site_pages(built_site)
    assert set().union(*map(kinds, chosen)) == set().union(*map(kinds, pages))
    assert len(chosen) < len(pages) / 4
    assert element_kinds('<p><a class="x y" href=z>a</a><IMG src=a></p>') == {
        ("p", ""),
        ("a", ""),
        ("a", "x"),
        ("a", "y"),
        ("img", ""),
    }


def test_the_crawl_reports_a_violation_and_a_foreign_request(chromium, tmp_path):
    # Negative control: an image without alt text and a request to another host are seen.
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "index.html").write_text(
        "<!doctype html><html lang=en><title>x</title><article><h1>x</h1>"
        '<img src="x.png"><img src="http://example.invalid/a.png" alt="a"></article></html>'
    )
    with serving(tmp_path) as base:
        result = crawl(chromium, base, [("bad/", "article")])
    assert [v.split(":")[0] for v in result.violations] == ["/bad/ [article]"]
    assert "image-alt (critical)" in result.violations[0]
    assert result.foreign == [f"http://{HOST}/bad/ -> http://example.invalid/a.png"]
    assert result.swapped == []


def test_the_crawl_checks_a_page_swapped_in_by_instant_navigation(chromium, tmp_path):
    # Negative control of the swap: a page that Material's instant navigation brings into
    # the open page is checked (a violation, a request to another host) as a fresh load is.
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Swap\nsite_url: https://example.invalid/\n"
        "theme: {name: material, font: false, features: [navigation.instant]}\n"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [the other page](bad.md).\n")
    (tmp_path / "docs" / "bad.md").write_text(
        '# Bad\n\n<img src="x.png">\n\n<img src="http://example.invalid/a.png" alt="a">\n'
    )
    built = build_site(tmp_path, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    with serving(tmp_path / "site") as base:
        result = crawl(chromium, base, [("", "article"), ("bad/", "article")], in_flight=1)
    assert result.checked == ["", "bad/"]
    assert result.swapped == ["bad/"]
    assert [v.split(":")[0] for v in result.violations] == ["/bad/ [article]"]
    assert "image-alt (critical)" in result.violations[0]
    assert [f.split(" -> ")[1] for f in result.foreign] == ["http://example.invalid/a.png"]


def test_printing_a_page_keeps_every_column_of_its_tables(page, base_url):
    """Chromium's print of the storage overview (its widest tables) to PDF: every column
    header and every cell of its comparison tables is in the printed text, and the page's
    address is printed with it."""
    import io
    import re
    import unicodedata

    from pypdf import PdfReader

    def plain(text: str) -> str:  # without spaces, and ligatures (ﬀ, ﬁ) as their letters
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    page.goto(base_url + "storage/")
    cells = page.eval_on_selector_all(
        "article table.cmp-table th, article table.cmp-table td",
        "els => els.map(e => e.innerText)",
    )
    assert any("Retrieval fee" in c for c in cells)
    printed = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = plain("".join(p.extract_text() for p in printed.pages))
    missing = [c for c in cells if plain(c) not in text]
    assert missing == []
    assert "Printedfrom" in text
