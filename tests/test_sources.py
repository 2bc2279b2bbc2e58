"""The source checker (studyguide/sources.py) finds every source URL and judges it right.

Protects: the finder (every `url:` of the data and every AWS link of the pages, at the
right file and line, a URL used twice reported at both places, examples in code blocks
and code spans left out), the verdicts against a local server (ok, moved, dead, a HEAD
refused then a GET, a timeout retried, endless redirects, a closed port), the report's
format and the exit status. Nothing here leaves 127.0.0.1: the proxy settings are cleared
and the pages' AWS links are only found, never asked.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from studyguide import sources
from studyguide.sources import Answer, Place, Verdict, classify, find_in_markdown, find_in_yaml

TIMEOUT = 0.5  # seconds per request in these tests
SLEEP = 5.0  # /slow answers after this long (or when the server stops), far past TIMEOUT


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[tuple[str, str]]  # (method, path), in the order they came
    release: threading.Event  # set at teardown so that /slow stops waiting

    def handle_error(self, request, client_address) -> None:
        pass  # the client hung up on /slow: expected, not worth a traceback


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args) -> None:
        pass

    def _answer(self, method: str) -> None:
        self.server.requests.append((method, self.path))
        path = self.path
        if path == "/slow":
            self.server.release.wait(SLEEP)
        if path == "/ok" or path == "/slow":
            self._send(200)
        elif path == "/moved":
            self._send(301, Location="/ok")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path == "/head-refused":
            self._send(405 if method == "HEAD" else 200)
        else:  # /gone and anything else
            self._send(404)

    def _send(self, status: int, **headers: str) -> None:
        body = b"" if self.command == "HEAD" else b"<p>page</p>"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment would send 127.0.0.1 requests elsewhere."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.requests = []
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def base(server: _Server) -> str:
    server.requests.clear()
    return f"http://127.0.0.1:{server.server_address[1]}"


def verdict(url: str) -> Verdict:
    return classify(url, sources.check_url(url, timeout=TIMEOUT))


# ---------------------------------------------------------------- verdicts from the server


def test_ok(base):
    assert verdict(f"{base}/ok") == Verdict("ok", "200")


def test_moved_reports_the_final_url(base):
    v = verdict(f"{base}/moved")
    assert (v.kind, v.final_url) == ("moved", f"{base}/ok")


def test_moved_keeps_the_fragment(base):
    assert verdict(f"{base}/moved#intro").final_url == f"{base}/ok#intro"


def test_a_fragment_alone_is_not_a_move(base):
    assert verdict(f"{base}/ok#intro").kind == "ok"


def test_gone_is_dead(base):
    assert verdict(f"{base}/gone") == Verdict("dead", "404")


def test_head_refused_then_get(base, server):
    assert verdict(f"{base}/head-refused").kind == "ok"
    assert server.requests == [("HEAD", "/head-refused"), ("GET", "/head-refused")]


def test_head_answered_needs_no_get(base, server):
    """Negative control of the one above: GET is asked only when HEAD is refused."""
    verdict(f"{base}/ok")
    assert server.requests == [("HEAD", "/ok")]


def test_slow_is_unreachable_after_one_retry(base, server):
    start = time.monotonic()
    assert verdict(f"{base}/slow") == Verdict("unreachable", "timeout")
    assert time.monotonic() - start < 4 * TIMEOUT + 1
    assert server.requests == [("HEAD", "/slow")] * 2  # a timeout: retried, no GET


def test_endless_redirects_are_dead(base, server):
    v = verdict(f"{base}/loop")
    assert v.kind == "dead"
    assert "more than 5 redirects" in v.detail
    assert len(server.requests) == sources.MAX_REDIRECTS + 1


def test_closed_port_is_unreachable():
    with socket.socket() as s:  # a port that nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    v = verdict(f"http://127.0.0.1:{port}/ok")
    assert v == Verdict("unreachable", "connection refused")


def test_each_url_is_asked_once(base, server):
    urls = [f"{base}/ok", f"{base}/gone", f"{base}/ok"]
    verdicts = sources.check_all(urls, timeout=TIMEOUT, jobs=3)
    assert {u: v.kind for u, v in verdicts.items()} == {f"{base}/ok": "ok", f"{base}/gone": "dead"}
    assert sorted(server.requests) == [("HEAD", "/gone"), ("HEAD", "/ok")]


# ---------------------------------------------------------------- classify (no network)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Answer(200, "https://a.aws/x"), Verdict("ok", "200")),
        (Answer(204, "https://a.aws/x"), Verdict("ok", "204")),
        (Answer(200, "https://a.aws/y"), Verdict("moved", "200", "https://a.aws/y")),
        (Answer(404, "https://a.aws/x"), Verdict("dead", "404")),
        (Answer(410, "https://a.aws/y"), Verdict("dead", "410")),  # moved, then gone
        (Answer(503, "https://a.aws/x"), Verdict("dead", "503")),
        (Answer(301, "https://a.aws/z", "more than 5 redirects"), None),
        (Answer(None, "https://a.aws/x", "timeout"), Verdict("unreachable", "timeout")),
    ],
)
def test_classify(answer, expected):
    got = classify("https://a.aws/x", answer)
    if expected is None:
        assert (got.kind, got.detail) == ("dead", "301, more than 5 redirects")
    else:
        assert got == expected


# ---------------------------------------------------------------- finding (no network)

DATA = """\
comparisons:
  - id: demo
    sources:
      - {title: A, url: "https://docs.aws.amazon.com/a.html"}
      - title: B
        url: https://aws.amazon.com/b/
    note: "url: https://docs.aws.amazon.com/not-a-url-key.html"
    related:
      url: TBD
