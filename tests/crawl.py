"""A concurrent crawl of the built site in one Chromium: several pages in flight at once.

Each page is loaded and checked with axe-core (WCAG 2.1 A/AA, serious and critical
violations only); every request that leaves localhost is recorded. axe is served by the
test server under /__axe.min.js, so Chromium compiles it once and reuses the code.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
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
IN_FLIGHT = 4  # pages loaded and checked at once in one browser (2 cores: 3 or 4 is best)
# axe-core's serious and critical violations, each named with (up to three of) its nodes;
# `rules` (optional) narrows the check to those rules instead of every rule of the tags.
AXE_RUN = """([scope, tags, rules]) => axe.run(
  scope === 'document' ? document : {include: [[scope]]},
  {runOnly: rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags},
   resultTypes: ['violations']})
  .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target).join(', ')}`))"""
# The rules whose outcome depends on the colours alone: what a second colour scheme changes.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@dataclass
class Crawl:
    violations: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


async def _crawl(
    chromium: str,
    base: str,
    jobs: list[tuple[str, str]],
    scheme: str,
    rules: list[str] | None,
) -> Crawl:
    from playwright.async_api import async_playwright

    out = Crawl()
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=FLAGS)
        context = await browser.new_context(color_scheme=scheme)

        def on_request(request) -> None:
            url = urlparse(request.url)
            if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in (
                "127.0.0.1",
                "localhost",
            ):
                out.foreign.append(f"{request.frame.url} -> {request.url}")

        context.on("request", on_request)

        async def worker() -> None:
            page = await context.new_page()
            while not queue.empty():
                path, scope = queue.get_nowait()
                await page.goto(base + path, wait_until="load")
                await page.add_script_tag(url=base + AXE_PATH.lstrip("/"))
                found = await page.evaluate(AXE_RUN, [scope, WCAG_TAGS, rules])
                out.violations += [f"/{path} [{scope}]: {v}" for v in found]
                out.checked.append(path)
            await page.close()

        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        await browser.close()
    return out


Job = tuple[str, str]  # (URL path, scope)
Run = tuple[list[Job], str, "list[str] | None"]  # (jobs, colour scheme, rules or None)


def crawl_in_background(chromium: str, base: str, runs: dict[str, Run]) -> dict[str, Future]:
    """Start the named crawls, one after another in a thread of their own (with its own
    event loop: the synchronous Playwright of the other browser tests keeps one running in
    the main thread), and return a future of each one's result at once."""
    futures: dict[str, Future] = {name: Future() for name in runs}

    async def all_runs() -> None:
        for name, (jobs, scheme, rules) in runs.items():
            try:
                futures[name].set_result(await _crawl(chromium, base, jobs, scheme, rules))
            except BaseException as exc:  # noqa: BLE001  raised in the test that asks for it
                futures[name].set_exception(exc)

    threading.Thread(target=asyncio.run, args=(all_runs(),), daemon=True).start()
    return futures


def crawl(
    chromium: str,
    base: str,
    jobs: list[Job],
    scheme: str = "light",
    rules: list[str] | None = None,
) -> Crawl:
    """Check every (path, scope) job, `scope` being `document` or a CSS selector, with
    every WCAG 2.1 A/AA rule or only `rules`; wait for the result."""
    return crawl_in_background(chromium, base, {"run": (jobs, scheme, rules)})["run"].result()
