"""The PDF cheat sheets: what a reader who prints them, and a maintainer who builds them, relies on.

Protects: every sheet is exactly one page in A4 and US Letter, of the right size, set at
one type size (read back from the PDF: body text 8 pt, nothing under 7.5 pt), at least
85% full with columns ending within 12 mm of each other; its text holds its title and its
data, in the bundled fonts only; it is tagged (PDF/UA-1: the title is the first heading,
tables have header cells, lists are lists) with a bookmark per table and fact list; each
table title links to the site's page section that shows it; WeasyPrint logs no warning;
the same input gives the same bytes; a sheet that points at a local file or the network
fails and embeds nothing; a sheet that cannot fit fails naming itself, the paper and the
excess; a missing id fails naming the sheet and the id; an unchanged sheet is not
rendered twice.

Every sheet is rendered once per session (in parallel; from the project's PDF cache when
unchanged), so the file stays fast.
"""

from __future__ import annotations

import io
import logging
import os
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from cheatsheets import pdf, render
from cheatsheets.__main__ import print_figure, section_links
from cheatsheets.pdf import build
from cheatsheets.render import SheetError
from studyguide.project import Project
from studyguide.render import page_url
from studyguide.sheets import PAPERS, SHEETS, Facts, Figure, Sheet, Table

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project.from_file(ROOT / "mkdocs.yml")

SIZES_PT = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}  # landscape
SITE_URL = PROJECT.site_url
CASES = [(sheet, paper) for sheet in SHEETS for paper in PAPERS]
IDS = [f"{sheet.slug}-{paper}" for sheet, paper in CASES]
TINY = Sheet("tiny", "Tiny", "one table", (), (Table("dr-strategies"),))


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
    results = build(
        out,
        data=data,
        cache_dir=PROJECT.cache("cheatsheets"),
        site_url=SITE_URL,
        links=section_links(PROJECT),
        figure=print_figure(PROJECT),
    )
    return {(r.slug, r.paper): r for r in results}


@pytest.fixture(scope="session")
def weasyprint():
    """WeasyPrint itself, for the tests that render a sheet in this process."""
    import weasyprint

    return weasyprint


def tiny_parts(data):
    """The parts of a small sheet, as the PDF step makes them (QR code included)."""
    (job,) = pdf.jobs_for([TINY], ["a4"], data, SITE_URL)
    return job.parts


@pytest.fixture(scope="session")
def fresh(data, weasyprint):
    """A small sheet rendered in this process, with WeasyPrint's log captured."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler, level = Keep(logging.WARNING), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        pdf_bytes, fit = pdf.render(tiny_parts(data))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return pdf_bytes, fit, records


def text_and_sizes(page) -> tuple[str, Counter[float]]:
    """A PDF page's text, and its characters per effective font size (points)."""
    sizes: Counter[float] = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes[round(size * scale, 1)] += len(text.strip())

    return page.extract_text(visitor_text=visit), sizes


@cache
def first_page(path: Path) -> tuple[str, Counter[float]]:
    """text_and_sizes of a sheet's first page, read once for the tests that read it."""
    return text_and_sizes(PdfReader(path).pages[0])


