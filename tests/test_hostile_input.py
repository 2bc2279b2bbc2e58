"""Hostile and broken input: property-based tests of the loader and the renderer.

Protects: any YAML document a contributor could write yields either valid objects or a
DataError whose every line reads `FILE:LINE: ...`, never a traceback, whatever the shape of
the document and whatever is written as the value of any field (impossible dates, numbers
where text belongs, YAML tags, nested structures); and any text in the data, HTML,
Markdown or Jinja included, comes out of a rendered table as inert text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from conftest import VALID
from hypothesis import given
from hypothesis import strategies as st

from studyguide.loader import DataError, load_text
from studyguide.render import comparison_table

LINE = re.compile(r"^data\.yml:\d+: .+")

# Scalars and structures that YAML can hold, including the awkward ones.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=12), inner, max_size=4),
    ),
    max_leaves=20,
)
FIELDS = [
    "id",
    "title",
    "intro",
    "area",
    "row_label",
    "columns",
    "rows",
    "notes",
    "sources",
    "verified",
    "exam_tasks",
    "colour",
]


def check(text: str) -> None:
    try:
        load_text(text, "data.yml")
    except DataError as exc:
        lines = str(exc).splitlines()
        assert lines, "a DataError must say what is wrong"
        for line in lines:
            assert LINE.match(line), line


@given(st.text(max_size=300))
def test_any_text_is_loaded_or_reported_never_a_traceback(text):
    check(text)


@given(st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS)))
def test_any_comparison_shape_is_loaded_or_reported(comparison):
    check(yaml.safe_dump({"comparisons": [comparison]}, allow_unicode=True))


# Every `key: value` line of the valid document: the value of each field is replaced.
FIELD_LINES = [i for i, line in enumerate(VALID.splitlines()) if re.match(r"^\s+[\w-]+: \S", line)]
digits = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
raw_values = st.one_of(
    st.builds(
        lambda y, m, d: f"{y}-{m}-{d}",
        st.integers(0, 9999).map(lambda n: f"{n:04d}"),
        digits,
        digits,
    ),
    st.builds(lambda y, m, d: f"!!timestamp {y}-{m}-{d}", st.integers(1000, 9999), digits, digits),
    st.sampled_from(
        [
            "~",
            "null",
            "true",
            "no",
            "0x1F",
            "0o17",
            "1e400",
            ".inf",
            "-.nan",
            "!!int abc",
            "!!float x",
            "!!binary ===",
            "[]",
            "{}",
            "[1, [2, {a: b}]]",
            "{a: [1, 2]}",
            "''",
            '"\\x00"',
            "|\n  block",
            "&a x",
            "*missing",
            "!!python/object:os.system x",
            "https://docs.aws.amazon.com/x",
            "http://example.com",
            "ftp://x",
            "2026-11-27T10:00:00Z",
            "'3.1'",
            "3.1",
            "4.5",
            "-1",
            "a: b",
            "@oops",
            "`tick`",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20).map(repr),
)


@given(line=st.sampled_from(FIELD_LINES), value=raw_values)
def test_any_value_of_any_field_is_loaded_or_reported(line, value):
    lines = VALID.splitlines()
    key = lines[line].split(":", 1)[0]
    lines[line] = f"{key}: {value}"
    check("\n".join(lines) + "\n")


@given(
    st.lists(
        st.sampled_from(
            [
                "comparisons:",
                "  - id: x",
                "    id: y",
                "  -",
                "    rows:",
                "      - {a: 1}",
                "  ? [a]",
                "    : b",
                "&a x: *a",
                "!!python/object:os.system x",
                "\t- tab",
                "'unclosed",
                "---",
                "...",
            ]
        ),
        max_size=12,
    )
)
def test_odd_yaml_constructs_are_reported(lines):
    check("\n".join(lines))


class TextOnly(HTMLParser):
    """Collects the tags a rendered table contains."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


ALLOWED_TAGS = {
    "div",
    "table",
    "caption",
    "span",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "p",
    "a",
    "ul",
    "li",
}
hostile = st.lists(
    st.sampled_from(list("<>&\"'{}%#*_[]()`!/\\ abcimg=") + ["{{", "{%", "<script>", "**"]),
    min_size=1,
    max_size=20,
).map("".join)


@given(name=hostile, cell=hostile, title=hostile)
def test_data_values_come_out_as_text(name, cell, title):
    data = load_text(VALID)
    comp = data.comparisons[0]
    row = comp.rows[0].model_copy(update={"name": name, "cells": {"size": cell, "speed": cell}})
    comp = comp.model_copy(update={"title": title, "rows": [row]})
    html = comparison_table(comp)
    parser = TextOnly()
    parser.feed(html)
    assert parser.tags <= ALLOWED_TAGS
    assert "{{" not in html
    assert "{%" not in html
