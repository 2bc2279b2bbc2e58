"""The data loader: one test per error rule, each asserting the exact message and line.

Protects the promise that a contributor's mistake in a data file is reported as
FILE:LINE: path: what is wrong and how to fix it, all problems at once, and that no
typed object comes out of a broken file; and that the data reads the same with
PyYAML's pure-Python parser as with libyaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.loader import LOADERS, DataError, load_text, parse
from studyguide.pages import DocsIndex
from studyguide.project import Project

ROOT = Path(__file__).resolve().parent.parent


def problems(text: str, docs_dir=None) -> list[str]:
    with pytest.raises(DataError) as info:
        load_text(text, "data.yml", DocsIndex(docs_dir) if docs_dir else None)
    return str(info.value).splitlines()


def test_valid_document_loads_into_typed_objects(valid_yaml):
    data = load_text(valid_yaml)
    comp = data.comparisons[0]
    assert comp.id == "demo"
    assert [c.key for c in comp.columns] == ["size", "speed"]
    assert comp.rows[1].cells["speed"] == "Slow"
    assert comp.verified.isoformat() == "2026-11-27"


def test_unknown_field_names_line_and_suggests_the_right_name(valid_yaml):
    text = valid_yaml.replace("    intro: Shows", "    intro_text: oops\n    intro: Shows")
    assert problems(text) == [
        "data.yml:4: comparisons[0].intro_text: unknown field; remove it or fix its name "
        "(did you mean `intro`?)"
    ]


def test_duplicate_key_is_an_error_not_a_silent_overwrite(valid_yaml):
    text = valid_yaml.replace(
        "    title: Demo table\n", "    title: Demo table\n    title: Again\n"
    )
    assert problems(text) == [
        "data.yml:4: comparisons[0].title: duplicate key (first given on line 3); "
        "keep one of the two and delete the other"
    ]


def test_missing_required_field(valid_yaml):
    text = valid_yaml.replace("    row_label: Thing\n", "")
    assert problems(text) == [
        "data.yml:2: comparisons[0].row_label: required field `row_label` is missing; add it"
    ]


def test_row_missing_a_column(valid_yaml):
    text = valid_yaml.replace('cells: {size: "2 GB", speed: Slow}', 'cells: {size: "2 GB"}')
    assert problems(text) == [
        "data.yml:14: comparisons[0].rows[1].cells: missing column `speed`; add `speed: ...` "
        "to this row's cells (write 'n/a' when it does not apply)"
    ]


def test_cell_for_a_column_that_does_not_exist(valid_yaml):
    text = valid_yaml.replace("speed: Slow}", "speed: Slow, sped: Slow}")
    assert problems(text) == [
        "data.yml:14: comparisons[0].rows[1].cells.sped: no column has the key `sped`; "
        "did you mean `speed`?"
    ]


def test_wrong_type_number_instead_of_text(valid_yaml):
    text = valid_yaml.replace('size: "1 GB"', "size: 1")
    assert problems(text) == [
        "data.yml:12: comparisons[0].rows[0].cells.size: expected text; write it as a string "
        "(wrap it in quotes)"
    ]


def test_wrong_type_bad_date(valid_yaml):
    text = valid_yaml.replace("verified: 2026-11-27", "verified: last week")
    assert problems(text) == [
        "data.yml:17: comparisons[0].verified: expected a date; write it as YYYY-MM-DD"
    ]


def test_unknown_exam_task(valid_yaml):
    text = valid_yaml.replace('exam_tasks: ["3.1"]', 'exam_tasks: ["4.5"]')
    assert problems(text)[0].startswith(
        "data.yml:18: comparisons[0].exam_tasks[0]: unknown exam task `4.5`; use one of 1.1, 1.2"
    )


def test_source_must_be_aws_documentation(valid_yaml):
    text = valid_yaml.replace("https://docs.aws.amazon.com/demo.html", "http://example.com/x")
    assert problems(text) == [
        "data.yml:16: comparisons[0].sources[0].url: use an https URL on docs.aws.amazon.com "
        "or aws.amazon.com"
    ]


def test_duplicate_comparison_id(valid_yaml):
    body = valid_yaml.split("\n", 1)[1]
    assert problems(valid_yaml + body) == [
        "data.yml:19: comparisons[1].id: id `demo` is already used by comparisons[0]; "
        "give this one a different id"
    ]


def test_page_link_must_exist(valid_yaml, tmp_path):
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "s3.md").write_text("# S3\n")
    text = valid_yaml.replace(
        "      - name: Alpha\n", "      - name: Alpha\n        page: storage/s4.md\n"
    )
    assert problems(text, tmp_path) == [
        "data.yml:12: comparisons[0].rows[0].page: page `storage/s4.md` does not exist under "
        "docs/; fix the path or create it"
    ]
    (tmp_path / "storage" / "s3.md").write_text("# S3\n\n## Storage classes\n")
    ok = valid_yaml.replace(
        "      - name: Alpha\n",
        "      - name: Alpha\n        page: storage/s3.md#storage-classes\n",
    )
    data = load_text(ok, "data.yml", DocsIndex(tmp_path))
    assert data.comparisons[0].rows[0].page == "storage/s3.md#storage-classes"


def test_page_link_anchor_must_be_a_heading_of_that_page(valid_yaml, tmp_path):
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "s3.md").write_text(
        "# S3\n\n## Storage `classes`\n\n```\n## not a heading\n```\n\n## Two { #custom-id }\n"
    )
    for anchor, fine in (
        ("storage-classes", True),
        ("custom-id", True),
        ("not-a-heading", False),
        ("storage-class", False),
    ):
        text = valid_yaml.replace(
            "      - name: Alpha\n", f"      - name: Alpha\n        page: storage/s3.md#{anchor}\n"
        )
        if fine:
            assert load_text(text, "data.yml", DocsIndex(tmp_path))
        else:
            (line,) = problems(text, tmp_path)
            assert line.startswith(
                f"data.yml:12: comparisons[0].rows[0].page: `storage/s3.md` has no heading with "
                f"the anchor `#{anchor}`; "
            )
    assert problems(
        valid_yaml.replace(
            "      - name: Alpha\n",
            "      - name: Alpha\n        page: storage/s3.md#storage-class\n",
        ),
        tmp_path,
    ) == [
        "data.yml:12: comparisons[0].rows[0].page: `storage/s3.md` has no heading with the "
        "anchor `#storage-class`; did you mean `storage/s3.md#storage-classes`?"
    ]


def test_yaml_syntax_error_names_the_line(valid_yaml):
    text = valid_yaml.replace("    title: Demo table", "    title: [Demo table")
    (line,) = problems(text)
    assert line.startswith("data.yml:")
    assert "YAML syntax error" in line


def test_all_problems_are_reported_at_once_sorted_by_line(valid_yaml):
    text = (
        valid_yaml.replace("    row_label: Thing\n", "")
        .replace('size: "1 GB"', "size: 1")
        .replace("verified: 2026-11-27", "verified: soon")
        .replace("    title: Demo table\n", "    title: Demo table\n    colour: red\n")
    )
    lines = problems(text)
    assert len(lines) == 4
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)
    assert all(line.startswith("data.yml:") for line in lines)


def test_empty_or_non_mapping_file():
    assert problems("- just\n- a list\n") == [
        "data.yml:1: the file must be a mapping of `key: value` lines"
    ]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2026-13-27",
            "`2026-13-27` is not a day of the calendar; write a real date as YYYY-MM-DD",
        ),
        (
            "2026-11-31",
            "`2026-11-31` is not a day of the calendar; write a real date as YYYY-MM-DD",
        ),
        (
            "2026-02-29",
            "`2026-02-29` is not a day of the calendar; write a real date as YYYY-MM-DD",
        ),
        ("27/11/2026", "expected a date; write it as YYYY-MM-DD"),
        ("2026-11-27T10:00:00", "expected a date; write it as YYYY-MM-DD"),
    ],
)
def test_impossible_or_malformed_date_names_its_line(valid_yaml, date, message):
    text = valid_yaml.replace("verified: 2026-11-27", f"verified: {date}")
    assert problems(text) == [f"data.yml:17: comparisons[0].verified: {message}"]


def test_a_value_yaml_cannot_construct_names_its_line(valid_yaml):
    text = valid_yaml.replace("verified: 2026-11-27", "verified: !!timestamp 2026-13-01")
    (line,) = problems(text)
    assert line.startswith("data.yml:17: YAML syntax error: cannot read this value (")
    assert line.endswith("; write it as text or fix the value")


@pytest.mark.skipif("libyaml" not in LOADERS, reason="PyYAML was built without libyaml")
def test_the_project_data_reads_the_same_with_the_pure_python_parser():
    project = Project.from_file(ROOT / "mkdocs.yml")
    for path in [project.data_file, *project.question_files]:
        text = path.read_text(encoding="utf-8")
        pure, pure_problems = parse(text, LOADERS["python"])
        fast, fast_problems = parse(text, LOADERS["libyaml"])
        assert pure_problems == fast_problems == [], path
        assert pure.data == fast.data, path
        assert pure.lines == fast.lines, path


def test_the_project_data_is_valid():
    bundle = Project.from_file(ROOT / "mkdocs.yml").load(cache=False)
    ids = {c.id for c in bundle.data.comparisons}
    assert {"s3-storage-classes", "elb-types", "dr-strategies"} <= ids
