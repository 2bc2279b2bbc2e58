"""Hostile and broken input: property-based tests of the loader and the renderer.

Protects: any YAML document a contributor could write yields either valid objects or a
DataError whose every line reads `FILE:LINE: ...`, never a traceback; and any text in the
data, HTML, Markdown or Jinja included, comes out of a rendered table as inert text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from conftest import VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.data import DataError, load_text
from macros.render import comparison_table

LINE = re.compile(r"^data\.yml:\d+: .+")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_is_loaded_or_reported_never_a_traceback(text):
    check(text)


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS)))
def test_any_comparison_shape_is_loaded_or_reported(comparison):
    check(yaml.safe_dump({"comparisons": [comparison]}, allow_unicode=True))


@SETTINGS
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


@SETTINGS
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
