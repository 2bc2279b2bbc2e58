"""Sources stay alive: every AWS documentation link of the data and the pages still answers.

    python -m studyguide.sources                  the data file, the question bank and docs/
    python -m studyguide.sources PATH ...          only these files or folders
    python -m studyguide.sources --jobs 6         requests at a time (default 6)
    python -m studyguide.sources --timeout 10     seconds one request may take (default 10)

Finds every `url:` value of the data files (`*.yml`) and every link to an AWS host
(docs.aws.amazon.com, aws.amazon.com, other *.amazon.com and *.aws hosts) in the pages
(`*.md`: Markdown links, `<autolinks>`, bare URLs; not code blocks or `code spans`, which
hold examples rather than sources). Each URL is asked once (HEAD, then GET when HEAD is
refused or fails, following up to 5 redirects) and reported at every place it is used:

    FILE:LINE: dead (404): URL              the page is gone; find its new address
    FILE:LINE: unreachable (timeout): URL   nothing answered (timeout, DNS, connection)
    FILE:LINE: moved: URL -> FINAL          it answers from another address; use that one

The exit status is 1 when a URL is dead or unreachable, 0 otherwise (moved only warns),
2 when a file cannot be read. Standard library only for the requests.
"""

from __future__ import annotations

import argparse
import http.client
import re
import socket
import ssl
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, OpenerDirector, Request, build_opener

from .loader import Loc, display_path, line_of, parse
from .pages import prose_lines

TIMEOUT_S = 10.0
JOBS = 6
RETRIES = 1  # one more try after a timeout
MAX_REDIRECTS = 5
HEAD_REFUSED = frozenset({403, 405, 501})  # some servers answer only GET
USER_AGENT = (
    "saa-c03-study-guide-sources/0.1 "
    "(+https://github.com/saa-c03-study-guide/saa-c03-study-guide; link check)"
)
CONFIG = Path("mkdocs.yml")

Kind = Literal["ok", "moved", "dead", "unreachable"]
KINDS: tuple[Kind, ...] = ("ok", "moved", "dead", "unreachable")


class SourcesError(Exception):
    """A file to scan cannot be read; the message names it and says how to fix it."""


@dataclass(frozen=True, order=True)
class Place:
    """One use of a URL: the file (as displayed), its 1-based line, the URL as written."""

    file: str
    line: int
    url: str


# ---------------------------------------------------------------- finding (no network)

URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+")
TRAILING = ".,;:!?*'\""
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def is_aws_host(host: str) -> bool:
    """docs.aws.amazon.com, aws.amazon.com, any other *.amazon.com, and *.aws hosts."""
    host = host.lower().rstrip(".")
    return host == "amazon.com" or host.endswith((".amazon.com", ".aws"))


def _trim(url: str) -> str:
    """A URL without the punctuation of the sentence around it (`see <url>.`, `(url)`)."""
    while True:
        before = url
        url = url.rstrip(TRAILING)
        if url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        if url == before:
            return url


def urls_in_text(text: str) -> list[str]:
    """Every http(s) URL in one line of prose, in order."""
    return [_trim(m.group()) for m in URL.finditer(text)]


def find_in_markdown(text: str, file: str) -> list[Place]:
    """Every link to an AWS host in a page, outside fenced code blocks and code spans."""
    places = []
    for n, line in prose_lines(text):
        prose = CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for url in urls_in_text(prose):
            if is_aws_host(urlsplit(url).hostname or ""):
                places.append(Place(file, n, url))
    return places


