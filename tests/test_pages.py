"""The pages under docs/ as a reader and a maintainer rely on them, read from the source.

Protects: every page states when its facts were last checked (`verified:` in its front
matter, a real date); `python3 tasks.py stale` lists what is older than a given age; the
practice pages are one per task statement and per domain, each drawing its questions
from the bank, no more and no fewer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from studyguide import examguide
from studyguide.pages import DocsIndex, split_front_matter
from studyguide.project import Project
from studyguide.stale import main as stale_main
from studyguide.stale import stale

ROOT = Path(__file__).resolve().parent.parent
DOCS = DocsIndex(ROOT / "docs")


def test_every_page_states_when_it_was_verified():
    missing = []
    for src in DOCS.sources:
        meta, _ = split_front_matter(DOCS.text(src))
        if src.startswith(("practice/", "flashcards/")):
            continue  # made from the question bank and the data, whose entries carry dates
        if not isinstance(meta.get("verified"), dt.date):
            missing.append(src)
    assert missing == []


def test_stale_lists_old_and_undated_pages_and_entries(tmp_path, valid_yaml):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "new.md").write_text("---\nverified: 2026-11-01\n---\n# New\n")
    (tmp_path / "docs" / "old.md").write_text("---\ntitle: Old\nverified: 2025-01-02\n---\n# O\n")
    (tmp_path / "docs" / "none.md").write_text("# No date\n")
    (tmp_path / "data.yml").write_text(valid_yaml.replace("2026-11-27", "2025-03-01"))
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nextra: {saa: {data: data.yml}}\n")
    project = Project.from_file(tmp_path / "mkdocs.yml")
    found = stale(project, 180, dt.date(2026, 12, 1))
    assert [(e.where, e.what) for e in found] == [
        ("docs/none.md:1", "page none.md"),
        ("docs/old.md:3", "page old.md"),
        ("data.yml:17", "comparison demo"),
    ]
    # Negative control: a longer age lists only the page without a date.
    assert [e.what for e in stale(project, 1000, dt.date(2026, 12, 1))] == ["page none.md"]


def test_stale_command_exits_1_and_says_how_old(tmp_path, capsys, valid_yaml):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "old.md").write_text("---\nverified: 2026-01-01\n---\n# O\n")
    (tmp_path / "data.yml").write_text(valid_yaml)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nextra: {saa: {data: data.yml}}\n")
    config = str(tmp_path / "mkdocs.yml")
    assert stale_main(["--days", "180", "--today", "2026-12-01", "--config", config]) == 1
    out = capsys.readouterr().out
    assert "docs/old.md:2: verified 2026-01-01 (334 days ago): page old.md" in out
    assert stale_main(["--days", "400", "--today", "2026-12-01", "--config", config]) == 0


def test_one_practice_page_per_task_and_domain():
    pages = {src for src in DOCS.sources if src.startswith("practice/")}
    expected = {"practice/index.md", "practice/exam.md"}
    for domain in examguide.domains():
        expected.add(f"practice/domain-{domain.id}.md")
        expected |= {f"practice/task-{t.id.replace('.', '-')}.md" for t in domain.tasks}
    assert pages == expected
    for domain in examguide.domains():
        assert f"practice(domain={domain.id})" in DOCS.text(f"practice/domain-{domain.id}.md")
        for task in domain.tasks:
            text = DOCS.text(f"practice/task-{task.id.replace('.', '-')}.md")
            assert f'practice(task="{task.id}")' in text
