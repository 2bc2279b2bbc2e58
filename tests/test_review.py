"""The pull request review (studyguide/review.py): data changes and the job summary.

Protects what a reviewer reads in the job summary of a pull request: every row, cell,
column, fact and question that a change adds, removes or edits is listed under its
comparison or fact list id, identical data reports no change (the negative control),
long lists are cut with "and N more", values cannot break the Markdown, the built site's
counts count only what they name, and the command compares a git ref with the working
tree (a ref without the data file counts everything as added).
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import VALID

from studyguide import review
from studyguide.loader import QUESTIONS, load_text
from studyguide.models import DataFile, QuestionFile
from studyguide.review import (
    Changed,
    Changes,
    EntryChanges,
    FactChange,
    RowChange,
    TableChanges,
    changed_part,
    class_count,
    diff,
    site_counts,
    summary,
)

FACTS = textwrap.dedent(
    """\
    facts:
      - id: demo-facts
        title: Demo facts
        area: storage
        items:
          - text: S3 objects up to 5 TB; one PUT up to 5 GB
          - text: Deep Archive restores within 12 hours
            kind: cue
          - text: Lifecycle rules move objects between classes
        sources:
          - {title: Demo source, url: "https://docs.aws.amazon.com/demo.html"}
        verified: 2026-11-27
        exam_tasks: ["3.1"]
    glossary:
      - {term: AZ, definition: An Availability Zone.}
    aliases:
      - {page: storage/s3.md, terms: [S3, object storage]}
    """
)
BASE = VALID + FACTS


def question(ident: str, stem: str = "A company needs one thing. What should it do?") -> str:
    options = "".join(
        f"      - text: Option {n}\n        why: Because {n}.\n"
        + ("        correct: true\n" if n == 1 else "")
        for n in range(1, 5)
    )
    return (
        f"  - id: {ident}\n    task: '1.1'\n    stem: {stem}\n    options:\n{options}"
        "    evidence: [identity/iam.md#root-user]\n    services: [AWS IAM]\n"
        "    difficulty: 1\n    verified: 2026-12-01\n"
    )


QUESTIONS_BASE = "domain: 1\nquestions:\n" + question("root-key") + question("mfa-for-users")


def data(text: str = BASE) -> DataFile:
    return load_text(text)


def questions(text: str = QUESTIONS_BASE) -> list[QuestionFile]:
    return [load_text(text, kind=QUESTIONS)]


def edited(text: str, *edits: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced once; an edit that finds nothing fails the test."""
    for old, new in edits:
        assert text.count(old) == 1, f"the test's edit does not apply: {old!r}"
        text = text.replace(old, new)
    return text


def only(changes: Changes) -> TableChanges:
    (table,) = changes.comparisons
    assert table.id == "demo"
    return table


# ---------------------------------------------------------------- diff


def test_identical_data_reports_no_change():
    """The negative control: the same data, loaded twice, differs in nothing."""
    changes = diff(data(), data(), questions(), questions())
    assert changes == Changes()
    assert not changes
    assert "No data changes." in summary(changes, None)


GAMMA = '      - name: Gamma\n        cells: {size: "3 GB", speed: Slow}\n'


def test_a_row_added_is_listed_by_name():
    beta = '{size: "2 GB", speed: Slow}\n'
    table = only(diff(data(), data(edited(BASE, (beta, beta + GAMMA)))))
    assert table.rows_added == ("Gamma",)
    assert (table.rows_removed, table.rows_changed, table.fields) == ((), (), ())
    assert "- rows added: Gamma\n" in summary(
        diff(data(), data(edited(BASE, (beta, beta + GAMMA)))), None
    )


def test_a_cell_changed_lists_its_column_old_and_new():
    new = edited(BASE, ('cells: {size: "2 GB", speed: Slow}', 'cells: {size: "4 GB", speed: Slow}'))
    table = only(diff(data(), data(new)))
    assert table.rows_changed == (RowChange("Beta", (("size", "2 GB", "4 GB"),)),)
    assert (table.rows_added, table.rows_removed) == ((), ())
    assert "  - Beta: `size`: 2 GB → 4 GB" in summary(diff(data(), data(new)), None)


