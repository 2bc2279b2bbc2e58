"""Fixture sites built in a temporary folder: the macros inside a real strict MkDocs build.

Protects: tables render as accessible HTML in the page; pages that do not opt in to
macros, and code blocks on pages that do, keep `{{ }}` and `{% %}` verbatim; a bad call
or bad data stops the build with a message that names the page or the line, and writes
nothing; no page can include files from outside the project; the exam map lists pages by
task with and without the project's hooks.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_CONFIG, build_site

TABLE_PAGE = """\
    ---
    render_macros: true
    ---
    # Tables

    {{ comparison('demo') }}

    ```jinja
    {{ comparison('missing') }} {% if x %}
    ```

    Inline `{{ page.title }}` stays too.
    """

PLAIN_PAGE = """\
    # Plain

    Writing {{ comparison('demo') }} here shows the call itself.
    """


EXAM_MAP_PAGE = "---\nrender_macros: true\n---\n# Map\n\n{{ exam_task_pages() }}\n"


def soup(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(), "html.parser")


def exam_map_site(s3_page: str) -> dict[str, str]:
    """A home page, an S3 page and the exam map that lists it."""
    return {"index.md": "# Home\n", "storage/s3.md": s3_page, "reference/exam.md": EXAM_MAP_PAGE}


def test_comparison_renders_as_an_accessible_table(fixture_site):
    result, site = fixture_site({"index.md": "# Home\n", "tables.md": TABLE_PAGE})
    assert result.returncode == 0, result.stderr
    table = soup(site, "tables").find("table", id="cmp-demo")
    assert table.caption.get_text(" ", strip=True) == "Demo table Shows the pipeline."
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 3
    assert [th.get_text() for th in table.tbody.find_all("th")] == ["Alpha", "Beta"]


def test_jinja_in_code_is_verbatim_and_plain_pages_are_not_rendered(fixture_site):
    result, site = fixture_site(
        {"index.md": "# Home\n", "tables.md": TABLE_PAGE, "plain.md": PLAIN_PAGE}
    )
    assert result.returncode == 0, result.stderr
    tables = soup(site, "tables")
    code = tables.find("div", class_="highlight").get_text()
    assert "{{ comparison('missing') }} {% if x %}" in code
    assert "{{ page.title }}" in [c.get_text() for c in tables.find_all("code")]
    # Negative control: the same call on a page without render_macros is left as text.
    plain = soup(site, "plain")
    assert "{{ comparison('demo') }}" in plain.get_text()
    assert plain.find("table") is None


def test_html_in_data_is_escaped_in_the_built_page(fixture_site, valid_yaml):
    data = valid_yaml.replace("speed: Fast", 'speed: "<script>alert(1)</script>"')
    result, site = fixture_site({"index.md": "# Home\n", "tables.md": TABLE_PAGE}, data)
    assert result.returncode == 0, result.stderr
    html = (site / "tables" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_comparison_id_fails_naming_page_id_and_closest(fixture_site):
    page = "---\nrender_macros: true\n---\n# T\n\n{{ comparison('dem') }}\n"
    result, site = fixture_site({"index.md": "# Home\n", "typo.md": page})
    assert result.returncode != 0
    assert "typo.md: unknown comparison id 'dem'; did you mean 'demo'?" in result.stderr
    assert not site.exists()


def test_bad_data_stops_the_build_with_its_problems_alone(fixture_site, valid_yaml):
    data = valid_yaml.replace(
        'cells: {size: "2 GB", speed: Slow}', 'cells: {size: "2 GB"}'
    ).replace("verified: 2026-11-27", "verified: 2026-11-31")
    result, site = fixture_site({"index.md": "# Home\n", "tables.md": TABLE_PAGE}, data)
    assert result.returncode != 0
    said = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]
    assert said[:3] == [
        "ERROR   -  The data has problems:",
        "data.yml:14: comparisons[0].rows[1].cells: missing column `speed`; add `speed: ...` "
        "to this row's cells (write 'n/a' when it does not apply)",
        "data.yml:17: comparisons[0].verified: `2026-11-31` is not a day of the calendar; "
        "write a real date as YYYY-MM-DD",
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert "Aborted with a BuildError!" in result.stdout + result.stderr
    assert not site.exists()


def test_undefined_variable_fails_the_build(fixture_site):
    page = "---\nrender_macros: true\n---\n# T\n\n{{ no_such_variable }}\n"
    result, _ = fixture_site({"index.md": "# Home\n", "undefined.md": page})
    assert result.returncode != 0
    assert "no_such_variable" in result.stderr


def test_pages_cannot_include_files_from_outside_the_project(fixture_site):
    for target in ("/etc/passwd", "../../../../../../etc/passwd"):
        page = f"---\nrender_macros: true\n---\n# T\n\n{{% include '{target}' %}}\n"
        result, site = fixture_site({"index.md": "# Home\n", "leak.md": page})
        assert result.returncode != 0, target
        assert "root:x:0:0" not in result.stdout + result.stderr
        assert not site.exists()


def test_snippet_syntax_is_not_an_include(fixture_site):
    page = '# T\n\n--8<-- "/etc/passwd"\n'
    result, site = fixture_site({"index.md": "# Home\n", "snip.md": page})
    assert result.returncode == 0, result.stderr
    text = (site / "snip" / "index.html").read_text()
    assert "root:x:0:0" not in text
    assert '<p>--8&lt;-- "/etc/passwd"</p>' in text


GLOSSARY = """\
glossary:
  - term: ALB (Application Load Balancer)
    definition: A layer 7 load balancer.
  - term: Pilot light
    definition: A DR strategy.
