"""The way out of MkDocs 1.x: the site builds with ProperDocs and with Zensical, and teaches
the same things as the MkDocs build.

Protects: the pinned ProperDocs (`properdocs build --strict`, which runs the project's hooks
and macros as MkDocs does) and the pinned Zensical (`zensical build`, which runs the macros
but no MkDocs hook; Pagefind indexes its output afterwards) each build the project, once
per session; compared with the MkDocs build (the `built_site` fixture), each gives the same
pages and files (less the generator's own theme assets and search files, listed below with
the reason), every comparison table with the same rows, the exam-task tags that each page's
front matter names, the glossary tooltips, the diagrams with both images, the practice
pages with all their questions, and no broken internal link.

Where a generator cannot give the same thing (its own build of the theme, its own search
index, a gzip copy of the sitemap), the test leaves it out with the reason.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import linkcheck
import pytest
from conftest import ROOT, mkdocs_env
from html_pages import parse

from studyguide.pages import DocsIndex

BIN = Path(sys.executable).parent
PROPERDOCS, ZENSICAL = "properdocs", "zensical"
TIMEOUT = 300  # seconds; a build takes about 5 s (ProperDocs) and 10 s (Zensical, cold)

# ---------------------------------------------------------------- known differences


class Differs(AssertionError):
    """A generator's site is not the same as the MkDocs site, or the generator did not build.

    The marks below expect this exception only: a failure of the MkDocs build, or a check
    of the MkDocs site itself (plain `assert`), is never taken for a known difference."""


def same(generator: str, problems: list[str], what: str = "") -> None:
    """The assertion of every comparison: no problem, else Differs listing each page."""
    if problems:
        head = f"{generator}: {what}" if what else f"{generator}:"
        raise Differs(f"{head}\n{report(problems)}")


def report(problems: list[str], limit: int = 25) -> str:
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return "\n".join(problems[:limit]) + more


def generators() -> list:
    """The generators compared with MkDocs."""
    return [PROPERDOCS, ZENSICAL]


# Files that no generator but the one that wrote them can give, and why. Paths are relative
# to the site root.
NOT_THE_SAME = [
    # Each generator ships its own build of the theme: MkDocs and ProperDocs Material 9.8's
    # scripts (with lunr's language files and source maps), Zensical its own bundle and its
    # classic and modern stylesheets, all named by a hash of their content.
    r"assets/javascripts/(bundle\.[0-9a-f]+\.min\.js(\.map)?|lunr/.+|workers/.+|LICENSE)",
    r"assets/stylesheets/((classic|modern)/)?(main|palette)\.[0-9a-f]+\.min\.css(\.map)?",
    # Zensical always builds its own search index (its search is on unless turned off);
    # mkdocs.yml lists no `search` plugin, so MkDocs and ProperDocs build none. The site
    # searches with Pagefind in every case.
    r"search\.json",
    # MkDocs and ProperDocs also write a gzip copy of the sitemap; Zensical does not.
    r"sitemap\.xml\.gz",
    # Pagefind names its index files by a hash of the indexed text, which differs where
    # the hooks add text (Zensical runs none); the number of pages indexed is compared.
    r"pagefind/(fragment|index)/.+",
    r"pagefind/pagefind\.[^/]+\.pf_meta",
]
NOT_THE_SAME_RE = re.compile("|".join(f"(?:{p})" for p in NOT_THE_SAME))

# ---------------------------------------------------------------- the builds


@dataclass
class Build:
    generator: str
    site: Path
    returncode: int
    output: str
    seconds: float


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**mkdocs_env(), "PYTHONPATH": str(ROOT)}  # the project's packages, from anywhere
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def _tail(result: subprocess.CompletedProcess[str], lines: int = 25) -> str:
    return "\n".join((result.stdout + result.stderr).strip().splitlines()[-lines:])


def build_properdocs(work: Path) -> Build:
    """ProperDocs reads mkdocs.yml as MkDocs does and runs the hooks (Pagefind included)."""
    site = work / "site"
    start = time.perf_counter()
    done = _run(
        [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        ROOT,
    )
    return Build(PROPERDOCS, site, done.returncode, _tail(done), time.perf_counter() - start)


ZENSICAL_CONFIG = """\
# The project's mkdocs.yml, with the folders Zensical needs inside this one.
INHERIT: {config}
docs_dir: docs
site_dir: site
theme:
  custom_dir: {root}/overrides
