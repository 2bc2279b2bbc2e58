"""Lighthouse on each page type of the built site, as a phone on a slow network sees it.

    .venv/bin/python benchmarks/lighthouse.py [--site site] [--pages PATH ...] [--runs N]
        [--reports DIR]

Serves the built site on 127.0.0.1 the way GitHub Pages serves it (text gzipped when the
request accepts it, `Cache-Control: max-age=600`, a directory without its slash
redirected, 404.html for a missing page) and runs the pinned Lighthouse
(tools/lighthouse: `npm ci --prefix tools/lighthouse`) with its default mobile preset,
simulated throttling included, on the home page, an area overview, a service page, a
reference page and a practice page, one run at a time, with Debian's Chromium
(SAA_CHROMIUM, else /usr/bin/chromium).

Prints a table: the performance, accessibility and best-practices scores, LCP, TBT, CLS
and the bytes transferred; with `--runs N`, the per-figure median of N runs per page.
Then, per page, what costs the most (Lighthouse's opportunities, the LCP element), and
for an accessibility score below 100 every failing audit with its elements.

Exit status 1 when an accessibility score is below 100 in any run, or Lighthouse fails;
0 otherwise. The performance figures move with the machine's load: reported, a benchmark,
never asserted. Standard library only.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import http.server
import json
import mimetypes
import os
import posixpath
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("SAA_CHROMIUM") or "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices")

# One page of each type: home, area overview, service page, reference page, practice page.
PAGES = ["", "storage/", "storage/s3/", "reference/glossary/", "practice/task-1-1/"]

# Content types as GitHub Pages sends them; the rest from the mimetypes table.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}
# What the CDN in front of GitHub Pages compresses (already compressed formats excluded).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "image/svg+xml",
    "image/x-icon",
    "font/ttf",
)


@functools.lru_cache(maxsize=512)
def gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's gzip body, kept while the file is unchanged (every run asks for it again)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """A built site as GitHub Pages serves it, over HTTP/1.1 with keep-alive."""

    protocol_version = "HTTP/1.1"

    def __init__(self, *args, directory: str, **kwargs) -> None:
        self.root = Path(directory).resolve()
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.respond(body=True)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def locate(self, url_path: str) -> Path | None:
        """The file for a URL path inside the site, or None (a directory gives its index)."""
        parts = [p for p in posixpath.normpath(url_path).split("/") if p not in ("", ".", "..")]
        target = self.root.joinpath(*parts)
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and target.resolve().is_relative_to(self.root):
            return target
        return None

    def respond(self, body: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if not url_path.endswith("/") and (self.root / url_path.lstrip("/")).is_dir():
            location = url_path + "/"
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, target = 200, self.locate(url_path)
        if target is None:
            status, target = 404, self.locate("/404.html")
        if target is None:
            self.send_error(404)
            return
        stat = target.stat()
        ctype = TYPES.get(target.suffix.lower())
        if ctype is None:
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        compress = ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-gz" if compress else ""}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return
        data = (
            gzipped(str(target), stat.st_mtime_ns, stat.st_size)
            if compress
            else target.read_bytes()
        )
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if ctype.startswith(COMPRESSIBLE):
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if body:
            self.wfile.write(data)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def serve(site: Path) -> tuple[Server, str]:
    handler = functools.partial(PagesHandler, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class LighthouseError(Exception):
    pass


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile preset, simulated throttling); its report (LHR)."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    with tempfile.TemporaryDirectory(prefix="saa-lighthouse-") as tmp:
        env["TMPDIR"] = tmp  # Chromium's profile and Lighthouse's scratch files
        try:
            proc = subprocess.run(
                [
                    str(LIGHTHOUSE),
                    url,
                    "--output=json",
                    "--quiet",
                    f"--only-categories={','.join(CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired as exc:
            raise LighthouseError("no report within 300 s") from exc
    if proc.returncode:
        raise LighthouseError(f"exit status {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    try:
        lhr = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise LighthouseError(f"no JSON report ({exc}): {proc.stderr.strip()[-2000:]}") from exc
    if lhr.get("runtimeError"):
        error = lhr["runtimeError"]
        raise LighthouseError(f"{error.get('code')}: {error.get('message')}")
    missing = [c for c in CATEGORIES if lhr["categories"].get(c, {}).get("score") is None]
    if missing:
        raise LighthouseError(f"no score for {', '.join(missing)}")
    return lhr


def figures(lhr: dict) -> dict[str, float]:
    audits = lhr["audits"]
    return {
        "performance": lhr["categories"]["performance"]["score"] * 100,
        "accessibility": lhr["categories"]["accessibility"]["score"] * 100,
        "best-practices": lhr["categories"]["best-practices"]["score"] * 100,
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "machine": lhr["environment"].get("benchmarkIndex") or 0,
    }


def failing_accessibility(lhr: dict) -> list[str]:
    """Each failing (or errored) accessibility audit, then its elements, as indented lines."""
    lines = []
    for ref in lhr["categories"]["accessibility"]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if audit.get("scoreDisplayMode") == "error":
            lines.append(f"  {audit['id']}: could not run: {audit.get('errorMessage', '')[:300]}")
            continue
        if audit.get("score") is None or audit["score"] >= 1:
            continue
        lines.append(f"  {audit['id']} (weight {ref['weight']}): {audit['title']}")
        for item in (audit.get("details") or {}).get("items", []):
            node = item.get("node") or {}
            lines.append(f"    - {node.get('selector', '?')}")
            if node.get("snippet"):
                lines.append(f"      {node['snippet'][:300]}")
            for explanation in (node.get("explanation") or "").splitlines():
                if explanation.strip():
                    lines.append(f"      {explanation.strip()}")
    return lines


def accessibility_errored(lhr: dict) -> bool:
    """Whether a weighted accessibility audit could not run."""
    return any(
        ref["weight"] and lhr["audits"][ref["id"]].get("scoreDisplayMode") == "error"
        for ref in lhr["categories"]["accessibility"]["auditRefs"]
    )


def short(url: str) -> str:
    """A URL of the served site as its path."""
    parts = urllib.parse.urlsplit(url)
    return parts.path if parts.scheme in ("http", "https") else url


def costs(lhr: dict) -> list[str]:
    """What costs the most: the LCP element and its phases, the opportunities (largest
    saving first), where the main thread's time goes, and the audits that could not run."""
    audits = lhr["audits"]
    lines = []
    lcp = audits.get("largest-contentful-paint-element") or {}
    tables = [t for t in (lcp.get("details") or {}).get("items", []) if t.get("type") == "table"]
    for table in tables:
        for item in table.get("items", []):
            if item.get("node"):
                node = item["node"]
                label = (node.get("nodeLabel") or "").replace("\n", " ")[:60]
                lines.append(f"  LCP element: {node.get('selector')} ({label})")
            elif item.get("phase"):
                lines.append(
                    f"    {item['phase']}: {item.get('timing', 0):.0f} ms ({item.get('percent')})"
                )
    if lcp.get("scoreDisplayMode") == "error":
        lines.append("  LCP element: not available (the audit could not run, see below)")
    opportunities = []
    for audit in audits.values():
        details = audit.get("details") or {}
        if details.get("type") != "opportunity" or (audit.get("score") or 0) >= 1:
            continue
        ms = details.get("overallSavingsMs") or 0
        kib = (details.get("overallSavingsBytes") or 0) / 1024
        if ms >= 10 or kib >= 1:
            opportunities.append((ms, kib, audit))
    for ms, kib, audit in sorted(opportunities, key=lambda o: (-o[0], -o[1])):
        saving = ", ".join(
            x
            for x in (f"{ms:.0f} ms" if ms >= 10 else "", f"{kib:.0f} KiB" if kib >= 1 else "")
            if x
        )
        lines.append(f"  {audit['id']}: saves about {saving}")
        items = sorted(
            audit["details"].get("items") or [],
            key=lambda i: (-(i.get("wastedMs") or 0), -(i.get("wastedBytes") or 0)),
        )
        for item in items[:8]:
            what = item.get("url") or (item.get("node") or {}).get("selector") or "?"
            extra = [f"{item['totalBytes'] / 1024:.1f} KiB"] if item.get("totalBytes") else []
            if item.get("wastedMs"):
                extra.append(f"{item['wastedMs']:.0f} ms")
            if item.get("wastedBytes"):
                extra.append(f"{item['wastedBytes'] / 1024:.0f} KiB unused")
            lines.append(f"    - {short(what)} ({', '.join(extra)})")
    work = audits.get("mainthread-work-breakdown") or {}
    groups = sorted((work.get("details") or {}).get("items", []), key=lambda i: -i["duration"])
    if groups:
        top = ", ".join(f"{g['groupLabel']} {g['duration']:.0f} ms" for g in groups[:3])
        lines.append(f"  main thread {work.get('displayValue', '')}: {top}")
    boot = audits.get("bootup-time") or {}
    scripts = sorted((boot.get("details") or {}).get("items", []), key=lambda i: -i["total"])
    if scripts:
        top = ", ".join(f"{short(i['url'])} {i['total']:.0f} ms" for i in scripts[:3])
        lines.append(f"  by script: {top}")
    dom = audits.get("dom-size") or {}
    if dom.get("numericValue"):
        lines.append(f"  DOM: {dom['numericValue']:.0f} elements")
    errored = sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "error")
    if errored:
        first = audits[errored[0]].get("errorMessage", "").splitlines()[0][:200]
        lines.append(f"  could not run ({len(errored)}): {', '.join(errored)}: {first}")
    return lines