def test_a_row_removed_and_a_renamed_row():
    beta = '      - name: Beta\n        cells: {size: "2 GB", speed: Slow}\n'
    assert only(diff(data(), data(edited(BASE, (beta, ""))))).rows_removed == ("Beta",)
    renamed = only(diff(data(), data(edited(BASE, ("name: Beta", "name: Bravo")))))
    assert (renamed.rows_added, renamed.rows_removed, renamed.rows_changed) == (
        ("Bravo",),
        ("Beta",),
        (),
    )


def test_a_new_column_is_one_change_not_one_per_row():
    new = edited(
        BASE,
        (
            "  - {key: speed, label: Speed}\n",
            "  - {key: speed, label: Pace}\n      - {key: cost, label: Cost}\n",
        ),
        ('{size: "1 GB", speed: Fast}', '{size: "1 GB", speed: Fast, cost: Low}'),
        ('{size: "2 GB", speed: Slow}', '{size: "2 GB", speed: Slow, cost: High}'),
    )
    table = only(diff(data(), data(new)))
    assert table.columns_added == ("cost",)
    assert table.columns_changed == (("speed", "Speed", "Pace"),)
    assert table.rows_changed == ()


def test_title_intro_notes_and_other_fields():
    tail = '    verified: 2026-11-27\n    exam_tasks: ["3.1"]\nfacts:'
    new = edited(
        BASE,
        ("title: Demo table", "title: Demo tables"),
        ("intro: Shows the pipeline.", "intro: Shows the whole pipeline."),
        (tail, "    notes: [A new note.]\n" + tail.replace("11-27", "11-28")),
    )
    table = only(diff(data(), data(new)))
    assert table.title == ("Demo table", "Demo tables")
    assert table.intro == ("Shows the pipeline.", "Shows the whole pipeline.")
    assert table.notes_added == ("A new note.",)
    assert table.fields == ("verified",)


def test_a_fact_edited_is_changed_not_removed_and_added():
    new = edited(BASE, ("up to 5 TB; one PUT", "up to 50 TB (was 5 TB); one PUT"))
    (facts,) = diff(data(), data(new)).facts
    assert facts.changed == (
        FactChange(
            "S3 objects up to 5 TB; one PUT up to 5 GB",
            "S3 objects up to 50 TB (was 5 TB); one PUT up to 5 GB",
            ("text",),
        ),
    )
    assert (facts.added, facts.removed) == ((), ())
    assert "5 TB; one PUT up to 5 GB → S3 objects up to 50 TB" in summary(
        diff(data(), data(new)), None
    )


def test_an_unrelated_fact_is_removed_and_added():
    new = edited(
        BASE, ("Deep Archive restores within 12 hours", "Route 53 health checks every 30 s")
    )
    (facts,) = diff(data(), data(new)).facts
    assert facts.removed == ("Deep Archive restores within 12 hours",)
    assert facts.added == ("Route 53 health checks every 30 s",)
    assert facts.changed == ()


def test_facts_are_matched_by_text_wherever_they_move():
    """Reordering is no change; a kind changed on the same text is a change of `kind`."""
    first = "      - text: S3 objects up to 5 TB; one PUT up to 5 GB\n"
    moved = edited(
        BASE, (first, ""), ("      - text: Lifecycle", first + "      - text: Lifecycle")
    )
    assert diff(data(), data(moved)) == Changes()
    kind = edited(BASE, ("kind: cue", "kind: gotcha"))
    (facts,) = diff(data(), data(kind)).facts
    assert facts.changed == (FactChange(*["Deep Archive restores within 12 hours"] * 2, ("kind",)),)


def test_glossary_and_aliases():
    new = edited(
        BASE,
        (
            "{term: AZ, definition: An Availability Zone.}",
            "{term: AZ, definition: A zone.}\n  - {term: VPC, definition: A network.}",
        ),
        ("terms: [S3, object storage]", "terms: [S3, bucket]"),
    )
    changes = diff(data(), data(new))
    assert changes.glossary == EntryChanges(("VPC",), (), (Changed("AZ", ("definition",)),))
    assert changes.aliases == EntryChanges(
        ("bucket → storage/s3.md",), ("object storage → storage/s3.md",)
    )
    assert changes.comparisons == changes.facts == ()


