"""Benchmark: the site's search (Pagefind) against Material's built-in search.

    .venv/bin/python benchmarks/bench_search.py [--queries FILE] [--keep DIR]

Builds the site twice into temporary folders: as it is (Pagefind, indexed by
hooks/saa.py after the build, searched through docs/assets/javascripts/search.js), and
with Material's search plugin (a copy of mkdocs.yml with `- search` first under plugins,
and the theme's `custom_dir` a copy of overrides/ without partials/header.html, so the
header is Material's own, with its search box). Both builds have the same pages and the
same hidden search words (the data's aliases), which both engines index.

Then, in Chromium, each engine gets the same learner queries (tests/data/search-queries.yml),
typed into its own search box in one page as a reader types them:

- Material: `input.md-search__input`, the pages of `.md-search-result__item a` in order;
- Pagefind: the dialog's field (`#saa-search-input`), the pages of its results.

Printed per kind of query (name: a service, feature or abbreviation; need: a described
need): the share with the expected page first, and in the top three, for each engine; the
queries where the engines differ; and what a first page view downloads for search (on a
fresh browser profile): at page load, once the search is opened, after the first query,
and after every query of the file in that page. Sizes are the files' bytes and, as a
host that compresses text sends them, gzip's (Pagefind's index and fragments come
compressed already). The seconds from typing a query to its results are given as the
median and the 90th percentile (the Pagefind dialog waits 120 ms after the last key).

Not a test: tests/test_search.py holds the ranking to its thresholds.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from bench_build import ENV, MKDOCS, portable_config  # noqa: E402
from crawl import FLAGS  # noqa: E402

QUERIES = ROOT / "tests" / "data" / "search-queries.yml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGE = "storage/s3/"  # where each engine is searched from
TOP = 3
KINDS = ("name", "need")
IDLE = "Type to start searching"  # Material's search box, ready and empty


# ---------------------------------------------------------------- the two builds


def configs(tmp: Path) -> tuple[Path, Path]:
    """(pagefind, material): mkdocs.yml as it is, and with Material's search instead."""
    config = portable_config()
    pagefind = tmp / "mkdocs-pagefind.yml"
    pagefind.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    overrides = tmp / "overrides-material"
    shutil.rmtree(overrides, ignore_errors=True)
    shutil.copytree(ROOT / "overrides", overrides)
    (overrides / "partials" / "header.html").unlink()
    config["theme"]["custom_dir"] = str(overrides)
    config["plugins"] = ["search", *config["plugins"]]
    material = tmp / "mkdocs-material.yml"
    material.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return pagefind, material


def build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"{config.name} did not build:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - start


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# ---------------------------------------------------------------- the two engines


@dataclass
class Run:
    """One engine over the query file: its result pages, timings and search downloads."""

    name: str
    site: Path
    found: list[list[str]] = field(default_factory=list)  # per query, the pages in order
    seconds: list[float] = field(default_factory=list)
    bytes: dict[str, tuple[int, int]] = field(default_factory=dict)  # stage -> (raw, gzip)


def url_path(md: str) -> str:
    stem = md.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def pages_of(hrefs: list[str], base: str) -> list[str]:
    """The pages of result links, in order, each once (a page's sections share its page)."""
    out: list[str] = []
    for href in hrefs:
        path = urlparse(href).path.removeprefix(urlparse(base).path)
        if path not in out:
            out.append(path)
    return out


class Downloads:
    """The search files a page requests (`is_search`), counted from the built site."""

    def __init__(self, site: Path, base: str, is_search) -> None:
        self.site, self.base, self.is_search = site, base, is_search
        self.paths: list[str] = []

    def __call__(self, request) -> None:
        path = urlparse(request.url).path.removeprefix(urlparse(self.base).path)
        if self.is_search(path) and path not in self.paths:
            self.paths.append(path)

    def size(self) -> tuple[int, int]:
        raw = packed = 0
        for path in self.paths:
            data = (self.site / path).read_bytes()
            raw += len(data)
            packed += min(len(data), len(gzip.compress(data, 6)))
        return raw, packed


def material_file(path: str) -> bool:
    """Material's search: its index, its worker (lunr inside) and lunr's language files."""
    return (
        path.endswith("search_index.json")
        or path.startswith("assets/javascripts/workers/search")
        or path.startswith("assets/javascripts/lunr/")
    )


def pagefind_file(path: str) -> bool:
    return path.startswith("pagefind/")


def material_search(page, query: str) -> list[str]:
    """Type the query into Material's box; the result links once its count is shown (an
    empty box first, so that the count shown is this query's). Material reads the box on
    `keyup`, which a typed key ends with."""
    field_ = page.locator("input.md-search__input")
    meta = ".md-search-result__meta"
    if field_.input_value():
        field_.fill("")
        field_.dispatch_event("keyup")
        page.wait_for_function(f"() => document.querySelector('{meta}').textContent === '{IDLE}'")
    field_.fill(query)
    field_.dispatch_event("keyup")
    page.wait_for_function(
        f"() => /matching document/.test(document.querySelector('{meta}').textContent)"
    )
    return page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")


