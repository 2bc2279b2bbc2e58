"""Rendering of comparison tables: golden files, escaping, options and links.

Each folder in tests/data/ holds input.yml (a data document), an optional options.yml
(columns, rows, transpose, current_url) and expected.html, the whole rendered table.
After an intended change, `python tests/golden.py` rewrites every expected.html; review
the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import CASES, render_case

from studyguide import render
from studyguide.loader import load_text
from studyguide.models import Term
from studyguide.render import comparison_table, page_url, relative_href


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path):
    assert render_case(case) == (case / "expected.html").read_text()


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
