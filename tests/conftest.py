"""Shared fixtures, and markers applied from the fixtures a test uses.

A test is marked by what it needs, so that `python3 tasks.py test --quick` can leave out
the slow kinds: `site` (the real site, built once per session), `fixture` (tiny sites
built in a temporary folder), `browser` (Chromium) and `pdf` (WeasyPrint renders).
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Hypothesis: thorough by default; `fast` for the edit loop (tasks.py test --quick).
settings.register_profile(
    "thorough", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fast", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("SAA_HYPOTHESIS", "thorough"))

# Fixture name -> marker: a test that uses the fixture (directly or through another) needs it.
NEEDS = {
    "built_site": "site",
    "fixture_site": "fixture",
    "browser": "browser",
    "chromium": "browser",
    "pdfs": "pdf",
    "weasyprint": "pdf",
    "nu_checker": "site",  # the checker of the built site; its own negative control too
}


# Rough seconds of a test by its heaviest need, to order the files (see below).
WEIGHT = {"crawl": 60, "browser": 2, "fixture": 1, "site": 0.5, "pdf": 0.05}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in NEEDS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
    # Under `pytest -n` (one test file per worker, handed out in this order) the heaviest
    # files go first, so that no worker is left with a long file at the end: a file weighs
    # what its tests need. In a file, the crawls of the whole site (the longest tests) first.
    weight: Counter[str] = Counter()
    for item in items:
        weight[item.path] += max((WEIGHT.get(m.name, 0) for m in item.iter_markers()), default=0)
    items.sort(key=lambda item: (-weight[item.path], item.get_closest_marker("crawl") is None))


def pytest_unconfigure(config: pytest.Config) -> None:  # noqa: ARG001
    # The session's parsed pages (tests/html_pages.py) are millions of objects linked in
    # cycles; left to the collector, freeing them at exit takes seconds. The process ends
    # now, so they are frozen out of its sight and the memory goes back with the process.
    gc.freeze()


VALID = textwrap.dedent(
    """\
    comparisons:
      - id: demo
        title: Demo table
        intro: Shows the pipeline.
        area: storage
        row_label: Thing
        columns:
          - {key: size, label: Size}
          - {key: speed, label: Speed}
        rows:
          - name: Alpha
            cells: {size: "1 GB", speed: Fast}
          - name: Beta
            cells: {size: "2 GB", speed: Slow}
        sources:
          - {title: Demo source, url: "https://docs.aws.amazon.com/demo.html"}
        verified: 2026-11-27
        exam_tasks: ["3.1"]
    """
)


@pytest.fixture
def valid_yaml() -> str:
    return VALID


def mkdocs_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


def build_site(config_dir: Path, site_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` of the config in `config_dir` into `site_dir`: strict, unless
    `options` are given instead (`--dirty`, as the live preview rebuilds)."""
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", *(options or ("--strict",)), "-d", str(site_dir)],
        cwd=config_dir,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


FIXTURE_CONFIG = """\
site_name: Fixture
site_url: https://example.invalid/
theme:
  name: material
  font: false
validation:
  links: {not_found: warn, anchors: warn}
extra:
  saa:
    data: data.yml
    questions: questions
    cache_dir: cache
plugins:
  - macros:
      modules: [macros]
      render_by_default: false
      on_error_fail: true
      on_undefined: strict
markdown_extensions:
  - admonition
  - pymdownx.superfences
"""


@pytest.fixture
def fixture_site(tmp_path: Path):
    """Write a tiny site (pages + data file) into tmp_path and build it strictly."""

    def make(
        pages: dict[str, str],
        data: str = VALID,
        extensions: tuple[str, ...] = (),
        hooks: bool = False,
        questions: dict[str, str] | None = None,
    ) -> tuple[subprocess.CompletedProcess[str], Path]:
        """`hooks=True` adds the project's MkDocs hooks (hooks/saa.py)."""
        config = FIXTURE_CONFIG + "".join(f"  - {name}\n" for name in extensions)
        if hooks:
            config += f"hooks:\n  - {ROOT / 'hooks' / 'saa.py'}\n"
        (tmp_path / "mkdocs.yml").write_text(config)
        for name, text in pages.items():
            path = tmp_path / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        (tmp_path / "data.yml").write_text(data)
        for name, text in (questions or {}).items():
            (tmp_path / "questions").mkdir(exist_ok=True)
            (tmp_path / "questions" / name).write_text(text)
        site = tmp_path / "site"
        return build_site(tmp_path, site), site

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with its PDF cheat sheets. The workers of
    `pytest -n` share it: the first that needs it builds it, the others wait for it.

    SAA_TEST_SITE=DIR reuses a site that is already built, to iterate on tests quickly.
    """
    if os.environ.get("SAA_TEST_SITE"):
        return Path(os.environ["SAA_TEST_SITE"])
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    site, built = shared / "site", shared / "site.built"
    with FileLock(shared / "site.lock"):
        if not built.exists():
            shutil.rmtree(site, ignore_errors=True)
            result = build_site(ROOT, site)
            assert result.returncode == 0, result.stdout + result.stderr
            pdf = subprocess.run(
                [str(BIN / "python"), "-m", "cheatsheets", "--out", str(site / "cheatsheets")],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert pdf.returncode == 0, pdf.stdout + pdf.stderr
            built.touch()
    return site


# ---------------------------------------------------------------- the browser tests' fixtures


@pytest.fixture(scope="session")
def base_url(built_site):
    """The built site served on localhost (and axe-core beside it)."""
    from browsing import serving

    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> str:
    from browsing import CHROMIUM

    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium, base_url):
    """One Chromium for the session, driven by Playwright's synchronous API; it reaches
    `base_url` under `instant_url` too."""
    from crawl import FLAGS, portless
    from playwright.sync_api import sync_playwright

    mapping, _ = portless(base_url)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[*FLAGS, mapping])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def instant_url(base_url) -> str:
    """The served site (`base_url`) at a host name without a port, where Material's
    instant navigation works: it swaps in only a page whose address is in the site map,
    matched by scheme and host but not by port, and reloads every page of 127.0.0.1:PORT."""
    from crawl import portless

    return portless(base_url)[1]
