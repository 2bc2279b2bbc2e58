"""The site's search (Pagefind behind docs/assets/javascripts/search.js) in a real browser.

Drives Debian's Chromium with Playwright over the built site, with the fixtures of
conftest.py (SAA_TEST_SITE=DIR for a site built already). Protects:

- ranking: every learner query of tests/data/search-queries.yml typed into the dialog, as
  a reader types it, in one page: the expected page first for at least 95% of them and in
  the top three for all (a failure lists, for each query, what came first and where the
  expected page was);
- cost: a page load requests nothing under /pagefind/; opening the dialog imports only
  Pagefind's API, and the index comes with the first search;
- the keyboard: / and Ctrl+K open the dialog (not while typing in a field), typing shows
  results and the status line, ArrowDown and Enter open the first result (through
  Material's instant navigation), Escape and the close button close it and focus returns
  to the header button;
- the highlight of the searched words on the page a result opens, and no highlighter on
  other pages;
- accessibility (axe-core, WCAG 2.1 A/AA) with the dialog open and showing results, in
  the light and the dark scheme; the dialog on a 375 px phone and on a wide screen.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from browsing import axe, needs_chromium, page_in_scheme, shows_scheme

pytestmark = needs_chromium

QUERIES = Path(__file__).parent / "data" / "search-queries.yml"
DOCS = Path(__file__).resolve().parent.parent / "docs"
FIRST_SHARE = 0.95  # the expected page first for at least this share of the queries
TOP = 3  # ... and among the first TOP for every query
PAGE = "storage/s3/"  # where the tests open the dialog

OPEN = "#saa-search[open]"
INPUT = "#saa-search-input"
STATUS = ".saa-search__status"
RESULT_LINKS = ".saa-search__page"


def load_queries() -> list[dict]:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert isinstance(queries, list), f"{QUERIES} is not a list"
    assert queries, f"{QUERIES} lists no queries"
    for q in queries:
        assert set(q) >= {"query", "kind", "expect"}, q
        assert q["kind"] in ("name", "need"), q
        assert (DOCS / q["expect"]).is_file(), f"{q['expect']} is not a page under docs/"
    return queries


def url_path(md: str) -> str:
    """The URL path (from the site root) of a page under docs/: `a/b.md` -> `a/b/`."""
    stem = md.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def site_path(href: str, base: str) -> str:
    return urlparse(href).path.removeprefix(urlparse(base).path)


def open_dialog(page) -> None:
    page.locator(".saa-search-open").click()
    page.wait_for_selector(OPEN)


def search(page, query: str) -> str:
    """Type a query as a reader would (replacing what is in the field); the status line."""
    field = page.locator(INPUT)
    if field.input_value() == query:
        field.fill("")
    field.fill(query)
    quoted = f"\u201c{query.strip()}\u201d"
    page.wait_for_function(
        "([sel, quoted]) => document.querySelector(sel).textContent.includes(quoted)",
        arg=[STATUS, quoted],
    )
    return page.locator(STATUS).inner_text()


def result_paths(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [site_path(h, base) for h in hrefs]


# ---------------------------------------------------------------- ranking


# Types each query of a share into the dialog's field as an `input` event does, waits
# for the status line to name it (the results are shown then), and keeps the result links.
TYPE_ALL = """async (queries) => {
  const input = document.querySelector('#saa-search-input');
  const status = document.querySelector('.saa-search__status');
  const type = (text) => {
    input.value = text;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  };
  const out = [];
  for (const query of queries) {
    if (input.value === query) type('');
    type(query);
    const quoted = `\u201c${query.trim()}\u201d`;
    await new Promise((done) => {
      const seen = () => (status.textContent.includes(quoted) ? done() : setTimeout(seen, 10));
      seen();
    });
    out.push([...document.querySelectorAll('.saa-search__page')].map((a) => a.href));
  }
  return out;
}"""
IN_FLIGHT = 4  # pages searching at once, each with its share of the queries


def test_learner_queries_find_their_page_first(browser, base_url):
    queries = load_queries()
    context = browser.new_context()
    pages = []
    for i in range(IN_FLIGHT):
        page = context.new_page()
        page.goto(base_url + PAGE)
        open_dialog(page)
        share = [q["query"] for q in queries[i::IN_FLIGHT]]
        # Started, not awaited: the pages search side by side (the dialog waits 120 ms
        # after each keystroke, so one page alone spends most of its time waiting).
        page.evaluate(
            f"(queries) => {{ window.__found = null; ({TYPE_ALL})(queries)"
            ".then((found) => { window.__found = found; }); }",
            share,
        )
        pages.append(page)
    found_by_query = {}
    for i, page in enumerate(pages):
        page.wait_for_function("() => window.__found !== null", timeout=300_000)
        for q, hrefs in zip(queries[i::IN_FLIGHT], page.evaluate("window.__found"), strict=True):
            found_by_query[q["query"]] = [site_path(h, base_url) for h in hrefs]
    context.close()
    ranks: list[tuple[dict, int | None, str]] = []
    for q in queries:
        found = found_by_query[q["query"]]
        want = url_path(q["expect"])
        rank = found.index(want) + 1 if want in found else None
        ranks.append((q, rank, found[0] if found else "(nothing)"))

    lines = []
    for kind in ("name", "need"):
        mine = [r for _, r, _ in (x for x in ranks if x[0]["kind"] == kind)]
        if mine:
            first = sum(r == 1 for r in mine)
            top = sum(r is not None and r <= TOP for r in mine)
            lines.append(
                f"{kind}: {first}/{len(mine)} first ({first / len(mine):.0%}), "
                f"{top}/{len(mine)} in the top {TOP}"
            )
    misses = [
        f"  {q['query']!r} ({q['kind']}): first {top_path or '(home)'}; "
        f"{q['expect']} {'not in the first 10' if rank is None else f'at {rank}'}"
        for q, rank, top_path in ranks
        if rank != 1
    ]
    report = "\n".join(lines + (["not first:"] + misses if misses else []))
    print(report)
    first = sum(rank == 1 for _, rank, _ in ranks)
    assert first >= FIRST_SHARE * len(ranks), report
    assert all(rank is not None and rank <= TOP for _, rank, _ in ranks), report


# ---------------------------------------------------------------- cost


def test_nothing_of_the_index_is_requested_before_a_search(page, base_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(site_path(r.url, base_url)))
    page.goto(base_url + PAGE)
    page.wait_for_load_state("networkidle")
    assert [r for r in requested if r.startswith("pagefind/")] == []

    requested.clear()
    open_dialog(page)
    page.wait_for_load_state("networkidle")
    assert [r for r in requested if r.startswith("pagefind/")] == ["pagefind/pagefind.js"]

    requested.clear()
    search(page, "kinesis")
    assert page.locator(RESULT_LINKS).count() > 0
    index = [r for r in requested if r.startswith("pagefind/")]
    assert any(r.endswith(".pf_index") for r in index), index
    assert any(r.endswith(".pf_fragment") for r in index), index
    assert not any(r.startswith("pagefind/pagefind-highlight") for r in requested)


# ---------------------------------------------------------------- keyboard


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.id ? '#' + e.id : e.className || e.tagName) : ''; }"
    )


def test_keyboard_opens_searches_and_opens_the_first_result(page, instant_url):
    page.goto(instant_url + PAGE)
    page.evaluate("window.__notReloaded = true")
    page.keyboard.press("/")
    page.wait_for_selector(OPEN)
    assert focused(page) == INPUT

    page.keyboard.type("dynamodb streams")
    page.wait_for_function(
        "sel => document.querySelector(sel).textContent.includes('\u201cdynamodb streams\u201d')",
        arg=STATUS,
    )
    status = page.locator(STATUS)
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    count = status.inner_text().split()[0]
    assert count.isdigit(), status.inner_text()
    assert int(count) > 0, status.inner_text()
    assert page.locator(RESULT_LINKS).count() > 0

    page.keyboard.press("ArrowDown")
    first = page.locator(RESULT_LINKS).first
    assert first.evaluate("a => a === document.activeElement")
    target = first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert first.evaluate("a => a === document.activeElement")

    with page.expect_response(lambda r: urlparse(r.url).path == urlparse(target).path):
        page.keyboard.press("Enter")
    page.wait_for_function("path => location.pathname === path", arg=urlparse(target).path)
    assert page.locator(OPEN).count() == 0
    assert parse_qs(urlparse(page.url).query).get("highlight"), page.url
    # Instant navigation kept the header: the highlighter ran on the new page.
    page.wait_for_selector("article mark.saa-highlight")
    assert page.evaluate("window.__notReloaded") is True, "Material reloaded the page"

    page.keyboard.press("/")
    page.wait_for_selector(OPEN)
    page.keyboard.press("Escape")
    page.wait_for_selector(OPEN, state="detached")
    focus_returns_to_the_button(page)

    page.keyboard.press("Control+k")
    page.wait_for_selector(OPEN)
    page.locator(".saa-search__close").click()
    page.wait_for_selector(OPEN, state="detached")
    focus_returns_to_the_button(page)


def focus_returns_to_the_button(page) -> None:
    # The dialog's close event (a task after the dialog closes) moves the focus.
    page.wait_for_function(
        "() => document.activeElement?.classList.contains('saa-search-open')", timeout=5000
    )


def test_keys_type_into_fields_instead_of_opening_the_search(page, base_url):
    page.goto(base_url + PAGE)
    page.evaluate(
        "() => { const f = document.createElement('input'); f.id = 'typing-here';"
        " document.querySelector('article').prepend(f); f.focus(); }"
    )
    page.keyboard.press("/")
    page.keyboard.press("Control+k")
    assert page.locator(OPEN).count() == 0
    assert page.locator("#typing-here").input_value() == "/"


# ---------------------------------------------------------------- highlight


def test_the_opened_page_highlights_the_searched_words(page, base_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(site_path(r.url, base_url)))
    page.goto(base_url + "storage/s3-security/")
    page.wait_for_load_state("networkidle")
    assert "pagefind/pagefind-highlight.js" not in requested
    assert page.locator("mark.saa-highlight").count() == 0

    page.goto(base_url + "storage/s3-security/?highlight=presigned&highlight=url")
    page.wait_for_selector("article mark.saa-highlight")
    assert "pagefind/pagefind-highlight.js" in requested
    marked = page.eval_on_selector_all(
        "mark.saa-highlight", "marks => marks.map(m => m.textContent.toLowerCase())"
    )
    assert "presigned" in marked, marked
    assert "url" in marked, marked
    # Only the article, and never the hidden search words.
    assert page.locator("mark.saa-highlight").evaluate_all(
        "marks => marks.every(m => m.closest('article') && !m.closest('.search-terms'))"
    )


# ---------------------------------------------------------------- accessibility and layout


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_dialog_with_results_is_accessible(browser, base_url, scheme):
    with page_in_scheme(browser, scheme) as page:
        page.goto(base_url + PAGE)
        assert shows_scheme(page, scheme)
        open_dialog(page)
        search(page, "s3 encryption")
        assert page.locator(".saa-search__results mark").count() > 0
        found = axe(page, base_url)
        assert found == [], "\n".join(found)


def dialog_box(page, base_url: str, width: int, height: int, query: str) -> dict:
    """The dialog's box on a screen of `width` x `height`, open and showing `query`'s results."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base_url + PAGE)
    open_dialog(page)
    search(page, query)
    return page.locator("#saa-search").bounding_box()


def test_the_dialog_fills_a_phone_without_scrolling_sideways(page, base_url):
    box = dialog_box(page, base_url, 375, 812, "elastic load balancing sticky sessions")
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 812)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " ...['#saa-search', '.saa-search__results'].map(s => {"
        "   const e = document.querySelector(s); return e.scrollWidth - e.clientWidth; })]"
    )
    assert widths == [375, 0, 0], widths


def test_the_dialog_is_a_centred_panel_on_a_wide_screen(page, base_url):
    box = dialog_box(page, base_url, 1280, 800, "route 53 routing policies")
    width = page.evaluate("document.documentElement.clientWidth")  # without a scrollbar
    left, right = box["x"], width - box["x"] - box["width"]
    assert 300 <= box["width"] <= 900, box
    assert abs(left - right) <= 2, box
    assert box["y"] > 0, box
    assert box["y"] + box["height"] < 800, box