"""

ACRONYM_PAGE = """\
    # Load balancing

    An ALB routes by path; ALBs and `ALB` in code are left alone.
    """


def test_glossary_acronyms_become_tooltips_in_prose_only(fixture_site, valid_yaml):
    pages = {"index.md": ACRONYM_PAGE}
    result, site = fixture_site(pages, valid_yaml + GLOSSARY, extensions=("macros.glossary",))
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    abbrs = page.find("article").find_all("abbr")
    assert [(a.get_text(), a["title"]) for a in abbrs] == [("ALB", "Application Load Balancer")]
    assert page.find("code").get_text() == "ALB"
    # Negative control: without the glossary entry the page has no tooltips.
    no_alb = GLOSSARY.replace("ALB (Application", "The (")
    result, site = fixture_site(pages, valid_yaml + no_alb, extensions=("macros.glossary",))
    assert result.returncode == 0, result.stderr
    assert "<abbr" not in (site / "index.html").read_text()


def test_glossary_extension_reads_its_files_again_only_when_they_change(tmp_path, valid_yaml):
    # MkDocs makes the extension anew for every page; reading the configuration and the
    # data file for each one doubled the build time of the real site.
    from macros import glossary

    (tmp_path / "mkdocs.yml").write_text(FIXTURE_CONFIG)
    data = tmp_path / "data.yml"
    data.write_text(valid_yaml + GLOSSARY)
    config = str(tmp_path / "mkdocs.yml")
    before = glossary._project.cache_info().misses, glossary._glossary.cache_info().misses
    for _ in range(3):
        ext = glossary.makeExtension(config=config)
    assert ext.getConfig("glossary")["ALB"] == "Application Load Balancer"
    after = glossary._project.cache_info().misses, glossary._glossary.cache_info().misses
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)
    # A changed data file is read again.
    data.write_text(valid_yaml + GLOSSARY.replace("ALB (Application", "The ("))
    os.utime(data, ns=(data.stat().st_mtime_ns + 10**9,) * 2)
    assert "ALB" not in glossary.makeExtension(config=config).getConfig("glossary")


@pytest.mark.parametrize("hooks", [True, False], ids=["collected-by-hooks", "read-by-macro"])
def test_exam_map_lists_pages_by_task_in_markdown_headings_and_links(fixture_site, hooks):
    # With the hooks MkDocs' reading of each page is collected; without them (as under
    # Zensical) the macro reads the front matter itself. The map must be the same.
    pages = exam_map_site('---\nexam_tasks: ["3.1"]\n---\n# Amazon S3 [and] *friends*\n')
    pages["zz/last.md"] = '---\nexam_tasks: ["3.1"]\n---\n# Read after the map\n'
    result, site = fixture_site(pages, extensions=("attr_list", "toc"), hooks=hooks)
    assert result.returncode == 0, result.stderr
    page = soup(site, "reference/exam")
    task = page.find("h3", id="task-3-1")
    assert task.get_text(strip=True).startswith("Task 3.1: Determine high-performing")
    links = [(a.get_text(), a["href"]) for a in task.find_next("ul").find_all("a")]
    assert links == [
        ("Amazon S3 [and] *friends*", "../../storage/s3/"),
        ("Read after the map", "../../zz/last/"),
    ]
    assert page.find("h3", id="task-1-1").find_next_sibling().get_text() == "No page yet."
    # Headings made by the macro reach the table of contents.
    toc = page.find("nav", class_="md-nav--secondary")
    assert toc.find("a", href="#task-3-1") is not None


def test_a_dirty_rebuild_shows_a_data_change_on_pages_that_did_not_change(
    fixture_site, valid_yaml, tmp_path
):
    # The live preview (`tasks.py serve`) rebuilds dirty: only pages whose Markdown changed,
    # unless the hooks count the data file as an input of every page.
    pages = {"index.md": "# Home\n", "tables.md": TABLE_PAGE}
    result, site = fixture_site(pages, hooks=True)
    assert result.returncode == 0, result.stderr
    home_built = (site / "index.html").stat().st_mtime_ns

    def dirty_rebuild() -> subprocess.CompletedProcess[str]:
        return build_site(tmp_path, site, "--dirty")

    # Nothing changed: the dirty rebuild leaves the built page alone.
    assert dirty_rebuild().returncode == 0
    assert (site / "index.html").stat().st_mtime_ns == home_built

    data = tmp_path / "data.yml"
    data.write_text(valid_yaml.replace("speed: Fast", "speed: Quickest"))
    later = (site / "tables" / "index.html").stat().st_mtime + 5
    os.utime(data, (later, later))
    done = dirty_rebuild()
    assert done.returncode == 0, done.stderr
    row = soup(site, "tables").find("table", id="cmp-demo").tbody.find("tr")
    assert "Quickest" in row.get_text(" ", strip=True)
