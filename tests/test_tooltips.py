"""Glossary tooltips (macros/tooltips.py) against Python-Markdown's own `abbr` extension.

The extension replaced `abbr`'s glossary for speed; for each case below both must turn
the same Markdown into the same HTML. The last tests show the checks can fail.
"""

from __future__ import annotations

import markdown
import pytest

from macros.tooltips import TooltipExtension, acronym_pattern

GLOSSARY = {
    "ALB": "Application Load Balancer",
    "NAT": "network address translation",
    "NACL": "network access control list",
    "CI/CD": "continuous integration and delivery",
    "SR-IOV": "single root I/O virtualization",
    "S3": 'Simple Storage Service "quoted" & more',
    "AT&T": "an acronym with an ampersand",
    "RI": "Reserved Instance",
    "RIS": "a longer word with RI as its prefix",
}

EXTENSIONS = ["attr_list", "tables", "toc", "admonition", "pymdownx.superfences", "footnotes"]

CASES = {
    "prose": "An ALB and a NAT gateway; NACLs and XALB are not whole words.",
    "heading": "## ALB basics\n\nText.",
    "link text and title": '[ALB guide](https://example.com/ "ALB docs") and <https://ALB.example>',
    "code span": "Use `ALB` or ``NAT ALB`` in code, ALB outside.",
    "fenced code": "```\nALB NAT\n```\n\nALB after.",
    "indented code": "Text:\n\n    ALB in an indented block\n\nALB.",
    "raw html": '<div class="x" title="ALB">ALB inside raw HTML</div>\n\nALB in prose.',
    "attribute": "A paragraph about ALB.\n{ title='ALB NAT' }",
    "punctuation": "CI/CD, SR-IOV, S3! (ALB) ALB. RI RIS RIs RI-based AT&T",
    "table": "| A | B |\n|---|---|\n| ALB | NAT |",
    "admonition": '!!! note "ALB note"\n    The ALB here.',
    "page definition": "The ALB and XYZ.\n\n*[XYZ]: A page-level abbreviation",
    "footnote": "ALB[^1]\n\n[^1]: NAT in a footnote.",
    "comment": "<!-- ALB -->\n\nALB",
}


def convert(text: str, ours: bool) -> str:
    if ours:
        extensions = ["abbr", *EXTENSIONS, TooltipExtension(glossary=GLOSSARY)]
        return markdown.Markdown(extensions=extensions).convert(text)
    configs = {"abbr": {"glossary": GLOSSARY}}
    return markdown.Markdown(extensions=["abbr", *EXTENSIONS], extension_configs=configs).convert(
        text
    )


@pytest.mark.parametrize("name", CASES)
def test_same_html_as_python_markdown_abbr(name):
    reference = convert(CASES[name], ours=False)
    assert convert(CASES[name], ours=True) == reference


def test_tooltips_are_where_expected():
    html = convert(CASES["punctuation"], ours=True)
    assert '<abbr title="continuous integration and delivery">CI/CD</abbr>' in html
    assert '<abbr title="Simple Storage Service &quot;quoted&quot; &amp; more">S3</abbr>' in html
    assert '<abbr title="a longer word with RI as its prefix">RIS</abbr>' in html
    assert '<abbr title="an acronym with an ampersand">AT&amp;T</abbr>' in html
    assert "RIs" in html
    assert '">RIs' not in html  # not a whole word
    code = convert(CASES["code span"], ours=True)
    assert code.count("<abbr") == 1
    assert "<code>ALB</code>" in code


def test_a_longer_word_wins_over_its_prefix():
    pattern = acronym_pattern(["RI", "RIS", "RISK"])
    assert [m.group(0) for m in pattern.finditer("RI RIS RISK RISKY")] == ["RI", "RIS", "RISK"]


def test_an_empty_glossary_leaves_pages_alone():
    text = CASES["prose"]
    plain = markdown.Markdown(extensions=EXTENSIONS).convert(text)
    assert markdown.Markdown(extensions=[*EXTENSIONS, TooltipExtension()]).convert(text) == plain


def test_the_comparison_can_fail():
    # Negative control: a different glossary gives different HTML, so equality means something.
    other = markdown.Markdown(
        extensions=["abbr", *EXTENSIONS, TooltipExtension(glossary={"NAT": "x"})]
    ).convert(CASES["prose"])
    assert other != convert(CASES["prose"], ours=False)