def struct_elements(reader: PdfReader) -> list[tuple[str, object]]:
    """The tagged structure, depth first: (role, element)."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    out: list[tuple[str, object]] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            out.append((str(node["/S"]), node))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(root)
    return out


# ---------------------------------------------------------------- every sheet


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_one_page_of_the_right_size_at_one_type_size(pdfs, sheet, paper):
    reader = PdfReader(pdfs[(sheet.slug, paper)].path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width, height = SIZES_PT[paper]
    assert float(box.width) == pytest.approx(width, abs=1)
    assert float(box.height) == pytest.approx(height, abs=1)
    _, sizes = first_page(pdfs[(sheet.slug, paper)].path)
    assert min(sizes) >= 7.4, sizes  # nothing under 7.5 pt
    assert sizes.most_common(1)[0][0] == pytest.approx(8.0, abs=0.05)  # the body text


def test_the_type_size_is_read_back_from_the_pdf(fresh):
    # Negative control: the reader sees the sizes the stylesheet sets (8 pt body, 14 pt title).
    _, sizes = text_and_sizes(PdfReader(io.BytesIO(fresh[0])).pages[0])
    assert {8.0, 14.0} <= set(sizes)


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_each_sheet_is_full_and_even(pdfs, sheet, paper):
    fit = pdfs[(sheet.slug, paper)].fit
    assert fit.font_pt == 8.0
    assert fit.fill >= 0.85, f"{sheet.slug} ({paper}) is {fit.fill:.0%} full"
    assert fit.gap_mm <= pdf.MAX_GAP_MM, f"{sheet.slug} ({paper}): {fit.gap_mm} mm gap"
    # The content's height is measured, not lost to the floats: a full sheet is tall.
    assert fit.fill * fit.available_mm <= fit.height_mm <= fit.available_mm


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_text_holds_the_title_and_the_data(pdfs, data, sheet, paper):
    text = squash(first_page(pdfs[(sheet.slug, paper)].path)[0])
    assert squash(sheet.title) in text
    items = render.resolve(sheet, data)
    assert items, f"sheet {sheet.slug} has no content"
    for block, item in items:  # every table caption and fact-list heading
        title = item.title if item is not None else block.caption
        assert squash(render.curly(title)) in text, title
    assert squash(f"Verified {render.verified(items).isoformat()}") in text
    assert squash(SITE_URL.removeprefix("https://").rstrip("/")) in text
    assert squash(render.project_version()) in text


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_tagged_with_the_title_first_header_cells_and_lists(pdfs, sheet, paper):
    reader = PdfReader(pdfs[(sheet.slug, paper)].path)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    roles = struct_elements(reader)
    names = [r for r, _ in roles]
    headings = [(r, e) for r, e in roles if re.fullmatch(r"/H\d?", r)]
    assert headings[0][0] == "/H1"
    tables = names.count("/Table")
    if tables:
        assert names.count("/TH") >= tables
    facts = sum(isinstance(b, Facts) for b in sheet.blocks)
    if facts:
        assert "/L" in names
        assert "/LI" in names
    # Bookmarks: one for each table, figure and fact list (and the title).
    assert len(reader.outline) >= 1
    marks = list(_flatten(reader.outline))
    assert len(marks) >= len(sheet.blocks)


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


@pytest.mark.parametrize(("sheet", "paper"), CASES, ids=IDS)
def test_table_titles_link_to_existing_site_sections(pdfs, built_site, sheet, paper):
    reader = PdfReader(pdfs[(sheet.slug, paper)].path)
    uris = [
        a.get_object()["/A"]["/URI"]
        for a in reader.pages[0].get("/Annots", [])
        if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]
    ]
    tables = sum(isinstance(b, Table) for b in sheet.blocks)
    assert len([u for u in uris if "#cmp-" in u]) >= tables
    for uri in uris:
        assert uri.startswith(SITE_URL), uri
        path, _, anchor = uri.removeprefix(SITE_URL).partition("#")
        page = built_site / path / "index.html"
        assert page.is_file(), uri
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), uri


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


def test_sheets_cover_every_area_and_share_no_table():
    tables = [b.id for s in SHEETS for b in s.blocks if isinstance(b, Table)]
    assert len(tables) == len(set(tables)), Counter(tables).most_common(3)
    assert len({s.slug for s in SHEETS}) == len(SHEETS) >= 16
    areas = {p.name for p in (ROOT / "docs").iterdir() if (p / "index.md").is_file()}
    areas -= {"reference", "practice", "flashcards"}
    assert areas <= {a for s in SHEETS for a in s.areas}


def test_sheet_ids_exist_and_figures_are_found(data):
    ids = {c.id for c in data.comparisons} | {f.id for f in data.facts}
    for sheet in SHEETS:
        assert sheet.blocks, sheet.slug
        for block in sheet.blocks:
            if isinstance(block, Figure):
                assert (ROOT / block.source).is_file(), block.source
            else:
                assert block.id in ids, (sheet.slug, block.id)


# ---------------------------------------------------------------- layout


def test_partition_keeps_the_order_and_evens_the_columns():
    heights = [10, 10, 10, 10, 40]
    assert render.partition(heights, [0] * 5) == [(0, 4), (4, 5)]
    assert render.partition([10, 20, 30, 20, 10], [0] * 5) == [(0, 3), (3, 5)]
    # A run that starts inside a fact list pays for its "continued" heading: here moving
    # one fact across costs more than it saves.
    assert render.partition([10, 10, 10, 10], [0, 30, 30, 30]) == [(0, 4), (4, 4)]
    assert render.partition([10, 10, 10, 10], [0, 5, 5, 5]) == [(0, 2), (2, 4)]
    assert render.partition([], []) == [(0, 0), (0, 0)]


def test_quotes_are_typographic_outside_tags():
    html = '<a href="x">it\'s "fine"</a> \'ok\''
    assert render.curly(html) == '<a href="x">it\u2019s \u201cfine\u201d</a> \u2018ok\u2019'


def test_print_svg_drops_masks_and_embedded_fonts():
    svg = (
        b'<svg><style>@font-face { font-family: d2-1-font-bold; src: url("data:x") }'
        b'.t { font-family: "d2-1-font-bold" }</style><mask id="m"><rect/></mask>'
        b'<g mask="url(#m)"><text class="t">A</text></g></svg>'
    )
    out = render.print_svg(svg).decode()
    assert "<mask" not in out
    assert "mask=" not in out
    assert "@font-face" not in out
    assert 'font-family: "Sheet Sans"; font-weight: 700' in out


# ---------------------------------------------------------------- clean and reproducible


def test_weasyprint_logs_no_warning(fresh):
    assert [r.getMessage() for r in fresh[2]] == []


def test_same_input_same_bytes(data, fresh, tmp_path):
    again = build(tmp_path, data=data, sheets=[TINY], papers=["a4"], site_url=SITE_URL)
    assert again[0].path.read_bytes() == fresh[0]  # rendered in another process


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
    p = tiny_parts(data)
    bad = render.TablePiece("t9", "Evil", inject)
    evil = render.Parts(p.slug, p.title, p.paper, p.shell, (*p.pieces, bad))
    with pytest.raises(SheetError, match=r"refused to fetch") as err:
        pdf.render(evil)
    assert "'tiny' (A4)" in str(err.value)


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
    with pytest.raises(pdf.RenderTimeout, match="longer than"):
        pdf.render(tiny_parts(data), timeout=0.05)


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


def test_a_sheet_too_big_fails_naming_it_the_paper_and_the_excess(data, tmp_path, weasyprint):
    every_list = tuple(Facts(f.id) for f in data.facts)
    huge = Sheet("too-much", "Too much", "everything", (), every_list)
    with pytest.raises(
        SheetError,
        match=r"cheat sheet 'too-much' \(US Letter\) does not fit on one page at 8 pt: it is "
        r"\d+ mm too tall; cut rows, columns or facts from its entry in studyguide/sheets\.py",
    ):
        build(tmp_path, sheets=[huge], papers=["letter"], data=data, cache_dir=None)
    assert not list(tmp_path.iterdir())  # no PDF, not even a partial one


def test_a_table_wider_than_the_page_fails_naming_it(data, weasyprint):
    # Too wide for a column, so it goes across the page; too wide for that too, it would be
    # cut at the right edge of the print.
    p = tiny_parts(data)
    cells = "".join(f"<td>{'0123456789' * 6}{i}</td>" for i in range(4))
    wide = render.TablePiece(
        "t9", "Wide", f"<table><caption>Far too wide</caption><tr>{cells}</tr></table>"
    )
    sheet = render.Parts(p.slug, p.title, p.paper, p.shell, (*p.pieces, wide))
    with pytest.raises(SheetError, match=r"'tiny' \(A4\): the table 'Far too wide' is wider"):
        pdf.render(sheet)
    # Negative control: one such cell is too wide for a column but fits across the page.
    cells = "".join(f"<td>{'0123456789' * 6}{i}</td>" for i in range(1))
    fits = render.TablePiece("t9", "Wide", f"<table><tr>{cells}</tr></table>")
    pdf.render(render.Parts(p.slug, p.title, p.paper, p.shell, (*p.pieces, fits)))


def test_a_missing_id_names_the_sheet_and_the_id(data):
    sheet = Sheet(
        "gaps", "Gaps", "missing ids", (), (Table("s3-storage-classes"), Facts("no-such-list"))
    )
    with pytest.raises(SheetError, match=r"'gaps'.*fact list 'no-such-list'"):
        render.parts(sheet, data, PAPERS["a4"])
    p = render.parts(sheet, data, PAPERS["a4"], allow_missing=True)
    assert [piece.title for piece in p.pieces] == ["Amazon S3 storage classes"]


def test_a_known_value_of_the_data_is_printed(pdfs, data):
    sheet = next(
        s for s in SHEETS if any(getattr(b, "id", "") == "s3-storage-classes" for b in s.blocks)
    )
    text = squash(first_page(pdfs[(sheet.slug, "a4")].path)[0])
    s3 = next(c for c in data.comparisons if c.id == "s3-storage-classes")
    deep = next(r for r in s3.rows if r.name == "S3 Glacier Deep Archive")
    assert squash(deep.name) in text
    assert squash(render.curly(deep.cells["min_duration"])) in text


def test_links_point_at_the_page_that_shows_each_table():
    links = section_links(PROJECT)
    assert links["cmp-s3-storage-classes"] == SITE_URL + page_url("storage/index.md") + (
        "#cmp-s3-storage-classes"
    )
