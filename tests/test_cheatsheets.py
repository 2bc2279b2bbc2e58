"""The PDF cheat sheets: what a reader who prints them, and a maintainer who builds them, relies on.

Protects: every sheet is exactly one page in A4 and US Letter, of the right size,
with extractable text that holds its title and its data, set in the bundled fonts
only; WeasyPrint logs no warning; the same input gives the same bytes; a sheet
that points at a local file or the network fails and embeds nothing; a sheet
that cannot fit fails naming itself and the excess; a missing id fails naming
the sheet and the id; an unchanged sheet is not rendered twice.

Every sheet is rendered once per session (in parallel; from the project's PDF cache when
unchanged), so the file stays fast.
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from cheatsheets import pdf, render
from cheatsheets.pdf import build
from cheatsheets.render import SheetError
from studyguide.project import Project
from studyguide.sheets import PAPERS, SHEETS, Facts, Sheet, Table, by_slug

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project.from_file(ROOT / "mkdocs.yml")

SIZES_PT = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}  # landscape
SITE_URL = PROJECT.site_url
CASES = [(sheet, paper) for sheet in SHEETS for paper in PAPERS]
IDS = [f"{sheet.slug}-{paper}" for sheet, paper in CASES]
TINY = Sheet("tiny", "Tiny", "one table", (), (Table("dr-strategies"),))  # fits in one layout


def squash(text: str) -> str:
    """Text without whitespace: line breaks in a PDF fall anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def data():
    return PROJECT.load().data


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory, data):
    """Every sheet in both sizes, in a fresh folder; from the project's cache when unchanged
    (its key hashes everything a sheet reads, so a hit is what a render would give)."""
    out = tmp_path_factory.mktemp("cheatsheets")
    results = build(out, data=data, cache_dir=PROJECT.cache("cheatsheets"), site_url=SITE_URL)
    return {(r.slug, r.paper): r for r in results}


@pytest.fixture(scope="session")
def weasyprint():
    """WeasyPrint itself, for the tests that render a sheet in this process."""
    import weasyprint

    return weasyprint


@pytest.fixture(scope="session")
def fresh(data, weasyprint):
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
        html = render.sheet_html(sheet, data, PAPERS[paper], SITE_URL)
        pdf_bytes, _ = pdf.render_html(html, PAPERS[paper], sheet.slug)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return (sheet.slug, paper), pdf_bytes, records


# ---------------------------------------------------------------- every sheet


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_one_page_of_the_right_size(pdfs, sheet, paper):
    reader = PdfReader(pdfs[(sheet.slug, paper)].path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width, height = SIZES_PT[paper]
    assert float(box.width) == pytest.approx(width, abs=1)
    assert float(box.height) == pytest.approx(height, abs=1)


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_text_holds_the_title_and_the_data(pdfs, data, sheet, paper):
    reader = PdfReader(pdfs[(sheet.slug, paper)].path)
    text = squash(reader.pages[0].extract_text())
    assert squash(sheet.title) in text
    items = render.resolve(sheet, data)
    assert items, f"sheet {sheet.slug} has no content"
    for _, item in items:  # every table caption and fact-list heading comes from the data
        assert squash(item.title) in text
    assert squash(f"Verified {render.verified(items).isoformat()}") in text
    assert squash(SITE_URL.removeprefix("https://").rstrip("/")) in text
    assert squash(render.project_version()) in text


def test_a_known_value_of_the_data_is_printed(pdfs, data):
    text = squash(PdfReader(pdfs[("storage", "a4")].path).pages[0].extract_text())
    s3 = next(c for c in data.comparisons if c.id == "s3-storage-classes")
    deep = next(r for r in s3.rows if r.name == "S3 Glacier Deep Archive")
    assert squash(deep.name) in text
    assert squash(deep.cells["min_duration"]) in text


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_metadata_and_bundled_fonts_only(pdfs, sheet, paper):
    reader = PdfReader(pdfs[(sheet.slug, paper)].path)
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


# ---------------------------------------------------------------- clean and reproducible


def test_weasyprint_logs_no_warning(fresh):
    _, _, records = fresh
    assert [r.getMessage() for r in records] == []


def test_same_input_same_bytes(pdfs, fresh):
    key, pdf_bytes, _ = fresh
    assert pdfs[key].path.read_bytes() == pdf_bytes  # rendered in another process


def test_an_unchanged_sheet_is_not_rendered_again(data, tmp_path, weasyprint):
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
def test_a_sheet_that_reaches_outside_fails_and_embeds_nothing(data, inject, weasyprint):
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


def test_a_render_has_a_time_limit(data, weasyprint):
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


def test_a_sheet_too_big_fails_naming_it_and_the_excess(data, tmp_path, weasyprint):
    every_list = tuple(Facts(f.id) for f in data.facts)
    huge = Sheet("too-much", "Too much", "everything", (), every_list)
    with pytest.raises(
        SheetError,
        match=r"'too-much' \(A4\) does not fit on one page even at "
        r"6\.5 pt: it is \d+ mm \(\d+%\) too tall",
    ):
        build(tmp_path, sheets=[huge], papers=["a4"], data=data, cache_dir=None)
    assert not list(tmp_path.iterdir())  # no PDF, not even a partial one


def test_a_missing_id_names_the_sheet_and_the_id(data):
    sheet = Sheet(
        "gaps", "Gaps", "missing ids", (), (Table("s3-storage-classes"), Facts("no-such-list"))
    )
    with pytest.raises(SheetError, match=r"'gaps'.*fact list 'no-such-list'"):
        render.sheet_html(sheet, data, PAPERS["a4"])
    html = render.sheet_html(sheet, data, PAPERS["a4"], allow_missing=True)
    assert "Amazon S3 storage classes" in html


def test_sheet_slugs_are_unique_and_their_ids_exist(data):
    assert len({s.slug for s in SHEETS}) == len(SHEETS)
    ids = {c.id for c in data.comparisons} | {f.id for f in data.facts}
    for sheet in SHEETS:
        assert sheet.blocks, sheet.slug
        assert {b.id for b in sheet.blocks} <= ids, sheet.slug