questions:
  - evidence:
      - title: A again
        url: https://docs.aws.amazon.com/a.html
"""

PAGE = """\
# Page

See the [user guide](https://docs.aws.amazon.com/a.html) and
<https://repost.aws/questions/1>, or https://aws.amazon.com/c/.
Not AWS: https://www.example.com/ and https://my-bucket.s3.amazonaws.com/cat.jpg.
An example in code: `https://docs.aws.amazon.com/in-a-span.html`.

```text
https://docs.aws.amazon.com/in-a-fence.html
```

!!! note
    ~~~~
    https://docs.aws.amazon.com/in-an-indented-fence.html
    ~~~~
    Back in prose: [guide](https://docs.aws.amazon.com/d_(e).html "Title").
"""


def test_yaml_urls_at_their_lines():
    assert find_in_yaml(DATA, "data.yml") == [
        Place("data.yml", 4, "https://docs.aws.amazon.com/a.html"),
        Place("data.yml", 6, "https://aws.amazon.com/b/"),
        Place("data.yml", 13, "https://docs.aws.amazon.com/a.html"),
    ]


def test_markdown_links_at_their_lines_code_left_out():
    assert find_in_markdown(PAGE, "page.md") == [
        Place("page.md", 3, "https://docs.aws.amazon.com/a.html"),
        Place("page.md", 4, "https://repost.aws/questions/1"),
        Place("page.md", 4, "https://aws.amazon.com/c/"),
        Place("page.md", 16, "https://docs.aws.amazon.com/d_(e).html"),
    ]


def test_code_is_found_once_it_is_prose():
    """Negative control of the one above: the same URLs outside code are found."""
    prose = PAGE.replace("`", "").replace("~~~~", "")
    found = {p.url for p in find_in_markdown(prose, "page.md")}
    assert {
        "https://docs.aws.amazon.com/in-a-span.html",
        "https://docs.aws.amazon.com/in-a-fence.html",
        "https://docs.aws.amazon.com/in-an-indented-fence.html",
    } <= found


@pytest.mark.parametrize(
    ("host", "aws"),
    [
        ("docs.aws.amazon.com", True),
        ("aws.amazon.com", True),
        ("console.amazon.com", True),
        ("repost.aws", True),
        ("AWS.Amazon.com", True),
        ("amazonaws.com", False),
        ("my-bucket.s3.amazonaws.com", False),
        ("notamazon.com", False),
        ("example.com", False),
        ("aws", False),
    ],
)
def test_aws_hosts(host, aws):
    assert sources.is_aws_host(host) is aws


def test_a_url_used_twice_is_reported_at_both_places(tmp_path):
    (tmp_path / "data.yml").write_text(DATA)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE)
    places = sources.find_places([tmp_path])
    shared = [p for p in places if p.url == "https://docs.aws.amazon.com/a.html"]
    assert [(Path(p.file).name, p.line) for p in shared] == [
        ("data.yml", 4),
        ("data.yml", 13),
        ("page.md", 3),
    ]
    verdicts = {p.url: Verdict("dead", "404") for p in places}
    lines = sources.report(places, verdicts)
    assert sum("dead (404): https://docs.aws.amazon.com/a.html" in line for line in lines) == 3


def test_a_broken_data_file_is_named_with_its_line(tmp_path):
    (tmp_path / "data.yml").write_text("comparisons:\n  - {title: A, url: [\n")
    with pytest.raises(sources.SourcesError, match=r"data\.yml:\d+: YAML syntax error"):
        sources.find_places([tmp_path / "data.yml"])


def test_a_missing_path_says_so(tmp_path):
    with pytest.raises(sources.SourcesError, match="no such file or folder"):
        sources.find_places([tmp_path / "nope.yml"])


# ---------------------------------------------------------------- report and exit status


def test_report_format_sorted_by_file_and_line():
    places = [
        Place("b.md", 2, "https://x.aws/gone"),
        Place("a.yml", 9, "https://x.aws/gone"),
        Place("a.yml", 3, "https://x.aws/old"),
        Place("a.yml", 1, "https://x.aws/fine"),
        Place("a.yml", 5, "https://x.aws/down"),
    ]
    verdicts = {
        "https://x.aws/gone": Verdict("dead", "404"),
        "https://x.aws/old": Verdict("moved", "200", "https://x.aws/new"),
        "https://x.aws/fine": Verdict("ok", "200"),
        "https://x.aws/down": Verdict("unreachable", "timeout"),
    }
    assert sources.report(places, verdicts) == [
        "a.yml:3: moved: https://x.aws/old -> https://x.aws/new",
        "a.yml:5: unreachable (timeout): https://x.aws/down",
        "a.yml:9: dead (404): https://x.aws/gone",
        "b.md:2: dead (404): https://x.aws/gone",
    ]
    assert sources.summary(places, verdicts) == (
        "sources: 4 URLs at 5 places: 1 ok, 1 moved, 1 dead, 1 unreachable"
    )


def _data_file(tmp_path: Path, base: str, *paths: str) -> Path:
    body = "".join(f"  - {{title: T, url: '{base}{p}'}}\n" for p in paths)
    file = tmp_path / "data.yml"
    file.write_text(f"sources:\n{body}")
    return file


def test_main_ok_and_moved_exit_0(tmp_path, base, capsys):
    file = _data_file(tmp_path, base, "/ok", "/moved")
    assert sources.main(["--timeout", str(TIMEOUT), str(file)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{sources.display_path(file)}:3: moved: {base}/moved -> {base}/ok"
    assert out[1] == "sources: 2 URLs at 2 places: 1 ok, 1 moved, 0 dead, 0 unreachable"


def test_main_dead_exit_1(tmp_path, base, capsys):
    file = _data_file(tmp_path, base, "/ok", "/gone", "/head-refused")
    assert sources.main(["--timeout", str(TIMEOUT), "--jobs", "2", str(file)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{sources.display_path(file)}:3: dead (404): {base}/gone"
    assert "1 dead" in out[1]


def test_main_unreadable_file_exit_2(tmp_path, capsys):
    (tmp_path / "data.yml").write_text("a: [\n")
    assert sources.main([str(tmp_path / "data.yml")]) == 2
    assert "data.yml:" in capsys.readouterr().err


def test_main_refuses_a_bad_option(capsys):
    with pytest.raises(SystemExit) as exc:
        sources.main(["--jobs", "0", "x.yml"])
    assert exc.value.code == 2
    assert "--jobs must be 1 or more" in capsys.readouterr().err


def test_hints_tell_an_offline_machine_from_a_dead_link():
    down = Verdict("unreachable", "DNS: Name or service not known")
    assert "no route" in sources.hints({"a": down, "b": down})[0]
    mixed = sources.hints({"a": down, "b": Verdict("dead", "404"), "c": Verdict("ok", "200")})
    assert not any("no route" in h for h in mixed)  # negative control: some URLs answered
    assert any("dead source" in h for h in mixed)
    assert sources.hints({"c": Verdict("ok", "200")}) == []