extra:
  saa:
    data: {root}/data/comparisons.yml
    questions: {root}/data/questions
    cache_dir: {root}/.cache
"""


def build_zensical(work: Path) -> Build:
    """Zensical has no option for the output folder and wants docs_dir and site_dir inside
    the configuration file's folder: it builds a copy of docs/ from a configuration that
    inherits mkdocs.yml (Zensical merges INHERIT as MkDocs does), so nothing is written
    into the working tree but the shared build caches. Its own cache starts empty in each
    session. It runs no MkDocs hook, so Pagefind indexes its output here, as the hook does."""
    shutil.copytree(ROOT / "docs", work / "docs")
    config = work / "mkdocs.yml"
    config.write_text(
        ZENSICAL_CONFIG.format(config=ROOT / "mkdocs.yml", root=ROOT), encoding="utf-8"
    )
    site = work / "site"
    start = time.perf_counter()
    done = _run([str(BIN / "zensical"), "build", "--strict", "-f", str(config)], work)
    if done.returncode == 0:
        indexed = _run(
            [
                str(BIN / "python"),
                "-m",
                "pagefind",
                "--site",
                str(site),
                "--root-selector",
                "article",
                "--silent",
            ],
            work,
        )
        if indexed.returncode:
            done = indexed
    return Build(ZENSICAL, site, done.returncode, _tail(done), time.perf_counter() - start)


class Builds:
    """Each generator's build, made once per session when a test first asks for it."""

    def __init__(self, reference: Path, tmp: pytest.TempPathFactory) -> None:
        self.reference = reference
        self.tmp = tmp
        self.done: dict[str, Build] = {}

    def get(self, generator: str) -> Build:
        if generator not in self.done:
            maker = build_properdocs if generator == PROPERDOCS else build_zensical
            build = maker(self.tmp.mktemp(generator))
            # The PDF cheat sheets are a step of their own after any generator (tasks.py
            # build runs `python -m cheatsheets` into site/cheatsheets/); the MkDocs site
            # has them, and they are the same whichever generator built the pages.
            sheets = self.reference / "cheatsheets"
            if build.returncode == 0 and sheets.is_dir():
                shutil.copytree(sheets, build.site / "cheatsheets", dirs_exist_ok=True)
            self.done[generator] = build
        return self.done[generator]

    def site(self, generator: str) -> Path:
        build = self.get(generator)
        if build.returncode:
            pytest.skip(f"{generator} did not build; test_builds[{generator}] says why")
        return build.site


@pytest.fixture(scope="session")
def builds(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(built_site, tmp_path_factory)


# ---------------------------------------------------------------- reading the sites


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))


def files(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not NOT_THE_SAME_RE.fullmatch(p.relative_to(site).as_posix())
    }


def output_of(src: str) -> str:
    """The built file of a page source (directory URLs): storage/s3.md -> storage/s3/index.html."""
    path = src.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index") + "index.html"
    return f"{path}/index.html"


def tables(page: Path) -> dict[str, list[str]]:
    """Comparison table id -> the row names (tbody th texts), in order."""
    return {
        t.get("id", "?"): [th.get_text(" ", strip=True) for th in t.select("tbody th")]
        for t in parse(page).select("table.cmp-table")
    }


TASK_ANCHOR = re.compile(r"#task-(\d+)-(\d+)$")


def exam_tags(page: Path) -> list[str]:
    """The task ids of the page's exam-task tags, from their links, in order."""
    ids = []
    for tag in parse(page).select(".exam-tag"):
        match = TASK_ANCHOR.search(tag.get("href", ""))
        ids.append(f"{match[1]}.{match[2]}" if match else tag.get_text(" ", strip=True))
    return ids


def tag_texts(page: Path) -> list[str]:
    return [t.get_text(" ", strip=True) for t in parse(page).select(".exam-tag")]


