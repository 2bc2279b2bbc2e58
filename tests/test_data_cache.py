"""The cache of validated data in .cache/data/: reused only when it is safe.

Protects: an unchanged data file is not parsed and validated again on the next build; a
changed file or a damaged cache entry is validated afresh (so its problems are still
reported); a broken file is never stored; page links are checked against the pages on
every load, reused or not; old entries are pruned.
"""

from __future__ import annotations

import pytest

from studyguide import cache, loader
from studyguide.loader import DataError
from studyguide.project import Project

PAGE_ROW = "      - name: Alpha\n"


@pytest.fixture
def project(tmp_path, valid_yaml) -> Project:
    docs = tmp_path / "docs"
    (docs / "storage").mkdir(parents=True)
    (docs / "storage" / "s3.md").write_text("# S3\n\n## Classes\n")
    text = valid_yaml.replace(PAGE_ROW, PAGE_ROW + "        page: storage/s3.md#classes\n")
    (tmp_path / "data.yml").write_text(text)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nextra: {saa: {data: data.yml}}\n")
    return Project.from_file(tmp_path / "mkdocs.yml")


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = loader.validate

    def counting(parsed, model):
        calls.append(model.__name__)
        return real(parsed, model)

    monkeypatch.setattr(loader, "validate", counting)
    return calls


def test_unchanged_file_is_validated_once(project, validations):
    first = project.load()
    second = project.load()
    assert validations == ["DataFile"]
    assert second == first
    assert second.data.comparisons[0].rows[0].page == "storage/s3.md#classes"
    assert len(list(project.cache("data").glob("data-*.pickle"))) == 1


def test_changed_file_is_validated_again(project, validations):
    project.load()
    path = project.data_file
    path.write_text(path.read_text().replace("Demo table", "Renamed table"))
    assert project.load().data.comparisons[0].title == "Renamed table"
    assert validations == ["DataFile", "DataFile"]


def test_a_broken_file_is_reported_every_time_and_never_stored(project, validations):
    path = project.data_file
    path.write_text(path.read_text().replace("    row_label: Thing\n", ""))
    for _ in range(2):
        with pytest.raises(DataError, match="required field `row_label` is missing"):
            project.load()
    assert validations == ["DataFile", "DataFile"]
    assert list(project.cache("data").glob("*.pickle")) == []


def test_links_are_checked_on_every_load_even_when_the_data_is_reused(project, validations):
    project.load()
    (project.docs_dir / "storage" / "s3.md").write_text("# S3\n\n## Renamed\n")
    with pytest.raises(
        DataError, match=r"`storage/s3.md` has no heading with the anchor `#classes`"
    ):
        project.load()
    assert validations == ["DataFile"]  # the text did not change: its validation was reused


def test_a_damaged_entry_is_validated_afresh(project, validations):
    project.load()
    (entry,) = project.cache("data").glob("data-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert project.load().data.comparisons[0].id == "demo"
    assert validations == ["DataFile", "DataFile"]


def test_old_entries_are_pruned(tmp_path):
    for n in range(cache.KEEP + 3):
        cache.remember(tmp_path, "data", f"key{n}", lambda n=n: n)
    assert len(list(tmp_path.glob("data-*.pickle"))) == cache.KEEP
    # Negative control: an entry is read back, not computed again.
    assert (
        cache.remember(tmp_path, "data", f"key{cache.KEEP + 2}", lambda: "again") == cache.KEEP + 2
    )