def pagefind_search(page, query: str) -> list[str]:
    field_ = page.locator("#saa-search-input")
    if field_.input_value() == query:
        field_.fill("")
    field_.fill(query)
    page.wait_for_function(
        "q => document.querySelector('.saa-search__status').textContent.includes(q)",
        arg=f"\u201c{query.strip()}\u201d",
    )
    return page.eval_on_selector_all(".saa-search__page", "as => as.map(a => a.href)")


def run_engine(browser, run: Run, queries: list[dict]) -> None:
    server, base = serve(run.site)
    material = run.name == "Material"
    is_search = material_file if material else pagefind_file
    search = material_search if material else pagefind_search
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        seen = Downloads(run.site, base, is_search)
        page.on("request", seen)
        page.goto(base + PAGE)
        page.wait_for_load_state("networkidle")
        run.bytes["page view"] = seen.size()
        if material:  # the box takes the focus, and the index is ready
            page.locator("input.md-search__input").focus()
            page.wait_for_function(
                f"() => document.querySelector('.md-search-result__meta').textContent === '{IDLE}'"
            )
        else:
            page.locator(".saa-search-open").click()
            page.wait_for_selector("#saa-search[open]")
        page.wait_for_load_state("networkidle")
        run.bytes["search opened"] = seen.size()
        for i, q in enumerate(queries):
            start = time.perf_counter()
            hrefs = search(page, q["query"])
            if material:  # the results are drawn after the count: let them settle
                page.wait_for_timeout(60)
                hrefs = page.eval_on_selector_all(
                    ".md-search-result__item a", "as => as.map(a => a.href)"
                )
            run.seconds.append(time.perf_counter() - start)
            run.found.append(pages_of(hrefs, base)[:10])
            if i == 0:
                page.wait_for_load_state("networkidle")
                run.bytes["after the first query"] = seen.size()
        page.wait_for_load_state("networkidle")
        run.bytes[f"after all {len(queries)} queries"] = seen.size()
        context.close()
    finally:
        server.shutdown()


# ---------------------------------------------------------------- report


def rank(found: list[str], md: str) -> int | None:
    want = url_path(md)
    return found.index(want) + 1 if want in found else None


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def report(queries: list[dict], runs: list[Run]) -> None:
    counts = ", ".join(f"{sum(q['kind'] == k for q in queries)} {k}" for k in KINDS)
    print(f"{len(queries)} queries ({counts})")
    print(f"\n{'':28}" + "".join(f"{r.name:>24}" for r in runs))
    for kind in (*KINDS, "all"):
        mine = [i for i, q in enumerate(queries) if kind in ("all", q["kind"])]
        if not mine:
            continue
        for label, ok in (
            ("first", lambda r: r == 1),
            (f"in the top {TOP}", lambda r: r is not None and r <= TOP),
        ):
            cells = []
            for run in runs:
                hits = sum(ok(rank(run.found[i], queries[i]["expect"])) for i in mine)
                cells.append(f"{hits}/{len(mine)} = {hits / len(mine):6.1%}")
            print(f"{kind + ': ' + label:28}" + "".join(f"{c:>24}" for c in cells))

    print("\nsearch downloads, fresh profile (files' bytes / gzip):")
    for stage in runs[0].bytes:
        cells = [f"{kb(r.bytes[stage][0])} / {kb(r.bytes[stage][1])}" for r in runs]
        print(f"  {stage:26}" + "".join(f"{c:>24}" for c in cells))
    script = sum(
        min(len(d), len(gzip.compress(d, 6)))
        for d in (
            (ROOT / "docs" / "assets" / "javascripts" / "search.js").read_bytes(),
            (ROOT / "docs" / "assets" / "stylesheets" / "search.css").read_bytes(),
        )
    )
    print(
        f"  (the Pagefind dialog's own search.js and search.css, on every page: {kb(script)} "
        "gzip; Material's search box is part of its bundle)"
    )

    print("\nseconds from typing a query to its results (median, 90th percentile):")
    for run in runs:
        q = statistics.quantiles(run.seconds, n=10)
        print(f"  {run.name:26} {statistics.median(run.seconds):.3f} s, {q[-1]:.3f} s")

    print("\nqueries where one engine has the page first and the other does not:")
    a, b = runs
    for i, q in enumerate(queries):
        ra, rb = rank(a.found[i], q["expect"]), rank(b.found[i], q["expect"])
        if (ra == 1) != (rb == 1):
            print(
                f"  {q['query']!r:48} {q['kind']:4}  {a.name} {ra or '-':>2}  "
                f"{b.name} {rb or '-':>2}  ({q['expect']})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--keep", type=Path, help="build here and keep both sites")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as name:
        tmp = args.keep or Path(name)
        tmp.mkdir(parents=True, exist_ok=True)
        pagefind_config, material_config = configs(tmp)
        runs = [Run("Material", tmp / "site-material"), Run("Pagefind", tmp / "site-pagefind")]
        for run, config in zip(runs, (material_config, pagefind_config), strict=True):
            shutil.rmtree(run.site, ignore_errors=True)
            print(f"built with {run.name} search in {build(config, run.site):.1f} s", flush=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                for run in runs:
                    run_engine(browser, run, queries)
            finally:
                browser.close()
        print()
        report(queries, runs)


if __name__ == "__main__":
    main()