def _url_values(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url" and isinstance(item, str) and re.match(r"https?://", item.strip()):
                yield (*loc, key), item.strip()
            else:
                yield from _url_values(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _url_values(item, (*loc, i))


def find_in_yaml(text: str, file: str) -> list[Place]:
    """Every `url:` value of a data file, at the line of its key; SourcesError if unreadable."""
    parsed, problems = parse(text)
    if parsed is None:
        raise SourcesError(
            "\n".join(p.format(file) for p in problems)
            + f"\n(fix the YAML; `python -m studyguide.check` lists every problem of {file})"
        )
    return [
        Place(file, line_of(parsed.lines, loc), url) for loc, url in _url_values(parsed.data, ())
    ]


def files_to_scan(paths: Iterable[Path]) -> list[Path]:
    """The data files (`*.yml`) and pages (`*.md`) named, or found under the folders named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml", ".md"))
        elif path.is_file() and path.suffix in (".yml", ".yaml", ".md"):
            files.append(path)
        elif path.exists():
            raise SourcesError(
                f"{path}: not a data file (.yml) or a page (.md); name one of those or a folder"
            )
        else:
            raise SourcesError(f"{path}: no such file or folder; check the path")
    return list(dict.fromkeys(files))


def find_places(paths: Iterable[Path]) -> list[Place]:
    """Every place a source URL is used in these files and folders, sorted by file and line."""
    places: list[Place] = []
    for path in files_to_scan(paths):
        name = display_path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourcesError(
                f"{name}:1: cannot read the file ({exc}); save it as UTF-8"
            ) from None
        finder = find_in_markdown if path.suffix == ".md" else find_in_yaml
        places += finder(text, name)
    return sorted(places)


# ---------------------------------------------------------------- classifying (no network)


@dataclass(frozen=True)
class Answer:
    """What a URL answered after its redirects were followed."""

    status: int | None  # the last HTTP status; None when nothing answered
    final_url: str  # the last URL asked (without a #fragment)
    reason: str = ""  # why nothing answered, or why the redirects stopped


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    detail: str = ""  # the status or the reason, for the report
    final_url: str = ""  # where a moved URL answers now

    def describe(self, url: str) -> str:
        if self.kind == "moved":
            return f"moved: {url} -> {self.final_url}"
        if self.kind == "ok":
            return f"ok: {url}"
        return f"{self.kind} ({self.detail}): {url}"


def classify(url: str, answer: Answer) -> Verdict:
    """ok (2xx at the same address), moved (2xx elsewhere), dead (an HTTP error or endless
    redirects), unreachable (no answer at all)."""
    if answer.status is None:
        return Verdict("unreachable", answer.reason or "no answer")
    if 200 <= answer.status < 300:
        asked, fragment = urldefrag(url)
        if answer.final_url == asked:
            return Verdict("ok", str(answer.status))
        final = answer.final_url
        if fragment and "#" not in final:
            final += f"#{fragment}"  # as a browser keeps the fragment through a redirect
        return Verdict("moved", str(answer.status), final)
    detail = f"{answer.status}, {answer.reason}" if answer.reason else str(answer.status)
    return Verdict("dead", detail)


# ---------------------------------------------------------------- asking (the network)


class _NoRedirects(HTTPRedirectHandler):
    """Hand 3xx answers back: redirects are followed by hand, keeping the method and count."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _ask(opener: OpenerDirector, url: str, method: str, timeout: float) -> tuple[int, str | None]:
    """One request: its status and Location header. The body is never read."""
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Location")
    except HTTPError as exc:
        try:
            return exc.code, exc.headers.get("Location")
        finally:
            exc.close()


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)


def _is_dns(exc: BaseException) -> bool:
    return isinstance(getattr(exc, "reason", None), socket.gaierror)


def _reason(exc: BaseException) -> str:
    """A few words on why nothing answered, for the report."""
    if _is_timeout(exc):
        return "timeout"
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        return f"DNS: {reason.strerror or reason}"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    if isinstance(reason, ssl.SSLError):
        return f"TLS: {reason.reason or reason}"
    if isinstance(reason, ValueError):
        return f"invalid URL: {reason}"
    text = str(getattr(reason, "strerror", None) or reason)
    return " ".join(text.split()) or type(reason).__name__


def _status(opener: OpenerDirector, url: str, timeout: float) -> tuple[int, str | None]:
    """HEAD, then GET when HEAD is refused or fails (but not on a timeout or a DNS error,
    which GET would meet again)."""
    try:
        status, location = _ask(opener, url, "HEAD", timeout)
        if status not in HEAD_REFUSED:
            return status, location
    except (OSError, http.client.HTTPException) as exc:  # URLError is an OSError
        if _is_timeout(exc) or _is_dns(exc):
            raise
    return _ask(opener, url, "GET", timeout)


def _follow(opener: OpenerDirector, url: str, timeout: float) -> Answer:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _status(opener, current, timeout)
        if not 300 <= status < 400:
            return Answer(status, current)
        if not location:
            return Answer(status, current, "a redirect without a Location")
        current = urljoin(current, location)
    return Answer(status, current, f"more than {MAX_REDIRECTS} redirects")


def check_url(url: str, timeout: float = TIMEOUT_S, retries: int = RETRIES) -> Answer:
    """Ask one URL, following its redirects; try again after a timeout."""
    opener = build_opener(_NoRedirects)  # per call: the proxy settings of the moment
    asked = urldefrag(url)[0]
    for attempt in range(retries + 1):
        try:
            return _follow(opener, asked, timeout)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            if _is_timeout(exc) and attempt < retries:
                continue
            return Answer(None, asked, _reason(exc))
    raise AssertionError("unreachable code")  # the loop always returns


def check_all(
    urls: Iterable[str], timeout: float = TIMEOUT_S, jobs: int = JOBS
) -> dict[str, Verdict]:
    """The verdict on each URL, asked a few at a time."""
    unique = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        answers = pool.map(lambda u: check_url(u, timeout), unique)
        return {url: classify(url, answer) for url, answer in zip(unique, answers, strict=True)}


# ---------------------------------------------------------------- reporting (no network)


def report(places: Sequence[Place], verdicts: Mapping[str, Verdict]) -> list[str]:
    """`FILE:LINE: verdict: URL` for every place of a URL that is not ok, by file and line."""
    return [
        f"{p.file}:{p.line}: {verdicts[p.url].describe(p.url)}"
        for p in sorted(places)
        if verdicts[p.url].kind != "ok"
    ]


def summary(places: Sequence[Place], verdicts: Mapping[str, Verdict]) -> str:
    counts = Counter(v.kind for v in verdicts.values())
    parts = ", ".join(f"{counts[k]} {k}" for k in KINDS)
    return f"sources: {len(verdicts)} URLs at {len(places)} places: {parts}"


def exit_status(verdicts: Mapping[str, Verdict]) -> int:
    """1 when a URL is dead or unreachable; moved only warns."""
    return int(any(v.kind in ("dead", "unreachable") for v in verdicts.values()))


def default_paths() -> list[Path]:
    """The data file, the question bank and the pages, from the site configuration."""
    from .project import Project

    project = Project.from_file(CONFIG) if CONFIG.is_file() else Project.from_config({}, None)
    paths = [project.data_file, project.questions_dir, project.docs_dir]
    return [p for p in paths if p.exists()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m studyguide.sources",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: all)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per request")
    parser.add_argument("--jobs", type=int, default=JOBS, help="requests at a time")
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error("--timeout must be a number of seconds above 0")
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    try:
        places = find_places(args.paths or default_paths())
    except SourcesError as exc:
        print(f"sources: {exc}", file=sys.stderr)
        return 2
    urls = list(dict.fromkeys(p.url for p in places))
    print(
        f"sources: asking {len(urls)} URLs ({args.jobs} at a time, {args.timeout:g} s timeout)",
        file=sys.stderr,
        flush=True,
    )
    verdicts = check_all(urls, args.timeout, args.jobs)
    for line in report(places, verdicts):
        print(line)
    print(summary(places, verdicts))
    for hint in hints(verdicts):
        print(f"sources: {hint}")
    return exit_status(verdicts)


def hints(verdicts: Mapping[str, Verdict]) -> list[str]:
    """How to fix what the report lists."""
    kinds = Counter(v.kind for v in verdicts.values())
    out = []
    if kinds["moved"]:
        out.append("replace each moved URL with the address it answers from now")
    if kinds["dead"]:
        out.append(
            "find the new page of each dead source (search its title on "
            "docs.aws.amazon.com) or remove the source"
        )
    if kinds["unreachable"] and kinds["unreachable"] == len(verdicts):
        out.append(
            "no URL answered: this machine seems to have no route to the sites "
            "(DNS, proxy, firewall); run again where it has one"
        )
    elif kinds["unreachable"]:
        out.append("run again to tell a passing outage from a site that is gone")
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
