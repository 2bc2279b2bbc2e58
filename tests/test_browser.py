"""The built site in a real browser: what a reader on a desktop or a phone sees.

Serves the built site on localhost and drives Debian's Chromium with Playwright. Protects:
a clean home page, search, the navigation tabs, the colour scheme choice, tables on a
phone, the PDF links, accessibility (axe-core, WCAG 2.1 A/AA) on every page, and that no
page makes a request to any host but this one.

Skipped, with the reason, only where no Chromium is installed; set SAA_CHROMIUM to its
path if it is not /usr/bin/chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("SAA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"no Chromium at {CHROMIUM}: install Debian's chromium or set SAA_CHROMIUM",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def site_pages(site: Path) -> list[str]:
    """URL paths of every built page, relative to the site root."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def test_home_page_loads_without_console_errors(page, base_url):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(base_url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().strip()
    assert errors == []


def test_search_for_glacier_deep_archive_puts_s3_first(page, base_url):
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    # Type key by key: the search listens to keyboard events, not to a value set at once.
    page.locator("input.md-search__input").press_sequentially("Glacier Deep Archive", delay=20)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    assert "/storage/s3/" in first.get_attribute("href")


def test_navigation_tabs_lead_to_their_sections(page, base_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url)
    tabs = page.locator(".md-tabs__link")
    labels = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert len(labels) >= 5
    for label in labels[1:]:
        page.goto(base_url)
        page.locator(".md-tabs__link", has_text=label).first.click()
        page.wait_for_load_state("networkidle")
        active = page.locator(".md-tabs__item--active").inner_text().strip()
        assert active == label
        assert page.locator("article h1").count() == 1


def test_colour_scheme_choice_survives_a_reload(page, base_url):
    page.goto(base_url)

    def scheme() -> str:
        return page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    before = scheme()
    # The toggle cycles system -> light -> dark; click until the scheme changes.
    for _ in range(3):
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        if scheme() != before:
            break
    chosen = scheme()
    assert chosen != before
    page.reload()
    assert scheme() == chosen


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


def axe_violations(page, url: str) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations that axe-core finds on one page."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    found = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            found.append(f"{url}: {v['id']} ({v['impact']}): {targets}")
    return found


def test_dark_scheme_is_accessible(browser, base_url, built_site):
    """The dark palette, on the pages whose colours differ most: the home page, every
    area overview (tables, admonitions) and every page with highlighted code."""
    paths = [""] + [
        f"{d.name}/"
        for d in sorted(built_site.iterdir())
        if (d / "index.html").exists() and d.name not in ("search", "assets", "cheatsheets")
    ]
    for html in sorted(built_site.rglob("index.html")):
        if 'class="highlight"><pre><span></span><code><span' in html.read_text(encoding="utf-8"):
            rel = html.parent.relative_to(built_site).as_posix()
            paths.append("" if rel == "." else rel + "/")
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    violations = [v for path in sorted(set(paths)) for v in axe_violations(page, base_url + path)]
    context.close()
    assert violations == [], "\n".join(violations)


def test_every_page_is_accessible_and_requests_only_this_host(browser, base_url, built_site):
    """One crawl of every page: axe-core finds no serious or critical WCAG 2.1 A/AA
    violation, and not one request leaves localhost."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda req: (
            foreign.append(f"{page.url} -> {req.url}")
            if urlparse(req.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(req.url).hostname not in ("127.0.0.1", "localhost")
            else None
        ),
    )
    violations = [
        v for path in site_pages(built_site) for v in axe_violations(page, base_url + path)
    ]
    context.close()
    assert foreign == []
    assert violations == [], "\n".join(violations)
