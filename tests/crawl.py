"""A concurrent crawl of the built site in one Chromium: several pages in flight at once.

Each page is checked with axe-core (WCAG 2.1 A/AA, serious and critical violations only);
every request that leaves this host is recorded. axe is served by the test server under
/__axe.min.js, so Chromium compiles it once and reuses the code.

Each page in flight loads its first page afresh and reaches the next ones the way a
reader's click does: Material's instant navigation swaps the content, the navigation, the
footer and the title into the open page, and axe stays loaded; the header, the same on
every page, stays. That costs about half the processor time of fresh loads
(benchmarks/bench_crawl.py). Every page of the site loads the same scripts and styles
(tests/test_offline.py checks every file for requests to other hosts), so a swap misses no
request a fresh load would make.

Material swaps only pages whose address is in its sitemap, matched by scheme and host but
not port; so Chromium reaches the test server under a host name without a port (HOST).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlparse

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
AXE_PATH = "/__axe.min.js"
HOST = "saa.test"  # the test server's name in the crawl's browser: port 80, mapped
# Pages checked at once in one browser: on 2 cores, 2 take the least time and processor
# time; 4 take a tenth more of both (the crawl is one of several workers' tests).
IN_FLIGHT = 2
# axe-core's serious and critical violations, each named with (up to three of) its nodes;
# `rules` (optional) narrows the check to those rules instead of every rule of the tags.
AXE_RUN = """([scope, tags, rules]) => axe.run(
  scope === 'document' ? document : {include: [[scope]]},
  {runOnly: rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags},
   resultTypes: ['violations']})
  .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target).join(', ')}`))"""
# Follow a link to `url` as a click does, and wait for Material's instant navigation to
# swap the page in (`document$` emits the current document at once, then each new one).
SWAP = """(url) => new Promise((resolve, reject) => {
  let seen = 0;
  const watch = document$.subscribe(() => {
    if (++seen === 2) { setTimeout(() => watch.unsubscribe()); resolve(location.href) }
  });
  const link = Object.assign(document.createElement('a'), {href: url});
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => reject(new Error(`no instant navigation to ${url}`)), 15000);
})"""
# The rules whose outcome depends on the colours alone: what a second colour scheme changes.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def portless(base: str) -> tuple[str, str]:
    """The test server at `base` under HOST, without a port: the Chromium flag that maps
    HOST to it, and the site's address there, where Material's instant navigation works."""
    server = urlparse(base)
    flag = f"--host-resolver-rules=MAP {HOST}:80 {server.hostname}:{server.port}"
    return flag, f"http://{HOST}{server.path}"


@dataclass
class Crawl:
    violations: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    swapped: list[str] = field(default_factory=list)  # reached by instant navigation


async def _crawl(
    chromium: str,
    base: str,
    jobs: list[tuple[str, str]],
    scheme: str,
    rules: list[str] | None,
    in_flight: int = IN_FLIGHT,
    swap: bool = True,
) -> Crawl:
    from playwright.async_api import Error, async_playwright

    out = Crawl()
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    mapping, site = portless(base)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=[*FLAGS, mapping])
        context = await browser.new_context(color_scheme=scheme)

        def on_request(request) -> None:
            url = urlparse(request.url)
            if url.scheme in ("http", "https", "ws", "wss") and url.hostname != HOST:
                out.foreign.append(f"{request.frame.url} -> {request.url}")

        context.on("request", on_request)

        async def load(page, url: str) -> None:
            # Until the network is idle: the load event does not wait for Material's request
            # of its sitemap, and until the sitemap is in, Material follows links with full
            # loads instead of swapping pages.
            await page.goto(url, wait_until="networkidle")
            await page.add_script_tag(url=site + AXE_PATH.lstrip("/"))

        async def swapped_in(page, url: str) -> bool:
            """Whether Material swapped `url` in; a full load (no swap) is checked too."""
            if not await page.evaluate("typeof document$ !== 'undefined' && !!window.axe"):
                return False
            try:
                return await page.evaluate(SWAP, url) == url
            except Error as exc:  # the link was followed with a full load
                if "context was destroyed" not in str(exc):
                    raise
                await page.wait_for_load_state("load")
                return False

        async def worker() -> None:
            page = await context.new_page()
            while not queue.empty():
                path, scope = queue.get_nowait()
                url = site + path
                if swap and await swapped_in(page, url):
                    out.swapped.append(path)
                else:
                    await load(page, url)
                found = await page.evaluate(AXE_RUN, [scope, WCAG_TAGS, rules])
                out.violations += [f"/{path} [{scope}]: {v}" for v in found]
                out.checked.append(path)
            await page.close()

        await asyncio.gather(*(worker() for _ in range(min(in_flight, len(jobs)))))
        await browser.close()
    return out


def crawl(
    chromium: str,
    base: str,
    jobs: list[tuple[str, str]],
    scheme: str = "light",
    rules: list[str] | None = None,
    in_flight: int = IN_FLIGHT,
    swap: bool = True,
) -> Crawl:
    """Check every (path, scope) job, `scope` being `document` or a CSS selector, with
    every WCAG 2.1 A/AA rule or only `rules`. `swap=False` loads every page afresh
    (benchmarks/bench_crawl.py compares the two). Runs in a thread with an event loop of
    its own: the synchronous Playwright of the other browser tests keeps one running here."""
    with ThreadPoolExecutor(1) as pool:
        run = _crawl(chromium, base, jobs, scheme, rules, in_flight, swap)
        return pool.submit(asyncio.run, run).result()
