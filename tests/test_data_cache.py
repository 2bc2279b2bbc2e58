"""The cache of validated data in .cache/data/: reused only when it is safe.

Protects: an unchanged data file is not parsed and validated again on the next build; a
changed file, a removed linked page or a damaged cache entry is validated afresh (so its
problems are still reported); a broken file is never stored; old entries are pruned.
"""

from __future__ import annotations

import pytest

from macros import data as data_module
from macros.data import DataError, load_validated
from macros.memo import KEEP, Memo, store_file

PAGE_ROW = "      - name: Alpha\n"


@pytest.fixture
def setup(tmp_path, valid_yaml):
    docs = tmp_path / "docs"
    (docs / "storage").mkdir(parents=True)
    (docs / "storage" / "s3.md").write_text("# S3\n")
    text = valid_yaml.replace(PAGE_ROW, PAGE_ROW + "        page: storage/s3.md#classes\n")
    path = tmp_path / "data.yml"
    path.write_text(text)
    return path, docs, tmp_path / "cache"


def count_validations(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = data_module.load_text

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(data_module, "load_text", counting)
    return calls


def test_unchanged_file_is_validated_once(setup, monkeypatch):
    path, docs, cache = setup
    calls = count_validations(monkeypatch)
    first = load_validated(path, docs, cache)
    second = load_validated(path, docs, cache)
    assert len(calls) == 1
    assert second == first
    assert second.comparisons[0].rows[0].page == "storage/s3.md#classes"
    assert len(list(cache.glob("*.pickle"))) == 1


def test_changed_file_is_validated_again(setup, monkeypatch):
    path, docs, cache = setup
    calls = count_validations(monkeypatch)
    load_validated(path, docs, cache)
    path.write_text(path.read_text().replace("Demo table", "Renamed table"))
    assert load_validated(path, docs, cache).comparisons[0].title == "Renamed table"
    assert len(calls) == 2


def test_removed_page_is_reported_although_the_file_is_cached(setup):
    path, docs, cache = setup
    load_validated(path, docs, cache)
    (docs / "storage" / "s3.md").unlink()
    with pytest.raises(DataError, match=r"page `storage/s3.md` does not exist under docs/"):
        load_validated(path, docs, cache)


def test_broken_file_is_never_stored(setup):
    path, docs, cache = setup
    path.write_text(path.read_text().replace("    title: Demo table\n", ""))
    with pytest.raises(DataError, match="required field `title` is missing"):
        load_validated(path, docs, cache)
    assert not cache.exists() or not list(cache.glob("*.pickle"))


def test_damaged_entry_is_validated_again(setup, monkeypatch):
    path, docs, cache = setup
    load_validated(path, docs, cache)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    calls = count_validations(monkeypatch)
    assert load_validated(path, docs, cache).comparisons[0].id == "demo"
    assert len(calls) == 1


def test_old_entries_are_pruned(setup):
    path, docs, cache = setup
    text = path.read_text()
    for i in range(KEEP + 3):
        path.write_text(text.replace("Demo table", f"Table {i}"))
        load_validated(path, docs, cache)
    assert len(list(cache.glob("*.pickle"))) == KEEP


def test_stored_macro_output_is_ignored_when_a_linked_page_is_gone(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "s3.md").write_text("# S3\n")
    file = store_file("macros", "comparisons: []", cache_dir=tmp_path / "cache")
    memo = Memo(file, docs)
    memo.put("key", "<table>")
    memo.save(["s3.md"])
    assert Memo(file, docs).valid
    assert Memo(file, docs).get("key") == "<table>"
    (docs / "s3.md").unlink()
    assert not Memo(file, docs).valid
    assert Memo(file, docs).get("key") is None