def tooltips(page: Path) -> set[tuple[str, str]]:
    return {(a.get_text(), a["title"]) for a in parse(page).select("abbr[title]")}


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file a relative link of a page leads to, or None if it climbs above the site root
    (which a browser forgives only while the site is served at the root of its domain)."""
    parts = urlsplit(link)
    base = page.parent.relative_to(site).as_posix()
    path = posixpath.join("" if base == "." else base, unquote(parts.path))
    depth = 0
    for segment in path.split("/"):
        depth += -1 if segment == ".." else 0 if segment in ("", ".") else 1
        if depth < 0:
            return None
    return site / posixpath.normpath(path)


LINKS = {"a": "href", "img": "src", "link": "href", "script": "src", "source": "src"}


def above_root(site: Path) -> list[str]:
    """Relative links that climb above the site root (linkcheck.py's resolution stops there)."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        for element in parse(page).find_all(list(LINKS)):
            link = (element.get(LINKS[element.name]) or "").strip()
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path or link.startswith("/"):
                continue
            if resolve(site, page, link) is None:
                problems.append(f"{page.relative_to(site)}: {link}: climbs above the site root")
    return problems


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("generator", generators())
def test_builds(built_site, builds, generator):
    build = builds.get(generator)
    if build.returncode:
        raise Differs(
            f"{generator} could not build the site ({build.seconds:.1f} s):\n{build.output}"
        )


@pytest.mark.parametrize("generator", generators())
def test_same_pages(built_site, builds, generator):
    site = builds.site(generator)
    want, got = set(pages(built_site)), set(pages(site))
    assert want, "the MkDocs site has no pages"
    problems = [f"{page}: not built" for page in sorted(want - got)]
    problems += [f"{page}: not in the MkDocs site" for page in sorted(got - want)]
    same(generator, problems, "pages")


@pytest.mark.parametrize("generator", generators())
def test_same_files_but_theme_and_search(built_site, builds, generator):
    """Every file but those in NOT_THE_SAME (the theme's own build, search files), and a
    Pagefind index of as many pages."""
    site = builds.site(generator)
    want, got = files(built_site), files(site)
    problems = [f"{file}: not written" for file in sorted(want - got)]
    problems += [f"{file}: not in the MkDocs site" for file in sorted(got - want)]

    def indexed(root: Path) -> dict[str, int]:
        entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text())
        return {lang: v["page_count"] for lang, v in entry["languages"].items()}

    if indexed(site) != indexed(built_site):
        problems.append(
            f"pagefind/: Pagefind indexed {indexed(site)} pages (per language), "
            f"{indexed(built_site)} of the MkDocs site"
        )
    same(generator, problems, "files")


@pytest.mark.parametrize("generator", generators())
def test_comparison_tables_have_the_same_rows(built_site, builds, generator):
    site = builds.site(generator)
    problems, seen = [], 0
    for page in pages(built_site):
        want = tables(built_site / page)
        seen += len(want)
        got = tables(site / page) if (site / page).is_file() else {}
        for ident in sorted(set(want) | set(got)):
            if ident not in got:
                problems.append(f"{page}: table #{ident} is missing")
            elif ident not in want:
                problems.append(f"{page}: table #{ident} is not in the MkDocs page")
            elif got[ident] != want[ident]:
                problems.append(
                    f"{page}: table #{ident} has rows {got[ident]}, MkDocs {want[ident]}"
                )
    assert seen, "the MkDocs site has no comparison table (class cmp-table)"
    same(generator, problems)


def pages_with_exam_tasks() -> list[tuple[str, list[str]]]:
    """(built page, task ids) of every page whose front matter names exam tasks."""
    return [
        (output_of(p.src), [str(t) for t in p.meta["exam_tasks"]])
        for p in DocsIndex(ROOT / "docs").pages()
        if p.meta.get("exam_tasks")
    ]


