"""The PDF cheat sheets: what a reader who prints them, and a maintainer who builds them, relies on.

Protects: every sheet is exactly one page in A4 and US Letter, of the right size,
with extractable text that holds its title and its data, set in the bundled fonts
only; WeasyPrint logs no warning; the same input gives the same bytes; a sheet
that points at a local file or the network fails and embeds nothing; a sheet
that cannot fit fails naming itself and the excess; a missing id fails naming
the sheet and the id; an unchanged sheet is not rendered twice.

Every sheet is rendered once per session (in parallel), so the file stays fast.
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from cheatsheets import PAPERS, SHEETS, Facts, Sheet, SheetError, Table, build, pdf, render
from cheatsheets.sheets import by_slug
from macros.data import DATA_FILE, load

pytestmark = pytest.mark.slow

SIZES_PT = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}  # landscape
CASES = [(sheet, paper) for sheet in SHEETS for paper in PAPERS]
IDS = [f"{sheet.slug}-{paper}" for sheet, paper in CASES]
TINY = Sheet("tiny", "Tiny", "one table", (), (Table("dr-strategies"),))  # fits in one layout


def squash(text: str) -> str:
    """Text without whitespace: line breaks in a PDF fall anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def data():
    return load(DATA_FILE, docs_dir=None)  # page links are the site build's to check


@pytest.fixture(scope="session")
def built(tmp_path_factory, data):
    """Every sheet in both sizes, in a fresh folder; from the project's cache when unchanged
    (its key hashes everything a sheet reads, so a hit is what a render would give)."""
    results = build(tmp_path_factory.mktemp("cheatsheets"), data=data)
    return {(r.slug, r.paper): r for r in results}


