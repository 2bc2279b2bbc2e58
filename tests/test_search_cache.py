"""Reuse of the search plugin's parse of unchanged pages (macros/search_cache.py)."""

from __future__ import annotations

import html.parser
import json
import pickle
from types import SimpleNamespace

import pytest
from material.plugins.search import plugin as search

from macros import search_cache
from macros.memo import Memo

PAGES = {
    "intro": '<p>Before any heading.</p><h1 id="title">Title<a class="headerlink" href="#title">'
    "&para;</a></h1><p>Some <code>code</code> and <abbr title='x'>ABC</abbr>.</p>",
    "nested": '<h2 id="a">A</h2><div class="admonition"><h3 id="b">B</h3><p>inside</p></div>'
    "<ul><li>one</li><li> </li></ul><p>after</p>",
    "skipped": '<h2 id="c">C</h2><div data-search-exclude><p>hidden</p></div>'
    "<script>var x = '<p>';</script><style>p {}</style><p>shown</p>",
    "table": '<h2 id="t">T</h2><table><caption>Cap</caption><tr><th scope="row">R</th>'
    "<td>1 &amp; 2</td></tr></table><pre><code>a\n  b</code></pre>",
    "untitled": "<p>No heading at all, so the entry takes the page title.</p>",
}


def page(name: str, content: str, url: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        content=content, toc=[], url=url or f"{name}/", title=name.title(), meta={}
    )


def entries(pages: dict[str, str], **urls: str) -> list[dict]:
    """The search index entries Material makes for these pages with the current `Parser`."""
    index = search.SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    for name, content in pages.items():
        index.add_entry_from_context(page(name, content, urls.get(name)))
    return index.entries


@pytest.fixture
def store(tmp_path):
    """`store()` ends the build in progress (keeping its store) and starts the next one."""

    def next_build() -> Memo:
        search_cache.uninstall(keep=True)
        return search_cache.install(str(tmp_path / "mkdocs.yml"), cache_dir=tmp_path)

    yield next_build
    search_cache.uninstall()


def test_reused_sections_give_the_same_entries_as_a_parse(store, monkeypatch):
    expected = entries(PAGES)
    store()
    assert entries(PAGES) == expected  # first build: parsed and stored
    memo = store()
    assert len(memo.old) == len(PAGES)

    # Second build: every page is a hit, so the HTML parser never runs.
    def no_parse(self, data):
        raise AssertionError("parsed a page whose sections were stored")

    monkeypatch.setattr(html.parser.HTMLParser, "feed", no_parse)
    assert entries(PAGES) == expected
    assert entries(PAGES, intro="moved/") != expected  # entries follow the page as it is now
    assert entries(PAGES, intro="moved/")[0]["location"] == "moved/"


def test_stored_sections_are_used_until_the_html_changes(store):
    store()
    entries(PAGES)
    memo = store()
    for key, value in memo.old.items():  # mark every stored section's text
        sections = pickle.loads(value)
        for section in sections:
            section.text = ["stored"]
        memo.old[key] = pickle.dumps(sections)
    texts = {e["text"] for e in entries(PAGES)}
    assert texts == {"stored"}

    # Negative control: changed HTML is parsed afresh.
    changed = {**PAGES, "nested": PAGES["nested"].replace("after", "changed")}
    by_location = {e["location"]: e["text"] for e in entries(changed)}
    assert by_location["nested/#a"].endswith("<p>changed</p>")
    assert by_location["intro/"] == "stored"


def test_a_damaged_stored_entry_is_read_again(store):
    expected = entries(PAGES)
    store()
    entries(PAGES)
    memo = store()
    memo.old = dict.fromkeys(memo.old, b"not a pickle")
    assert entries(PAGES) == expected


def test_entries_made_from_reused_sections_do_not_alter_the_store(store):
    store()
    first = entries(PAGES)
    memo = store()
    stored = dict(memo.old)
    assert entries(PAGES) == first
    assert entries(PAGES) == first  # the same page twice in one build
    assert memo.new == stored


def test_install_replaces_the_parser_once_and_uninstall_restores_it(tmp_path):
    original = search.Parser
    try:
        memo = search_cache.install(str(tmp_path / "mkdocs.yml"))
        assert memo is not None
        assert search.Parser.uncached is original
        search_cache.install(str(tmp_path / "mkdocs.yml"))
        assert search.Parser.uncached is original  # not a subclass of a subclass
        other = search_cache.install(str(tmp_path / "other.yml"))
        assert other.file != memo.file  # another config keeps a store of its own
    finally:
        search_cache.uninstall()
    assert search.Parser is original


def test_site_search_index_is_the_same_from_reused_sections(fixture_site, tmp_path):
    pages = {"index.md": "# Home\n\nWelcome.\n", "guide.md": "# Guide\n\n## Part\n\nText.\n"}
    result, site = fixture_site(pages, hooks=True, plugins=("search",))
    assert result.returncode == 0, result.stderr
    first = (site / "search" / "search_index.json").read_text()
    (store_file,) = (tmp_path / "cache" / "data").glob("search-*.memo")
    stored_pages, stored = pickle.loads(store_file.read_bytes())
    assert len(stored) == len(pages)

    result, site = fixture_site(pages, hooks=True, plugins=("search",))
    assert result.returncode == 0, result.stderr
    assert (site / "search" / "search_index.json").read_text() == first

    # The store is what the build reads: marked sections show up in the index ...
    marked = {}
    for key, value in stored.items():
        sections = pickle.loads(value)
        for section in sections:
            section.text = [t.replace("Text.", "Stored text.") for t in section.text]
        marked[key] = pickle.dumps(sections)
    store_file.write_bytes(pickle.dumps((stored_pages, marked)))
    result, site = fixture_site(pages, hooks=True, plugins=("search",))
    assert result.returncode == 0, result.stderr
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    assert {d["location"]: d["text"] for d in docs}["guide/#part"] == "<p>Stored text.</p>"

    # ... and an edited page is read again (negative control).
    result, site = fixture_site(
        {**pages, "guide.md": pages["guide.md"] + "\nMore.\n"}, hooks=True, plugins=("search",)
    )
    assert result.returncode == 0, result.stderr
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    assert {d["location"]: d["text"] for d in docs}["guide/#part"] == "<p>Text.</p> <p>More.</p>"


def test_hooks_keep_the_store_of_a_finished_build_only(tmp_path, monkeypatch):
    from macros import hooks

    monkeypatch.setattr("macros.memo.CACHE_DIR", tmp_path)
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    original = getattr(search.Parser, "uncached", search.Parser)
    for end, kept in ((hooks.on_build_error, []), (hooks.on_post_build, ["search"])):
        hooks.on_config(config)
        assert search.Parser.uncached is original
        entries(PAGES)
        end(None)
        assert search.Parser is original
        assert [p.name.split("-")[0] for p in tmp_path.glob("search-*.memo")] == kept