@pytest.mark.parametrize("generator", generators())
def test_exam_task_tags_on_pages_that_name_tasks(built_site, builds, generator):
    site = builds.site(generator)
    named = pages_with_exam_tasks()
    assert named, "no page names exam tasks in its front matter"
    wrong = [p for p, tasks in named if exam_tags(built_site / p) != tasks]
    assert not wrong, f"the MkDocs pages do not show the tasks their front matter names: {wrong}"
    problems = []
    for page, tasks in named:
        if not (site / page).is_file():
            problems.append(f"{page}: not built")
        elif exam_tags(site / page) != tasks:
            problems.append(
                f"{page}: front matter names tasks {tasks}, the tags show {exam_tags(site / page)}"
            )
    same(generator, problems)


@pytest.mark.parametrize("generator", generators())
def test_exam_task_tags_name_the_tasks(built_site, builds, generator):
    """The tags read 'Task 3.5: Determine high-performing data ingestion ...', as with MkDocs."""
    site = builds.site(generator)
    problems = [
        f"{page}: tags read {tag_texts(site / page)}, MkDocs {tag_texts(built_site / page)}"
        for page, _ in pages_with_exam_tasks()
        if (site / page).is_file() and tag_texts(site / page) != tag_texts(built_site / page)
    ]
    same(generator, problems)


@pytest.mark.parametrize("generator", generators())
def test_glossary_tooltips(built_site, builds, generator):
    site = builds.site(generator)
    problems, seen = [], 0
    for page in pages(built_site):
        want = tooltips(built_site / page)
        if not want:
            continue
        seen += 1
        got = tooltips(site / page) if (site / page).is_file() else set()
        if got != want:
            missing = sorted(t for t, _ in want - got)
            extra = sorted(t for t, _ in got - want)
            problems.append(
                f"{page}: {len(got)} of MkDocs' {len(want)} tooltips; "
                f"missing {missing}" + (f", not in MkDocs {extra}" if extra else "")
            )
    assert seen, "the MkDocs site has no glossary tooltip (abbr with a title)"
    same(generator, problems)


def diagrams(site: Path, page: str) -> tuple[list[str], list[str]]:
    """(figure ids, problems) of the diagrams of a page: each needs both images, as files."""
    ids, problems = [], []
    for figure in parse(site / page).select("figure.diagram"):
        ident = figure.get("id", "?")
        ids.append(ident)
        for scheme in ("light", "dark"):
            img = figure.select_one(f"img.diagram-{scheme}")
            if img is None or not img.get("src"):
                problems.append(f"{page}: diagram #{ident} has no {scheme} image")
                continue
            file = resolve(site, site / page, img["src"])
            if file is None or not file.is_file():
                where = "above the site root" if file is None else "no such file"
                problems.append(f"{page}: diagram #{ident}: {scheme} image {img['src']}: {where}")
    return ids, problems


@pytest.mark.parametrize("generator", generators())
def test_diagrams_with_both_images(built_site, builds, generator):
    site = builds.site(generator)
    problems, seen = [], 0
    for page in pages(built_site):
        want, bad = diagrams(built_site, page)
        assert not bad, f"the MkDocs site: {bad}"
        if not want:
            continue
        seen += len(want)
        if not (site / page).is_file():
            problems.append(f"{page}: not built")
            continue
        got, bad = diagrams(site, page)
        if got != want:
            problems.append(f"{page}: diagrams {got}, MkDocs {want}")
        problems += bad
    assert seen, "the MkDocs site has no diagram (figure.diagram)"
    same(generator, problems)


@pytest.mark.parametrize("generator", generators())
def test_no_broken_internal_link(built_site, builds, generator):
    site = builds.site(generator)
    problems = linkcheck.broken_links(site) + above_root(site)
    same(generator, problems, f"{len(problems)} broken links")


@pytest.mark.parametrize("generator", generators())
def test_practice_pages_have_every_question(built_site, builds, generator):
    site = builds.site(generator)
    practice = [p for p in pages(built_site) if p.startswith("practice/")]
    counts = {p: len(parse(built_site / p).select("li.q")) for p in practice}
    assert sum(counts.values()), "the MkDocs practice pages have no question (li.q)"
    problems = []
    for page, want in counts.items():
        got = len(parse(site / page).select("li.q")) if (site / page).is_file() else None
        if got != want:
            problems.append(f"{page}: {got} questions, MkDocs {want}")
    same(generator, problems)
