"""A concurrent crawl of the built site in one Chromium: several pages in flight at once.

Each page is loaded and checked with axe-core (WCAG 2.1 A/AA, serious and critical
violations only); every request that leaves localhost is recorded. axe is served by the
test server under /__axe.min.js, so Chromium compiles it once and reuses the code.
"""

from __future__ import annotations

import asyncio
import threading
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
AXE_RUN = """([scope, tags]) => axe.run(scope === 'document' ? document : {include: [[scope]]},
  {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target).join(', ')}`))"""


@dataclass
class Crawl:
    violations: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


async def _crawl(
    chromium: str, base: str, jobs: list[tuple[str, str]], scheme: str, in_flight: int
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
                found = await page.evaluate(AXE_RUN, [scope, WCAG_TAGS])
                out.violations += [f"/{path} [{scope}]: {v}" for v in found]
                out.checked.append(path)
            await page.close()

        await asyncio.gather(*(worker() for _ in range(in_flight)))
        await browser.close()
    return out


def crawl(
    chromium: str, base: str, jobs: list[tuple[str, str]], scheme: str = "light", in_flight: int = 4
) -> Crawl:
    """Check every (path, scope) job, `scope` being `document` or a CSS selector.

    Runs in a thread of its own, with its own event loop: the synchronous Playwright of the
    other browser tests keeps one running in this thread.
    """
    result: list[Crawl | BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(_crawl(chromium, base, jobs, scheme, in_flight)))
        except BaseException as exc:  # noqa: BLE001  re-raised in the caller's thread
            result.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]