def row(cells: list[str]) -> str:
    widths = (22, 5, 5, 5, 7, 7, 6, 9)
    return "  ".join(
        c.ljust(w) if i == 0 else c.rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site folder")
    parser.add_argument(
        "--pages", nargs="+", default=PAGES, help="URL paths from the site root ('' = home)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median)")
    parser.add_argument("--reports", type=Path, help="keep every run's JSON report here")
    args = parser.parse_args()

    if not (args.site / "index.html").is_file():
        sys.exit(f"lighthouse: no built site in {args.site} (python3 tasks.py build)")
    if not LIGHTHOUSE.exists():
        sys.exit(f"lighthouse: {LIGHTHOUSE} missing: run `npm ci --prefix tools/lighthouse`")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        sys.exit(f"lighthouse: no Chromium at {CHROMIUM} (set SAA_CHROMIUM)")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)

    server, base = serve(args.site.resolve())
    started = time.monotonic()
    failed = False
    results: list[tuple[str, dict[str, float] | None, float]] = []
    details: list[str] = []
    version = "?"
    try:
        for page in args.pages:
            page = page.lstrip("/")
            name = "/" + page
            runs: list[dict] = []
            for n in range(args.runs):
                t0 = time.monotonic()
                try:
                    lhr = lighthouse(base + page)
                except LighthouseError as exc:
                    failed = True
                    details += [f"{name}: Lighthouse failed (run {n + 1}): {exc}"]
                    continue
                print(f"lighthouse: {name} run {n + 1}: {time.monotonic() - t0:.0f} s", flush=True)
                runs.append(lhr)
                version = lhr.get("lighthouseVersion", version)
                if args.reports:
                    slug = page.strip("/").replace("/", "-") or "home"
                    (args.reports / f"{slug}-{n + 1}.json").write_text(json.dumps(lhr))
            if not runs:
                results.append((name, None, 0))
                continue
            per_run = [figures(lhr) for lhr in runs]
            median = {k: statistics.median(f[k] for f in per_run) for k in per_run[0]}
            worst = min(range(len(runs)), key=lambda i: per_run[i]["accessibility"])
            median["accessibility"] = per_run[worst]["accessibility"]
            # The costs of the run whose performance score is the median one.
            scores = sorted(range(len(runs)), key=lambda i: per_run[i]["performance"])
            typical = runs[scores[len(scores) // 2]]
            results.append((name, median, len(runs)))
            details.append(f"{name}: what costs the most")
            details += costs(typical)
            errored = [i for i, lhr in enumerate(runs) if accessibility_errored(lhr)]
            if errored and per_run[worst]["accessibility"] >= 100:
                worst = errored[0]  # an audit that could not run is no pass
            if per_run[worst]["accessibility"] < 100 or errored:
                failed = True
                details.append(f"{name}: accessibility {per_run[worst]['accessibility']:.0f}")
                details += failing_accessibility(runs[worst])
    finally:
        server.shutdown()

    runs_note = f", median of {args.runs} runs" if args.runs > 1 else ""
    print(f"\nLighthouse {version}, mobile preset, simulated throttling, gzip{runs_note}:")
    print(row(["page", "perf", "a11y", "bp", "LCP s", "TBT ms", "CLS", "KiB sent"]))
    for name, fig, _ in results:
        if fig is None:
            print(row([name, "fail", "fail", "fail", "-", "-", "-", "-"]))
            continue
        print(
            row(
                [
                    name,
                    f"{fig['performance']:.0f}",
                    f"{fig['accessibility']:.0f}",
                    f"{fig['best-practices']:.0f}",
                    f"{fig['lcp'] / 1000:.2f}",
                    f"{fig['tbt']:.0f}",
                    f"{fig['cls']:.3f}",
                    f"{fig['bytes'] / 1024:.0f}",
                ]
            )
        )
    machine = [fig["machine"] for _, fig, _ in results if fig]
    if machine:
        print(
            f"Chromium benchmark index of this machine: {min(machine):.0f} to {max(machine):.0f}"
            " (Lighthouse warns of a slow CPU below 1000: there, TBT rises and the performance"
            " score falls with the machine's load, not the site)"
        )
    print()
    print("\n".join(details))
    elapsed = time.monotonic() - started
    verdict = "FAIL (accessibility below 100 or a failed run)" if failed else "ok"
    print(f"\nlighthouse: {len(args.pages)} pages x {args.runs} runs in {elapsed:.0f} s: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