@pytest.fixture(scope="session")
def fresh(data):
    """One sheet rendered again in this process, with WeasyPrint's log captured."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler, level = Keep(logging.WARNING), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        sheet, paper = by_slug("resilience"), "a4"  # tables and facts, quick to lay out
        html = render.sheet_html(sheet, data, PAPERS[paper])
        pdf_bytes, _ = pdf.render_html(html, PAPERS[paper], sheet.slug)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return (sheet.slug, paper), pdf_bytes, records


# ---------------------------------------------------------------- every sheet


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_one_page_of_the_right_size(built, sheet, paper):
    reader = PdfReader(built[(sheet.slug, paper)].path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width, height = SIZES_PT[paper]
    assert float(box.width) == pytest.approx(width, abs=1)
    assert float(box.height) == pytest.approx(height, abs=1)


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_text_holds_the_title_and_the_data(built, data, sheet, paper):
    reader = PdfReader(built[(sheet.slug, paper)].path)
    text = squash(reader.pages[0].extract_text())
    assert squash(sheet.title) in text
    items = render.resolve(sheet, data)
    assert items, f"sheet {sheet.slug} has no content"
    for _, item in items:  # every table caption and fact-list heading comes from the data
        assert squash(item.title) in text
    assert squash(f"Verified {render.verified(items).isoformat()}") in text
    assert squash(render.site_url().removeprefix("https://").rstrip("/")) in text
    assert squash(render.project_version()) in text


def test_a_known_value_of_the_data_is_printed(built, data):
    text = squash(PdfReader(built[("storage", "a4")].path).pages[0].extract_text())
    s3 = next(c for c in data.comparisons if c.id == "s3-storage-classes")
    deep = next(r for r in s3.rows if r.name == "S3 Glacier Deep Archive")
    assert squash(deep.name) in text
    assert squash(deep.cells["min_duration"]) in text


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_metadata_and_bundled_fonts_only(built, sheet, paper):
    reader = PdfReader(built[(sheet.slug, paper)].path)
    meta = reader.metadata
    assert sheet.title in meta.title
    assert meta.subject == sheet.subject
    assert "SAA-C03" in meta.get("/Keywords", "")
    fonts = {
        str(f["/BaseFont"])
        for f in reader.pages[0]["/Resources"]["/Font"].values()
        for f in [f.get_object()]
    }
    # Only the @font-face family, i.e. the files in cheatsheets/assets/fonts: no system font.
    assert fonts
    assert all(f.split("+", 1)[-1].startswith("Sheet-Sans") for f in fonts), fonts


def test_each_sheet_is_filled_legibly(built):
    for result in built.values():
        assert pdf.FONT_MIN <= result.fit.font_pt <= pdf.FONT_MAX
        assert result.fit.fill <= 1


# ---------------------------------------------------------------- clean and reproducible


def test_weasyprint_logs_no_warning(fresh):
    _, _, records = fresh
    assert [r.getMessage() for r in records] == []


def test_same_input_same_bytes(built, fresh):
    key, pdf_bytes, _ = fresh
    assert built[key].path.read_bytes() == pdf_bytes  # rendered in another process


def test_an_unchanged_sheet_is_not_rendered_again(data, tmp_path):
    sheets, cache = [TINY], tmp_path / "cache"
    first = build(tmp_path / "one", sheets=sheets, papers=["a4"], data=data, cache_dir=cache)
    again = build(tmp_path / "two", sheets=sheets, papers=["a4"], data=data, cache_dir=cache)
    assert [r.rendered for r in first] == [True]
    assert [r.rendered for r in again] == [False]
    assert again[0].path.read_bytes() == first[0].path.read_bytes()


# ---------------------------------------------------------------- safe rendering


@pytest.mark.parametrize(
    "inject",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://example.com/evil.css">',
        '<style>@import url("https://example.com/evil.css");</style>',
        '<style>body { background: url("file:///etc/passwd") }</style>',
        '<img src="../../pyproject.toml">',
        '<img src="file:///dev/zero">',
    ],
    ids=["file-img", "attachment", "http-css", "https-import", "css-file", "traversal", "device"],
)
def test_a_sheet_that_reaches_outside_fails_and_embeds_nothing(data, inject, tmp_path):
    html = render.sheet_html(TINY, data, PAPERS["a4"]).replace("</head>", inject + "</head>")
    with pytest.raises(SheetError, match=r"refused to fetch") as err:
        pdf.render_html(html, PAPERS["a4"], "evil")
    assert "evil" in str(err.value)


def test_the_fetcher_refuses_special_files_and_symlinks_out(tmp_path):
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "ok.css").write_text("p {}")
    os.mkfifo(assets / "pipe")
    (assets / "link").symlink_to("/etc/passwd")
    assert pdf.check_url((assets / "ok.css").as_uri(), assets) == (assets / "ok.css").resolve()
    assert pdf.check_url("data:text/css,p{}", assets) is None
    for name in ("pipe", "link"):
        with pytest.raises(SheetError, match="refused"):
            pdf.check_url((assets / name).as_uri(), assets)


def test_a_render_has_a_time_limit(data):
    html = render.sheet_html(SHEETS[0], data, PAPERS["a4"])
    with pytest.raises(pdf.RenderTimeout, match="longer than"):
        pdf.render_html(html, PAPERS["a4"], "slow", timeout=0.05)


def test_a_time_limit_outlives_a_lost_signal():
    # Python drops an exception raised while a finalizer runs; here the body swallows it.
    def body_that_swallows_once(seconds_after):
        try:
            time.sleep(1)  # the limit passes here
        except BaseException:  # noqa: BLE001  as a `__del__` would
            pass
        time.sleep(seconds_after)

    with pytest.raises(pdf.RenderTimeout, match="longer than 0.05 s"):
        with pdf.time_limit(0.05, "x"):
            body_that_swallows_once(1)  # the timer fires again during this sleep
    with pytest.raises(pdf.RenderTimeout, match="longer than 0.05 s"):
        with pdf.time_limit(0.05, "x"):
            body_that_swallows_once(0)  # the body ends late without another signal
    # Negative control: a body within its limit finishes normally.
    with pdf.time_limit(5, "x"):
        time.sleep(0.01)


# ---------------------------------------------------------------- failing loudly


def test_a_sheet_too_big_fails_naming_it_and_the_excess(data, tmp_path):
    every_list = tuple(Facts(f.id) for f in data.facts)
    huge = Sheet("too-much", "Too much", "everything", (), every_list)
    with pytest.raises(
        SheetError,
        match=r"'too-much' \(A4\) does not fit on one page even at "
        r"6\.5 pt: it is \d+ mm \(\d+%\) too tall",
    ):
        build(tmp_path, sheets=[huge], papers=["a4"], data=data, cache_dir=None)
    assert not list(tmp_path.iterdir())  # no PDF, not even a partial one


def test_a_missing_id_names_the_sheet_and_the_id(data, monkeypatch):
    sheet = Sheet(
        "gaps", "Gaps", "missing ids", (), (Table("s3-storage-classes"), Facts("no-such-list"))
    )
    monkeypatch.delenv(render.ALLOW_MISSING_ENV, raising=False)
    with pytest.raises(SheetError, match=r"'gaps'.*fact list 'no-such-list'"):
        render.sheet_html(sheet, data, PAPERS["a4"])
    monkeypatch.setenv(render.ALLOW_MISSING_ENV, "1")
    assert "Amazon S3 storage classes" in render.sheet_html(sheet, data, PAPERS["a4"])


def test_sheet_slugs_are_unique_and_their_ids_exist(data):
    assert len({s.slug for s in SHEETS}) == len(SHEETS)
    ids = {c.id for c in data.comparisons} | {f.id for f in data.facts}
    for sheet in SHEETS:
        assert sheet.blocks, sheet.slug
        assert {b.id for b in sheet.blocks} <= ids, sheet.slug


def test_output_paths(built):
    names = sorted(r.path.name for r in built.values())
    assert names == sorted(f"{s.slug}-{p}.pdf" for s in SHEETS for p in PAPERS)
    assert all(isinstance(r.path, Path) and r.size == r.path.stat().st_size for r in built.values())


# ---------------------------------------------------------------- the site's macros


class FakeEnv:
    def __init__(self, site_dir: Path, url: str) -> None:
        self.conf = {"docs_dir": "docs", "site_dir": str(site_dir)}
        self.page = type("Page", (), {"url": url, "file": type("F", (), {"src_uri": "x.md"})})()


def test_overview_links_point_at_the_built_pdfs(data, tmp_path, monkeypatch):
    from cheatsheets import site

    monkeypatch.setattr(site, "load_cached", lambda docs_dir: data)
    monkeypatch.setenv(site.ENV, "1")
    html = site.SiteSheets(FakeEnv(tmp_path, "storage/")).cheatsheet_links("storage")
    assert 'href="../cheatsheets/storage-a4.pdf"' in html
    assert 'href="../cheatsheets/storage-letter.pdf"' in html
    assert re.search(r"A4 PDF, \d+ KB", html)
    assert (tmp_path / "cheatsheets" / "storage-letter.pdf").is_file()


def test_the_preview_says_how_to_build_the_pdfs(tmp_path, monkeypatch):
    from cheatsheets import site

    monkeypatch.setenv(site.ENV, "0")
    sheets = site.SiteSheets(FakeEnv(tmp_path, "reference/cheat-sheets/"))
    for html in (sheets.cheatsheet_list(), sheets.cheatsheet_links("compute")):
        assert "python3 tasks.py build" in html
        assert ".pdf" not in html
    assert not (tmp_path / "cheatsheets").exists()
    with pytest.raises(ValueError, match=r"no cheat sheet covers 'stowage'.*'storage'"):
        sheets.cheatsheet_links("stowage")