def test_questions_added_removed_and_changed_by_id():
    new = (
        "domain: 1\nquestions:\n"
        + question("mfa-for-users", "A company needs MFA. What should it do?")
        + question("vendor-role")
    )
    changes = diff(data(), data(), questions(), questions(new))
    assert changes.questions == EntryChanges(
        ("vendor-role",), ("root-key",), (Changed("mfa-for-users", ("stem",)),)
    )
    md = summary(changes, None)
    assert "#### Questions\n- added: vendor-role\n- removed: root-key\n" in md


def test_no_base_counts_everything_as_added():
    changes = diff(None, data(), (), questions())
    assert only(changes).status == "added"
    assert only(changes).rows_added == ("Alpha", "Beta")
    assert changes.facts[0].status == "added"
    assert changes.glossary.added == ("AZ",)
    assert changes.questions.added == ("root-key", "mfa-for-users")
    assert changes.questions.removed == changes.questions.changed == ()


def test_a_removed_comparison_is_listed_with_its_rows():
    second = edited(VALID, ("id: demo", "id: other"), ("comparisons:\n", ""))
    changes = diff(data(BASE.replace("comparisons:\n", "comparisons:\n" + second, 1)), data())
    (table,) = changes.comparisons
    assert (table.id, table.status, table.rows_removed) == ("other", "removed", ("Alpha", "Beta"))
    assert "#### Comparison `other` (removed)\n- had 2 rows: Alpha, Beta" in summary(changes, None)


# ---------------------------------------------------------------- summary


def test_long_lists_are_capped():
    rows = tuple(f"Row {n}" for n in range(20))
    md = summary(Changes(comparisons=(TableChanges("big", "changed", rows_added=rows),)), None)
    assert "- rows added: Row 0, Row 1, Row 2, Row 3, Row 4, Row 5, Row 6, Row 7, and 12 more" in md
    assert "Row 8" not in md


def test_only_metadata_changes_fold_into_one_line_per_field_set():
    tables = tuple(TableChanges(f"t{n}", "changed", fields=("verified",)) for n in range(3))
    md = summary(Changes(comparisons=tables), None)
    assert "#### Comparisons with only other fields changed\n- verified: `t0`, `t1`, `t2`" in md
    assert "#### Comparison `t0`" not in md


def test_values_cannot_break_the_markdown():
    row = RowChange("<script>x</script> | *bold*", (("size", "a|b", "`c`"),))
    md = summary(Changes(comparisons=(TableChanges("demo", "changed", rows_changed=(row,)),)), None)
    assert "<script>" not in md
    assert r"\<script\>x\</script\> \| \*bold\*: `size`: a\|b → \`c\`" in md


def test_long_edits_show_the_words_that_changed():
    old = "Scale up; read replicas; up to 64 TiB of storage on every engine that RDS supports"
    new = "Scale up; read replicas; up to 256 TiB of storage on every engine that RDS supports"
    assert changed_part(old, new) == (
        "… up to 64 TiB of …",
        "… up to 256 TiB of …",
    )
    assert changed_part("1 GB", "2 GB") == ("1 GB", "2 GB")  # short values stay whole


def test_site_counts_count_only_what_they_name(tmp_path):
    site = tmp_path / "site"
    for page, body in {
        "index.html": '<table class="cmp-table" id="a"></table><div class="cmp-table-wrap"></div>',
        "storage/s3/index.html": "<table class='x cmp-table'></table><table class=cmp-table>",
        "404.html": '<table class="cmp-table"></table>',
        "storage/s3/notes.txt": 'class="cmp-table"',
    }.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(body)
    (site / "cheatsheets").mkdir()
    (site / "cheatsheets" / "storage.pdf").write_bytes(b"%PDF")
    (site / "cheatsheets" / "storage.html").write_text("")
    assert site_counts(site) == {"pages": 2, "comparison tables": 4, "cheat sheets (PDF)": 1}
    (site / "assets" / "diagrams").mkdir(parents=True)
    (site / "assets" / "diagrams" / "a-light.svg").write_text("<svg/>")
    assert site_counts(site)["diagrams (SVG)"] == 1
    md = summary(Changes(), site)
    assert "| pages | 2 |\n| comparison tables | 4 |\n| cheat sheets (PDF) | 1 |" in md
    assert class_count('<p class="cmp-tables">', "cmp-table") == 0


