"""Diagrams as code: D2 sources next to the pages, rendered at build time to static SVG.

Protects: a syntax error, a missing file, caption, alt text or text description stops the
build with `FILE:LINE: what is wrong` and names the page that embeds the diagram; every
rendered SVG holds no script, no external reference and no foreignObject, and the median
stays under 40 KB; every diagram on the site is a figure with a visible caption, an alt
text on both renderings (light and dark, each with its width and height, lazily loaded)
and a text description; an unchanged diagram costs nothing on the next build.
"""

from __future__ import annotations

import statistics

import pytest
from html_pages import parse

from studyguide import diagrams

STYLE = "docs/assets/diagrams/style.d2"
GOOD = """\
# Text description:
# A client sends requests to a service, which stores what it receives in a database and
# answers the client once the write is done.
...@../../assets/diagrams/style.d2

client: Client {class: user}
svc: Service {class: service}
db: Database {class: data}
client -> svc -> db
"""
PAGE = """\
---
render_macros: true
---
# Page

Some text.

{{ diagram("diagrams/flow.d2", caption="A request flow", alt="Diagram of a request flow") }}
"""


@pytest.fixture
def site(fixture_site):
    """A fixture site with one diagram; returns build(page=..., diagram=...)."""
    from pathlib import Path

    style = (Path(__file__).resolve().parent.parent / STYLE).read_text()

    def build(page: str = PAGE, diagram: str | None = GOOD):
        pages = {"index.md": "# Home\n", "area/page.md": page, "assets/diagrams/style.d2": style}
        if diagram is not None:
            pages["area/diagrams/flow.d2"] = diagram
        return fixture_site(pages, hooks=True)

    return build


def test_a_diagram_renders_as_an_accessible_figure(site):
    result, out = site()
    assert result.returncode == 0, result.stderr
    figure = parse(out / "area" / "page" / "index.html").find("figure", class_="diagram")
    images = figure.find_all("img")
    assert [i["class"] for i in images] == [["diagram-light"], ["diagram-dark"]]
    for img in images:
        assert img["alt"] == "Diagram of a request flow"
        assert int(img["width"]) > 0
        assert int(img["height"]) > 0
        assert img["loading"] == "lazy"
        svg = out / "area" / "page" / img["src"]
        assert svg.is_file()
        assert diagrams.unsafe_parts(svg.read_text()) == []
    assert figure.find("figcaption").find(class_="diagram-caption").get_text() == "A request flow"
    assert "stores what it receives" in figure.find("details").get_text()


def test_a_syntax_error_stops_the_build_naming_file_line_and_page(site):
    result, out = site(
        diagram=GOOD.replace("db: Database {class: data}", "db: Database {class: data")
    )
    assert result.returncode != 0
    assert (
        "docs/area/diagrams/flow.d2:8: maps must be terminated with } "
        "(the diagram shown by docs/area/page.md:8)"
    ) in result.stderr
    assert not out.exists()


@pytest.fixture
def macros(tmp_path):
    """The project's macros on a tiny docs folder, called as a page would call them."""
    from pathlib import Path
    from types import SimpleNamespace

    from macros.pages import PageMacros
    from studyguide.project import Project, SiteBuild

    root = Path(__file__).resolve().parent.parent
    docs = tmp_path / "docs"
    (docs / "assets" / "diagrams").mkdir(parents=True)
    (docs / "assets" / "diagrams" / "style.d2").write_text((root / STYLE).read_text())
    (docs / "area" / "diagrams").mkdir(parents=True)
    (docs / "area" / "page.md").write_text(PAGE)
    project = Project.from_config({"docs_dir": str(docs), "site_dir": str(tmp_path / "site")}, None)
    env = SimpleNamespace(page=SimpleNamespace(url="area/page/", meta={}))

    def call(diagram: str | None = GOOD, **kwargs):
        if diagram is not None:
            (docs / "area" / "diagrams" / "flow.d2").write_text(diagram)
        args = {"caption": "A request flow", "alt": "Diagram of a request flow", **kwargs}
        return PageMacros(SiteBuild(project), env).diagram("diagrams/flow.d2", **args)

    return call


