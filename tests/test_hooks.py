"""The MkDocs hooks (hooks/saa.py): table captions and scopes, compact pages, slots."""

from __future__ import annotations

from hooks.saa import caption_tables, compact_html, fill_slots

TABLE = (
    '<table>\n<thead>\n<tr>\n<th>Item</th>\n<th style="text-align: left;">Value</th>\n'
    "</tr>\n</thead>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>"
)


def test_table_is_named_after_the_heading_above_it():
    html = (
        '<h2 id="key-facts">Key facts<a class="headerlink" href="#key-facts">¶</a></h2>\n' + TABLE
    )
    out = caption_tables(html, "Page")
    assert '<table><caption class="sr-only">Key facts</caption>' in out
    assert out.count('<th scope="col"') == 2
    assert "<td>a</td>" in out


def test_explicit_caption_paragraph_becomes_the_visible_caption():
    out = caption_tables("<h2>X</h2><p>Table: Limits &amp; quotas</p>\n" + TABLE, "Page")
    assert "<table><caption>Limits &amp; quotas</caption>" in out
    assert "<p>Table:" not in out


def test_table_without_heading_uses_page_title_and_styled_tables_are_left_alone():
    out = caption_tables(TABLE, "Amazon S3")
    assert '<caption class="sr-only">Amazon S3</caption>' in out
    ours = (
        '<table class="cmp-table"><caption>x</caption>'
        '<thead><tr><th scope="col">A</th></tr></thead></table>'
    )
    assert caption_tables(ours, "P") == ours


def test_compact_html_keeps_verbatim_elements():
    page = (
        "<div>\n    <p>text\n      more</p>\n</div>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n"
        "<script>\n  var a = `x\n    y`;\n</script>\n<textarea>\n  kept</textarea>"
    )
    assert compact_html(page) == (
        "<div>\n<p>text\nmore</p>\n</div>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n"
        "<script>\n  var a = `x\n    y`;\n</script>\n<textarea>\n  kept</textarea>"
    )


def test_macro_html_comes_back_into_its_slot():
    slots = ['<div class="cmp">table</div>', "<ul><li>fact</li></ul>"]
    html = '<h2>A</h2>\n<div data-saa-slot="0"></div>\n<p><div data-saa-slot="1"></div></p>'
    assert fill_slots(html, slots) == (
        '<h2>A</h2>\n<div class="cmp">table</div>\n<ul><li>fact</li></ul>'
    )
    assert fill_slots(html, []) == html
