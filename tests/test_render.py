"""Rendering of comparison tables: golden files, escaping, options and links.

Each folder in tests/data/ holds input.yml (a data document), an optional options.yml
(columns, rows, transpose, current_url) and expected.html, the whole rendered table.
Run with UPDATE_GOLDEN=1 to rewrite expected.html after an intended change, then review
the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from macros import render
from macros.data import load_text
from macros.models import Term
from macros.render import comparison_table, page_url, relative_href

CASES = sorted(p for p in (Path(__file__).parent / "data").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path):
    data = load_text((case / "input.yml").read_text(), str(case / "input.yml"))
    opts_file = case / "options.yml"
    opts = yaml.safe_load(opts_file.read_text()) if opts_file.exists() else {}
    current = opts.pop("current_url", "")
    html = comparison_table(
        data.comparisons[0], **opts, href=lambda target: relative_href(current, target)
    )
    expected = case / "expected.html"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html + "\n")
    assert html + "\n" == expected.read_text()


def test_html_in_data_comes_out_as_text():
    html = (Path(__file__).parent / "data" / "hostile" / "expected.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{" not in html
    assert "{%" not in html
    assert "A &amp; B &lt;i&gt;" in html


def test_table_is_accessible(valid_yaml):
    html = comparison_table(load_text(valid_yaml).comparisons[0])
    assert "<caption" in html
    assert html.count('<th scope="col">') == 3
    assert html.count('<th scope="row">') == 2
    assert 'role="region"' in html
    assert 'tabindex="0"' in html


def test_unknown_column_or_row_names_the_valid_ones(valid_yaml):
    comp = load_text(valid_yaml).comparisons[0]
    with pytest.raises(KeyError, match="has no column 'colour'; its columns are: size, speed"):
        comparison_table(comp, columns=["colour"])
    with pytest.raises(KeyError, match="has no row 'Gamma'; its rows are: Alpha, Beta"):
        comparison_table(comp, rows=["Gamma"])


@pytest.mark.parametrize(
    ("src", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("storage/index.md", True, "storage/"),
        ("storage/s3.md", True, "storage/s3/"),
        ("storage/s3.md#classes", True, "storage/s3/#classes"),
        ("storage/s3.md", False, "storage/s3.html"),
    ],
)
def test_page_url(src, directory_urls, url):
    assert page_url(src, directory_urls) == url


@pytest.mark.parametrize(
    ("current", "target", "href"),
    [
        ("storage/s3/", "storage/ebs.md", "../ebs/"),
        ("storage/", "storage/s3.md#x", "s3/#x"),
        ("", "storage/s3.md", "storage/s3/"),
        ("networking/elb/", "index.md", "../../"),
        ("storage/s3/", "storage/s3.md#y", "./#y"),
    ],
)
def test_relative_href(current, target, href):
    assert relative_href(current, target) == href


def test_abbreviations_come_from_acronym_glossary_terms():
    terms = [
        Term(term="ALB (Application Load Balancer)", definition="x"),
        Term(term="SSE-KMS (server-side encryption with KMS keys)", definition="x"),
        Term(term="Pilot light", definition="x"),  # not an acronym
        Term(term="SAML 2.0", definition="x"),  # no expansion to show
        Term(term="ALB (a second entry)", definition="x"),  # the first one wins
    ]
    assert render.abbreviations(terms) == {
        "ALB": "Application Load Balancer",
        "SSE-KMS": "server-side encryption with KMS keys",
    }
