"""Benchmark: how fast the live preview shows an edit.

    .venv/bin/python benchmarks/bench_serve.py [--rounds R] [--timeout S] [--serve-arg ARG]

Starts `python3 tasks.py serve -a 127.0.0.1:PORT` (`mkdocs serve --dirty --watch data`) on
a free port, waits until the home page answers, then for each case changes a file and
polls the served page every 50 ms until the change is there, timing from the moment the
write completes to the moment the new content is served:

- page: a sentence with a unique marker appended to docs/storage/ebs.md, polled on
  /storage/ebs/ (target: within 2 s);
- data: one cell of a comparison table shown on docs/storage/index.md changed to a unique
  marker in data/comparisons.yml, polled on /storage/, whose table must show it (target:
  within 5 s).

MkDocs' watcher polls the files every 0.5 s and waits for the changes to stop before it
builds, and the server holds a page request while a build runs: the time measured
includes both, which is what a writer feels. Each case runs R times (default 5); the
median and the worst are printed against the targets, with the build times MkDocs logged.
Every file is restored byte for byte afterwards (also on Ctrl-C or a failure), and the
server is stopped. `--serve-arg` passes an option on to `tasks.py serve` (e.g.
`--serve-arg=--clean` for full rebuilds to compare with);
`--server-log FILE` keeps the server's output with the second each line came.

Not a test: the machine is shared and noisy; the figures of one run are indicative only.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "storage" / "ebs.md"
INDEX = ROOT / "docs" / "storage" / "index.md"
DATA = ROOT / "data" / "comparisons.yml"
POLL = 0.05  # seconds between two requests
TARGETS = {"page": 2.0, "data": 5.0}
LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.S)
TAGS = re.compile(r"<[^>]+>")
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", fragment)).split())


class Server:
    """`tasks.py serve` in its own process group, its log lines kept with their times."""

    def __init__(self, port: int, extra: list[str]) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.lines: list[tuple[float, str]] = []
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tasks.py"), "serve", "-a", f"127.0.0.1:{port}", *extra],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # Ctrl-C reaches this script, which restores and stops
            # A background shell ignores SIGINT; MkDocs needs it to shut down cleanly.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def log(self, since: int = 0) -> list[str]:
        return [line for _, line in self.lines[since:]]

    def get(self, path: str, timeout: float = 60) -> str | None:
        """The page's HTML without the live-reload script; None when it does not answer."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return LIVERELOAD.sub("", response.read().decode("utf-8", "replace"))
        except (urllib.error.URLError, OSError):
            return None

    def wait_up(self, limit: float) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if self.proc.poll() is not None:
                time.sleep(0.2)  # the rest of its output
                tail = "\n    ".join(self.log()[-12:])
                sys.exit(
                    f"the server stopped (exit {self.proc.returncode}) before serving:\n    {tail}"
                )
            serving = any(f"Serving on {self.url}/" in line for line in self.log())
            if serving and self.get("/", timeout=5) is not None:
                return time.perf_counter() - start
            time.sleep(0.2)
        sys.exit(f"the server did not answer within {limit:.0f} s")

    def wait_quiet(
        self, since: int, expect: bool = False, quiet: float = 2.0, limit: float = 120
    ) -> None:
        """Until every build started since log line `since` (at least one if `expect`) is
        over and the log has been quiet for `quiet` seconds, the watcher's polls included."""
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            log = self.log(since)
            detected = sum("Detected file changes" in line for line in log)
            done = sum("Reloading browsers" in line or "error happened" in line for line in log)
            last = max(self.lines[-1][0] if self.lines else start, start)
            if detected <= done and (detected or not expect) and time.perf_counter() - last > quiet:
                return
            time.sleep(0.1)

    def children(self) -> list[int]:
        try:
            path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
            return [int(pid) for pid in path.read_text().split()]
        except (OSError, ValueError):
            return []

    def stop(self) -> None:
        """SIGINT to MkDocs (it removes its temporary site), then to the group, then kill."""
        if self.proc.poll() is not None:
            return
        for pid in self.children():
            try:
                os.kill(pid, signal.SIGINT)
            except ProcessLookupError:
                pass
        for sig, wait in ((None, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if sig is not None:
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


@dataclass
class Edit:
    """One file, changed by replacing one span of its original bytes; restorable."""

    path: Path
    original: bytes = b""
    written: bytes | None = None
    change: tuple[bytes, bytes] = (b"", b"")  # (what was there, what we put there)

    def __post_init__(self) -> None:
        self.original = self.path.read_bytes()

    def write(self, start: int, end: int, new: bytes) -> float:
        """Write the original with [start:end] replaced by `new`; the time the write ended."""
        if self.path.read_bytes() not in (self.original, self.written):
            sys.exit(f"{self.path} was edited by someone else meanwhile: stopping, not writing")
        self.change = (self.original[start:end], new)
        self.written = self.original[:start] + new + self.original[end:]
        with self.path.open("wb") as f:
            f.write(self.written)
        return time.perf_counter()

    def restore(self) -> bool:
        """The original bytes back; only our change taken out if someone else edited too.
        False when the file was not written."""
        if self.written is None:
            return False
        current = self.path.read_bytes()
        old, new = self.change
        if current == self.written:
            self.path.write_bytes(self.original)
        elif current != self.original and current.count(new) == 1:
            print(f"warning: {self.path} was edited meanwhile; only the marker is taken out")
            self.path.write_bytes(current.replace(new, old, 1))
        elif current != self.original:
            print(f"warning: {self.path} was edited meanwhile and has no marker; left as it is")
        self.written = None
        return current != self.original


@dataclass
class Case:
    name: str
    url: str
    times: list[float] = field(default_factory=list)
    builds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def table_html(body: str, cid: str) -> str:
    """The comparison table `cid` as the page shows it (the macro gives it that id)."""
    match = re.search(rf'<table\b[^>]*\bid="cmp-{re.escape(cid)}".*?</table>', body, re.S)
    return match[0] if match else ""


def choose_cell(raw: bytes, served: str) -> tuple[int, int, str, str, str]:
    """A cell of a table that storage/index.md shows, in the data file's bytes `raw`:
    (start, end, value, row, table id)."""
    text = raw.decode("utf-8")
    data = yaml.safe_load(text)
    tables = {t["id"]: t for t in data["comparisons"]}
    ids = re.findall(r"comparison\(\s*['\"]([a-z0-9-]+)['\"]", INDEX.read_text(encoding="utf-8"))
    for cid in ids:
        table = tables.get(cid)
        block = re.search(rf"^\s*- id: {re.escape(cid)}\s*$", text, re.M)
        if table is None or block is None:
            continue
        for row in table["rows"]:
            name = re.search(
                rf"^\s*- name: (['\"]?){re.escape(row['name'])}\1\s*$", text[block.end() :], re.M
            )
            if name is None:
                continue
            after_row = block.end() + name.end()
            for column in table["columns"]:
                value = row["cells"].get(column["key"])
                shown = table_html(served, cid)
                if not isinstance(value, str) or html.escape(value, quote=False) not in shown:
                    continue
                cell = re.compile(
                    rf"^\s+{re.escape(column['key'])}: (['\"]?)({re.escape(value)})\1[ \t]*$", re.M
                ).search(text, after_row)
                if cell is None:
                    continue
                start, end = len(text[: cell.start(2)].encode()), len(text[: cell.end(2)].encode())
                probe = "Edited benchmark000000000000"
                edited = yaml.safe_load((raw[:start] + probe.encode() + raw[end:]).decode())
                row["cells"][column["key"]] = probe  # the data as it should read then
                if edited == data:  # that cell changed and nothing else
                    return start, end, value, row["name"], cid
                row["cells"][column["key"]] = value
    sys.exit("no cell of a table shown on storage/index.md could be found in the data file")


def measure(
    server: Server,
    case: Case,
    edit: Edit,
    span: tuple[int, int],
    new: bytes,
    marker: str,
    timeout: float,
    describe: Callable[[], str],
) -> None:
    """Write `new` over `span` of the file, then poll the case's page until `marker` shows."""
    since = len(server.lines)
    written = edit.write(*span, new)
    seen = None
    while time.perf_counter() - written < timeout:
        body = server.get(case.url, timeout=timeout)
        if body is not None and marker in body:
            seen = time.perf_counter() - written
            break
        time.sleep(POLL)
    server.wait_quiet(since, expect=True, limit=60)
    log = server.log(since)
    case.builds += [float(m[1]) for line in log if (m := BUILT.search(line))]
    if seen is not None:
        case.times.append(seen)
        print(f"  {case.name}: shown after {seen:.2f} s", flush=True)
        return
    rebuilds = sum("Detected file changes" in line for line in log)
    built = [m[1] for line in log if (m := BUILT.search(line))]
    errors = [line for line in log if "ERROR" in line or "Traceback" in line]
    what = (
        f"not shown within {timeout:.0f} s; after the write the server logged "
        f"{rebuilds} rebuild(s) (built in {', '.join(built) or '-'} s)"
        f"{'; errors: ' + ' | '.join(errors[:3]) if errors else ''}; {describe()}"
    )
    case.misses.append(what)
    print(f"  {case.name}: {what}", flush=True)


def report(case: Case, rounds: int) -> None:
    target = TARGETS[case.name]
    builds = f"; MkDocs' builds took {statistics.median(case.builds):.2f} s (median)"
    builds = builds if case.builds else ""
    if case.times:
        median, worst = statistics.median(case.times), max(case.times)
        verdict = "met" if worst <= target else ("median met" if median <= target else "missed")
        print(
            f"{case.name:5} {len(case.times)}/{rounds} shown: median {median:.2f} s, "
            f"worst {worst:.2f} s; target {target:.0f} s: {verdict}{builds}"
        )
    else:
        print(f"{case.name:5} 0/{rounds} shown; target {target:.0f} s: missed{builds}")
    for miss in dict.fromkeys(case.misses):
        print(f"      {miss}")
    if case.misses and case.name == "data":
        print(
            "      (a --dirty rebuild renders only the pages whose Markdown changed, and the "
            "data file is no page;\n      --serve-arg=--clean, a full rebuild each time, "
            "shows whether a full build takes the change)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for a change")
    parser.add_argument("--start-timeout", type=float, default=600)
    parser.add_argument("--serve-arg", action="append", default=[], help="for tasks.py serve")
    parser.add_argument("--server-log", type=Path, help="write the server's output there")
    args = parser.parse_args()

    def interrupted(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    edits: list[Edit] = []  # each taken just before its case, so it starts from the latest
    server = Server(free_port(), args.serve_arg)
    page, data = Case("page", "/storage/ebs/"), Case("data", "/storage/")
    try:
        up = server.wait_up(args.start_timeout)
        print(f"server answered after {up:.1f} s on {server.url}", flush=True)
        server.wait_quiet(0)

        page_edit = Edit(PAGE)
        edits.append(page_edit)
        tail = len(page_edit.original)
        for _ in range(args.rounds):
            marker = f"benchmark{secrets.token_hex(6)}"
            sentence = f"\nThis sentence, {marker}, is a live preview benchmark's marker.\n"
            measure(
                server,
                page,
                page_edit,
                (tail, tail),
                sentence.encode(),
                marker,
                args.timeout,
                lambda: "the page does not contain the marker",
            )
            if len(page.misses) >= 2 and not page.times:
                print("  page: two misses and no hit; the remaining rounds are skipped")
                break
        since = len(server.lines)
        server.wait_quiet(since, expect=page_edit.restore())

        data_edit = Edit(DATA)
        edits.append(data_edit)
        start, end, value, row, cid = choose_cell(data_edit.original, server.get(data.url) or "")
        print(f"data: the cell {value!r} of row {row!r} of table {cid!r}", flush=True)

        def row_text() -> str:
            shown = table_html(server.get(data.url) or "", cid)
            for tr in re.findall(r"<tr\b.*?</tr>", shown, re.S):
                if text_of(tr).startswith(row):
                    return f"{data.url}, table {cid}, still shows row {row!r} as {text_of(tr)!r}"
            return f"{data.url} shows no row {row!r} in a table {cid}"

        for _ in range(args.rounds):
            marker = f"benchmark{secrets.token_hex(6)}"
            measure(
                server,
                data,
                data_edit,
                (start, end),
                f"Edited {marker}".encode(),
                marker,
                args.timeout,
                row_text,
            )
            if len(data.misses) >= 2 and not data.times:
                print("  data: two misses and no hit; the remaining rounds are skipped")
                break
        since = len(server.lines)
        server.wait_quiet(since, expect=data_edit.restore())
    finally:
        for edit in edits:
            edit.restore()
        server.stop()
        if args.server_log:
            args.server_log.write_text(
                "".join(f"{t - server.started:9.3f}  {line}\n" for t, line in server.lines)
            )
    print(f"\n{args.rounds} rounds per case, polled every {POLL * 1000:.0f} ms:")
    report(page, args.rounds)
    report(data, args.rounds)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: the files are restored and the server is stopped")