@pytest.mark.parametrize(
    ("diagram", "kwargs", "message"),
    [
        (
            None,
            {},
            "docs/area/page.md:8: no diagram file 'diagrams/flow.d2' next to this page; fix the "
            "path",
        ),
        (
            GOOD,
            {"caption": ""},
            "docs/area/page.md:8: the diagram 'diagrams/flow.d2' has no caption; add "
            'caption="..." (a visible one-line caption)',
        ),
        (
            GOOD,
            {"alt": " "},
            "docs/area/page.md:8: the diagram 'diagrams/flow.d2' has no alt; add alt=\"...\" "
            "(one sentence, 'Diagram of ...')",
        ),
        (
            GOOD.split("...@", 1)[1].join(["...@", ""]),
            {},
            "docs/area/diagrams/flow.d2:1: the diagram has no text description; start the file "
            "with a `# Text description:` line and `# ` lines that say in words what it shows "
            "(the diagram shown by docs/area/page.md:8)",
        ),
        (
            GOOD.replace("{class: user}", "{class: person}"),
            {},
            "docs/area/diagrams/flow.d2:6: unknown class `person`; use one of the shared style's "
            "classes:",
        ),
    ],
    ids=["missing-file", "no-caption", "no-alt", "no-description", "bad-class"],
)
def test_a_broken_diagram_is_reported_with_file_line_and_page(macros, diagram, kwargs, message):
    from macros.pages import MacroError

    with pytest.raises(MacroError) as info:
        macros(diagram, **kwargs)
    assert str(info.value).startswith(message), str(info.value)


def test_an_unchanged_diagram_is_not_rendered_again(site, tmp_path):
    result, _ = site()
    assert result.returncode == 0, result.stderr
    cache = tmp_path / "cache" / "diagrams"
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert len(first) == 2  # light and dark
    result, _ = site()
    assert result.returncode == 0, result.stderr
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")} == first
    # Negative control: an edited diagram is rendered afresh.
    result, _ = site(diagram=GOOD.replace("Service", "Web service"))
    assert result.returncode == 0, result.stderr
    assert len(list(cache.glob("*.pickle"))) == 4


def test_every_rendered_svg_is_static_and_small(built_site):
    svgs = sorted((built_site / "assets" / "diagrams").glob("*.svg"))
    assert len(svgs) >= 80  # 40 diagrams or more, two renderings each
    unsafe = {p.name: diagrams.unsafe_parts(p.read_text()) for p in svgs}
    assert {name: found for name, found in unsafe.items() if found} == {}
    assert statistics.median(p.stat().st_size for p in svgs) <= 40 * 1024


def test_the_scan_finds_what_it_forbids():
    # Negative control of the SVG scan.
    assert diagrams.unsafe_parts(
        '<svg><script>x</script><foreignObject/><image href="https://e.org/a.png"/>'
        '<style>@import "x.css"; .a{fill:url(http://e.org/p)}</style></svg>'
    ) == [
        "a script",
        "a foreignObject",
        "a link to another file",
        "a url() to another file",
        "a CSS @import",
    ]
    assert diagrams.unsafe_parts('<svg><use href="#a"/><rect fill="url(#g)"/></svg>') == []


def test_every_diagram_on_the_site_has_caption_alt_and_description(built_site):
    problems, count = [], 0
    for html in sorted(built_site.rglob("index.html")):
        for figure in parse(html).find_all("figure", class_="diagram"):
            count += 1
            where = html.parent.relative_to(built_site).as_posix()
            if not figure.find(class_="diagram-caption").get_text(strip=True):
                problems.append(f"{where}: no caption")
            if any(not img.get("alt") for img in figure.find_all("img")):
                problems.append(f"{where}: an image without alt text")
            if len(figure.find("details").get_text(" ", strip=True).split()) < 15:
                problems.append(f"{where}: a short text description")
    assert count >= 40
    assert problems == []