def test_no_site_says_so():
    assert "No built site at `missing`." in summary(Changes(), Path("missing"))


# ---------------------------------------------------------------- the command

CONFIG = """\
site_name: T
extra:
  saa:
    data: data.yml
    questions: questions
    cache_dir: false
"""
PAGES = {"storage/s3.md": "# S3\n", "identity/iam.md": "# IAM\n\n## Root user\n"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An empty git repository in tmp_path, and a `commit()` of everything in it."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    for page, text in PAGES.items():  # the pages that the data links to
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text(text)

    def commit(message: str) -> None:
        git("add", "-A")
        git("commit", "-q", "--no-gpg-sign", "-m", message)

    return tmp_path, commit


def run_review(root: Path, base: str, out: Path) -> int:
    return review.main(
        [
            "--base",
            base,
            "--config",
            str(root / "mkdocs.yml"),
            "--output",
            str(out),
            "--site",
            str(root / "site"),
        ]
    )


def test_the_command_appends_the_changes_since_a_ref(repo):
    root, commit = repo
    (root / "data.yml").write_text(BASE)
    commit("data")
    (root / "data.yml").write_text(
        edited(BASE, ('{size: "2 GB", speed: Slow}', '{size: "9 GB", speed: Slow}'))
    )
    (root / "questions").mkdir()
    (root / "questions" / "1-secure.yml").write_text(QUESTIONS_BASE)
    (root / "site" / "storage").mkdir(parents=True)
    (root / "site" / "storage" / "index.html").write_text('<table class="cmp-table">')
    out = root / "summary.md"
    out.write_text("earlier step\n")

    assert run_review(root, "HEAD", out) == 0
    md = out.read_text()
    assert md.startswith("earlier step\n## Pull request review\n")
    assert "| pages | 1 |\n| comparison tables | 1 |" in md
    assert "#### Comparison `demo`\n- rows changed (1):\n  - Beta: `size`: 2 GB → 9 GB\n" in md
    assert "- added: root-key, mfa-for-users" in md
    assert "Fact list" not in md  # unchanged lists stay out


def test_the_command_counts_everything_as_added_without_a_base_data_file(repo):
    root, commit = repo
    commit("config only")
    (root / "data.yml").write_text(BASE)
    out = root / "summary.md"
    assert run_review(root, "HEAD", out) == 0
    md = out.read_text()
    assert "> HEAD has no data file: everything counts as added." in md
    assert "#### Comparison `demo` (added)\n- 2 rows, columns: size, speed" in md
    assert "#### Fact list `demo-facts` (added)" in md


def test_the_command_refuses_an_unknown_ref(repo, capsys):
    root, commit = repo
    (root / "data.yml").write_text(BASE)
    commit("data")
    out = root / "summary.md"
    assert run_review(root, "no-such-branch", out) == 2
    assert "unknown git ref `no-such-branch`" in capsys.readouterr().err
    assert not out.exists()


def test_a_base_that_no_longer_validates_counts_as_absent_and_says_so(repo):
    """A pull request that changes the models and the data together still gets a summary."""
    root, commit = repo
    (root / "data.yml").write_text(
        edited(BASE, ("row_label: Thing", "row_label: Thing\n    old_field: x"))
    )
    commit("data of the old models")
    (root / "data.yml").write_text(BASE)
    out = root / "summary.md"
    assert run_review(root, "HEAD", out) == 0
    md = out.read_text()
    assert (
        "> The data file at HEAD does not validate with this branch's models (1 problem(s))" in md
    )
    assert "#### Comparison `demo` (added)" in md
